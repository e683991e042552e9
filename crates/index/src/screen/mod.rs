//! Screening a query against the index, in named steps:
//!
//! 1. [`query`]: the query's names prepared against the dictionary (tokens, weights);
//! 2. [`candidates`]: every dictionary token alike to a query token, or reached by joining or
//!    splitting;
//! 3. [`prune`]: MaxScore accumulation over the postings with a floor from the best `k` found so
//!    far, so that only names that could still enter the hits are scored;
//! 4. [`score`]: each surviving name aligned with the query, the name rules applied (numbers,
//!    legal forms, Chinese/Korean syllables), the evidence beyond names added;
//! 5. ranking: best first, ties at the limit kept, exact names kept under the exact-name floor.

mod candidates;
mod prune;
mod query;
mod score;

use std::cell::{Cell, RefCell};

use namesake_matcher::similarity::weights as simw;
use namesake_matcher::{
    features, final_score, Band, Explanation, Feature, DEFAULT_THRESHOLD, WEAK_ALIAS_FACTOR,
};
use namesake_model::{Entity, Query, Schema};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::Index;
pub use candidates::forget_token_meets;
use candidates::{Link, Reach, ReadingMatches};
use namesake_matcher::align::MAX_TOKENS;
use prune::{Contrib, Need, Partition, Source, TopK};
pub use query::PreparedQuery;
use query::QName;
use score::Reading;
pub use score::{ACRONYM_CAP, EXACT_NAME_NOTE, NUMBER_MISMATCH_CAP, OTHER_LEGAL_FORM_CAP};

/// The most any feature can add to a name score (exact date of birth + shared nationality):
/// pruning keeps every name whose name score plus this could reach the threshold.
const MAX_FEATURE_BONUS: f32 = features::dob::EXACT + features::country::SHARED;

/// Added to every bound, since float sums in another order may differ in the last bits.
const BOUND_SLACK: f32 = 1e-4;

/// Above this many postings to walk, a query is seeded first (see `Index::set_seed_above`).
const SEED_WORTH: usize = 20_000;

/// How many names the seeding scores, at most.
const SEED_NAMES: usize = 256;

/// The exact-name floor keeps names whose parts are rare on average (mean token weight, 0..1,
/// at least this): "Eric Badege" with a wrong birth year is shown, while "Francisco Díaz",
/// common on the lists, born 39 years apart, is cleared by its date as before.
pub const EXACT_FLOOR_MIN_RARITY: f32 = 0.7;

/// How to screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreenOptions {
    /// Report hits at or above this score.
    pub threshold: f32,
    /// At most this many hits, best first (more when entities tie at the limit).
    pub limit: usize,
    /// Build explanations (alignment and features) for the hits.
    pub explain: bool,
    /// Only these list codes (`un`, `ofac`…); all when `None`.
    pub lists: Option<Vec<String>>,
    /// Report an exact match of a whole listed name even when the date of birth or nationality
    /// pulls its score under the threshold (marked [`Hit::exact_name_floor`]).
    #[serde(default = "yes")]
    pub exact_name_floor: bool,
}

fn yes() -> bool {
    true
}

impl Default for ScreenOptions {
    fn default() -> Self {
        ScreenOptions {
            threshold: DEFAULT_THRESHOLD,
            limit: 10,
            explain: true,
            lists: None,
            exact_name_floor: true,
        }
    }
}

/// One listed entity that matches a query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// `<list>:<key>`.
    pub entity_id: String,
    /// The list code.
    pub list: String,
    /// The list's full name ("OFAC Specially Designated Nationals and Blocked Persons List").
    #[serde(default)]
    pub list_name: String,
    /// The entity's primary name.
    pub name: String,
    /// Person, organisation…
    pub schema: Schema,
    /// Final score 0..1.
    pub score: f32,
    /// Score band: strong, probable, possible (or none, under the exact-name floor).
    pub band: Band,
    /// The listed name that matched best.
    pub matched_name: String,
    /// Every token of a listed name met exactly, reported although the other evidence (date of
    /// birth, nationality) put the score under the threshold: "exact name; evidence disagrees".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exact_name_floor: bool,
    /// What the publisher says of the entity that an analyst needs beside the score: the
    /// Türkiye wanted list's category and organisation, MASAK's legal basis, programmes.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub details: std::collections::BTreeMap<String, String>,
    /// Why (present when `ScreenOptions::explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
    /// The listed entity's dates of birth, nationalities, places of birth, identifiers,
    /// programmes and photo: always shown, so that an analyst can tell two namesakes apart.
    #[serde(default)]
    pub listed: crate::Listed,
    /// The same party's entries on other lists (and under other keys), when hits are grouped
    /// by party ([`crate::link::Links::merge`]): every list that carries it, matched or not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_on: Vec<crate::link::LinkedEntity>,
    /// Position of the entity in the index.
    #[serde(skip)]
    pub entity_index: u32,
}

impl Hit {
    /// The hit as the CLI's `--json` output and the native API show it: the same fields, the
    /// score rounded to three places (in f64, so that 0.7 prints as 0.7, not 0.699999988).
    pub fn to_json(&self) -> serde_json::Value {
        let mut v = serde_json::json!({
            "entity_id": self.entity_id,
            "score": round3(self.score),
            "band": self.band,
            "list": self.list,
            "list_name": self.list_name,
            "name": self.name,
            "schema": self.schema,
            "matched_name": self.matched_name,
            "details": self.details,
            "explanation": self.explanation,
            "listed": self.listed,
        });
        if !self.also_on.is_empty() {
            v["also_on"] = serde_json::json!(self.also_on);
        }
        if self.exact_name_floor {
            v["exact_name_floor"] = true.into();
            v["note"] = EXACT_NAME_NOTE.into();
        }
        v
    }
}

/// A score as shown: three decimal places, computed in f64.
pub fn round3(score: f32) -> f64 {
    (f64::from(score) * 1000.0).round() / 1000.0
}

/// Best result so far for one entity.
#[derive(Clone, Copy)]
pub(crate) struct Best {
    name_score: f32,
    qname: usize,
    name: u32,
}

/// An entity scored, before it becomes a hit.
pub(crate) struct Scored {
    score: f32,
    entity: u32,
    best: Best,
    features: Vec<Feature>,
    exact_name_floor: bool,
}

/// Per name: the query weight and the listed weight its tokens can cover, at most; the names
/// touched; the candidates that pass the floor. Kept per thread, reused across queries.
struct Scratch {
    acc: Vec<[f32; 2]>,
    /// A bit per name, all clear between readings (see `Index::accumulate`).
    marks: Vec<u64>,
    touched: Vec<u32>,
    cands: Vec<Candidate>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = const {
        RefCell::new(Scratch {
            acc: Vec::new(),
            marks: Vec::new(),
            touched: Vec::new(),
            cands: Vec::new(),
        })
    };
}

thread_local! {
    /// The best name per entity of the last screening on this thread, emptied and kept for the
    /// next: a common name over a large list scores thousands of entities, and the map need not
    /// grow from nothing each time. One that grew past `BEST_OF_KEPT` entries is let go.
    static BEST_OF: Cell<FxHashMap<u32, Best>> = Cell::new(FxHashMap::default());
}

/// The largest per-entity map a thread keeps between screenings (entries).
const BEST_OF_KEPT: usize = 1 << 16;

/// A name that may reach the floor, with the most it can score by name.
#[derive(Clone, Copy)]
struct Candidate {
    bound: f32,
    name: u32,
}

/// One screening under way: what the query's evidence can add, the best score per entity so
/// far and the best `limit` entities.
struct Run<'a> {
    index: &'a Index,
    query: &'a Query,
    opts: &'a ScreenOptions,
    prune: bool,
    /// The most the query's features can add: only what it states can earn a bonus.
    bonus: f32,
    /// No name bound under this can reach the threshold.
    bound_floor: f32,
    /// A query with nothing but names: features neither add nor take away.
    plain: bool,
    best: FxHashMap<u32, Best>,
    top: TopK,
    /// Name scores already worked out: the thousand entities of a common name over a large
    /// list share one listed name, scored once.
    scored: FxHashMap<score::AlignKey<'a>, f32>,
}

impl Index {
    /// Screens one query: hits at or above the threshold, best first.
    pub fn screen(&self, query: &Query, opts: &ScreenOptions) -> Vec<Hit> {
        let pq = self.prepare_query(query);
        self.screen_prepared(&pq, opts)
    }

    /// Screens a prepared query.
    pub fn screen_prepared(&self, pq: &PreparedQuery, opts: &ScreenOptions) -> Vec<Hit> {
        self.screen_with(pq, opts, true)
    }

    /// The same screening with no pruning at all: every name that shares an alike token with
    /// the query is scored. Slow; it is the reference the pruning is tested against.
    pub fn screen_exhaustive(&self, query: &Query, opts: &ScreenOptions) -> Vec<Hit> {
        let pq = self.prepare_query(query);
        self.screen_with(&pq, opts, false)
    }

    fn screen_with(&self, pq: &PreparedQuery, opts: &ScreenOptions, prune: bool) -> Vec<Hit> {
        let mut run = Run::new(self, &pq.query, opts, prune);
        // Token matches per query reading, computed once: scoring and explanations share them.
        let all: Vec<ReadingMatches> = pq.names.iter().map(|qn| self.token_matches(qn)).collect();
        for (qni, qn) in pq.names.iter().enumerate() {
            run.reading(qni, qn, &all[qni]);
        }
        run.by_identifier();
        let mut explained = score::ExplainCache::default();
        let empty = FxHashMap::default();
        run.rank(&pq.names)
            .into_iter()
            .map(|scored| {
                let qname = scored.best.qname.min(all.len().saturating_sub(1));
                let matches = all.get(qname).map_or(&empty, |m| &m.alike);
                let cache = opts.explain.then_some(&mut explained);
                self.make_hit(pq, matches, scored, cache)
            })
            .collect()
    }
}

impl<'a> Run<'a> {
    fn new(index: &'a Index, query: &'a Query, opts: &'a ScreenOptions, prune: bool) -> Self {
        let bonus = if query.birth_dates.is_empty() {
            0.0
        } else {
            features::dob::EXACT
        } + if query.countries.is_empty() {
            0.0
        } else {
            features::country::SHARED
        };
        debug_assert!(bonus <= MAX_FEATURE_BONUS);
        Run {
            index,
            query,
            opts,
            prune,
            bonus,
            bound_floor: if prune {
                opts.threshold - bonus
            } else {
                f32::NEG_INFINITY
            },
            plain: query.identifiers.is_empty()
                && query.birth_dates.is_empty()
                && query.countries.is_empty()
                && query.gender.is_none(),
            best: BEST_OF.take(),
            scored: FxHashMap::default(),
            top: TopK::new(if prune { opts.limit } else { 0 }),
        }
    }

    fn list_ok(&self, e: &Entity) -> bool {
        self.opts
            .lists
            .as_ref()
            .is_none_or(|l| l.iter().any(|c| c == &e.list))
    }

    /// Whether a listed name may be a hit at all: a compatible schema, a list asked for.
    fn eligible(&self, ni: u32) -> bool {
        let rec = &self.index.names[ni as usize];
        self.query.schema.compatible(rec.schema)
            && (self.opts.lists.is_none()
                || self.list_ok(&self.index.entities[rec.entity as usize]))
    }

    /// Scores one listed name and keeps it if it is its entity's best so far; returns its
    /// name score.
    fn consider(&mut self, qni: usize, r: &Reading, ni: u32) -> f32 {
        let index = self.index;
        let rec = &index.names[ni as usize];
        let mut score = *self
            .scored
            .entry(index.align_key(qni, ni))
            .or_insert_with(|| index.score_name(r, ni, false).score);
        // A weak alias weighs less, unless every token of it is met exactly.
        if rec.weak && score < 1.0 {
            score *= WEAK_ALIAS_FACTOR;
        }
        let mut first = false;
        let e = self.best.entry(rec.entity).or_insert_with(|| {
            first = true;
            Best {
                name_score: -1.0,
                qname: qni,
                name: ni,
            }
        });
        if score > e.name_score {
            *e = Best {
                name_score: score,
                qname: qni,
                name: ni,
            };
        }
        if first {
            // The entity's first score stands for it in the top-k (a later, better name only
            // raises it, so this errs on the safe side).
            let fin = if self.plain {
                final_score(score.max(0.0), &[])
            } else {
                let entity = &index.entities[rec.entity as usize];
                final_score(score.max(0.0), &index.features(self.query, entity))
            };
            if fin >= self.opts.threshold {
                self.top.offer(fin);
            }
        }
        score
    }

    /// Every name that one query reading may reach, pruned and scored.
    fn reading(&mut self, qni: usize, qn: &QName, rm: &ReadingMatches) {
        let index = self.index;
        let r = Reading::new(qn, &rm.alike);
        // The aligner reads the first `MAX_TOKENS` tokens and weighs its coverage against
        // theirs alone.
        let total_q: f32 = r.weights.iter().sum();
        if total_q <= 0.0 {
            return;
        }
        // The aligner meets any one-letter query token with a listed token of that letter as an
        // initial (a particle "e" as well as a name's "E."): credit it up front. Not in a
        // reading out of an abjad, Han or Hangul ("i" of 이), which writes no initials.
        let writes_initials = !(qn.abjad || qn.cjk);
        let initials: f32 = qn
            .tokens
            .iter()
            .filter(|t| writes_initials && t.keys.text.len() == 1)
            .map(|t| t.weight * simw::INITIAL)
            .sum();
        let mut contribs = index.contributions(qn, rm);
        self.seed(qni, &r, &contribs);
        let floor = match self.top.floor() {
            Some(w) => self.bound_floor.max(w - self.bonus),
            None => self.bound_floor,
        };
        let need = namesake_matcher::align::min_query_coverage(floor) * total_q * 0.999 - initials;
        let need = Need {
            credit: need,
            spare: total_q - need - initials,
            initial_tokens: r
                .texts
                .iter()
                .enumerate()
                .filter(|(_, t)| writes_initials && t.len() == 1)
                .fold(0, |bits, (q, _)| bits | 1 << q),
        };
        // A token that leaves any name holding it short of the floor (any but an exact token,
        // once the floor is 1) opens and credits nothing.
        let reaches = |q: u8, sim: f32| {
            r.weights
                .get(q as usize)
                .is_none_or(|&w| need.within_reach(w, sim))
        };
        contribs.retain(|c| match c.source {
            Source::Alike(sm) => sm.items().iter().any(|it| reaches(it.q, it.sim)),
            Source::Linked(Link::Joined(a, b)) => {
                reaches(a, simw::JOINED) && reaches(b, simw::JOINED)
            }
            Source::Linked(Link::Split { q, .. }) => reaches(q, simw::JOINED),
        });
        let split = index.partition(&contribs, &r.weights, &need);
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            let s = &mut *s;
            index.accumulate(s, &contribs, &split);
            let mut cands = std::mem::take(&mut s.cands);
            cands.clear();
            let mut linked: Vec<Reach> = rm.reach.clone();
            linked.sort_unstable_by_key(|x| x.token);
            let initials_of: Vec<QueryInitial> = r
                .texts
                .iter()
                .enumerate()
                .filter_map(|(q, t)| match t.as_bytes() {
                    [c] if writes_initials && c.is_ascii_alphabetic() => {
                        Some(QueryInitial { letter: *c, q })
                    }
                    _ => None,
                })
                .collect();
            let equal_to: Vec<EqualToken> = qn
                .tokens
                .iter()
                .take(MAX_TOKENS)
                .enumerate()
                .filter_map(|(q, t)| t.id.map(|token| EqualToken { token, q }))
                .collect();
            let bounds = Bounds {
                need: need.credit,
                initials,
                total_q,
                floor_pow5: (floor - BOUND_SLACK).max(0.0).powi(5),
                linked: &linked,
                initials_of: &initials_of,
                equal_to: &equal_to,
            };
            let mut touched = std::mem::take(&mut s.touched);
            for &ni in &touched {
                let acc = std::mem::take(&mut s.acc[ni as usize]);
                if let Some(bound) = index.name_bound(ni, acc, &r, &bounds) {
                    if self.eligible(ni) {
                        cands.push(Candidate { bound, name: ni });
                    }
                }
            }
            touched.clear();
            s.touched = touched;
            self.score_candidates(qni, &r, &mut cands);
            s.cands = cands;
        });
    }

    /// Seeding, for a query whose tokens open many names: score some names that hold its
    /// best-matching tokens, so that the top-k is full (and the floor raised) before any
    /// posting is walked. A name scored gives a true lower bound; nothing is pruned by it that
    /// could still enter the hits.
    fn seed(&mut self, qni: usize, r: &Reading, contribs: &[Contrib]) {
        if !self.prune {
            return;
        }
        let index = self.index;
        let work: usize = contribs
            .iter()
            .map(|c| index.postings[c.token as usize].len())
            .sum();
        if work <= index.seed_above.unwrap_or(SEED_WORTH) {
            return;
        }
        for ni in index.seed_names(&r.texts, &r.weights, r.matches, SEED_NAMES) {
            if self.eligible(ni) {
                self.consider(qni, r, ni);
            }
        }
    }

    /// Scores the candidates, best bound first when there are many, passing over those that
    /// cannot reach the `limit`-th best score found so far.
    fn score_candidates(&mut self, qni: usize, r: &Reading, cands: &mut [Candidate]) {
        // Many candidates (a common name over a large list): best bound first, so that once
        // `limit` entities are in hand the rest can be passed over.
        let ordered = cands.len() > self.opts.limit.saturating_mul(4);
        if ordered {
            cands.sort_unstable_by(|a, b| b.bound.total_cmp(&a.bound).then(a.name.cmp(&b.name)));
        }
        for c in cands.iter() {
            if let Some(kth) = self.top.floor() {
                // This name cannot reach the weakest of the `limit` entities already found,
                // whatever its features add. A name that could tie it is still scored.
                if c.bound + self.bonus < kth {
                    if ordered {
                        break;
                    }
                    continue;
                }
            }
            let score = self.consider(qni, r, c.name);
            debug_assert!(
                score <= c.bound,
                "name {} scored {score} over its bound {}",
                c.name,
                c.bound
            );
        }
    }

    /// Identical identifiers reach the entity whatever its names.
    fn by_identifier(&mut self) {
        let index = self.index;
        for id in &self.query.identifiers {
            let v = id.normalized();
            for &ei in index.identifier_entities(&v) {
                let entity = &index.entities[ei as usize];
                if self.list_ok(entity) && self.query.schema.compatible(entity.schema) {
                    self.best.entry(ei).or_insert(Best {
                        name_score: 0.0,
                        qname: 0,
                        name: index.first_name_of(ei),
                    });
                }
            }
        }
    }

    /// The entities that are hits, best first. Equal scores: the lists in the order they were
    /// given, then the publisher's order (entities are laid out that way), so `--list un.xml
    /// --list sdn.csv` puts a UN entry first when both lists carry the same person. Entities
    /// tied with the last one kept are kept too.
    fn rank(mut self, readings: &[QName]) -> Vec<Scored> {
        let index = self.index;
        let mut best_of = std::mem::take(&mut self.best);
        let mut hits: Vec<Scored> = Vec::new();
        // Without identifiers the features add at most `bonus`: an entity whose name score
        // cannot reach the threshold with it is passed over before its features are built.
        let reach = if self.query.identifiers.is_empty() {
            self.opts.threshold - self.bonus - BOUND_SLACK
        } else {
            f32::NEG_INFINITY
        };
        for (entity, best) in best_of.drain() {
            // A name of Han or Hangul syllables is never rare, whatever the lists say: two or
            // three syllables out of a few hundred, each such name is borne by thousands.
            let exact = self.opts.exact_name_floor
                && best.name_score >= 1.0
                && index.name_rarity(best.name) >= EXACT_FLOOR_MIN_RARITY
                && !readings.get(best.qname).is_some_and(|r| r.cjk);
            if best.name_score < reach && !exact {
                continue;
            }
            // A query of names alone has no features: its entities are not decoded here.
            let features = if self.plain {
                Vec::new()
            } else {
                index.features(self.query, &index.entities[entity as usize])
            };
            let score = final_score(best.name_score.max(0.0), &features);
            if score >= self.opts.threshold || exact {
                hits.push(Scored {
                    score,
                    entity,
                    best,
                    features,
                    exact_name_floor: score < self.opts.threshold,
                });
            }
        }
        if best_of.capacity() <= BEST_OF_KEPT {
            BEST_OF.set(best_of);
        }
        // Entities are distinct: the order is total, and an unstable sort moves less.
        hits.sort_unstable_by(|a, b| b.score.total_cmp(&a.score).then(a.entity.cmp(&b.entity)));
        let keep = match hits.get(self.opts.limit.saturating_sub(1)) {
            _ if self.opts.limit == 0 => 0,
            Some(last) => {
                let cut = last.score;
                self.opts.limit
                    + hits[self.opts.limit..]
                        .iter()
                        .take_while(|h| h.score == cut)
                        .count()
            }
            None => hits.len(),
        };
        hits.truncate(keep);
        hits
    }
}

/// What a name's accumulated credit is compared with.
struct Bounds<'a> {
    need: f32,
    initials: f32,
    total_q: f32,
    /// The least bound a name may have, less the slack, to the fifth power (see
    /// [`namesake_matcher::align::combine_pow5`]).
    floor_pow5: f32,
    /// Dictionary tokens reached by joining or splitting query tokens, sorted by token.
    linked: &'a [Reach],
    /// The one-letter query tokens the aligner meets as initials.
    initials_of: &'a [QueryInitial],
    /// The dictionary tokens written as a query token is: the aligner pairs equal tokens
    /// exactly, whatever the similarity channels say.
    equal_to: &'a [EqualToken],
}

/// A dictionary token written as query token `q` is.
struct EqualToken {
    token: crate::TokId,
    q: usize,
}

/// A one-letter query token: its letter and its position.
struct QueryInitial {
    letter: u8,
    q: usize,
}

/// The most a name's tokens can cover: on the query side, each query token at its best
/// weighted similarity to any of the name's tokens; on the listed side, each of the name's
/// tokens at its weight times its best similarity to any query token.
struct TokenCover {
    query: f32,
    listed: f32,
}

impl Index {
    /// Each dictionary token's most a name can gain from it: a listed token aligns with one
    /// query token (joined pairs are credited through `reach`), so its best weighted
    /// similarity. Names that hold a token twice are flagged `repeats`. Beside it, the listed
    /// weight it can cover: its own weight times its best similarity.
    fn contributions<'m>(&self, qn: &QName, rm: &'m ReadingMatches) -> Vec<Contrib<'m>> {
        let alike = rm.alike.iter().map(|(&token, sm)| {
            let mut v: f32 = 0.0;
            for it in sm.items() {
                v = v.max(it.sim * qn.tokens[it.q as usize].weight);
            }
            Contrib {
                token,
                query_credit: v.max(sm.best() * 1e-3),
                listed_credit: self.weights[token as usize] * sm.best(),
                source: Source::Alike(sm),
            }
        });
        let linked = rm.reach.iter().map(|r| Contrib {
            token: r.token,
            query_credit: r.credit.max(1e-6),
            listed_credit: self.weights[r.token as usize] * simw::JOINED,
            source: Source::Linked(r.link),
        });
        alike.chain(linked).collect()
    }

    /// Adds the essential contributions to every name in their postings (only to those that
    /// hold a token of [`Partition::filter`], when there is one), and the tail's to the names
    /// already open. Which names pass the filter, and which are open, is kept in a bit per
    /// name: a walk over many postings then reads a small array, not the credit of each name.
    fn accumulate(&self, s: &mut Scratch, contribs: &[Contrib], split: &Partition) {
        if s.acc.len() < self.names.len() {
            s.acc.resize(self.names.len(), [0.0; 2]);
            s.marks.resize(self.names.len().div_ceil(64), 0);
        }
        let postings = |ix: &[usize]| {
            ix.iter()
                .map(|&i| (&contribs[i], &self.postings[contribs[i].token as usize]))
                .collect::<Vec<_>>()
        };
        let (essential, tail) = (postings(&split.essential), postings(&split.tail));
        let marked = |marks: &[u64], n: u32| marks[n as usize / 64] & (1 << (n % 64)) != 0;
        let filtered = split.filter.is_some();
        if let Some(filter) = &split.filter {
            for (_, posting) in postings(filter) {
                for &n in posting.iter() {
                    s.marks[n as usize / 64] |= 1 << (n % 64);
                }
            }
        }
        for (c, posting) in &essential {
            for &n in posting.iter() {
                if filtered && !marked(&s.marks, n) {
                    continue;
                }
                let a = &mut s.acc[n as usize];
                if a[0] == 0.0 {
                    s.touched.push(n);
                }
                a[0] += c.query_credit;
                a[1] += c.listed_credit;
            }
        }
        if filtered {
            s.marks.fill(0);
        }
        if tail.is_empty() {
            return;
        }
        // From here a bit marks an open name.
        for &n in &s.touched {
            s.marks[n as usize / 64] |= 1 << (n % 64);
        }
        for (c, posting) in &tail {
            if posting.len() > s.touched.len() * 4 {
                for &n in &s.touched {
                    if posting.binary_search(&n).is_ok() {
                        let a = &mut s.acc[n as usize];
                        a[0] += c.query_credit;
                        a[1] += c.listed_credit;
                    }
                }
            } else {
                for &n in posting.iter() {
                    if marked(&s.marks, n) {
                        let a = &mut s.acc[n as usize];
                        a[0] += c.query_credit;
                        a[1] += c.listed_credit;
                    }
                }
            }
        }
        for &n in &s.touched {
            s.marks[n as usize / 64] &= !(1 << (n % 64));
        }
    }

    /// The most name `ni` can score by name, given its accumulated credit; `None` when that
    /// cannot reach the floor.
    fn name_bound(&self, ni: u32, [acc, acc_c]: [f32; 2], r: &Reading, b: &Bounds) -> Option<f32> {
        use namesake_matcher::align::combine_pow5;
        let repeats = self.repeats[ni as usize / 64] & (1 << (ni % 64)) != 0;
        // The query's initials this name can meet: those whose letter opens one of its tokens.
        let initials = self.initials_met(ni, r, b);
        // Cheap test first: `need` (less all the query's initials) is below what the bound
        // asks.
        if acc + initials < b.need + b.initials && !repeats {
            return None;
        }
        let nw = self.name_weights[ni as usize];
        // Bounds are compared to the floor as fifth powers of the score (no power function
        // for the many names that fall short); the few that pass take the root once.
        // From the sums: they credit a query token once per alike token of the name.
        let from_sums = if repeats {
            1.0
        } else {
            let cov_q = ((acc + initials) / b.total_q).min(1.0);
            let alike = (acc_c / nw).min(1.0);
            // A one-letter query token may cover, as an initial, a listed token that `acc_c`
            // knows nothing of, at the initial's similarity: the tokens met otherwise cover
            // `alike` at most, the rest of the name at most `INITIAL` of its weight.
            let cov_c = if initials > 0.0 {
                alike + simw::INITIAL * (1.0 - alike)
            } else {
                alike
            };
            combine_pow5(cov_q, cov_c)
        };
        if from_sums < b.floor_pow5 {
            return None;
        }
        // From the name's own tokens, looked at one by one: closer, and a repeated token
        // counts twice.
        let bound = match self.token_cover(ni, r, b) {
            Some(c) => from_sums.min(combine_pow5(
                (c.query / b.total_q).min(1.0),
                (c.listed / nw).min(1.0),
            )),
            None => from_sums,
        };
        // A little slack: the scorer sums the same terms in another order.
        (bound >= b.floor_pow5).then(|| bound.powf(0.2) + BOUND_SLACK)
    }

    /// The most the query's one-letter tokens can cover of their weight as initials of name
    /// `ni`'s tokens: all of [`Bounds::initials`] but for the alphabetic ones whose letter
    /// opens none of the name's tokens.
    fn initials_met(&self, ni: u32, r: &Reading, b: &Bounds) -> f32 {
        if b.initials <= 0.0 {
            return 0.0;
        }
        let letters = self.initials.of_name[ni as usize];
        let unmet: f32 = b
            .initials_of
            .iter()
            .filter(|i| letters & crate::letter_bit(i.letter) == 0)
            .map(|i| simw::INITIAL * r.weights.get(i.q).copied().unwrap_or(0.0))
            .sum();
        (b.initials - unmet).max(0.0)
    }

    /// The most the name's own tokens can cover, pairing them as the aligner does: alike
    /// tokens at their similarity; a listed token that is two query tokens joined ("jongun")
    /// at the joined similarity for both; a query token written as two listed tokens ("jong
    /// un") only when the name holds two tokens that stand for its parts; a one-letter query
    /// token as the initial of a listed token with its letter. `None` for a name of more tokens
    /// than the aligner reads.
    fn token_cover(&self, ni: u32, r: &Reading, b: &Bounds) -> Option<TokenCover> {
        let rec = &self.names[ni as usize];
        let toks = &self.name_tokens[rec.start as usize..rec.start as usize + rec.len as usize];
        if toks.len() > MAX_TOKENS {
            return None;
        }
        let weight = |q: usize| r.weights.get(q).copied().unwrap_or(0.0);
        let mut per_query = [0f32; MAX_TOKENS];
        // The query tokens one of the name's tokens stands for a part of, and those two do.
        let (mut split_once, mut split_twice) = (0u32, 0u32);
        let mut listed = 0.0;
        for &t in toks {
            let mut best = 0f32;
            if let Some(alike) = r.matches.get(&t) {
                // A token alike to more query tokens than it keeps (a query of one token
                // repeated): the aligner still pairs the equal ones the list left out.
                if alike.is_full() {
                    return None;
                }
                for it in alike.items() {
                    let q = it.q as usize;
                    if q < MAX_TOKENS {
                        per_query[q] = per_query[q].max(it.sim * weight(q));
                    }
                    best = best.max(it.sim);
                }
            }
            for e in b
                .equal_to
                .iter()
                .filter(|e| e.token == t && e.q < MAX_TOKENS)
            {
                per_query[e.q] = per_query[e.q].max(weight(e.q));
                best = 1.0;
            }
            if !b.initials_of.is_empty() {
                let initial = self.initials.of_token[t as usize];
                for &QueryInitial { letter, q } in b.initials_of {
                    if initial == letter {
                        per_query[q] = per_query[q].max(simw::INITIAL * weight(q));
                        best = best.max(simw::INITIAL);
                    }
                }
            }
            let from = if b.linked.is_empty() {
                0
            } else {
                b.linked.partition_point(|x| x.token < t)
            };
            let mut part_of = 0u32;
            for reach in b.linked[from..].iter().take_while(|x| x.token == t) {
                best = best.max(simw::JOINED);
                match reach.link {
                    Link::Joined(a, b) => {
                        for q in [a as usize, b as usize] {
                            if q < MAX_TOKENS {
                                per_query[q] = per_query[q].max(simw::JOINED * weight(q));
                            }
                        }
                    }
                    Link::Split { q, .. } if (q as usize) < MAX_TOKENS => part_of |= 1 << q,
                    Link::Split { .. } => {}
                }
            }
            split_twice |= split_once & part_of;
            split_once |= part_of;
            listed += self.weights[t as usize] * best;
        }
        while split_twice != 0 {
            let q = split_twice.trailing_zeros() as usize;
            per_query[q] = per_query[q].max(simw::JOINED * weight(q));
            split_twice &= split_twice - 1;
        }
        Some(TokenCover {
            query: per_query[..r.weights.len().min(MAX_TOKENS)].iter().sum(),
            listed,
        })
    }

    /// The mean weight (rarity) of the tokens of listed name `ni`.
    fn name_rarity(&self, ni: u32) -> f32 {
        let len = self.names[ni as usize].len.max(1) as f32;
        self.name_weights[ni as usize] / len
    }

    fn first_name_of(&self, ei: u32) -> u32 {
        // Names are stored in entity order: find the first record of this entity.
        self.names.partition_point(|n| n.entity < ei) as u32
    }
}
