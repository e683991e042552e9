//! The namesake store: list versions and their differences, the audit trail, analysts'
//! decisions, registered subjects and re-screening.
//!
//! One interface, [`Store`], over two engines: SQLite, embedded and the default (a file in the
//! data directory), and PostgreSQL for deployments where several servers share one store
//! ([`open`] picks by the location: a `postgres://` URL or a file path). The store's logic is
//! written once over a small backend layer, so both engines pass the same test suite by
//! construction; the engines differ only in placeholders, DDL types and bulk inserts.
//!
//! - **List versions**: [`Store::import_list`] records a list as a new version, in one
//!   transaction, only when its content hash changed. Each entity is stored as the JSON of
//!   [`namesake_model::Entity`] with its own content hash, so [`Store::diff`] finds added,
//!   removed and changed entities, field by field.
//! - **Audit**: [`Store::audit_append`] appends records chained by SHA-256 (each hash covers
//!   the previous one), [`Store::audit_verify`] names the first record that does not check.
//! - **Anchors**: [`anchor::checkpoint`] signs the chain's head with an Ed25519 key kept
//!   outside the database; [`anchor::verify_checkpoints`] then catches the newest records
//!   removed, or the chain rewritten after an edit. Decisions, list imports and screenings run
//!   without an audit trail are records in the chain too ([`KIND_DECISION`]…).
//! - **Decisions**: [`Store::decide`] records a true match or false positive with the entity's
//!   content hash; [`Decisions::suppresses`] holds only while the entity is unchanged.
//! - **Subjects and re-screening**: [`Store::import_subjects`] registers customers;
//!   [`rescreen::rescreen`] screens them against only what changed since the last run.
//!
//! Schema migrations are versioned (`schema_version` table); a newer schema is refused.
//!
//! ```
//! use namesake_model::{Entity, ListInfo, Name, NameKind, Schema};
//! use namesake_store::{Imported, NewList, Store};
//! let dir = tempfile::tempdir().unwrap();
//! let store = namesake_store::open_sqlite(&dir.path().join("namesake.db")).unwrap();
//! let info = ListInfo { code: "un".into(), name: "UN".into(), format: "un-xml".into(), published: None };
//! let mut e = Entity::new("un", "QDi.015", Schema::Person);
//! e.names.push(Name::new("Abu Bakr al-Baghdadi", NameKind::Primary));
//! let list = NewList { list: "un", info: &info, entities: &[e], content_hash: "h1", source: "un.xml" };
//! assert!(matches!(store.import_list(&list).unwrap(), Imported::New { .. }));
//! // The same content again records nothing.
//! assert!(matches!(store.import_list(&list).unwrap(), Imported::Unchanged(_)));
//! assert_eq!(store.current_versions().unwrap().len(), 1);
//! ```
#![warn(missing_docs)]

pub mod anchor;
mod audit;
mod audit_sql;
mod backend;
mod decision_records;
mod diff;
mod error;
mod events;
mod hashing;
mod list_codes;
mod migrations;
mod pg;
mod pg_tls;
mod private;
pub mod rescreen;
mod roles;
mod sqlite;
mod sqlstore;
mod time;
mod types;

use std::path::{Path, PathBuf};

pub use audit::{threshold_f64, GENESIS};
pub use decision_records::{HitEvidence, HitSource};
pub use diff::{array_delta, entity_change};
pub use error::{Result, StoreError};
pub use events::{KIND_DECISION, KIND_LIST_IMPORT, KIND_UNAUDITED};
pub use hashing::{entity_hash, hex, sha256_hex, subject_key};
pub use migrations::SCHEMA_VERSION;
pub use pg::redact as redact_url;
pub use roles::{covered_tables, postgres_roles_sql};
pub use sqlstore::{SqlStore, PAUSE_IMPORT_ENV};
pub use time::now_rfc3339;
pub use types::*;

/// Records read per page when walking the audit log.
const AUDIT_PAGE: usize = 10_000;

/// Everything namesake keeps between runs. Methods take `&self` and are safe to call from
/// several threads (calls are serialised on one connection); they block, so an async server
/// calls them from its blocking pool.
pub trait Store: Send + Sync {
    /// The database file, or the URL with the password hidden.
    fn location(&self) -> &str;

    /// Records a list as a new version, in one transaction, unless its content hash equals the
    /// current version's.
    fn import_list(&self, new: &NewList<'_>) -> Result<Imported>;
    /// Every version of every list, by list then age.
    fn versions(&self) -> Result<Vec<ListVersion>>;
    /// The current (latest committed) version of every list.
    fn current_versions(&self) -> Result<Vec<ListVersion>>;
    /// One version; [`StoreError::NotFound`] when absent.
    fn version(&self, id: i64) -> Result<ListVersion>;
    /// The entities of a version, by id.
    fn entities(&self, version_id: i64) -> Result<Vec<StoredEntity>>;
    /// The entities of `to` that are not in `from` or differ from it (all of `to` when `from`
    /// is `None`).
    fn changed_entities(&self, from: Option<i64>, to: i64) -> Result<Vec<ChangedEntity>>;
    /// What changed between two versions of one list.
    fn diff(&self, from: i64, to: i64) -> Result<ListDiff>;
    /// An entity as the current version of its list has it.
    fn current_entity(&self, entity_id: &str) -> Result<Option<StoredEntity>>;

    /// Appends records to the audit chain in one transaction; returns them as stored.
    fn audit_append(&self, entries: &[AuditEntry]) -> Result<Vec<AuditRecord>>;
    /// Up to `limit` records after `after_seq`, in order.
    fn audit_records(&self, after_seq: i64, limit: usize) -> Result<Vec<AuditRecord>>;
    /// Up to `limit` records before `before_seq` (`None`: from the newest), newest first, whose
    /// who, kind, subject or hits contain `text` (ignoring ASCII case; every record when `text`
    /// is empty): the audit log as an auditor searches it.
    fn audit_search(
        &self,
        text: &str,
        before_seq: Option<i64>,
        limit: usize,
    ) -> Result<Vec<AuditRecord>>;
    /// Recomputes the chain and names the first record that does not check.
    fn audit_verify(&self) -> Result<AuditCheck> {
        let mut v = audit::Verifier::new();
        let mut after = 0;
        loop {
            let page = self.audit_records(after, AUDIT_PAGE)?;
            let Some(last) = page.last() else {
                return Ok(v.finish());
            };
            after = last.seq;
            for r in &page {
                if let Some(bad) = v.check(r) {
                    return Ok(bad);
                }
            }
        }
    }

    /// Records an analyst's decision.
    fn decide(&self, d: &NewDecision) -> Result<Decision>;
    /// Every decision, oldest first.
    fn decision_log(&self) -> Result<Vec<Decision>>;
    /// The latest decision per (subject, entity).
    fn decisions(&self) -> Result<Decisions> {
        Ok(Decisions::from_all(self.decision_log()?))
    }

    /// Registers subjects (a customer file); `replace` drops those registered before.
    fn import_subjects(
        &self,
        subjects: &[Subject],
        source: &str,
        replace: bool,
    ) -> Result<SubjectsImported>;
    /// Every registered subject.
    fn subjects(&self) -> Result<Vec<StoredSubject>>;
    /// Up to `limit` registered subjects in key order, after the key `after` (from the first
    /// when `None`): keyset pagination, so that re-screening walks millions of subjects without
    /// holding them all.
    fn subjects_page(&self, after: Option<&str>, limit: usize) -> Result<Vec<StoredSubject>>;
    /// How many subjects are registered, how many of them after generation `since`, and the
    /// highest generation.
    fn subject_counts(&self, since: i64) -> Result<SubjectCounts>;
    /// The latest decision per pair for the subjects whose keys are after `after` (all when
    /// `None`) and at most `up_to`: the decisions that concern one page of subjects.
    fn decisions_in_key_range(&self, after: Option<&str>, up_to: &str) -> Result<Decisions>;
    /// The latest re-screening run.
    fn last_rescreen(&self) -> Result<Option<RescreenRun>>;
    /// Records a re-screening run and its alerts.
    fn record_rescreen(&self, run: &NewRescreenRun, alerts: &[Alert]) -> Result<RescreenRun>;
    /// Alerts of recorded runs not yet delivered (see [`Store::mark_delivered`]), oldest first.
    fn undelivered_alerts(&self) -> Result<Vec<Alert>>;
    /// Marks the alerts of run `up_to` and every earlier run as delivered (written out).
    fn mark_delivered(&self, up_to: i64) -> Result<()>;
}

/// Opens the SQLite file at `path`, creating it (and its directory) when absent, and brings
/// its schema up to date.
pub fn open_sqlite(path: &Path) -> Result<SqlStore> {
    let mut s = sqlite::Sqlite::open(path)?;
    if s.foreign_tables()? {
        return Err(StoreError::Corrupt {
            location: path.display().to_string(),
            detail: "it holds tables, but not namesake's".into(),
        });
    }
    SqlStore::new(Box::new(s))
}

/// Connects to PostgreSQL (`postgres://user:password@host:port/db`, or key=value form) and
/// brings the schema up to date; with `schema`, works inside that schema (created if absent).
pub fn open_postgres(url: &str, schema: Option<&str>) -> Result<SqlStore> {
    SqlStore::new(Box::new(pg::Postgres::connect(url, schema)?))
}

/// Whether `location` names a PostgreSQL server rather than a file.
pub fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// Where namesake keeps its data (the default store, the index cache, `config.toml`):
/// `$NAMESAKE_HOME`, else `$XDG_DATA_HOME/namesake`, else `~/.local/share/namesake`.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(h) = std::env::var_os("NAMESAKE_HOME").filter(|h| !h.is_empty()) {
        return Some(PathBuf::from(h));
    }
    if let Some(x) = std::env::var_os("XDG_DATA_HOME").filter(|h| !h.is_empty()) {
        return Some(PathBuf::from(x).join("namesake"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share/namesake"))
}

/// The store opened when no location is given: `namesake.db` in the [`data_dir`].
pub fn default_location() -> Option<PathBuf> {
    data_dir().map(|d| d.join("namesake.db"))
}

/// Opens a `postgres://` URL with [`open_postgres`], anything else as an SQLite file.
pub fn open(location: &str) -> Result<SqlStore> {
    if is_postgres_url(location) {
        open_postgres(location, None)
    } else {
        open_sqlite(Path::new(location))
    }
}

/// What the index is told about a stored version: its info under the key it is stored as (the
/// name `--as` gave it, which its entities carry), so hits and list filters use that key.
pub fn indexed_info(v: &ListVersion) -> namesake_model::ListInfo {
    let mut info = v.info.clone();
    info.code = v.list.clone();
    info
}
