//! Decisions as records: whether a pair was ever a hit (so that a decision is taken on
//! something a screening reported), and revocation, which appends a record instead of deleting
//! one, so the log keeps who decided what and who withdrew it.

use serde::Serialize;
use serde_json::Value as Json;

use crate::error::{Result, StoreError};
use crate::sqlstore::SqlStore;
use crate::types::{Decision, NewDecision, Verdict};
use crate::Store;

/// Where a hit was recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum HitSource {
    /// A record of the audit log (`screen`, `batch`, `api`, `rescreen`…).
    Audit {
        /// Its sequence number.
        seq: i64,
        /// Its kind.
        kind: String,
    },
    /// An alert of a re-screening run.
    Rescreen {
        /// The run.
        run_id: i64,
    },
}

/// The latest record of a subject/entity pair reported as a hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HitEvidence {
    /// Where.
    #[serde(flatten)]
    pub source: HitSource,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// The score reported.
    pub score: f64,
}

/// `text` as a LIKE pattern matching itself anywhere (`\` escapes `%`, `_` and itself).
pub(crate) fn contains_pattern(text: &str) -> String {
    let mut p = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// The score of `entity_id` among an audit record's hits (JSON text), if it is there.
fn hit_score(hits: &str, entity_id: &str) -> Option<f64> {
    let hits: Vec<Json> = serde_json::from_str(hits).ok()?;
    hits.iter()
        .find(|h| h["entity_id"].as_str() == Some(entity_id))
        .map(|h| h["score"].as_f64().unwrap_or(0.0))
}

impl SqlStore {
    /// The latest screening that reported `entity_id` as a hit for `subject_key`: an audit
    /// record or a re-screening alert; `None` when no screening on record did.
    pub fn hit_evidence(&self, subject_key: &str, entity_id: &str) -> Result<Option<HitEvidence>> {
        let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
        // A cheap textual filter, then the JSON read to be sure (SQLite's LIKE ignores case).
        let rows = self.conn().query(
            "SELECT seq, at, kind, subject, hits FROM audit_log \
             WHERE subject LIKE $1 ESCAPE '\\' AND hits LIKE $2 ESCAPE '\\' ORDER BY seq DESC",
            &[
                contains_pattern(&format!("\"subject_key\":{}", quoted(subject_key))).into(),
                contains_pattern(&format!("\"entity_id\":{}", quoted(entity_id))).into(),
            ],
        )?;
        for r in &rows {
            let subject: Json = serde_json::from_str(&r.text(3)?).unwrap_or(Json::Null);
            if subject["subject_key"].as_str() != Some(subject_key) {
                continue;
            }
            if let Some(score) = hit_score(&r.text(4)?, entity_id) {
                return Ok(Some(HitEvidence {
                    source: HitSource::Audit {
                        seq: r.int(0)?,
                        kind: r.text(2)?,
                    },
                    at: r.text(1)?,
                    score,
                }));
            }
        }
        let rows = self.conn().query(
            "SELECT a.run_id, r.at, a.score FROM rescreen_alerts a JOIN rescreen_runs r ON r.id = a.run_id \
             WHERE a.subject_key = $1 AND a.entity_id = $2 ORDER BY a.run_id DESC LIMIT 1",
            &[subject_key.into(), entity_id.into()],
        )?;
        rows.first()
            .map(|r| {
                Ok(HitEvidence {
                    source: HitSource::Rescreen { run_id: r.int(0)? },
                    at: r.text(1)?,
                    score: r.real(2)?,
                })
            })
            .transpose()
    }

    /// Withdraws decision `id` by appending a [`Verdict::Revoked`] record for its pair (the
    /// decision stays in the log). Only the pair's latest decision can be revoked, and not a
    /// revocation.
    pub fn revoke_decision(&self, id: i64, reason: &str, by: &str) -> Result<Decision> {
        let log = self.decision_log()?;
        let d = log.iter().find(|d| d.id == id).ok_or_else(|| {
            StoreError::NotFound(format!("no decision {id} in {}", self.location()))
        })?;
        if d.verdict == Verdict::Revoked {
            return Err(StoreError::Invalid(format!(
                "decision {id} is itself a revocation; record a new decision instead (namesake decide)"
            )));
        }
        if let Some(later) = log
            .iter()
            .rev()
            .find(|l| l.subject_key == d.subject_key && l.entity_id == d.entity_id && l.id > id)
        {
            let what = match later.verdict {
                Verdict::Revoked => "revoked it",
                _ => "replaced it",
            };
            return Err(StoreError::Invalid(format!(
                "decision {id} is no longer in force: decision {} ({}, by {}) {what}",
                later.id, later.at, later.by
            )));
        }
        self.decide(&NewDecision {
            subject_key: d.subject_key.clone(),
            entity_id: d.entity_id.clone(),
            verdict: Verdict::Revoked,
            reason: reason.to_string(),
            by: by.to_string(),
            // The revocation concerns the content the decision was taken on.
            entity_hash: Some(d.entity_hash.clone().unwrap_or_default()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(id: i64, verdict: Verdict) -> Decision {
        Decision {
            id,
            subject_key: "id:C-17".into(),
            entity_id: "un:QDi.261".into(),
            verdict,
            reason: "r".into(),
            by: "a".into(),
            at: "2026-11-27T00:00:00.000Z".into(),
            entity_hash: Some("h".into()),
        }
    }

    /// Re-screening skips a pair whose current decision covers it: a revocation must not.
    #[test]
    fn a_revoked_false_positive_neither_suppresses_nor_covers_the_pair() {
        let ds = crate::Decisions::from_all([
            decision(1, Verdict::FalsePositive),
            decision(2, Verdict::Revoked),
        ]);
        assert!(!ds.suppresses("id:C-17", "un:QDi.261", "h"));
        assert!(ds.current("id:C-17", "un:QDi.261", "h").is_none());
        assert_eq!(ds.latest("id:C-17", "un:QDi.261").map(|d| d.id), Some(2));
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(contains_pattern("a_b%c\\"), "%a\\_b\\%c\\\\%");
    }

    #[test]
    fn hit_score_reads_the_entity_among_hits() {
        let hits = r#"[{"entity_id":"un:1","score":0.8},{"entity_id":"un:12","score":0.95}]"#;
        assert_eq!(hit_score(hits, "un:12"), Some(0.95));
        assert_eq!(hit_score(hits, "un:2"), None);
        assert_eq!(hit_score("not json", "un:1"), None);
    }
}
