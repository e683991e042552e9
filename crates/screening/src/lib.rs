//! Screening a subject, the same way on every surface: the command line, a CSV batch, the HTTP
//! APIs and any later caller (payments, a UI, Python).
//!
//! - [`Subject`]: a subject as given (names, type, dates of birth, nationalities, gender,
//!   identifiers, the caller's reference), read into a query by one set of rules
//!   ([`Subject::prepare`]), with the values it cannot read reported as [`Issue`]s naming the
//!   field. [`ftm::read_example`] reads a FollowTheMoney query entity into a subject.
//! - [`Screener`]: an index, the list versions it was built from and the analysts' decisions;
//!   [`Screener::screen`] returns a [`Screening`]: hits, the decision suppressing each known false
//!   positive (who, when, why), and the list versions used.
//! - [`columns`]: which column of a batch file (CSV, spreadsheet, Parquet, a data frame) holds
//!   which field of a subject, and a row of cells read into a [`Subject`]; with the `arrow`
//!   feature, Arrow record batches read the same way.
//! - [`batch`]: the rows of a batch file screened on all cores and recorded in the audit log
//!   with the origin `batch` ([`BatchScreening`]), as `namesake screen --input` does.
//! - [`options`]: a threshold or a limit a caller gives, checked by one rule on every surface.
//! - [`compare()`]: two names scored against each other, without a list.
//! - [`stored_screener`]: a screener over a store's current list versions and its decisions.
//! - [`payment::audit_entry`]: the audit record of a screened payment message.
//! - [`AuditSink`] (implemented for every `namesake_store::Store`) and [`AuditQueue`], which
//!   records screenings in group commits and tells each caller when its record is committed.
//!
//! ```
//! use std::sync::Arc;
//! use namesake_index::Index;
//! use namesake_model::{Entity, ListInfo, Name, NameKind, Schema};
//! use namesake_screening::{DecisionBook, Options, Screener, Subject, UsedVersion};
//!
//! let mut e = Entity::new("un", "QDi.015", Schema::Person);
//! e.names.push(Name::new("Abu Bakr al-Baghdadi", NameKind::Primary));
//! let info = ListInfo { code: "un".into(), name: "UN".into(), format: "un-xml".into(), published: None };
//! let index = Index::build(vec![(info, vec![e])]);
//! let version = UsedVersion { list: "un".into(), version: Some(1), content_hash: "h".into(),
//!     published: None, files: vec![] };
//! let screener = Screener::new(Arc::new(index), vec![version], Arc::new(DecisionBook::default()));
//!
//! let screening = screener.screen(&Subject::name("Abu Bakr Al Baghdadi"), &Options::default());
//! assert_eq!(screening.hits[0].hit.entity_id, "un:QDi.015");
//! assert!(screening.alerts());
//! assert_eq!(screening.list_versions[0].version, Some(1));
//! ```
#![warn(missing_docs)]

pub mod audit;
pub mod batch;
pub mod columns;
pub mod compare;
pub mod ftm;
pub mod options;
pub mod payment;
mod screener;
mod stored;
mod subject;

pub use audit::{AuditQueue, AuditSink, CommitReport, QueueLimits};
pub use batch::{BatchOutcome, BatchRow, BatchScreening, RowOutcome};
pub use compare::compare;
pub use options::OptionError;
pub use screener::{DecisionBook, Options, ScreenedHit, Screener, Screening, UsedVersion};
pub use stored::{stored_index, stored_screener};
pub use subject::{has_letter_or_digit, IdNumber, Issue, Prepared, Subject, SubjectField};

/// Errors of the screening layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The store refused (the message carries its location).
    #[error("{0}")]
    Store(String),
    /// Too many records are waiting for the audit log.
    #[error("the audit queue is full ({0} requests waiting)")]
    AuditQueueFull(usize),
    /// The audit log is closed or its writer stopped.
    #[error("{0}")]
    AuditClosed(String),
}

impl From<namesake_store::StoreError> for Error {
    fn from(e: namesake_store::StoreError) -> Self {
        Error::Store(e.to_string())
    }
}
