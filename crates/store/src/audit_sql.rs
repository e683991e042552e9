//! Appending to the audit chain inside a transaction the caller holds, so that a decision or
//! an import and its audit record commit together.

use crate::audit::GENESIS;
use crate::backend::{Backend, Value};
use crate::error::Result;
use crate::time::now_rfc3339;
use crate::types::{AuditEntry, AuditRecord};

/// Appends `entries` after the chain's head; the caller's transaction must be open.
pub(crate) fn append_in(b: &mut dyn Backend, entries: &[AuditEntry]) -> Result<Vec<AuditRecord>> {
    b.lock_table("audit_log")?;
    let last = b.query(
        "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
        &[],
    )?;
    let (mut seq, mut prev) = match last.first() {
        Some(r) => (r.int(0)?, r.text(1)?),
        None => (0, GENESIS.to_string()),
    };
    let at = now_rfc3339();
    let mut records = Vec::with_capacity(entries.len());
    for e in entries {
        seq += 1;
        let r = AuditRecord::chain(e, seq, &at, &prev);
        prev = r.hash.clone();
        records.push(r);
    }
    b.insert_rows(
        "audit_log",
        &crate::types::AUDIT_COLUMNS,
        "",
        &mut records.iter().map(|r| {
            vec![
                Value::Int(r.seq),
                r.at.as_str().into(),
                r.who.as_str().into(),
                r.kind.as_str().into(),
                r.subject.as_str().into(),
                r.list_versions.as_str().into(),
                Value::Real(r.threshold),
                r.hits.as_str().into(),
                r.prev_hash.as_str().into(),
                r.hash.as_str().into(),
            ]
        }),
    )?;
    Ok(records)
}
