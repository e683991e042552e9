//! The seam for the audit trail: every screened subject is reported here.
//!
//! The store crate implements [`ScreeningLog`] over its database; the server only calls it.

use namesake_index::{Hit, ListMeta};

/// Receives one record per screened subject.
///
/// Called on the request path, once per subject, after screening: implementations should be quick
/// (queue the record and write it elsewhere) and must not panic.
pub trait ScreeningLog: Send + Sync {
    /// Records that `who` (the API key's name, or `anonymous` in open mode) screened `subject`
    /// (the subject as the client sent it) through `endpoint` (`/match/default`, `/v1/screen`…)
    /// against `lists` at `threshold`, and got `hits`.
    fn record(
        &self,
        who: &str,
        endpoint: &str,
        subject: &serde_json::Value,
        lists: &[ListMeta],
        threshold: f32,
        hits: &[Hit],
    );
}

/// Records nothing: the default.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoLog;

impl ScreeningLog for NoLog {
    fn record(
        &self,
        _who: &str,
        _endpoint: &str,
        _subject: &serde_json::Value,
        _lists: &[ListMeta],
        _threshold: f32,
        _hits: &[Hit],
    ) {
    }
}
