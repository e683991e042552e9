//! Subject ids given more than once in one file. Decisions, alerts and the audit log follow a
//! subject by its key (`id:<id>`), so two customers under one id would share them — or, in
//! `subjects import`, one would silently replace the other.

use std::collections::HashMap;
use std::path::Path;

use clap::ValueEnum;

/// What `subjects import` does with a repeated id.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnDuplicate {
    /// Refuse the file, naming the lines (nothing is registered).
    #[default]
    Error,
    /// Register the first row of each id; warn about the others.
    KeepFirst,
}

/// One subject key seen on several lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeated {
    /// The key (`id:C-17`, or `nd:…` for rows without an id that describe the same person).
    pub key: String,
    /// The lines (1-based, the header being line 1) that carry it, in file order.
    pub lines: Vec<usize>,
}

impl std::fmt::Display for Repeated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lines: Vec<String> = self.lines.iter().map(usize::to_string).collect();
        match self.key.strip_prefix("id:") {
            Some(id) => write!(f, "id {id:?} is on lines {}", lines.join(", ")),
            None => write!(
                f,
                "lines {} describe the same subject ({}: same names and dates of birth, no id)",
                lines.join(", "),
                self.key
            ),
        }
    }
}

/// Keys that occur more than once, with their lines, in order of first occurrence. `keys` are
/// the rows' keys in file order (row `i` is on line `i + 2`).
pub fn repeated<'a>(keys: impl IntoIterator<Item = &'a str>) -> Vec<Repeated> {
    let mut at: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<Repeated> = Vec::new();
    for (i, k) in keys.into_iter().enumerate() {
        let line = i + 2;
        match at.get(k) {
            Some(&j) => out[j].lines.push(line),
            None => {
                at.insert(k, out.len());
                out.push(Repeated {
                    key: k.to_string(),
                    lines: vec![line],
                });
            }
        }
    }
    out.retain(|r| r.lines.len() > 1);
    out
}

/// Batch screening: one warning per repeated id (every row is still screened).
pub fn warn_batch<'a>(file: &Path, ids: impl IntoIterator<Item = Option<&'a str>>) {
    let ids: Vec<String> = ids
        .into_iter()
        .map(|id| match id.map(str::trim).filter(|s| !s.is_empty()) {
            Some(id) => format!("id:{id}"),
            None => String::new(),
        })
        .collect();
    let reps = repeated(ids.iter().map(String::as_str));
    for r in reps.iter().filter(|r| !r.key.is_empty()) {
        eprintln!(
            "warning: {}: {r}; each row is screened, but decisions and the audit log treat them as one subject",
            file.display()
        );
    }
}

/// `subjects import`: the subjects to register from the rows of `file` (`None` for a row that
/// was skipped, so that lines stay right). A repeated id is an error naming its lines, or with
/// [`OnDuplicate::KeepFirst`] a warning and the first row kept.
pub fn registrable(
    file: &Path,
    rows: Vec<Option<namesake_store::Subject>>,
    policy: OnDuplicate,
) -> anyhow::Result<Vec<namesake_store::Subject>> {
    let reps = repeated(
        rows.iter()
            .map(|r| r.as_ref().map_or("", |s| s.key.as_str())),
    );
    let reps: Vec<&Repeated> = reps.iter().filter(|r| !r.key.is_empty()).collect();
    if !reps.is_empty() && policy == OnDuplicate::Error {
        let shown: Vec<String> = reps.iter().take(10).map(|r| r.to_string()).collect();
        let more = reps.len().saturating_sub(10);
        anyhow::bail!(
            "{}: {} subject(s) given on several rows, nothing registered: {}{}; give each customer \
             its own id, or pass --on-duplicate keep-first to register the first row of each",
            file.display(),
            reps.len(),
            shown.join("; "),
            if more > 0 { format!("; and {more} more") } else { String::new() }
        );
    }
    for r in &reps {
        eprintln!(
            "warning: {}: {r}; the row on line {} is registered, the others are not",
            file.display(),
            r.lines[0]
        );
    }
    let mut seen = std::collections::HashSet::new();
    Ok(rows
        .into_iter()
        .flatten()
        .filter(|s| seen.insert(s.key.clone()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_ids_name_every_line_once_per_id() {
        let reps = repeated(["id:A", "id:B", "id:A", "id:C", "id:A", "id:B"]);
        assert_eq!(
            reps,
            vec![
                Repeated {
                    key: "id:A".into(),
                    lines: vec![2, 4, 6]
                },
                Repeated {
                    key: "id:B".into(),
                    lines: vec![3, 7]
                },
            ]
        );
        assert_eq!(reps[0].to_string(), "id \"A\" is on lines 2, 4, 6");
    }

    #[test]
    fn distinct_ids_are_not_repeated() {
        assert!(repeated(["id:A", "id:B", "nd:0011"]).is_empty());
    }
}
