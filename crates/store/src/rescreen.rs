//! Re-screening registered subjects after a list update, against only what changed.
//!
//! A run compares the current list versions with those the previous run screened. Subjects
//! registered (or changed) since are screened against every current entity; the others only
//! against the entities added or changed since, gathered into a small index. A hit is a new
//! alert unless a decision on the pair was taken on the entity's current content.
//!
//! The small index computes name-token rarity from the changed entities alone, so a common
//! name part weighs more than in the full index: re-screening errs towards more alerts, never
//! fewer. Revisit if analysts find the extra alerts noisy (the index would need rarity weights
//! from outside).
//!
//! Delivery: a run's alerts are recorded with it in an outbox and count as delivered only when
//! the caller says they were written ([`Store::mark_delivered`]); the next run re-emits any
//! still waiting ([`RescreenReport::redelivered`]).
//!
//! Audit: every subject with an alert gets an audit record (kind `rescreen`); the run itself
//! (versions, subject count, entity count) is recorded in `rescreen_runs`, which is what shows
//! that everyone was screened.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use namesake_index::{Index, ScreenOptions};
use namesake_model::Entity;
use rayon::prelude::*;
use serde::Serialize;

use crate::error::Result;
use crate::types::*;
use crate::Store;

/// How to re-screen.
#[derive(Debug, Clone)]
pub struct RescreenOptions {
    /// Alert at or above this score.
    pub threshold: f32,
    /// At most this many hits per subject.
    pub limit: usize,
    /// Who runs it (for the run record and the audit log).
    pub who: String,
    /// Record the current versions and subjects as screened without screening: for a first
    /// run after the same customers went through a full batch screening.
    pub baseline: bool,
}

/// What changed in one list since the previous run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListChange {
    /// The list key.
    pub list: String,
    /// The version the previous run screened (`None`: a list new since then).
    pub from: Option<i64>,
    /// The current version.
    pub to: i64,
    /// Entities added.
    pub added: usize,
    /// Entities changed.
    pub changed: usize,
}

/// The outcome of a run.
#[derive(Debug, Clone, Serialize)]
pub struct RescreenReport {
    /// The recorded run.
    pub run: RescreenRun,
    /// New alerts, by subject then score.
    pub alerts: Vec<Alert>,
    /// Alerts of earlier runs that were recorded but never delivered (their output failed or
    /// the process died after the commit): emit them before [`RescreenReport::alerts`], then
    /// call [`Store::mark_delivered`] with this run's id.
    pub redelivered: Vec<Alert>,
    /// Per-list changes screened (empty on the first run: everyone is new then).
    pub changes: Vec<ListChange>,
    /// Subjects screened against everything (new or changed since the previous run).
    pub new_subjects: u64,
    /// Subjects screened against the changed entities only.
    pub known_subjects: u64,
    /// Hits left out because a decision covers them.
    pub decided: u64,
    /// Time spent reading the store, building indexes, screening and recording.
    #[serde(skip)]
    pub timings: Timings,
}

/// Where a run's time went.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Reading subjects, versions and entities.
    pub load: Duration,
    /// Building the indexes.
    pub build: Duration,
    /// Screening.
    pub screen: Duration,
    /// Recording the run, its alerts and audit records.
    pub record: Duration,
}

fn index_of(versions: &[ListVersion], by_list: HashMap<String, Vec<Entity>>) -> Index {
    let mut lists = Vec::new();
    let mut by_list = by_list;
    for v in versions {
        if let Some(es) = by_list.remove(&v.list) {
            lists.push((crate::indexed_info(v), es));
        }
    }
    Index::build(lists)
}

/// Re-screens the registered subjects against what changed since the previous run, records
/// the run and its alerts, and returns them with the undelivered alerts of earlier runs. The
/// run's alerts stay undelivered until the caller has written them out and calls
/// [`Store::mark_delivered`]: a crash or a bad output path in between loses nothing.
pub fn rescreen(store: &dyn Store, opts: &RescreenOptions) -> Result<RescreenReport> {
    let t = Instant::now();
    let mut timings = Timings::default();
    let current = store.current_versions()?;
    let last = store.last_rescreen()?;
    let redelivered = store.undelivered_alerts()?;
    let subjects = store.subjects()?;
    let last_gen = last.as_ref().map_or(0, |r| r.subjects_generation);
    let max_gen = subjects
        .iter()
        .map(|s| s.generation)
        .max()
        .unwrap_or(0)
        .max(last_gen);
    let (new_subjects, known): (Vec<&StoredSubject>, Vec<&StoredSubject>) = if opts.baseline {
        (Vec::new(), Vec::new())
    } else {
        subjects.iter().partition(|s| s.generation > last_gen)
    };

    // entity id → (content hash, why it is screened)
    let mut why: HashMap<String, (String, &'static str)> = HashMap::new();
    let mut changes = Vec::new();
    let mut delta: HashMap<String, Vec<Entity>> = HashMap::new();
    if !known.is_empty() {
        for v in &current {
            let prev = last
                .as_ref()
                .and_then(|r| r.list_versions.get(&v.list).copied());
            if prev == Some(v.id) {
                continue;
            }
            let changed = store.changed_entities(prev, v.id)?;
            let mut lc = ListChange {
                list: v.list.clone(),
                from: prev,
                to: v.id,
                added: 0,
                changed: 0,
            };
            for c in changed {
                let reason = match (prev, c.change) {
                    (None, _) => "new_list",
                    (Some(_), Change::Added) => "added",
                    (Some(_), Change::Changed) => "changed",
                };
                match c.change {
                    Change::Added => lc.added += 1,
                    Change::Changed => lc.changed += 1,
                }
                why.insert(c.now.entity.id.clone(), (c.now.hash, reason));
                delta.entry(v.list.clone()).or_default().push(c.now.entity);
            }
            changes.push(lc);
        }
    }
    let mut full: HashMap<String, Vec<Entity>> = HashMap::new();
    let mut full_hash: HashMap<String, String> = HashMap::new();
    if !new_subjects.is_empty() {
        for v in &current {
            for se in store.entities(v.id)? {
                full_hash.insert(se.entity.id.clone(), se.hash);
                full.entry(v.list.clone()).or_default().push(se.entity);
            }
        }
    }
    let decisions = store.decisions()?;
    timings.load = t.elapsed();

    let t = Instant::now();
    let delta_count: usize = delta.values().map(Vec::len).sum();
    let full_count: usize = full.values().map(Vec::len).sum();
    let delta_index = (delta_count > 0).then(|| index_of(&current, delta));
    let full_index = (full_count > 0).then(|| index_of(&current, full));
    timings.build = t.elapsed();

    let t = Instant::now();
    let screen_opts = ScreenOptions {
        threshold: opts.threshold,
        limit: opts.limit,
        explain: false,
        lists: None,
        exact_name_floor: true,
    };
    let screen =
        |subjects: &[&StoredSubject],
         index: &Index,
         hash_of: &(dyn Fn(&str) -> Option<(String, &'static str)> + Sync)| {
            subjects
                .par_iter()
                .map(|s| {
                    let q = &s.subject.query;
                    if q.all_names().is_empty() && q.identifiers.is_empty() {
                        return (Vec::new(), 0u64);
                    }
                    let mut alerts = Vec::new();
                    let mut decided = 0;
                    for h in index.screen(q, &screen_opts) {
                        let Some((hash, reason)) = hash_of(&h.entity_id) else {
                            continue;
                        };
                        if decisions
                            .current(&s.subject.key, &h.entity_id, &hash)
                            .is_some()
                        {
                            decided += 1;
                            continue;
                        }
                        alerts.push(Alert {
                            subject_key: s.subject.key.clone(),
                            row_id: s.subject.row_id.clone(),
                            entity_id: h.entity_id.clone(),
                            entity_hash: hash,
                            list: h.list.clone(),
                            name: h.name.clone(),
                            matched_name: h.matched_name.clone(),
                            score: (h.score as f64 * 1000.0).round() / 1000.0,
                            reason: reason.to_string(),
                        });
                    }
                    (alerts, decided)
                })
                .reduce(
                    || (Vec::new(), 0),
                    |mut a, b| {
                        a.0.extend(b.0);
                        (a.0, a.1 + b.1)
                    },
                )
        };
    let mut alerts = Vec::new();
    let mut decided = 0;
    if let Some(ix) = &full_index {
        let (a, d) = screen(&new_subjects, ix, &|id| {
            full_hash.get(id).map(|h| (h.clone(), "new_subject"))
        });
        alerts.extend(a);
        decided += d;
    }
    if let Some(ix) = &delta_index {
        let (a, d) = screen(&known, ix, &|id| why.get(id).cloned());
        alerts.extend(a);
        decided += d;
    }
    alerts.sort_by(|a, b| {
        a.subject_key
            .cmp(&b.subject_key)
            .then(b.score.total_cmp(&a.score))
            .then(a.entity_id.cmp(&b.entity_id))
    });
    timings.screen = t.elapsed();

    let t = Instant::now();
    let list_versions: BTreeMap<String, i64> =
        current.iter().map(|v| (v.list.clone(), v.id)).collect();
    let entities = if new_subjects.is_empty() {
        0
    } else {
        full_count
    } + if known.is_empty() { 0 } else { delta_count };
    let run = store.record_rescreen(
        &NewRescreenRun {
            who: opts.who.clone(),
            list_versions,
            threshold: crate::threshold_f64(opts.threshold),
            subjects_generation: max_gen,
            subjects: subjects.len() as u64,
            entities: entities as u64,
        },
        &alerts,
    )?;
    store.audit_append(&audit_entries(&run, &current, &subjects, &alerts, opts))?;
    timings.record = t.elapsed();
    Ok(RescreenReport {
        run,
        alerts,
        redelivered,
        changes,
        new_subjects: new_subjects.len() as u64,
        known_subjects: known.len() as u64,
        decided,
        timings,
    })
}

/// The list versions of an audit record: list, version id, content hash, publication date.
pub fn versions_json(versions: &[ListVersion]) -> serde_json::Value {
    serde_json::Value::Array(
        versions
            .iter()
            .map(|v| {
                serde_json::json!({
                    "list": v.list,
                    "version": v.id,
                    "content_hash": v.content_hash,
                    "published": v.published,
                })
            })
            .collect(),
    )
}

fn audit_entries(
    run: &RescreenRun,
    current: &[ListVersion],
    subjects: &[StoredSubject],
    alerts: &[Alert],
    opts: &RescreenOptions,
) -> Vec<AuditEntry> {
    let by_key: HashMap<&str, &StoredSubject> = subjects
        .iter()
        .map(|s| (s.subject.key.as_str(), s))
        .collect();
    let mut grouped: BTreeMap<&str, Vec<AuditHit>> = BTreeMap::new();
    for a in alerts {
        grouped.entry(&a.subject_key).or_default().push(AuditHit {
            entity_id: a.entity_id.clone(),
            score: a.score,
            suppressed: false,
            also_on: Vec::new(),
        });
    }
    let versions = versions_json(current);
    grouped
        .into_iter()
        .map(|(key, hits)| AuditEntry {
            who: opts.who.clone(),
            kind: "rescreen".into(),
            subject: serde_json::json!({
                "subject_key": key,
                "id": by_key.get(key).and_then(|s| s.subject.row_id.clone()),
                "query": by_key.get(key).map(|s| &s.subject.query),
                "rescreen_run": run.id,
            }),
            list_versions: versions.clone(),
            threshold: crate::threshold_f64(opts.threshold),
            hits,
        })
        .collect()
}
