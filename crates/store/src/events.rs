//! Audit records for what is not a screening: analysts' decisions, list imports, and
//! screenings run without an audit trail. They sit in the same chain as the screenings, so a
//! decision or an import cannot be removed or back-dated without breaking it.

use serde_json::json;

use crate::types::{AuditEntry, Decision, ListVersion};

/// The `kind` of a decision record.
pub const KIND_DECISION: &str = "decision";
/// The `kind` of a list import record.
pub const KIND_LIST_IMPORT: &str = "list_import";
/// The `kind` of the record a `--no-audit` screening leaves.
pub const KIND_UNAUDITED: &str = "unaudited";

impl AuditEntry {
    /// The record of an analyst's decision (its subject is the decision).
    pub fn decision(d: &Decision) -> AuditEntry {
        AuditEntry {
            who: d.by.clone(),
            kind: KIND_DECISION.into(),
            subject: json!({
                "decision": d.id,
                "subject_key": d.subject_key,
                "entity_id": d.entity_id,
                "verdict": d.verdict.as_str(),
                "reason": d.reason,
                "entity_hash": d.entity_hash,
            }),
            list_versions: json!([]),
            threshold: 0.0,
            hits: Vec::new(),
        }
    }

    /// The record of a new list version.
    pub fn list_import(v: &ListVersion, who: &str) -> AuditEntry {
        AuditEntry {
            who: who.to_string(),
            kind: KIND_LIST_IMPORT.into(),
            subject: json!({"source": v.source, "entities": v.entity_count}),
            list_versions: json!([{
                "list": v.list,
                "version": v.id,
                "content_hash": v.content_hash,
                "published": v.published,
            }]),
            threshold: 0.0,
            hits: Vec::new(),
        }
    }

    /// The one record a screening without an audit trail leaves: that it ran, by whom, how
    /// many subjects, against which versions (`screening` is the kind it would have had).
    pub fn unaudited(
        who: &str,
        screening: &str,
        subjects: u64,
        list_versions: serde_json::Value,
        threshold: f64,
    ) -> AuditEntry {
        AuditEntry {
            who: who.to_string(),
            kind: KIND_UNAUDITED.into(),
            subject: json!({"screening": screening, "subjects": subjects}),
            list_versions,
            threshold,
            hits: Vec::new(),
        }
    }
}
