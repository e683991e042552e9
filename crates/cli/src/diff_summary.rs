//! `namesake diff --summary`: what changed between two list versions in a few lines (counts by
//! type and by changed field) instead of one line per entity.

use std::collections::BTreeMap;

use namesake_store::ListDiff;
use serde::Serialize;

/// The counts of one list diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffSummary {
    /// The list.
    pub list: String,
    /// The earlier version id.
    pub from: i64,
    /// The later version id.
    pub to: i64,
    /// Entities in the earlier version.
    pub entities_before: u64,
    /// Entities in the later version.
    pub entities_after: u64,
    /// Added entities by type (person, organization…).
    pub added: BTreeMap<String, usize>,
    /// Removed entities by type.
    pub removed: BTreeMap<String, usize>,
    /// Changed entities.
    pub changed: usize,
    /// Changed entities by field changed (an entity counts once per field).
    pub changed_fields: BTreeMap<String, usize>,
}

impl DiffSummary {
    /// Counts `d`.
    pub fn of(d: &ListDiff) -> DiffSummary {
        let by_type = |es: &[namesake_model::Entity]| {
            let mut m = BTreeMap::new();
            for e in es {
                *m.entry(e.schema.to_string()).or_insert(0) += 1;
            }
            m
        };
        let mut changed_fields = BTreeMap::new();
        for c in &d.changed {
            for f in &c.fields {
                *changed_fields.entry(f.field.clone()).or_insert(0) += 1;
            }
        }
        DiffSummary {
            list: d.list.clone(),
            from: d.from.id,
            to: d.to.id,
            entities_before: d.from.entity_count,
            entities_after: d.to.entity_count,
            added: by_type(&d.added),
            removed: by_type(&d.removed),
            changed: d.changed.len(),
            changed_fields,
        }
    }

    /// The summary as text lines.
    pub fn lines(&self) -> Vec<String> {
        let counts = |m: &BTreeMap<String, usize>| {
            let total: usize = m.values().sum();
            if m.is_empty() {
                "0".to_string()
            } else {
                let parts: Vec<String> = m.iter().map(|(k, v)| format!("{k} {v}")).collect();
                format!("{total} ({})", parts.join(", "))
            }
        };
        let mut out = vec![
            format!(
                "{}: version {} → {}: {} → {} entities",
                self.list, self.from, self.to, self.entities_before, self.entities_after
            ),
            format!("  added:   {}", counts(&self.added)),
            format!("  removed: {}", counts(&self.removed)),
            format!("  changed: {}", self.changed),
        ];
        if !self.changed_fields.is_empty() {
            let parts: Vec<String> = self
                .changed_fields
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            out.push(format!("    by field: {}", parts.join(", ")));
        }
        out
    }
}

/// Prints the diffs' output: JSON (the diffs, or with `summary` the summaries), or text (the
/// summaries, after the full listing unless `summary`).
pub fn print(
    summaries: &[DiffSummary],
    diffs: &[ListDiff],
    json: bool,
    summary: bool,
) -> anyhow::Result<()> {
    match (json, summary) {
        (true, true) => outln!("{}", serde_json::to_string_pretty(summaries)?),
        (true, false) => outln!("{}", serde_json::to_string_pretty(diffs)?),
        (false, _) => {
            if !summary && !summaries.is_empty() {
                outln!("\nsummary:");
            }
            for s in summaries {
                for l in s.lines() {
                    outln!("{l}");
                }
            }
        }
    }
    Ok(())
}
