//! Batch screening: the rows of a customer file screened on all cores, each against the analysts'
//! decisions, and recorded in the audit log under the origin `batch`, the way
//! `namesake screen --input` does it. The caller reads the file (any format, its columns by
//! [`crate::columns`]) into [`BatchRow`]s and writes the outcomes wherever it likes.
//!
//! ```
//! use std::sync::Arc;
//! use namesake_index::Index;
//! use namesake_model::{Entity, ListInfo, Name, NameKind, Schema};
//! use namesake_screening::batch::{BatchRow, BatchScreening};
//! use namesake_screening::columns::Columns;
//! use namesake_screening::{DecisionBook, Options, Screener};
//!
//! let mut e = Entity::new("un", "QDi.015", Schema::Person);
//! e.names.push(Name::new("Abu Bakr al-Baghdadi", NameKind::Primary));
//! let info = ListInfo { code: "un".into(), name: "UN".into(), format: "un-xml".into(), published: None };
//! let screener = Screener::new(Arc::new(Index::build(vec![(info, vec![e])])), vec![],
//!     Arc::new(DecisionBook::default()));
//!
//! let cols = Columns::from_header(["id", "name"]).unwrap();
//! let rows = vec![
//!     BatchRow::read(2, cols.subject(&["C-1", "Abu Bakr Al Baghdadi"])),
//!     BatchRow::read(3, cols.subject(&["C-2", "Jane Roe"])),
//! ];
//! let options = Options::default();
//! let batch = BatchScreening { screener: &screener, options: &options, who: "ops",
//!     source: "customers.csv", audit: None };
//! let outcome = batch.screen(&rows).unwrap();
//! assert_eq!(outcome.rows[0].subject_key, "id:C-1");
//! assert!(outcome.rows[0].alerts());
//! assert!(!outcome.rows[1].alerts());
//! assert_eq!(outcome.recorded, 0, "no audit log was given");
//! ```

use std::time::{Duration, Instant};

use namesake_model::Query;
use namesake_store::{AuditEntry, Store, StoreError};
use rayon::prelude::*;
use serde_json::json;

use crate::screener::{Options, ScreenedHit, Screener};
use crate::subject::{Prepared, Subject};

/// Audit records written per transaction: a killed batch's recorded part stays whole, and no
/// transaction grows with the file.
pub const AUDIT_CHUNK: usize = 10_000;

/// The audit record kind (the queue's origin) of a batch screening.
pub const BATCH_KIND: &str = "batch";

/// One subject of a batch file, read from one row.
#[derive(Debug, Clone)]
pub struct BatchRow {
    /// The row's line (text) or row number (spreadsheet, Parquet) in the file, for messages and
    /// the audit record.
    pub line: usize,
    /// The id column's value, if the file has one.
    pub id: Option<String>,
    /// The query.
    pub query: Query,
    /// Values that could not be read (the subject is still screened without them).
    pub warnings: Vec<String>,
}

impl BatchRow {
    /// The row at `line` whose cells [`crate::columns::Columns`] read into `subject`, by the
    /// subject rules; values they cannot read become warnings.
    pub fn read(line: usize, subject: Subject) -> BatchRow {
        let prepared = subject.prepare();
        BatchRow {
            line,
            warnings: prepared.warnings(),
            id: prepared.id,
            query: prepared.query,
        }
    }
}

/// How a batch is screened and where it is recorded.
#[derive(Clone, Copy)]
pub struct BatchScreening<'a> {
    /// The index, its list versions and the decisions that suppress known false positives.
    pub screener: &'a Screener,
    /// Threshold, limit…
    pub options: &'a Options,
    /// Who screens: the audit records' `who`.
    pub who: &'a str,
    /// The file as the caller names it: the audit records' `file`.
    pub source: &'a str,
    /// The audit log, when the batch is recorded.
    pub audit: Option<&'a dyn Store>,
}

/// One row after screening.
#[derive(Debug, Clone)]
pub struct RowOutcome {
    /// The subject key decisions are recorded under.
    pub subject_key: String,
    /// Hits, best first, suppressed ones included (and marked).
    pub hits: Vec<ScreenedHit>,
}

impl RowOutcome {
    /// Whether any hit raises an alert (is not suppressed).
    pub fn alerts(&self) -> bool {
        self.hits.iter().any(|h| h.suppressed_by.is_none())
    }
}

/// A screened batch.
#[derive(Debug, Clone)]
pub struct BatchOutcome {
    /// One per input row, in input order.
    pub rows: Vec<RowOutcome>,
    /// Audit records written (one per row, or none without an audit log).
    pub recorded: usize,
    /// Time spent screening.
    pub screening_took: Duration,
    /// Time spent writing the audit log.
    pub recording_took: Duration,
}

impl BatchScreening<'_> {
    /// Screens `rows`; see [`BatchScreening::screen_with_progress`].
    pub fn screen(&self, rows: &[BatchRow]) -> Result<BatchOutcome, StoreError> {
        self.screen_with_progress(rows, || {})
    }

    /// Screens `rows` on all cores, calling `row_done` after each, then records every screening
    /// in the audit log (kind `batch`), [`AUDIT_CHUNK`] records per transaction. The log is
    /// written before anything is returned: a batch whose screening cannot be recorded reports
    /// nothing.
    pub fn screen_with_progress(
        &self,
        rows: &[BatchRow],
        row_done: impl Fn() + Sync,
    ) -> Result<BatchOutcome, StoreError> {
        let started = Instant::now();
        let (rows, entries): (Vec<RowOutcome>, Vec<Option<AuditEntry>>) = rows
            .par_iter()
            .map(|r| {
                let screened = self.screen_row(r);
                row_done();
                screened
            })
            .unzip();
        let screening_took = started.elapsed();
        let entries: Vec<AuditEntry> = entries.into_iter().flatten().collect();
        if let Some(store) = self.audit {
            for chunk in entries.chunks(AUDIT_CHUNK) {
                store.audit_append(chunk)?;
            }
        }
        Ok(BatchOutcome {
            rows,
            recorded: entries.len(),
            screening_took,
            recording_took: started.elapsed() - screening_took,
        })
    }

    /// One row's outcome and, when the batch is recorded, its audit record.
    fn screen_row(&self, r: &BatchRow) -> (RowOutcome, Option<AuditEntry>) {
        let prepared = Prepared {
            query: r.query.clone(),
            key: namesake_store::subject_key(r.id.as_deref(), &r.query),
            id: r.id.clone(),
            issues: Vec::new(),
        };
        let sc = self.screener.screen_prepared(&prepared, self.options);
        let entry = self.audit.is_some().then(|| {
            let subject = json!({"subject_key": sc.subject_key, "id": r.id, "row": r.line,
                                 "file": self.source, "query": r.query});
            sc.audit_entry(self.who, BATCH_KIND, subject)
        });
        let outcome = RowOutcome {
            subject_key: sc.subject_key,
            hits: sc.hits,
        };
        (outcome, entry)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use namesake_index::Index;
    use namesake_model::{Entity, ListInfo, Name, NameKind, Schema};
    use namesake_store::{Decision, Decisions, Verdict};

    use super::*;
    use crate::columns::Columns;
    use crate::DecisionBook;

    fn screener(decisions: Decisions) -> Screener {
        let mut e = Entity::new("un", "QDi.015", Schema::Person);
        e.names
            .push(Name::new("Abu Bakr al-Baghdadi", NameKind::Primary));
        let info = ListInfo {
            code: "un".into(),
            name: "UN".into(),
            format: "un-xml".into(),
            published: None,
        };
        Screener::new(
            Arc::new(Index::build(vec![(info, vec![e])])),
            vec![],
            Arc::new(DecisionBook::new(decisions)),
        )
    }

    fn rows() -> Vec<BatchRow> {
        let cols = Columns::from_header(["id", "name", "dob"]).unwrap();
        vec![
            BatchRow::read(
                2,
                cols.subject(&["C-1", "Abu Bakr Al Baghdadi", "31/02/1971"]),
            ),
            BatchRow::read(4, cols.subject(&["", "Jane Roe", ""])),
        ]
    }

    /// The rows screened with default options, as user "ops" from "c.csv", with no audit log.
    fn screen_unaudited(s: &Screener, rows: &[BatchRow]) -> BatchOutcome {
        let opts = Options::default();
        let batch = BatchScreening {
            screener: s,
            options: &opts,
            who: "ops",
            source: "c.csv",
            audit: None,
        };
        batch.screen(rows).unwrap()
    }

    #[test]
    fn rows_keep_their_line_key_and_warnings() {
        let rows = rows();
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].id.as_deref(), Some("C-1"));
        assert_eq!(rows[0].warnings.len(), 1, "{:?}", rows[0].warnings);
        let s = screener(Decisions::default());
        let out = screen_unaudited(&s, &rows);
        assert_eq!(out.rows.len(), 2);
        assert_eq!(out.rows[0].subject_key, "id:C-1");
        assert_eq!(
            out.rows[1].subject_key,
            namesake_store::subject_key(None, &rows[1].query),
            "a row without an id is keyed by its name"
        );
        assert_eq!(out.rows[0].hits[0].hit.entity_id, "un:QDi.015");
    }

    #[test]
    fn a_false_positive_decision_suppresses_the_hit_in_a_batch() {
        let mut decisions = Decisions::default();
        let s = screener(Decisions::default());
        let entity = s.index().entity("un:QDi.015").unwrap();
        decisions.record(Decision {
            id: 1,
            subject_key: "id:C-1".into(),
            entity_id: "un:QDi.015".into(),
            verdict: Verdict::FalsePositive,
            reason: "another person".into(),
            by: "ayse".into(),
            at: "2026-11-28T06:00:00Z".into(),
            entity_hash: Some(namesake_store::entity_hash(entity)),
        });
        let s = screener(decisions);
        let out = screen_unaudited(&s, &rows());
        let hit = &out.rows[0].hits[0];
        assert_eq!(hit.hit.entity_id, "un:QDi.015");
        assert_eq!(
            hit.suppressed_by.as_ref().map(|d| d.by.as_str()),
            Some("ayse")
        );
        assert!(!out.rows[0].alerts());
    }

    #[test]
    fn every_row_is_recorded_with_the_batch_origin_its_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let store = namesake_store::open_sqlite(&dir.path().join("n.db")).unwrap();
        let s = screener(Decisions::default());
        let opts = Options::default();
        let batch = BatchScreening {
            screener: &s,
            options: &opts,
            who: "ops",
            source: "customers.csv",
            audit: Some(&store),
        };
        let out = batch.screen(&rows()).unwrap();
        assert_eq!(out.recorded, 2);
        let records = store.audit_records(0, 10).unwrap();
        assert_eq!(records.len(), 2);
        for (r, line) in records.iter().zip([2, 4]) {
            assert_eq!(r.kind, BATCH_KIND);
            assert_eq!(r.who, "ops");
            let subject: serde_json::Value = serde_json::from_str(&r.subject).unwrap();
            assert_eq!(subject["file"], "customers.csv");
            assert_eq!(subject["row"], line);
        }
        assert!(
            records[0].hits.contains("un:QDi.015"),
            "{}",
            records[0].hits
        );
    }
}
