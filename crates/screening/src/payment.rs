//! The audit record of a screened payment message: the same on the command line
//! (`namesake screen-payment`) and over HTTP (`POST /v1/payments/screen`).

use namesake_payments::ScreeningResult;
use namesake_store::{AuditEntry, AuditHit};
use serde_json::{json, Value};

/// The record of one screened message: the message, its type, reference and decision as the
/// subject (with `context`'s fields added, such as the request id and endpoint over HTTP), the
/// list versions the result names, and each hit's entity (or `jurisdiction:` and the place for
/// an embargoed jurisdiction).
pub fn audit_entry(r: &ScreeningResult, who: &str, threshold: f32, context: Value) -> AuditEntry {
    let mut subject = json!({
        "message": r.message,
        "type": r.kind,
        "reference": r.reference,
        "decision": r.decision,
    });
    if let (Some(s), Value::Object(extra)) = (subject.as_object_mut(), context) {
        s.extend(extra);
    }
    AuditEntry {
        who: who.to_string(),
        kind: "payment".into(),
        subject,
        list_versions: r.list_versions.clone(),
        threshold: namesake_store::threshold_f64(threshold),
        hits: r
            .hits
            .iter()
            .filter_map(|h| {
                let id = h
                    .entity_id
                    .clone()
                    .or_else(|| h.jurisdiction.as_ref().map(|j| format!("jurisdiction:{j}")))?;
                Some(AuditHit {
                    entity_id: id,
                    score: f64::from(h.score),
                    suppressed: false,
                    also_on: Vec::new(),
                })
            })
            .collect(),
    }
}
