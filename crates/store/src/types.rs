//! The values the store takes and returns.

use std::collections::{BTreeMap, HashMap};

use namesake_model::{Entity, ListInfo, Query};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// One imported version of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListVersion {
    /// Version id, increasing across all lists.
    pub id: i64,
    /// The list key versions are grouped by: the parser's list code unless the importer chose
    /// another.
    pub list: String,
    /// What the parser said about the list.
    pub info: ListInfo,
    /// SHA-256 of the input files' bytes.
    pub content_hash: String,
    /// Publication date stated in the file.
    pub published: Option<String>,
    /// When it was imported (UTC, RFC 3339).
    pub imported_at: String,
    /// Number of entities stored.
    pub entity_count: u64,
    /// The files it was read from.
    pub source: String,
    /// `committed` (the only state a reader can see: an import is one transaction).
    pub status: String,
}

/// A list to import.
#[derive(Debug, Clone, Copy)]
pub struct NewList<'a> {
    /// The list key (usually `info.code`).
    pub list: &'a str,
    /// What the parser said about the list.
    pub info: &'a ListInfo,
    /// The entities.
    pub entities: &'a [Entity],
    /// SHA-256 of the input files' bytes: an import is skipped when it equals the current one.
    pub content_hash: &'a str,
    /// The files, for `namesake lists`.
    pub source: &'a str,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq)]
pub enum Imported {
    /// A new version was recorded; `duplicates` entities repeated an id and were dropped
    /// (the first is kept, as the index does).
    New {
        /// The new version.
        version: ListVersion,
        /// Entities dropped for repeating an id.
        duplicates: usize,
    },
    /// The content equals the current version's: nothing was written.
    Unchanged(ListVersion),
}

/// An entity of a version, with its content hash.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEntity {
    /// SHA-256 of its JSON.
    pub hash: String,
    /// The entity.
    pub entity: Entity,
}

/// How an entity differs from the earlier version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Not in the earlier version.
    Added,
    /// In both, with different content.
    Changed,
}

/// An entity added or changed between two versions.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangedEntity {
    /// Added or changed.
    pub change: Change,
    /// The entity as it is now, with its hash.
    pub now: StoredEntity,
}

/// One top-level field of an entity that differs between versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field (`names`, `birth_dates`, `programs`…).
    pub field: String,
    /// Its value before (`null` when absent).
    pub before: Json,
    /// Its value after (`null` when absent).
    pub after: Json,
}

/// An entity in both versions with different content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityChange {
    /// `<list>:<key>`.
    pub entity_id: String,
    /// The primary name now.
    pub name: String,
    /// The fields that differ, in alphabetical order.
    pub fields: Vec<FieldChange>,
}

/// What changed between two versions of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListDiff {
    /// The list key.
    pub list: String,
    /// The earlier version.
    pub from: ListVersion,
    /// The later version.
    pub to: ListVersion,
    /// Entities only in `to`.
    pub added: Vec<Entity>,
    /// Entities only in `from`.
    pub removed: Vec<Entity>,
    /// Entities in both, changed.
    pub changed: Vec<EntityChange>,
}

/// A hit as the audit log keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditHit {
    /// The listed entity.
    pub entity_id: String,
    /// Its score.
    pub score: f64,
    /// A false-positive decision covers it (still reported, marked).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub suppressed: bool,
    /// The ids of the party's entries on other lists, reported with this hit as "also on"
    /// (absent when there are none, so records written before it hash and read as they did).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_on: Vec<String>,
}

/// An audit record to append.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    /// The API key name or the OS user.
    pub who: String,
    /// `screen`, `batch`, `api`, `rescreen`…
    pub kind: String,
    /// The subject as given (with its subject key).
    pub subject: Json,
    /// The list versions screened against.
    pub list_versions: Json,
    /// The threshold used.
    pub threshold: f64,
    /// The hits with scores.
    pub hits: Vec<AuditHit>,
}

/// The audit log's columns, in the order the table and its CSV export give them.
pub const AUDIT_COLUMNS: [&str; 10] = [
    "seq",
    "at",
    "who",
    "kind",
    "subject",
    "list_versions",
    "threshold",
    "hits",
    "prev_hash",
    "hash",
];

/// A stored audit record. `subject`, `list_versions` and `hits` are JSON text exactly as
/// stored: the hash covers these bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Position in the chain, from 1 without gaps.
    pub seq: i64,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// The API key name or the OS user.
    pub who: String,
    /// What screened.
    pub kind: String,
    /// The subject, JSON.
    pub subject: String,
    /// The list versions, JSON.
    pub list_versions: String,
    /// The threshold.
    pub threshold: f64,
    /// The hits, JSON.
    pub hits: String,
    /// The previous record's hash (64 zeros for the first).
    pub prev_hash: String,
    /// SHA-256 of `prev_hash` followed by [`AuditRecord::canonical`].
    pub hash: String,
}

/// The outcome of checking the audit chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum AuditCheck {
    /// Every record hashes to its stored hash and links to the one before.
    Intact {
        /// Records checked.
        records: u64,
        /// The last record's hash (keep it elsewhere to detect removal of the newest records).
        head: Option<String>,
    },
    /// The first record that does not check.
    Broken {
        /// Its sequence number.
        seq: i64,
        /// What is wrong.
        problem: String,
        /// Records before it that checked.
        intact_before: u64,
    },
}

/// An analyst's verdict on a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Not the listed party: suppressed in later screenings until the entity changes.
    FalsePositive,
    /// The listed party.
    TrueMatch,
    /// Withdraws the pair's previous decision (kept in the log): the hit alerts again.
    Revoked,
    /// Undecided: handed to a senior analyst (the web UI's escalation). Suppresses nothing.
    Escalated,
}

impl Verdict {
    /// `false_positive`, `true_match`, `revoked` or `escalated`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::FalsePositive => "false_positive",
            Verdict::TrueMatch => "true_match",
            Verdict::Revoked => "revoked",
            Verdict::Escalated => "escalated",
        }
    }
    /// Reads [`Verdict::as_str`]'s output.
    pub fn parse(s: &str) -> Option<Verdict> {
        match s {
            "false_positive" => Some(Verdict::FalsePositive),
            "true_match" => Some(Verdict::TrueMatch),
            "revoked" => Some(Verdict::Revoked),
            "escalated" => Some(Verdict::Escalated),
            _ => None,
        }
    }
}

/// A decision to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDecision {
    /// The subject key (see [`crate::subject_key`]).
    pub subject_key: String,
    /// The listed entity.
    pub entity_id: String,
    /// True match or false positive.
    pub verdict: Verdict,
    /// Why.
    pub reason: String,
    /// Who decided.
    pub by: String,
    /// The entity's content hash the analyst saw; `None` takes the current stored version's.
    pub entity_hash: Option<String>,
}

/// A recorded decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// Id, increasing.
    pub id: i64,
    /// The subject key.
    pub subject_key: String,
    /// The listed entity.
    pub entity_id: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Why.
    pub reason: String,
    /// Who.
    pub by: String,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// The entity's content hash when decided.
    pub entity_hash: Option<String>,
}

/// The latest decision for every (subject, entity) pair.
#[derive(Debug, Clone, Default)]
pub struct Decisions {
    latest: HashMap<(String, String), Decision>,
}

impl Decisions {
    /// Builds the set from decisions in any order; the highest id per pair wins.
    pub fn from_all(all: impl IntoIterator<Item = Decision>) -> Decisions {
        let mut latest: HashMap<(String, String), Decision> = HashMap::new();
        for d in all {
            let k = (d.subject_key.clone(), d.entity_id.clone());
            match latest.get(&k) {
                Some(old) if old.id > d.id => {}
                _ => {
                    latest.insert(k, d);
                }
            }
        }
        Decisions { latest }
    }
    /// Adds one decision (the pair's latest when its id is the highest): keeps a loaded set in
    /// step with decisions recorded since.
    pub fn record(&mut self, d: Decision) {
        let k = (d.subject_key.clone(), d.entity_id.clone());
        if self.latest.get(&k).is_none_or(|old| old.id <= d.id) {
            self.latest.insert(k, d);
        }
    }
    /// The latest decision on this pair.
    pub fn latest(&self, subject_key: &str, entity_id: &str) -> Option<&Decision> {
        self.latest
            .get(&(subject_key.to_string(), entity_id.to_string()))
    }
    /// The latest decision, if it was taken on the entity's current content (a changed entity
    /// reopens the question) and is not a revocation (which reopens it too).
    pub fn current(
        &self,
        subject_key: &str,
        entity_id: &str,
        entity_hash: &str,
    ) -> Option<&Decision> {
        self.latest(subject_key, entity_id).filter(|d| {
            d.entity_hash.as_deref() == Some(entity_hash) && d.verdict != Verdict::Revoked
        })
    }
    /// Whether a hit is a known false positive: the latest decision says so and the entity is
    /// unchanged since.
    pub fn suppresses(&self, subject_key: &str, entity_id: &str, entity_hash: &str) -> bool {
        self.current(subject_key, entity_id, entity_hash)
            .is_some_and(|d| d.verdict == Verdict::FalsePositive)
    }
    /// Number of pairs with a decision.
    pub fn len(&self) -> usize {
        self.latest.len()
    }
    /// True when no decision exists.
    pub fn is_empty(&self) -> bool {
        self.latest.is_empty()
    }
}

/// A registered subject (a customer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    /// Its key.
    pub key: String,
    /// The id column of the file it came from.
    pub row_id: Option<String>,
    /// The subject as a query.
    pub query: Query,
}

/// A registered subject and the import generation that last changed it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSubject {
    /// The subject.
    pub subject: Subject,
    /// Import generation that added or last changed it.
    pub generation: i64,
}

/// A re-screening run to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRescreenRun {
    /// Who ran it.
    pub who: String,
    /// The list versions screened: list key → version id.
    pub list_versions: BTreeMap<String, i64>,
    /// Threshold used.
    pub threshold: f64,
    /// Highest subject generation seen: later generations are new to the next run.
    pub subjects_generation: i64,
    /// Subjects screened.
    pub subjects: u64,
    /// Entities screened against (changed ones, plus all for new subjects).
    pub entities: u64,
}

/// A recorded re-screening run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RescreenRun {
    /// Run id.
    pub id: i64,
    /// When.
    pub at: String,
    /// Who.
    pub who: String,
    /// List key → version id.
    pub list_versions: BTreeMap<String, i64>,
    /// Threshold.
    pub threshold: f64,
    /// Highest subject generation seen.
    pub subjects_generation: i64,
    /// Subjects screened.
    pub subjects: u64,
    /// Entities screened against.
    pub entities: u64,
    /// New alerts raised.
    pub alerts: u64,
}

/// A new alert from a re-screening.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// The subject key.
    pub subject_key: String,
    /// The subject's id column.
    pub row_id: Option<String>,
    /// The listed entity.
    pub entity_id: String,
    /// Its content hash.
    pub entity_hash: String,
    /// Its list.
    pub list: String,
    /// Its primary name.
    pub name: String,
    /// The listed name that matched.
    pub matched_name: String,
    /// Score.
    pub score: f64,
    /// Why it is new: `added`, `changed` (the entity), `new_list` or `new_subject`.
    pub reason: String,
}

/// What a subjects import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SubjectsImported {
    /// Distinct subjects in the input.
    pub rows: u64,
    /// Of those, new or changed (they will be screened in full at the next re-screening).
    pub new_or_changed: u64,
    /// Subjects registered now.
    pub total: u64,
    /// The generation this import was given.
    pub generation: i64,
}

/// Registered subjects counted by generation (see [`crate::Store::subject_counts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct SubjectCounts {
    /// Subjects registered.
    pub total: u64,
    /// Of those, registered or changed after the generation asked about.
    pub newer: u64,
    /// The highest generation (0 when none is registered).
    pub max_generation: i64,
}
