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

/// Subjects read and screened per page: the memory a run holds for subjects, whatever their
/// number.
pub const SUBJECT_PAGE: usize = 50_000;

/// Re-screens the registered subjects against what changed since the previous run, records
/// the run and its alerts, and returns them with the undelivered alerts of earlier runs. The
/// run's alerts stay undelivered until the caller has written them out and calls
/// [`Store::mark_delivered`]: a crash or a bad output path in between loses nothing.
///
/// Subjects are read [`SUBJECT_PAGE`] at a time, in key order, with the decisions on them.
pub fn rescreen(store: &dyn Store, opts: &RescreenOptions) -> Result<RescreenReport> {
    rescreen_paged(store, opts, SUBJECT_PAGE)
}

/// [`rescreen`] reading `page` subjects at a time (at least one).
pub fn rescreen_paged(
    store: &dyn Store,
    opts: &RescreenOptions,
    page: usize,
) -> Result<RescreenReport> {
    let t = Instant::now();
    let mut timings = Timings::default();
    let current = store.current_versions()?;
    let last = store.last_rescreen()?;
    let redelivered = store.undelivered_alerts()?;
    let last_gen = last.as_ref().map_or(0, |r| r.subjects_generation);
    let counts = store.subject_counts(last_gen)?;
    // Subjects registered while the run walks the pages have a higher generation than this:
    // they are left to the next run, which sees them as new.
    let max_gen = counts.max_generation.max(last_gen);
    let any_new = !opts.baseline && counts.newer > 0;
    let any_known = !opts.baseline && counts.total > counts.newer;
    let targets = Targets::load(store, &current, last.as_ref(), any_new, any_known)?;
    timings.load = t.elapsed();

    let t = Instant::now();
    let delta_count: usize = targets.delta.values().map(Vec::len).sum();
    let full_count: usize = targets.full.values().map(Vec::len).sum();
    let delta_index = (delta_count > 0).then(|| index_of(&current, targets.delta));
    let full_index = (full_count > 0).then(|| index_of(&current, targets.full));
    timings.build = t.elapsed();

    let screening = Screening {
        opts: ScreenOptions {
            threshold: opts.threshold,
            limit: opts.limit,
            explain: false,
            lists: None,
            exact_name_floor: true,
        },
        last_gen,
        max_gen,
        full: full_index.as_ref().map(|ix| (ix, &targets.full_hash)),
        delta: delta_index.as_ref().map(|ix| (ix, &targets.why)),
    };
    let mut walked = Walked::default();
    if opts.baseline {
        walked.total = counts.total;
    } else {
        walked = walk_subjects(store, &screening, page.max(1), &mut timings)?;
    }
    let t = Instant::now();
    let mut alerts = std::mem::take(&mut walked.alerts);
    alerts.sort_by(|a, b| {
        a.subject_key
            .cmp(&b.subject_key)
            .then(b.score.total_cmp(&a.score))
            .then(a.entity_id.cmp(&b.entity_id))
    });
    timings.screen += t.elapsed();

    let t = Instant::now();
    let list_versions: BTreeMap<String, i64> =
        current.iter().map(|v| (v.list.clone(), v.id)).collect();
    let entities = if any_new { full_count } else { 0 } + if any_known { delta_count } else { 0 };
    let run = store.record_rescreen(
        &NewRescreenRun {
            who: opts.who.clone(),
            list_versions,
            threshold: crate::threshold_f64(opts.threshold),
            subjects_generation: max_gen,
            subjects: walked.total,
            entities: entities as u64,
        },
        &alerts,
    )?;
    store.audit_append(&audit_entries(
        &run,
        &current,
        &walked.alerted,
        &alerts,
        opts,
    ))?;
    timings.record = t.elapsed();
    Ok(RescreenReport {
        run,
        alerts,
        redelivered,
        changes: targets.changes,
        new_subjects: walked.new,
        known_subjects: walked.known,
        decided: walked.decided,
        timings,
    })
}

/// A changed entity's content hash and why it is screened (`added`, `changed`, `new_list`).
struct Changed {
    hash: String,
    reason: &'static str,
}

/// What a run screens against: the changed entities (for subjects screened before) and every
/// current entity (for new subjects), with the content hash and reason of each.
#[derive(Default)]
struct Targets {
    changes: Vec<ListChange>,
    /// Changed entity id → its content hash and why it is screened.
    why: HashMap<String, Changed>,
    delta: HashMap<String, Vec<Entity>>,
    /// Current entity id → content hash.
    full_hash: HashMap<String, String>,
    full: HashMap<String, Vec<Entity>>,
}

impl Targets {
    fn load(
        store: &dyn Store,
        current: &[ListVersion],
        last: Option<&RescreenRun>,
        any_new: bool,
        any_known: bool,
    ) -> Result<Targets> {
        let mut t = Targets::default();
        if any_known {
            for v in current {
                let prev = last.and_then(|r| r.list_versions.get(&v.list).copied());
                if prev == Some(v.id) {
                    continue;
                }
                t.add_changes(v, prev, store.changed_entities(prev, v.id)?);
            }
        }
        if any_new {
            for v in current {
                for se in store.entities(v.id)? {
                    t.full_hash.insert(se.entity.id.clone(), se.hash);
                    t.full.entry(v.list.clone()).or_default().push(se.entity);
                }
            }
        }
        Ok(t)
    }

    fn add_changes(&mut self, v: &ListVersion, prev: Option<i64>, changed: Vec<ChangedEntity>) {
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
            self.why.insert(
                c.now.entity.id.clone(),
                Changed {
                    hash: c.now.hash,
                    reason,
                },
            );
            self.delta
                .entry(v.list.clone())
                .or_default()
                .push(c.now.entity);
        }
        self.changes.push(lc);
    }
}

/// The indexes a run screens with, and which subjects go to which.
struct Screening<'a> {
    opts: ScreenOptions,
    /// Subjects above this generation are new: screened against every current entity.
    last_gen: i64,
    /// Subjects above this one were registered during the run: left to the next.
    max_gen: i64,
    full: Option<(&'a Index, &'a HashMap<String, String>)>,
    delta: Option<(&'a Index, &'a HashMap<String, Changed>)>,
}

/// What walking the subjects found.
#[derive(Default)]
struct Walked {
    /// Subjects screened (or, on a baseline run, recorded as screened).
    total: u64,
    new: u64,
    known: u64,
    decided: u64,
    alerts: Vec<Alert>,
    /// The subjects with an alert, for their audit records.
    alerted: HashMap<String, StoredSubject>,
}

/// One subject's outcome.
#[derive(Default)]
struct SubjectOutcome {
    counted: bool,
    new: bool,
    alerts: Vec<Alert>,
    decided: u64,
}

fn walk_subjects(
    store: &dyn Store,
    screening: &Screening<'_>,
    page: usize,
    timings: &mut Timings,
) -> Result<Walked> {
    let mut walked = Walked::default();
    let mut after: Option<String> = None;
    loop {
        let t = Instant::now();
        let subjects = store.subjects_page(after.as_deref(), page)?;
        let Some(last_key) = subjects.last().map(|s| s.subject.key.clone()) else {
            break;
        };
        let decisions = store.decisions_in_key_range(after.as_deref(), &last_key)?;
        timings.load += t.elapsed();

        let read = subjects.len();
        let t = Instant::now();
        let outcomes: Vec<SubjectOutcome> = subjects
            .par_iter()
            .map(|s| screening.screen(s, &decisions))
            .collect();
        for (s, o) in subjects.into_iter().zip(outcomes) {
            if !o.counted {
                continue;
            }
            walked.total += 1;
            if o.new {
                walked.new += 1;
            } else {
                walked.known += 1;
            }
            walked.decided += o.decided;
            if !o.alerts.is_empty() {
                walked.alerts.extend(o.alerts);
                walked.alerted.insert(s.subject.key.clone(), s);
            }
        }
        timings.screen += t.elapsed();
        after = Some(last_key);
        if read < page {
            break;
        }
    }
    Ok(walked)
}

impl Screening<'_> {
    fn screen(&self, s: &StoredSubject, decisions: &Decisions) -> SubjectOutcome {
        if s.generation > self.max_gen {
            return SubjectOutcome::default();
        }
        let new = s.generation > self.last_gen;
        let mut out = SubjectOutcome {
            counted: true,
            new,
            ..SubjectOutcome::default()
        };
        let q = &s.subject.query;
        if q.all_names().is_empty() && q.identifiers.is_empty() {
            return out;
        }
        let hits = match (new, self.full, self.delta) {
            (true, Some((ix, _)), _) | (false, _, Some((ix, _))) => ix.screen(q, &self.opts),
            _ => return out,
        };
        for h in hits {
            let found = if new {
                self.full
                    .and_then(|(_, hashes)| hashes.get(&h.entity_id))
                    .map(|hash| (hash.clone(), "new_subject"))
            } else {
                self.delta
                    .and_then(|(_, why)| why.get(&h.entity_id))
                    .map(|c| (c.hash.clone(), c.reason))
            };
            let Some((hash, reason)) = found else {
                continue;
            };
            if decisions
                .current(&s.subject.key, &h.entity_id, &hash)
                .is_some()
            {
                out.decided += 1;
                continue;
            }
            out.alerts.push(Alert {
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
        out
    }
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
    by_key: &HashMap<String, StoredSubject>,
    alerts: &[Alert],
    opts: &RescreenOptions,
) -> Vec<AuditEntry> {
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
