//! The queue's filters, counts and pages, computed from the alerts and the decisions.

use std::collections::{BTreeSet, HashMap};

use namesake_index::Index;
use namesake_store::Decision;
use serde::Deserialize;

use crate::ui::alerts::{current_decisions, state_of, AlertCache, AlertRow, AlertState, PAGE_SIZE};

/// The queue's query string. Empty values mean "any".
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct QueueFilter {
    /// `open` (the default), `escalated`, `awaiting_second`, `decided` or `all`.
    #[serde(default)]
    pub(crate) state: Option<String>,
    /// A list code.
    #[serde(default)]
    pub(crate) list: Option<String>,
    /// `strong`, `probable` or `possible`.
    #[serde(default)]
    pub(crate) band: Option<String>,
    /// Part of the subject's name or key.
    #[serde(default)]
    pub(crate) subject: Option<String>,
    /// Screened on or after this day (YYYY-MM-DD).
    #[serde(default)]
    pub(crate) from: Option<String>,
    /// Screened on or before this day (YYYY-MM-DD).
    #[serde(default)]
    pub(crate) to: Option<String>,
    /// Page number from 1.
    #[serde(default)]
    pub(crate) page: Option<usize>,
    /// The decision just recorded (for the confirmation line).
    #[serde(default)]
    pub(crate) done: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl QueueFilter {
    /// The state asked for; `None` is every state.
    pub(crate) fn wanted_state(&self) -> Option<AlertState> {
        match given(&self.state) {
            None => Some(AlertState::Open),
            Some("all") => None,
            Some(s) => AlertState::ALL.into_iter().find(|x| x.as_str() == s),
        }
    }

    /// Whether a row passes every filter but the state.
    fn admits(&self, r: &AlertRow, subject_lc: Option<&str>) -> bool {
        let day = r.at.get(..10).unwrap_or(&r.at);
        given(&self.list).is_none_or(|l| r.list == l)
            && given(&self.band).is_none_or(|b| r.band().as_str() == b)
            && subject_lc.is_none_or(|s| {
                let key = r.subject_key.to_lowercase();
                // A client id (`c-17`) names the key `id:c-17`.
                r.subject_label.to_lowercase().contains(s)
                    || key == s
                    || key.strip_prefix("id:") == Some(s)
            })
            && given(&self.from).is_none_or(|f| day >= f)
            && given(&self.to).is_none_or(|t| day <= t)
    }

    /// The filter's values as query-string pairs (the page left out), for links.
    pub(crate) fn pairs(&self) -> Vec<(&'static str, String)> {
        let v = |o: &Option<String>| given(o).unwrap_or("").to_string();
        vec![
            ("state", v(&self.state)),
            ("list", v(&self.list)),
            ("band", v(&self.band)),
            ("subject", v(&self.subject)),
            ("from", v(&self.from)),
            ("to", v(&self.to)),
        ]
    }
}

/// One row of the queue page.
#[derive(Debug, Clone)]
pub(crate) struct QueueItem {
    pub(crate) row: AlertRow,
    pub(crate) state: AlertState,
    /// The listed entity's primary name (its id when no longer listed).
    pub(crate) entity_name: String,
}

/// One page of the queue.
#[derive(Debug, Clone)]
pub(crate) struct QueuePage {
    pub(crate) items: Vec<QueueItem>,
    /// Alerts per state, under the other filters.
    pub(crate) counts: Vec<(AlertState, usize)>,
    /// Alerts under every filter.
    pub(crate) matching: usize,
    pub(crate) page: usize,
    pub(crate) pages: usize,
    /// Every list with an alert, for the list filter.
    pub(crate) lists: Vec<String>,
}

/// What the queue is computed from.
pub(crate) struct QueueInputs<'a> {
    pub(crate) cache: &'a AlertCache,
    pub(crate) decisions: &'a HashMap<(String, String), Vec<Decision>>,
    pub(crate) index: Option<&'a Index>,
    pub(crate) four_eyes: bool,
}

impl QueueInputs<'_> {
    /// The state of an alert: open unless a decision on the entity as it stands says otherwise.
    pub(crate) fn state(&self, r: &AlertRow) -> AlertState {
        let Some(all) = self
            .decisions
            .get(&(r.subject_key.clone(), r.entity_id.clone()))
        else {
            return AlertState::Open;
        };
        let hash = self
            .index
            .and_then(|i| i.entity(&r.entity_id))
            .map(namesake_store::entity_hash);
        state_of(&current_decisions(all, hash.as_deref()), self.four_eyes)
    }

    fn entity_name(&self, id: &str) -> String {
        self.index
            .and_then(|i| i.entity(id))
            .and_then(|e| e.names.first())
            .map_or_else(|| id.to_string(), |n| n.full.clone())
    }
}

/// Filters, counts and cuts one page, newest first.
pub(crate) fn build(inputs: &QueueInputs<'_>, f: &QueueFilter) -> QueuePage {
    let subject_lc = given(&f.subject).map(str::to_lowercase);
    let wanted = f.wanted_state();
    let mut counts: HashMap<AlertState, usize> = HashMap::new();
    let mut chosen: Vec<(&AlertRow, AlertState)> = Vec::new();
    let mut lists = BTreeSet::new();
    for r in inputs.cache.rows() {
        lists.insert(r.list.clone());
        if !f.admits(r, subject_lc.as_deref()) {
            continue;
        }
        let state = inputs.state(r);
        *counts.entry(state).or_default() += 1;
        if wanted.is_none_or(|w| w == state) {
            chosen.push((r, state));
        }
    }
    chosen.sort_unstable_by(|a, b| {
        b.0.seq
            .cmp(&a.0.seq)
            .then(a.0.entity_id.cmp(&b.0.entity_id))
    });
    let matching = chosen.len();
    let pages = matching.div_ceil(PAGE_SIZE).max(1);
    let page = f.page.unwrap_or(1).clamp(1, pages);
    let items = chosen
        .into_iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .map(|(r, state)| QueueItem {
            entity_name: inputs.entity_name(&r.entity_id),
            row: r.clone(),
            state,
        })
        .collect();
    QueuePage {
        items,
        counts: AlertState::ALL
            .iter()
            .map(|s| (*s, counts.get(s).copied().unwrap_or(0)))
            .collect(),
        matching,
        page,
        pages,
        lists: lists.into_iter().collect(),
    }
}
