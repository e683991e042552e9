//! Which registered subjects a list update touched: those whose re-screening against the new
//! version raised an alert on an entity the update added or changed (read from the audit log's
//! `rescreen` records, which carry the versions screened).
//!
//! A subject registered after the update and screened in full against the new version counts
//! too when its alert is on an entity the update added or changed: the change touched it as
//! well.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use namesake_store::{ListDiff, ListVersion, RescreenRun, Store};

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

/// One update: a version of a list and the entities it added or changed.
pub(crate) struct Update<'a> {
    pub(crate) list: &'a str,
    /// The version the update brought.
    pub(crate) version: i64,
    pub(crate) entities: HashSet<&'a str>,
}

impl<'a> Update<'a> {
    /// The update a diff shows.
    pub(crate) fn of_diff(diff: &'a ListDiff) -> Update<'a> {
        Update {
            list: &diff.list,
            version: diff.to.id,
            entities: diff
                .added
                .iter()
                .map(|e| e.id.as_str())
                .chain(diff.changed.iter().map(|c| c.entity_id.as_str()))
                .collect(),
        }
    }

    /// Whether the latest re-screening run screened this version of the list (or a later one).
    pub(crate) fn rescreened_by(&self, last_run: Option<&RescreenRun>) -> bool {
        last_run
            .and_then(|r| r.list_versions.get(self.list))
            .is_some_and(|v| *v >= self.version)
    }
}

/// The subjects an update touched, from the re-screening hits in `cache`; `last_run` is the
/// latest re-screening run.
pub(crate) fn touched(
    cache: &AlertCache,
    update: &Update,
    last_run: Option<&RescreenRun>,
) -> Touched {
    // The latest hit per pair (the log is in order: a later record replaces an earlier one).
    let mut by_subject: HashMap<&str, TouchedSubject> = HashMap::new();
    for h in cache.rescreened(update.list, update.version, &update.entities) {
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
    let rescreened = update.rescreened_by(last_run) || total > 0;
    Touched {
        rescreened,
        subjects,
        total,
    }
}

/// The updates the lists page counts touched subjects for, newest first; older ones are counted
/// when opened.
pub(crate) const COUNTED: usize = 30;

/// The entities each update added or changed, by (earlier version, later version): versions
/// never change, so each is read from the store once.
#[derive(Default)]
pub(crate) struct UpdateCache(Mutex<HashMap<VersionPair, EntityIds>>);

/// An update: the version before and the version it brought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct VersionPair {
    from: i64,
    to: i64,
}

/// The ids of the entities an update added or changed.
type EntityIds = Arc<HashSet<String>>;

impl UpdateCache {
    /// The ids of the entities added or changed from `from` to `to`.
    pub(crate) fn entities(
        &self,
        store: &dyn Store,
        from: i64,
        to: i64,
    ) -> namesake_store::Result<EntityIds> {
        let cached = self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&VersionPair { from, to })
            .cloned();
        if let Some(ids) = cached {
            return Ok(ids);
        }
        let ids: EntityIds = Arc::new(
            store
                .changed_entities(Some(from), to)?
                .into_iter()
                .map(|c| c.now.entity.id)
                .collect(),
        );
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.insert(VersionPair { from, to }, ids.clone());
        Ok(ids)
    }
}

/// How many registered subjects an update touched, for the versions table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TouchedCount {
    /// No re-screening has run against the version yet.
    NotRescreened,
    /// So many subjects.
    Subjects(usize),
}

/// The touched-subject counts of the newest [`COUNTED`] updates in `versions` (sorted by list,
/// newest first), by the version each brought.
pub(crate) fn counts(
    store: &dyn Store,
    updates: &UpdateCache,
    cache: &AlertCache,
    versions: &[ListVersion],
    last_run: Option<&RescreenRun>,
) -> namesake_store::Result<HashMap<i64, TouchedCount>> {
    let mut pairs: Vec<(&ListVersion, &ListVersion)> = versions
        .windows(2)
        .filter(|w| w[0].list == w[1].list)
        .map(|w| (&w[1], &w[0]))
        .collect();
    pairs.sort_by_key(|(_, to)| std::cmp::Reverse(to.id));
    let mut out = HashMap::new();
    for (from, to) in pairs.into_iter().take(COUNTED) {
        let ids = updates.entities(store, from.id, to.id)?;
        let update = Update {
            list: &to.list,
            version: to.id,
            entities: ids.iter().map(String::as_str).collect(),
        };
        let t = touched(cache, &update, last_run);
        let count = if t.rescreened {
            TouchedCount::Subjects(t.total)
        } else {
            TouchedCount::NotRescreened
        };
        out.insert(to.id, count);
    }
    Ok(out)
}
