//! Which registered subjects a list update touched: those whose re-screening against the new
//! version raised an alert on an entity the update added or changed (read from the audit log's
//! `rescreen` records, which carry the versions screened).
//!
//! A subject registered after the update and screened in full against the new version counts
//! too when its alert is on an entity the update added or changed: the change touched it as
//! well.

use std::collections::{HashMap, HashSet};

use namesake_store::{ListDiff, RescreenRun};

use crate::ui::alerts::AlertCache;

/// Subjects the lists page shows per update; the rest are counted.
pub(crate) const SHOWN: usize = 50;

/// A hit on a changed entity, as the latest re-screening against the version raised it.
#[derive(Debug, Clone)]
pub(crate) struct TouchedHit {
    pub(crate) entity_id: String,
    pub(crate) score: f64,
    /// The pair had alerted before: the alert changed rather than appeared.
    pub(crate) alerted_before: bool,
}

/// A registered subject the update touched.
#[derive(Debug, Clone)]
pub(crate) struct TouchedSubject {
    pub(crate) key: String,
    pub(crate) label: String,
    /// Best score first.
    pub(crate) hits: Vec<TouchedHit>,
}

impl TouchedSubject {
    fn best(&self) -> f64 {
        self.hits.first().map_or(0.0, |h| h.score)
    }
}

/// The registered subjects one update touched.
#[derive(Debug, Clone, Default)]
pub(crate) struct Touched {
    /// A re-screening has run against this version of the list (or a later one).
    pub(crate) rescreened: bool,
    /// The first [`SHOWN`] subjects, best score first.
    pub(crate) subjects: Vec<TouchedSubject>,
    /// Subjects touched in all.
    pub(crate) total: usize,
}

/// The subjects `diff`'s update touched, from the re-screening hits in `cache`; `last_run` is
/// the latest re-screening run.
pub(crate) fn touched(
    cache: &AlertCache,
    diff: &ListDiff,
    last_run: Option<&RescreenRun>,
) -> Touched {
    let entities: HashSet<&str> = diff
        .added
        .iter()
        .map(|e| e.id.as_str())
        .chain(diff.changed.iter().map(|c| c.entity_id.as_str()))
        .collect();
    // The latest hit per pair (the log is in order: a later record replaces an earlier one).
    let mut by_subject: HashMap<&str, TouchedSubject> = HashMap::new();
    for h in cache.rescreened(&diff.list, diff.to.id, &entities) {
        let s = by_subject
            .entry(h.subject_key.as_str())
            .or_insert_with(|| TouchedSubject {
                key: h.subject_key.clone(),
                label: h.subject_label.clone(),
                hits: Vec::new(),
            });
        let hit = TouchedHit {
            entity_id: h.entity_id.clone(),
            score: h.score,
            alerted_before: h.alerted_before,
        };
        match s.hits.iter_mut().find(|x| x.entity_id == h.entity_id) {
            Some(old) => *old = hit,
            None => s.hits.push(hit),
        }
    }
    let mut subjects: Vec<TouchedSubject> = by_subject.into_values().collect();
    for s in &mut subjects {
        s.hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.entity_id.cmp(&b.entity_id))
        });
    }
    subjects.sort_by(|a, b| {
        b.best()
            .total_cmp(&a.best())
            .then(a.label.cmp(&b.label))
            .then(a.key.cmp(&b.key))
    });
    let total = subjects.len();
    subjects.truncate(SHOWN);
    let rescreened = last_run
        .and_then(|r| r.list_versions.get(&diff.list))
        .is_some_and(|v| *v >= diff.to.id)
        || total > 0;
    Touched {
        rescreened,
        subjects,
        total,
    }
}
