//! `--no-audit`: the screening's results are not recorded, but the fact that it ran is: one
//! record in the audit chain saying who screened how many subjects, unaudited, against which
//! list versions.

use namesake_store::{AuditEntry, SqlStore, Store};

use crate::store_cmds::{open_store, who, ScreenContext};

/// The store an unaudited screening reports to; without one (no data directory, a database
/// that does not open) the screening runs with a warning, as there is no audit log to write.
pub fn store_for(db: Option<&str>) -> Option<SqlStore> {
    match open_store(db) {
        Ok(s) => Some(s),
        Err(e) => {
            eprintln!("warning: --no-audit: no audit log to note this screening in ({e:#})");
            None
        }
    }
}

/// Writes the record of an unaudited screening of `subjects` subjects (`screening` is the
/// kind its records would have had), before it runs.
pub fn note(
    ctx: &ScreenContext,
    screening: &str,
    subjects: usize,
    threshold: f32,
) -> anyhow::Result<()> {
    if let Some(store) = &ctx.unaudited {
        store.audit_append(&[AuditEntry::unaudited(
            &who(),
            screening,
            subjects as u64,
            ctx.list_versions.clone(),
            namesake_store::threshold_f64(threshold),
        )])?;
    }
    Ok(())
}
