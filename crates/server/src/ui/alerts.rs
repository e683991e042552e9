//! The alert queue: every hit that raised an alert, read from the audit log (batch screenings,
//! API screenings, re-screening and single CLI screenings all record their hits there), one
//! alert per subject and listed entity, its state taken from the analysts' decisions.
//!
//! The audit log is append-only, so the queue is read incrementally: each refresh reads only the
//! records after the last one seen.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use namesake_matcher::Band;
use namesake_store::{AuditRecord, Decision, Store, Verdict};
use serde::Deserialize;
use serde_json::Value;

/// Records read per call to the store.
const PAGE: usize = 10_000;
/// Alerts per queue page.
pub(crate) const PAGE_SIZE: usize = 50;

/// Where a screening came from (the audit record's kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A batch file screened with `namesake screen --input`.
    Batch,
    /// The HTTP APIs.
    Api,
    /// `namesake rescreen`.
    Rescreen,
    /// One subject on the command line.
    Screen,
    /// Anything else recorded in the log (payments…).
    Other,
}

impl Origin {
    /// Every origin.
    #[cfg(test)]
    pub(crate) const ALL: [Origin; 5] = [
        Origin::Batch,
        Origin::Api,
        Origin::Rescreen,
        Origin::Screen,
        Origin::Other,
    ];

    fn of(kind: &str) -> Origin {
        match kind {
            "batch" => Origin::Batch,
            "api" => Origin::Api,
            "rescreen" => Origin::Rescreen,
            "screen" => Origin::Screen,
            _ => Origin::Other,
        }
    }
}

/// One alert: a subject and a listed entity, as last screened.
#[derive(Debug, Clone)]
pub(crate) struct AlertRow {
    /// The latest audit record that raised it.
    pub(crate) seq: i64,
    /// When that screening ran (RFC 3339).
    pub(crate) at: String,
    /// Who ran it.
    pub(crate) who: String,
    /// Where it came from.
    pub(crate) origin: Origin,
    /// The subject key decisions are recorded under.
    pub(crate) subject_key: String,
    /// The subject's name, for the page.
    pub(crate) subject_label: String,
    /// The listed entity.
    pub(crate) entity_id: String,
    /// Its list (the id's prefix).
    pub(crate) list: String,
    /// The latest score.
    pub(crate) score: f64,
    /// Screenings that raised it.
    pub(crate) screenings: u32,
}

impl AlertRow {
    /// The score band.
    pub(crate) fn band(&self) -> Band {
        namesake_matcher::band(self.score as f32)
    }
}

/// Alerts read so far.
#[derive(Default)]
pub(crate) struct AlertCache {
    after: i64,
    rows: Vec<AlertRow>,
    by_pair: HashMap<(String, String), usize>,
    /// Every hit a re-screening raised, in the order of the log (the lists page shows which
    /// registered subjects an update touched).
    rescreened: Vec<RescreenHit>,
}

/// A hit raised by a re-screening run (`namesake rescreen`), as its audit record keeps it.
#[derive(Debug, Clone)]
pub(crate) struct RescreenHit {
    pub(crate) subject_key: String,
    pub(crate) subject_label: String,
    pub(crate) entity_id: String,
    pub(crate) score: f64,
    /// The list versions the run screened against (list key → version id), shared by the
    /// record's hits.
    pub(crate) versions: Arc<HashMap<String, i64>>,
    /// The pair had alerted before this record: the alert changed rather than appeared.
    pub(crate) alerted_before: bool,
}

/// The list versions of an audit record's JSON: list key → version id.
fn logged_versions(json: &str) -> HashMap<String, i64> {
    let v: Vec<Value> = serde_json::from_str(json).unwrap_or_default();
    v.iter()
        .filter_map(|l| Some((l["list"].as_str()?.to_string(), l["version"].as_i64()?)))
        .collect()
}

/// A hit as the audit log keeps it.
#[derive(Deserialize)]
struct LoggedHit {
    entity_id: String,
    score: f64,
    #[serde(default)]
    suppressed: bool,
}

impl AlertCache {
    /// Reads the audit records written since the last refresh.
    pub(crate) fn refresh(&mut self, store: &dyn Store) -> namesake_store::Result<()> {
        loop {
            let page = store.audit_records(self.after, PAGE)?;
            let Some(last) = page.last() else {
                return Ok(());
            };
            self.after = last.seq;
            for r in &page {
                self.ingest(r);
            }
        }
    }

    fn ingest(&mut self, r: &AuditRecord) {
        let Ok(hits) = serde_json::from_str::<Vec<LoggedHit>>(&r.hits) else {
            return;
        };
        if hits.iter().all(|h| h.suppressed) {
            return;
        }
        let subject: Value = serde_json::from_str(&r.subject).unwrap_or(Value::Null);
        let Some(key) = subject["subject_key"].as_str() else {
            return;
        };
        let label = subject_label(&subject).unwrap_or_else(|| key.to_string());
        let origin = Origin::of(&r.kind);
        let versions =
            (origin == Origin::Rescreen).then(|| Arc::new(logged_versions(&r.list_versions)));
        for h in hits.into_iter().filter(|h| !h.suppressed) {
            if let Some(versions) = &versions {
                self.rescreened.push(RescreenHit {
                    subject_key: key.to_string(),
                    subject_label: label.clone(),
                    entity_id: h.entity_id.clone(),
                    score: h.score,
                    versions: versions.clone(),
                    alerted_before: self
                        .by_pair
                        .contains_key(&(key.to_string(), h.entity_id.clone())),
                });
            }
            let row = AlertRow {
                seq: r.seq,
                at: r.at.clone(),
                who: r.who.clone(),
                origin,
                subject_key: key.to_string(),
                subject_label: label.clone(),
                list: h.entity_id.split(':').next().unwrap_or("").to_string(),
                entity_id: h.entity_id,
                score: h.score,
                screenings: 1,
            };
            let pair = (row.subject_key.clone(), row.entity_id.clone());
            match self.by_pair.get(&pair) {
                Some(&i) => {
                    let screenings = self.rows[i].screenings + 1;
                    self.rows[i] = AlertRow { screenings, ..row };
                }
                None => {
                    self.by_pair.insert(pair, self.rows.len());
                    self.rows.push(row);
                }
            }
        }
    }

    /// Every alert, in no particular order.
    pub(crate) fn rows(&self) -> &[AlertRow] {
        &self.rows
    }

    /// The hits re-screening raised against `version` of `list` on one of `entities`, in the
    /// order of the log.
    pub(crate) fn rescreened<'a>(
        &'a self,
        list: &'a str,
        version: i64,
        entities: &'a HashSet<&'a str>,
    ) -> impl Iterator<Item = &'a RescreenHit> + 'a {
        self.rescreened.iter().filter(move |h| {
            h.versions.get(list) == Some(&version) && entities.contains(h.entity_id.as_str())
        })
    }

    /// The alert of a subject and an entity.
    pub(crate) fn find(&self, subject_key: &str, entity_id: &str) -> Option<&AlertRow> {
        self.by_pair
            .get(&(subject_key.to_string(), entity_id.to_string()))
            .map(|&i| &self.rows[i])
    }
}

/// The subject's name as the audit record gives it: a query's name or name parts, or the names
/// of the subject as sent to the API.
pub(crate) fn subject_label(subject: &Value) -> Option<String> {
    let candidates = [&subject["query"], &subject["subject"]];
    for q in candidates {
        if let Some(n) = q["names"].get(0).and_then(Value::as_str) {
            return Some(n.to_string());
        }
        if let Some(n) = q["name"].as_str() {
            return Some(n.to_string());
        }
        if let Some(n) = q["properties"]["name"].get(0).and_then(Value::as_str) {
            return Some(n.to_string());
        }
        let parts: Vec<&str> = ["first_name", "middle_name", "last_name"]
            .iter()
            .filter_map(|k| q[*k].as_str())
            .collect();
        if !parts.is_empty() {
            return Some(parts.join(" "));
        }
    }
    None
}

/// Where an alert stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum AlertState {
    /// No decision on the entity as it stands.
    Open,
    /// Handed to a senior analyst.
    Escalated,
    /// Marked a true match by one reviewer; the four-eyes rule wants a second.
    AwaitingSecond,
    /// Decided: a true match or a false positive.
    Decided,
}

impl AlertState {
    /// Every state, in the order the page shows them.
    pub(crate) const ALL: [AlertState; 4] = [
        AlertState::Open,
        AlertState::Escalated,
        AlertState::AwaitingSecond,
        AlertState::Decided,
    ];
    /// The query-string value.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            AlertState::Open => "open",
            AlertState::Escalated => "escalated",
            AlertState::AwaitingSecond => "awaiting_second",
            AlertState::Decided => "decided",
        }
    }
}

/// The decisions that bear on a pair: those taken on the entity as the index now has it (a
/// changed entity reopens the question), oldest first.
pub(crate) fn current_decisions<'a>(
    all: &'a [Decision],
    entity_hash: Option<&str>,
) -> Vec<&'a Decision> {
    all.iter()
        .filter(|d| entity_hash.is_none() || d.entity_hash.as_deref() == entity_hash)
        .collect()
}

/// The state the decisions (oldest first) put an alert in. Under the four-eyes rule a true
/// match counts once two different reviewers have marked it so, with nothing else in between.
pub(crate) fn state_of(decisions: &[&Decision], four_eyes: bool) -> AlertState {
    let Some(last) = decisions.last() else {
        return AlertState::Open;
    };
    match last.verdict {
        Verdict::FalsePositive => AlertState::Decided,
        Verdict::Escalated => AlertState::Escalated,
        // A revoked decision (`namesake decisions revoke`) reopens the alert.
        Verdict::Revoked => AlertState::Open,
        Verdict::TrueMatch if !four_eyes => AlertState::Decided,
        Verdict::TrueMatch => {
            let mut reviewers: Vec<&str> = decisions
                .iter()
                .rev()
                .take_while(|d| d.verdict == Verdict::TrueMatch)
                .map(|d| d.by.as_str())
                .collect();
            reviewers.sort_unstable();
            reviewers.dedup();
            if reviewers.len() >= 2 {
                AlertState::Decided
            } else {
                AlertState::AwaitingSecond
            }
        }
    }
}

/// The decision log grouped by (subject, entity), oldest first within a pair.
pub(crate) fn by_pair(log: Vec<Decision>) -> HashMap<(String, String), Vec<Decision>> {
    let mut map: HashMap<(String, String), Vec<Decision>> = HashMap::new();
    for d in log {
        map.entry((d.subject_key.clone(), d.entity_id.clone()))
            .or_default()
            .push(d);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(id: i64, verdict: Verdict, by: &str) -> Decision {
        Decision {
            id,
            subject_key: "id:C-1".into(),
            entity_id: "un:1".into(),
            verdict,
            reason: "r".into(),
            by: by.into(),
            at: "2026-11-27T10:00:00.000Z".into(),
            entity_hash: Some("h".into()),
        }
    }

    #[test]
    fn four_eyes_needs_two_different_reviewers() {
        let one = [decision(1, Verdict::TrueMatch, "ayse")];
        let refs: Vec<&Decision> = one.iter().collect();
        assert_eq!(state_of(&refs, false), AlertState::Decided);
        assert_eq!(state_of(&refs, true), AlertState::AwaitingSecond);
        let same = [
            decision(1, Verdict::TrueMatch, "ayse"),
            decision(2, Verdict::TrueMatch, "ayse"),
        ];
        let refs: Vec<&Decision> = same.iter().collect();
        assert_eq!(
            state_of(&refs, true),
            AlertState::AwaitingSecond,
            "the same reviewer twice is not four eyes"
        );
        let two = [
            decision(1, Verdict::TrueMatch, "ayse"),
            decision(2, Verdict::TrueMatch, "bora"),
        ];
        let refs: Vec<&Decision> = two.iter().collect();
        assert_eq!(state_of(&refs, true), AlertState::Decided);
    }

    #[test]
    fn an_escalation_or_a_changed_entity_reopens_the_question() {
        let log = [
            decision(1, Verdict::FalsePositive, "ayse"),
            decision(2, Verdict::Escalated, "bora"),
        ];
        let refs: Vec<&Decision> = log.iter().collect();
        assert_eq!(state_of(&refs, false), AlertState::Escalated);
        assert!(current_decisions(&log, Some("other-hash")).is_empty());
        assert_eq!(state_of(&[], false), AlertState::Open);
    }

    #[test]
    fn subject_labels_come_from_queries_and_api_subjects() {
        let batch = serde_json::json!({"query": {"names": ["JANAN AGHA"]}});
        assert_eq!(subject_label(&batch).as_deref(), Some("JANAN AGHA"));
        let parts = serde_json::json!({"subject": {"first_name": "Ali", "last_name": "Veli"}});
        assert_eq!(subject_label(&parts).as_deref(), Some("Ali Veli"));
        let ftm = serde_json::json!({"subject": {"properties": {"name": ["X Y"]}}});
        assert_eq!(subject_label(&ftm).as_deref(), Some("X Y"));
        assert_eq!(subject_label(&serde_json::json!({})), None);
    }
}
