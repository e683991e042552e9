//! The [`Screener`]: an index, the list versions it was built from, and the analysts' decisions,
//! screening subjects into [`Screening`]s that say which hits a decision suppresses and which
//! list versions were used.

use std::collections::HashSet;
use std::sync::{Arc, RwLock};

use namesake_index::{Hit, Index, ScreenOptions};
use namesake_matcher::DEFAULT_THRESHOLD;
use namesake_model::Schema;
use namesake_store::{AuditEntry, AuditHit, Decision, Decisions, ListVersion};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::subject::{Prepared, Subject};

/// One list version a screening used: what an audit record and a response name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsedVersion {
    /// The list code (`un`, `ofac`…).
    pub list: String,
    /// The store's version id (absent when screening list files directly).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// SHA-256 of the list's files.
    pub content_hash: String,
    /// Publication date stated in the list.
    #[serde(default)]
    pub published: Option<String>,
    /// The files screened (when screening list files directly).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
}

impl UsedVersion {
    /// A stored list version.
    pub fn from_store(v: &ListVersion) -> UsedVersion {
        UsedVersion {
            list: v.list.clone(),
            version: Some(v.id),
            content_hash: v.content_hash.clone(),
            published: v.published.clone(),
            files: Vec::new(),
        }
    }
}

/// The analysts' decisions, shared by every screener of a process and updated as decisions are
/// recorded (a decision made over HTTP suppresses the hit in the very next screening).
#[derive(Debug, Default)]
pub struct DecisionBook {
    latest: RwLock<Decisions>,
}

impl DecisionBook {
    /// A book holding `decisions`.
    pub fn new(decisions: Decisions) -> DecisionBook {
        DecisionBook {
            latest: RwLock::new(decisions),
        }
    }
    /// Replaces every decision (after re-reading the store).
    pub fn replace(&self, decisions: Decisions) {
        *self.latest.write().unwrap_or_else(|p| p.into_inner()) = decisions;
    }
    /// Adds a decision just recorded.
    pub fn record(&self, d: Decision) {
        let mut all = self.latest.write().unwrap_or_else(|p| p.into_inner());
        all.record(d);
    }
    /// The latest decision on a pair.
    pub fn latest(&self, subject_key: &str, entity_id: &str) -> Option<Decision> {
        let all = self.latest.read().unwrap_or_else(|p| p.into_inner());
        all.latest(subject_key, entity_id).cloned()
    }
    /// The false-positive decision that suppresses a hit, if one holds for the entity's content.
    fn suppressing(&self, subject_key: &str, entity_id: &str, hash: &str) -> Option<Decision> {
        let all = self.latest.read().unwrap_or_else(|p| p.into_inner());
        all.suppresses(subject_key, entity_id, hash)
            .then(|| all.latest(subject_key, entity_id).cloned())
            .flatten()
    }
    /// Whether the book holds no decision.
    pub fn is_empty(&self) -> bool {
        self.latest
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .is_empty()
    }
}

/// How to screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Report hits scoring at least this (0..1).
    pub threshold: f32,
    /// At most this many hits (0: none).
    pub limit: usize,
    /// Explain each hit.
    pub explain: bool,
    /// Only these list codes (`None`: all).
    pub lists: Option<Vec<String>>,
    /// Drop hits of these schemata.
    pub exclude_schema: Vec<Schema>,
    /// Drop these entities.
    pub exclude_ids: HashSet<String>,
    /// Report an exact listed name whose other evidence pulls it under the threshold, flagged
    /// (`ScreenOptions::exact_name_floor`).
    pub exact_name_floor: bool,
    /// One hit per listed entry, even when several lists carry the same party (each still names
    /// the party's other entries in `Hit::also_on`). By default a party on several lists is one
    /// hit, its other entries named in `Hit::also_on`.
    pub separate_lists: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threshold: DEFAULT_THRESHOLD,
            limit: 10,
            explain: true,
            lists: None,
            exclude_schema: Vec::new(),
            exclude_ids: HashSet::new(),
            exact_name_floor: true,
            separate_lists: false,
        }
    }
}

/// A hit and the decision that suppresses it, if any.
#[derive(Debug, Clone)]
pub struct ScreenedHit {
    /// The hit.
    pub hit: Hit,
    /// A false-positive decision taken on the entity as it stands: the hit raises no alert.
    pub suppressed_by: Option<Decision>,
}

impl ScreenedHit {
    /// The hit as `namesake screen --json` prints it (with `also_on`, the party's entries on
    /// other lists, when it has any); a suppressed one carries
    /// `"suppressed": true` and the decision (`by`, `at`, `reason`).
    pub fn to_json(&self) -> Value {
        let mut v = self.hit.to_json();
        if let Some(d) = &self.suppressed_by {
            v["suppressed"] = Value::Bool(true);
            v["decision"] =
                serde_json::json!({"id": d.id, "by": d.by, "at": d.at, "reason": d.reason});
        }
        v
    }
}

/// The outcome of screening one subject.
#[derive(Debug, Clone)]
pub struct Screening {
    /// The subject key decisions are recorded under.
    pub subject_key: String,
    /// Hits, best first, suppressed ones included (and marked).
    pub hits: Vec<ScreenedHit>,
    /// More hits reached the limit than were returned.
    pub truncated: bool,
    /// The threshold used.
    pub threshold: f32,
    /// The list versions screened against.
    pub list_versions: Vec<UsedVersion>,
}

impl Screening {
    /// Whether any hit raises an alert (is not suppressed).
    pub fn alerts(&self) -> bool {
        self.hits.iter().any(|h| h.suppressed_by.is_none())
    }

    /// The hits a decision does not suppress.
    pub fn active(&self) -> impl Iterator<Item = &ScreenedHit> {
        self.hits.iter().filter(|h| h.suppressed_by.is_none())
    }

    /// The audit record of this screening: `who` screened `subject` (as given, JSON) through
    /// `kind` (`screen`, `batch`, `api`…).
    pub fn audit_entry(&self, who: &str, kind: &str, subject: Value) -> AuditEntry {
        AuditEntry {
            who: who.to_string(),
            kind: kind.to_string(),
            subject,
            list_versions: serde_json::to_value(&self.list_versions).unwrap_or(Value::Null),
            threshold: namesake_store::threshold_f64(self.threshold),
            hits: self
                .hits
                .iter()
                .map(|h| AuditHit {
                    entity_id: h.hit.entity_id.clone(),
                    score: (h.hit.score as f64 * 1000.0).round() / 1000.0,
                    suppressed: h.suppressed_by.is_some(),
                    also_on: h.hit.also_on.iter().map(|l| l.entity_id.clone()).collect(),
                })
                .collect(),
        }
    }
}

/// Hits ranked for one subject, before the limit is applied.
#[derive(Default)]
struct Ranked {
    hits: Vec<Hit>,
    /// The index had more hits than were fetched.
    truncated: bool,
}

/// Screens subjects against one index, naming the list versions it was built from and applying
/// the analysts' decisions. Cheap to clone.
#[derive(Clone)]
pub struct Screener {
    index: Arc<Index>,
    versions: Arc<[UsedVersion]>,
    decisions: Arc<DecisionBook>,
}

impl Screener {
    /// A screener over `index`, built from `versions`, applying `decisions`.
    pub fn new(
        index: Arc<Index>,
        versions: Vec<UsedVersion>,
        decisions: Arc<DecisionBook>,
    ) -> Screener {
        Screener {
            index,
            versions: versions.into(),
            decisions,
        }
    }

    /// The index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The list versions the index was built from.
    pub fn versions(&self) -> &[UsedVersion] {
        &self.versions
    }

    /// The decisions applied.
    pub fn decisions(&self) -> &Arc<DecisionBook> {
        &self.decisions
    }

    /// Reads and screens a subject; a subject with nothing to screen has no hits. Callers that
    /// refuse unreadable values check [`Subject::prepare`] first and call
    /// [`Screener::screen_prepared`].
    pub fn screen(&self, subject: &Subject, opts: &Options) -> Screening {
        self.screen_prepared(&subject.prepare(), opts)
    }

    /// Screens a prepared subject.
    pub fn screen_prepared(&self, p: &Prepared, opts: &Options) -> Screening {
        let Ranked {
            mut hits,
            truncated,
        } = self.ranked(p, opts);
        // Entities tied with the last one kept are kept too (the index does the same).
        if let Some(cut) = opts
            .limit
            .checked_sub(1)
            .and_then(|i| hits.get(i))
            .map(|h| h.score)
        {
            let keep = opts.limit
                + hits[opts.limit..]
                    .iter()
                    .take_while(|h| h.score == cut)
                    .count();
            hits.truncate(keep);
        }
        let hits = hits
            .into_iter()
            .map(|hit| {
                let suppressed_by = self.suppressing(&p.key, &hit.entity_id);
                ScreenedHit { hit, suppressed_by }
            })
            .collect();
        Screening {
            subject_key: p.key.clone(),
            hits,
            truncated,
            threshold: opts.threshold,
            list_versions: self.used(&opts.lists),
        }
    }

    /// The hits, best first, excluded ones dropped and — unless `separate_lists` — one per
    /// party. A party's entries take several places in the index's ranking, so when grouping
    /// leaves fewer than `limit` hits from a full ranking, a longer one is fetched.
    fn ranked(&self, p: &Prepared, opts: &Options) -> Ranked {
        if opts.limit == 0 || !p.is_screenable() {
            return Ranked::default();
        }
        let mut fetch = ScreenOptions {
            threshold: opts.threshold,
            limit: opts.limit.saturating_add(opts.exclude_ids.len()),
            explain: opts.explain,
            lists: opts.lists.clone(),
            exact_name_floor: opts.exact_name_floor,
        };
        loop {
            let mut hits = self.index.screen(&p.query, &fetch);
            let truncated = hits.len() >= fetch.limit;
            hits.retain(|h| {
                !opts.exclude_schema.contains(&h.schema) && !opts.exclude_ids.contains(&h.entity_id)
            });
            if opts.separate_lists {
                // One hit per entry, each still naming the party's other entries.
                let links = self.index.links();
                for h in &mut hits {
                    h.also_on = links.also_on(h.entity_index, self.index.entities());
                }
                return Ranked { hits, truncated };
            }
            let hits = self.index.links().merge(hits, self.index.entities());
            if !truncated || hits.len() >= opts.limit || fetch.limit >= self.index.entities().len()
            {
                return Ranked { hits, truncated };
            }
            fetch.limit = fetch.limit.saturating_mul(2);
        }
    }

    fn suppressing(&self, key: &str, entity_id: &str) -> Option<Decision> {
        if self.decisions.is_empty() {
            return None;
        }
        let entity = self.index.entity(entity_id)?;
        self.decisions
            .suppressing(key, entity_id, &namesake_store::entity_hash(entity))
    }

    /// The versions of the lists screened (all, or those named).
    pub fn used(&self, lists: &Option<Vec<String>>) -> Vec<UsedVersion> {
        self.versions
            .iter()
            .filter(|v| lists.as_ref().is_none_or(|l| l.contains(&v.list)))
            .cloned()
            .collect()
    }
}
