//! Screening a query against the index: candidate generation, pruning, scoring, explanation.

use std::cell::RefCell;

use namesake_matcher::align::{align, Side, MAX_TOKENS, SPLIT_TYPO_PART};
use namesake_matcher::similarity::{
    edit_budget, osa_distance, token_similarity, weights as simw, Channels, How, TokenKeys,
};
use namesake_matcher::{
    features, final_score, Explanation, Feature, CJK_PARTIAL_FACTOR, DEFAULT_THRESHOLD,
    WEAK_ALIAS_FACTOR,
};
use namesake_model::{Entity, NameKind, NameQuality, Query, Schema};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::build::{fnv1a, for_each_deletion};
use crate::{is_abjad, is_cjk, kind_code, kind_factor, name_schema, Index, TokId};

/// The most any feature can add to a name score (exact date of birth + shared nationality):
/// pruning keeps every name whose name score plus this could reach the threshold.
const MAX_FEATURE_BONUS: f32 = features::dob::EXACT + features::country::SHARED;

/// How to screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreenOptions {
    /// Report hits at or above this score.
    pub threshold: f32,
    /// At most this many hits, best first.
    pub limit: usize,
    /// Build explanations (alignment and features) for the hits.
    pub explain: bool,
    /// Only these list codes (`un`, `ofac`…); all when `None`.
    pub lists: Option<Vec<String>>,
}

impl Default for ScreenOptions {
    fn default() -> Self {
        ScreenOptions {
            threshold: DEFAULT_THRESHOLD,
            limit: 10,
            explain: true,
            lists: None,
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
    /// Score band: strong, probable, possible.
    pub band: String,
    /// The listed name that matched best.
    pub matched_name: String,
    /// What the publisher says of the entity that an analyst needs beside the score: the
    /// Türkiye wanted list's category and organisation, MASAK's legal basis, programmes.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub details: std::collections::BTreeMap<String, String>,
    /// Why (present when `ScreenOptions::explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
    /// Position of the entity in the index.
    #[serde(skip)]
    pub entity_index: u32,
}

impl Hit {
    /// The hit as the CLI's `--json` output and the native API show it: the same fields, the
    /// score rounded to three places.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "entity_id": self.entity_id,
            "score": (self.score * 1000.0).round() / 1000.0,
            "band": self.band,
            "list": self.list,
            "list_name": self.list_name,
            "name": self.name,
            "schema": self.schema,
            "matched_name": self.matched_name,
            "details": self.details,
            "explanation": self.explanation,
        })
    }
}

/// A query token, with its keys and weight.
#[derive(Debug, Clone)]
struct QToken {
    keys: TokenKeys,
    weight: f32,
    initial: bool,
}

/// One prepared query name.
#[derive(Debug, Clone)]
struct QName {
    /// Which of the query's names this reading came from.
    source: usize,
    tokens: Vec<QToken>,
    abjad: bool,
    cjk: bool,
    set_aside: Vec<String>,
}

/// A query prepared against one index (tokens, weights): reusable for several screenings.
#[derive(Debug, Clone)]
pub struct PreparedQuery {
    query: Query,
    names_given: Vec<String>,
    names: Vec<QName>,
}

/// A dictionary token reached by joining or splitting: the token, its share of the credit and
/// how it stands for the query.
type Reach = (TokId, f32, Link);

/// How a token reached by joining or splitting stands for the query.
#[derive(Clone, Copy)]
enum Link {
    /// Two adjacent query tokens written as this one listed token ("jong un" / "jongun").
    Joined(u8, u8),
    /// One part of a query token written as two listed tokens ("jongun" / "jong un"): a name
    /// earns the credit only with a part from each side (0 and 1) of the same split `group`.
    Split { q: u8, group: u32, side: u8 },
}

/// Where a candidate token's credit comes from.
#[derive(Clone, Copy)]
enum Src<'a> {
    /// Alike to query tokens (exact, variant, phonetic, skeleton, edit).
    Alike(&'a smallvec_like::Small),
    /// Reached by joining or splitting.
    Linked(Link),
}

/// Per query token: the dictionary tokens alike and how.
type TokMatches = FxHashMap<TokId, smallvec_like::Small>;

mod smallvec_like {
    use super::How;
    /// Similarities of one dictionary token to up to 24 query tokens, inline.
    #[derive(Clone, Copy)]
    pub struct Small {
        pub len: u8,
        pub items: [(u8, f32, How); 6],
    }
    impl Small {
        pub fn new() -> Self {
            Small {
                len: 0,
                items: [(0, 0.0, How::Exact); 6],
            }
        }
        pub fn put(&mut self, q: u8, s: f32, h: How) {
            for it in &mut self.items[..self.len as usize] {
                if it.0 == q {
                    if s > it.1 {
                        *it = (q, s, h);
                    }
                    return;
                }
            }
            if (self.len as usize) < self.items.len() {
                self.items[self.len as usize] = (q, s, h);
                self.len += 1;
            } else if let Some(low) = self.items.iter_mut().min_by(|a, b| a.1.total_cmp(&b.1)) {
                // Full: keep the best similarities, so that `best` stays exact.
                if s > low.1 {
                    *low = (q, s, h);
                }
            }
        }
        pub fn get(&self, q: u8) -> Option<(f32, How)> {
            self.items[..self.len as usize]
                .iter()
                .find(|it| it.0 == q)
                .map(|it| (it.1, it.2))
        }
        pub fn best(&self) -> f32 {
            self.items[..self.len as usize]
                .iter()
                .map(|it| it.1)
                .fold(0.0, f32::max)
        }
    }
}

struct Scratch {
    /// Per name: the query weight and the listed weight its tokens can cover, at most.
    acc: Vec<[f32; 2]>,
    touched: Vec<u32>,
    /// (bound, name) of the names that pass the pruning floor.
    cands: Vec<(f32, u32)>,
}

/// The best `k` entities found so far, by final score then list order (as hits are sorted).
struct TopK {
    k: usize,
    items: Vec<(f32, u32)>,
    worst: Option<(f32, u32)>,
}

impl TopK {
    fn new(k: usize) -> Self {
        TopK {
            k,
            items: Vec::new(),
            worst: None,
        }
    }
    /// The weakest of the `k`, once there are `k`.
    fn worst(&self) -> Option<(f32, u32)> {
        self.worst
    }
    fn offer(&mut self, score: f32, entity: u32) {
        if self.k == 0 {
            return;
        }
        let weaker = |a: &(f32, u32), b: &(f32, u32)| a.0 < b.0 || (a.0 == b.0 && a.1 > b.1);
        if self.items.len() < self.k {
            self.items.push((score, entity));
        } else if let Some(w) = self.worst {
            if weaker(&w, &(score, entity)) {
                if let Some(pos) = self.items.iter().position(|x| *x == w) {
                    self.items[pos] = (score, entity);
                }
            } else {
                return;
            }
        }
        if self.items.len() == self.k {
            self.worst = self
                .items
                .iter()
                .copied()
                .reduce(|a, b| if weaker(&b, &a) { b } else { a });
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = const {
        RefCell::new(Scratch {
            acc: Vec::new(),
            touched: Vec::new(),
            cands: Vec::new(),
        })
    };
}

/// A dictionary token met by a query reading: the query weight and the listed weight it can
/// cover at most, and where its credit comes from.
type Contrib<'a> = (TokId, f32, f32, Src<'a>);

/// Added to every bound, since float sums in another order may differ in the last bits.
const BOUND_SLACK: f32 = 1e-4;

/// Above this many postings to walk, a query is seeded first (see `Index::set_seed_above`).
const SEED_WORTH: usize = 20_000;

/// How many names the seeding scores, at most.
const SEED_NAMES: usize = 256;

/// One query reading as scoring sees it.
struct Reading<'a> {
    qtexts: &'a [&'a str],
    qweights: &'a [f32],
    matches: &'a TokMatches,
}

/// How many posting entries the seeding looks through, at most.
const SEED_SCAN: usize = 16_384;

/// How many of the most alike listed tokens per query token the seeding tries.
const SEED_ALIKE: usize = 3;

/// Best result so far for one entity.
#[derive(Clone, Copy)]
struct Best {
    name_score: f32,
    qname: usize,
    name: u32,
}

impl Index {
    /// Prepares a query's names against this index's dictionary.
    pub fn prepare_query(&self, query: &Query) -> PreparedQuery {
        let names_given = query.all_names();
        let schema = name_schema(query.schema);
        let mut names = Vec::new();
        for (si, n) in names_given.iter().enumerate() {
            let p = namesake_text::prepare(n, schema);
            let abjad = is_abjad(p.script);
            let cjk = is_cjk(p.script);
            for reading in std::iter::once(&p.tokens).chain(p.alternates.iter()) {
                let tokens: Vec<QToken> = reading
                    .iter()
                    .take(MAX_TOKENS)
                    .map(|t| {
                        let keys = TokenKeys::new(&t.text);
                        let kf = kind_factor(kind_code(t.kind));
                        // A one-letter syllable of a Chinese or Korean name (이 → "i") is a name,
                        // not an initial.
                        let initial =
                            !cjk && t.text.len() == 1 && t.kind == namesake_text::TokenKind::Name;
                        let weight = if initial {
                            crate::build::INITIAL_WEIGHT
                        } else {
                            match self.by_text.get(&t.text) {
                                Some(&id) => self.weights[id as usize],
                                None => kf,
                            }
                        };
                        QToken {
                            keys,
                            weight,
                            initial,
                        }
                    })
                    .collect();
                if tokens.is_empty()
                    || names
                        .iter()
                        .any(|q: &QName| same_tokens(&q.tokens, &tokens))
                {
                    continue;
                }
                names.push(QName {
                    source: si,
                    tokens,
                    abjad,
                    cjk,
                    set_aside: p.set_aside.clone(),
                });
            }
        }
        PreparedQuery {
            query: query.clone(),
            names_given,
            names,
        }
    }

    /// Screens one query: hits at or above the threshold, best first.
    pub fn screen(&self, query: &Query, opts: &ScreenOptions) -> Vec<Hit> {
        let pq = self.prepare_query(query);
        self.screen_prepared(&pq, opts)
    }

    /// Finds every dictionary token alike to each query token.
    fn token_matches(&self, qn: &QName) -> (TokMatches, Vec<Reach>) {
        let mut m: TokMatches = FxHashMap::default();
        // Tokens reached only through joining/splitting: they count towards the bound.
        let mut reach: Vec<Reach> = Vec::new();
        let mut groups: u32 = 0;
        let mut cands: Vec<TokId> = Vec::new();
        for (qi, qt) in qn.tokens.iter().enumerate() {
            if qt.initial {
                continue;
            }
            cands.clear();
            let k = &qt.keys;
            if let Some(&id) = self.by_text.get(&k.text) {
                cands.push(id);
            }
            if let Some(g) = k.group {
                if let Some(v) = self.by_group.get(&g) {
                    cands.extend_from_slice(v);
                }
            }
            if k.phonetic.len() >= 2 {
                if let Some(v) = self.by_phonetic.get(&k.phonetic) {
                    cands.extend_from_slice(v);
                }
            }
            if !k.skeleton.is_empty() {
                if let Some(v) = self.by_skeleton.get(&k.skeleton) {
                    cands.extend(
                        v.iter()
                            .copied()
                            .filter(|&t| qn.abjad || self.tokens[t as usize].abjad),
                    );
                }
            }
            let budget = if qn.cjk { 0 } else { edit_budget(k.text.len()) };
            if budget > 0 {
                for_each_deletion(k.text.as_bytes(), budget, &mut |d| {
                    if let Some(v) = self.deletes.get(&fnv1a(d)) {
                        cands.extend_from_slice(v);
                    }
                });
            }
            // Article glued on or missing: "albaghdadi" / "baghdadi".
            for art in ["al", "el", "ul"] {
                if let Some(rest) = k.text.strip_prefix(art) {
                    if let Some(&id) = self.by_text.get(rest) {
                        cands.push(id);
                    }
                }
                if let Some(&id) = self.by_text.get(&format!("{art}{}", k.text)) {
                    cands.push(id);
                }
            }
            cands.sort_unstable();
            cands.dedup();
            for &t in &cands {
                let info = &self.tokens[t as usize];
                let channels = Channels {
                    skeleton: self.skeleton_applies(qn, t),
                    edit: !qn.cjk && info.non_cjk,
                };
                if let Some((s, how)) = token_similarity(k, &info.keys, channels) {
                    m.entry(t)
                        .or_insert_with(smallvec_like::Small::new)
                        .put(qi as u8, s, how);
                }
            }
            // A listed initial stands for any name part with its letter ("j" for "john"): the
            // aligner meets it so, and the pruning bound must count it.
            if let [b0, _, ..] = k.text.as_bytes() {
                if b0.is_ascii() {
                    if let Some(&id) = self.by_text.get(&k.text[..1]) {
                        m.entry(id).or_insert_with(smallvec_like::Small::new).put(
                            qi as u8,
                            simw::INITIAL,
                            How::Initial,
                        );
                    }
                }
            }
            // A query token that is two listed tokens written as one ("jongun"). The credit is
            // shared between the two parts by length, so the bound stays an upper bound while a
            // name holding only one part ("al" of "alice") is not lifted by the whole weight.
            let text = k.text.as_str();
            let len = text.len() as f32;
            let w = qt.weight * simw::JOINED;
            let q = qi as u8;
            // One split group: the tokens that may stand for the part before the cut, and for
            // the part after it.
            let mut group = |pre: &[TokId], suf: &[TokId], cut: usize| {
                if pre.is_empty() || suf.is_empty() {
                    return;
                }
                let g = groups;
                groups += 1;
                let link = |side| Link::Split { q, group: g, side };
                let (a, b) = (w * cut as f32 / len, w * (len - cut as f32) / len);
                reach.extend(pre.iter().map(|&x| (x, a, link(0))));
                reach.extend(suf.iter().map(|&y| (y, b, link(1))));
            };
            let long = text.len() >= 8;
            let mut swapped = text.as_bytes().to_vec();
            for cut in 1..text.len() {
                if !text.is_char_boundary(cut) {
                    continue;
                }
                let (pre, suf) = text.split_at(cut);
                let (px, sx) = (self.by_text.get(pre), self.by_text.get(suf));
                if let (Some(&x), Some(&y)) = (px, sx) {
                    group(&[x], &[y], cut);
                }
                if !long {
                    continue;
                }
                // With one typo (the aligner allows it on long tokens, listed parts of
                // `SPLIT_TYPO_PART` letters or more): one part as written and the other within
                // one edit ("abdurrahman" / "abdul rahman")…
                if let Some(&x) = px.filter(|_| pre.len() >= SPLIT_TYPO_PART) {
                    group(&[x], &self.within_one_edit(suf), cut);
                }
                if let Some(&y) = sx.filter(|_| suf.len() >= SPLIT_TYPO_PART) {
                    group(&self.within_one_edit(pre), &[y], cut);
                }
                // …or two letters swapped across the cut ("abdurlahman").
                let b = text.as_bytes();
                if b[cut - 1].is_ascii() && b[cut].is_ascii() {
                    swapped.copy_from_slice(b);
                    swapped.swap(cut - 1, cut);
                    if let (Ok(pre), Ok(suf)) = (
                        std::str::from_utf8(&swapped[..cut]),
                        std::str::from_utf8(&swapped[cut..]),
                    ) {
                        if let (Some(&x), Some(&y)) = (self.by_text.get(pre), self.by_text.get(suf))
                        {
                            group(&[x], &[y], cut);
                        }
                    }
                }
            }
        }
        // Two query tokens that are one listed token ("jong un" / "jongun").
        for i in 0..qn.tokens.len().saturating_sub(1) {
            let (a, b) = (&qn.tokens[i], &qn.tokens[i + 1]);
            let cat = format!("{}{}", a.keys.text, b.keys.text);
            let w = (a.weight + b.weight) * simw::JOINED;
            let (qa, qb) = (i as u8, (i + 1) as u8);
            if let Some(&id) = self.by_text.get(&cat) {
                reach.push((id, w, Link::Joined(qa, qb)));
            }
            // The aligner joins with a typo only when both sides have 8 letters or more.
            let budget = usize::from(cat.len() >= 8);
            for_each_deletion(cat.as_bytes(), budget, &mut |d| {
                if let Some(v) = self.deletes.get(&fnv1a(d)) {
                    reach.extend(v.iter().map(|&t| (t, w, Link::Joined(qa, qb))));
                }
            });
        }
        (m, reach)
    }

    /// Dictionary tokens of `SPLIT_TYPO_PART` letters or more within one edit (OSA) of `s`, found
    /// through the deletion neighbourhoods.
    fn within_one_edit(&self, s: &str) -> Vec<TokId> {
        let mut out: Vec<TokId> = Vec::new();
        for_each_deletion(s.as_bytes(), 1, &mut |d| {
            if let Some(v) = self.deletes.get(&fnv1a(d)) {
                out.extend_from_slice(v);
            }
        });
        out.sort_unstable();
        out.dedup();
        out.retain(|&t| {
            let t = &self.tokens[t as usize].keys.text;
            t.len() >= SPLIT_TYPO_PART && osa_distance(s.as_bytes(), t.as_bytes(), 1).is_some()
        });
        out
    }

    /// Candidate generation alone: how many dictionary tokens are alike to the query's tokens,
    /// over all its readings (for benchmarks and diagnostics).
    pub fn candidate_tokens(&self, pq: &PreparedQuery) -> usize {
        pq.names
            .iter()
            .map(|qn| {
                let (m, reach) = self.token_matches(qn);
                m.len() + reach.len()
            })
            .sum()
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
        let q = &pq.query;
        let mut best: FxHashMap<u32, Best> = FxHashMap::default();
        // The most the query's features can add: only what it states can earn a bonus.
        let query_bonus = if q.birth_dates.is_empty() {
            0.0
        } else {
            features::dob::EXACT
        } + if q.countries.is_empty() {
            0.0
        } else {
            features::country::SHARED
        };
        debug_assert!(query_bonus <= MAX_FEATURE_BONUS);
        let bound_floor = if prune {
            opts.threshold - query_bonus
        } else {
            f32::NEG_INFINITY
        };
        // A query with nothing but names: features neither add nor take away.
        let plain = q.identifiers.is_empty()
            && q.birth_dates.is_empty()
            && q.countries.is_empty()
            && q.gender.is_none();
        let mut top = TopK::new(if prune { opts.limit } else { 0 });
        let list_ok = |e: &Entity| {
            opts.lists
                .as_ref()
                .is_none_or(|l| l.iter().any(|c| c == &e.list))
        };

        // Token matches per query reading, computed once: scoring and explanations share them.
        let all_matches: Vec<(TokMatches, Vec<Reach>)> =
            pq.names.iter().map(|qn| self.token_matches(qn)).collect();
        for (qni, qn) in pq.names.iter().enumerate() {
            let (matches, reach) = &all_matches[qni];
            let total_q: f32 = qn.tokens.iter().map(|t| t.weight).sum();
            if total_q <= 0.0 {
                continue;
            }
            // The aligner meets any one-letter query token with a listed token of that letter
            // as an initial (a particle "e" as well as a name's "E."): credit it up front.
            let initials: f32 = qn
                .tokens
                .iter()
                .filter(|t| t.keys.text.len() == 1)
                .map(|t| t.weight * simw::INITIAL)
                .sum();
            SCRATCH.with(|s| {
                let mut s = s.borrow_mut();
                let s = &mut *s;
                if s.acc.len() < self.names.len() {
                    s.acc.resize(self.names.len(), [0.0; 2]);
                }
                let add = |tok: TokId, v: f32, vc: f32, s: &mut Scratch| {
                    for &n in &self.postings[tok as usize] {
                        let a = &mut s.acc[n as usize];
                        if a[0] == 0.0 {
                            s.touched.push(n);
                        }
                        a[0] += v;
                        a[1] += vc;
                    }
                };
                let mut qtexts: [&str; MAX_TOKENS] = [""; MAX_TOKENS];
                let mut qweights = [0f32; MAX_TOKENS];
                let nq = qn.tokens.len().min(MAX_TOKENS);
                for (i, t) in qn.tokens.iter().take(nq).enumerate() {
                    qtexts[i] = &t.keys.text;
                    qweights[i] = t.weight;
                }
                let reading = Reading {
                    qtexts: &qtexts[..nq],
                    qweights: &qweights[..nq],
                    matches,
                };
                let consider = |ni: u32, best: &mut FxHashMap<u32, Best>, top: &mut TopK| {
                    let rec = &self.names[ni as usize];
                    let score = self
                        .score_name(qn, reading.qtexts, reading.qweights, matches, ni, false)
                        .score;
                    let score = if rec.weak {
                        score * WEAK_ALIAS_FACTOR
                    } else {
                        score
                    };
                    let mut first = false;
                    let e = best.entry(rec.entity).or_insert_with(|| {
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
                        // The entity's first score stands for it in the top-k (a later, better
                        // name only raises it, so this errs on the safe side).
                        let fin = if plain {
                            final_score(score.max(0.0), &[])
                        } else {
                            let entity = &self.entities[rec.entity as usize];
                            final_score(score.max(0.0), &self.features(q, entity))
                        };
                        if fin >= opts.threshold {
                            top.offer(fin, rec.entity);
                        }
                    }
                };
                // Each dictionary token's most a name can gain from it: a listed token aligns
                // with one query token (joined pairs are credited through `reach`), so its best
                // weighted similarity. Names that hold a token twice are flagged `repeats`.
                // Beside it, the listed weight it can cover: its own weight times its best
                // similarity.
                let contribs: Vec<Contrib> = matches
                    .iter()
                    .map(|(&tok, sm)| {
                        let mut v: f32 = 0.0;
                        for it in &sm.items[..sm.len as usize] {
                            v = v.max(it.1 * qn.tokens[it.0 as usize].weight);
                        }
                        let vc = self.weights[tok as usize] * sm.best();
                        (tok, v.max(sm.best() * 1e-3), vc, Src::Alike(sm))
                    })
                    .chain(reach.iter().map(|&(tok, v, link)| {
                        let vc = self.weights[tok as usize] * simw::JOINED;
                        (tok, v.max(1e-6), vc, Src::Linked(link))
                    }))
                    .collect();
                // Seeding, for a query whose tokens open many names: score some names that
                // hold its best-matching tokens, so that the top-k is full (and the floor
                // raised) before any posting is walked. A name scored gives a true lower bound;
                // nothing is pruned by it that could still enter the hits.
                let work: usize = contribs
                    .iter()
                    .map(|c| self.postings[c.0 as usize].len())
                    .sum();
                if prune && work > self.seed_above.unwrap_or(SEED_WORTH) {
                    let seeds = self.seed_names(&reading, SEED_NAMES);
                    for ni in seeds {
                        let rec = &self.names[ni as usize];
                        if q.schema.compatible(rec.schema)
                            && (opts.lists.is_none()
                                || list_ok(&self.entities[rec.entity as usize]))
                        {
                            consider(ni, &mut best, &mut top);
                        }
                    }
                }
                let floor = match top.worst() {
                    Some((w, _)) => bound_floor.max(w - query_bonus),
                    None => bound_floor,
                };
                let need =
                    namesake_matcher::align::min_query_coverage(floor) * total_q * 0.999 - initials;
                let (essential, tail) = self.partition(&contribs, reading.qweights, need);
                for &i in &essential {
                    add(contribs[i].0, contribs[i].1, contribs[i].2, s);
                }
                for &i in &tail {
                    let (tok, v, vc, _) = contribs[i];
                    let posting = &self.postings[tok as usize];
                    if posting.len() > s.touched.len() * 4 {
                        for &n in &s.touched {
                            if posting.binary_search(&n).is_ok() {
                                let a = &mut s.acc[n as usize];
                                a[0] += v;
                                a[1] += vc;
                            }
                        }
                    } else {
                        for &n in posting {
                            let a = &mut s.acc[n as usize];
                            if a[0] != 0.0 {
                                a[0] += v;
                                a[1] += vc;
                            }
                        }
                    }
                }
                let touched = std::mem::take(&mut s.touched);
                let mut cands = std::mem::take(&mut s.cands);
                cands.clear();
                for &ni in &touched {
                    let [acc, acc_c] = std::mem::take(&mut s.acc[ni as usize]);
                    let repeats = self.repeats[ni as usize / 64] & (1 << (ni % 64)) != 0;
                    // Cheap test first: `need` is below what the bound asks.
                    if acc < need && !repeats {
                        continue;
                    }
                    let rec = &self.names[ni as usize];
                    let bound = if repeats {
                        1.0
                    } else {
                        let cov_q = ((acc + initials) / total_q).min(1.0);
                        // A one-letter query token may cover, as an initial, a listed token that
                        // `acc_c` knows nothing of.
                        let cov_c = if initials > 0.0 {
                            1.0
                        } else {
                            (acc_c / self.name_weights[ni as usize]).min(1.0)
                        };
                        // A little slack: the scorer sums the same terms in another order.
                        namesake_matcher::align::combine(cov_q, cov_c) + BOUND_SLACK
                    };
                    if bound < floor {
                        continue;
                    }
                    if !q.schema.compatible(rec.schema)
                        || (opts.lists.is_some() && !list_ok(&self.entities[rec.entity as usize]))
                    {
                        continue;
                    }
                    cands.push((bound, ni));
                }
                // Many candidates (a common name over a large list): best bound first, so that
                // once `limit` entities are in hand the rest can be passed over.
                let ordered = cands.len() > opts.limit.saturating_mul(4);
                if ordered {
                    cands.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                }
                for &(bound, ni) in &cands {
                    let rec = &self.names[ni as usize];
                    if let Some(worst) = top.worst() {
                        // Top-k pruning: this name cannot beat the weakest of the `limit`
                        // entities already found (score first, then list order, as hits are
                        // sorted), whatever its features add.
                        let cap = bound + query_bonus;
                        if cap < worst.0 {
                            if ordered {
                                break;
                            }
                            continue;
                        }
                        if cap == worst.0 && rec.entity > worst.1 {
                            continue;
                        }
                    }
                    consider(ni, &mut best, &mut top);
                }
                s.cands = cands;
                s.touched = touched;
                s.touched.clear();
            });
        }

        // Identical identifiers reach the entity whatever its names.
        for id in &q.identifiers {
            let v = id.normalized();
            if let Some(ents) = self.by_identifier.get(&v) {
                for &ei in ents {
                    let entity = &self.entities[ei as usize];
                    if list_ok(entity) && q.schema.compatible(entity.schema) {
                        best.entry(ei).or_insert(Best {
                            name_score: 0.0,
                            qname: 0,
                            name: self.first_name_of(ei),
                        });
                    }
                }
            }
        }

        let mut hits: Vec<(f32, u32, Best, Vec<Feature>)> = Vec::new();
        for (ei, b) in best {
            let entity = &self.entities[ei as usize];
            let feats = self.features(q, entity);
            let score = final_score(b.name_score.max(0.0), &feats);
            if score >= opts.threshold {
                hits.push((score, ei, b, feats));
            }
        }
        // Equal scores: the lists in the order they were given, then the publisher's order
        // (entities are laid out that way), so `--list un.xml --list sdn.csv` puts a UN entry
        // first when both lists carry the same person.
        hits.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        hits.truncate(opts.limit);
        hits.into_iter()
            .map(|scored| {
                let qname = scored.2.qname.min(all_matches.len().saturating_sub(1));
                self.make_hit(pq, &all_matches[qname].0, scored, opts.explain)
            })
            .collect()
    }

    /// MaxScore: splits the contributions into essential ones, whose postings open names, and a
    /// tail, whose postings only add to names already open. A name that holds no essential
    /// token can gather, for each query token, at most its best similarity among the tail's
    /// tokens (a name aligns each query token once; a joined pair counts at the joined weight);
    /// the tail is kept below `need`, so no name that could reach the floor is left unopened.
    /// The tail is filled greedily, longest postings first, in a few orders (plain, and each
    /// query token's tokens first); the split that leaves the fewest postings to open wins.
    fn partition(
        &self,
        contribs: &[Contrib],
        qweights: &[f32],
        need: f32,
    ) -> (Vec<usize>, Vec<usize>) {
        let nq = qweights.len().min(MAX_TOKENS);
        let groups = contribs
            .iter()
            .filter_map(|c| match c.3 {
                Src::Linked(Link::Split { group, .. }) => Some(group as usize + 1),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        // What the tail holds once `c` joins it: per query token, the best similarity; per
        // split group, which sides (a split counts once the tail has both). Returns the split
        // group changed and its former state, to undo.
        let sims = |c: &Contrib, sim: &mut [f32; MAX_TOKENS], sides: &mut [u8]| {
            let mut raise = |q: u8| {
                if (q as usize) < MAX_TOKENS {
                    sim[q as usize] = sim[q as usize].max(simw::JOINED);
                }
            };
            match c.3 {
                Src::Alike(sm) => {
                    for it in &sm.items[..sm.len as usize] {
                        let q = it.0 as usize;
                        if q < MAX_TOKENS {
                            sim[q] = sim[q].max(it.1);
                        }
                    }
                    None
                }
                Src::Linked(Link::Joined(a, b)) => {
                    raise(a);
                    raise(b);
                    None
                }
                Src::Linked(Link::Split { q, group, side }) => {
                    let g = &mut sides[group as usize];
                    let before = *g;
                    *g |= 1 << side;
                    if *g == 3 {
                        raise(q);
                    }
                    Some((group as usize, before))
                }
            }
        };
        let involves = |c: &Contrib, q: usize| match c.3 {
            Src::Alike(sm) => sm.items[..sm.len as usize]
                .iter()
                .any(|it| it.0 as usize == q),
            Src::Linked(Link::Joined(a, b)) => a as usize == q || b as usize == q,
            Src::Linked(Link::Split { q: a, .. }) => a as usize == q,
        };
        let plen = |i: usize| self.postings[contribs[i].0 as usize].len();
        let mut base: Vec<usize> = (0..contribs.len()).collect();
        base.sort_unstable_by_key(|&i| (std::cmp::Reverse(plen(i)), i));
        let fill = |order: &[usize]| -> (usize, Vec<bool>) {
            let mut tail_sim = [0f32; MAX_TOKENS];
            let mut tail_sides = vec![0u8; groups];
            let mut in_tail = vec![false; contribs.len()];
            let mut opened = 0;
            for &i in order {
                let mut sim = tail_sim;
                let undo = sims(&contribs[i], &mut sim, &mut tail_sides);
                let bound: f32 = (0..nq).map(|q| sim[q] * qweights[q]).sum();
                if bound < need {
                    tail_sim = sim;
                    in_tail[i] = true;
                } else {
                    if let Some((g, before)) = undo {
                        tail_sides[g] = before;
                    }
                    opened += plen(i);
                }
            }
            (opened, in_tail)
        };
        let mut best = fill(&base);
        // Each query token's tokens first: for "anan apan" with a typo in the rarer part, the
        // tail can take every token alike to that part and leave the other's few to open.
        for q in 0..nq.min(8) {
            if best.0 == 0 {
                break;
            }
            let (mut first, rest): (Vec<usize>, Vec<usize>) =
                base.iter().partition(|&&i| involves(&contribs[i], q));
            first.extend(rest);
            let tried = fill(&first);
            if tried.0 < best.0 {
                best = tried;
            }
        }
        let (mut essential, mut tail) = (Vec::new(), Vec::new());
        for (i, t) in best.1.into_iter().enumerate() {
            if t {
                tail.push(i);
            } else {
                essential.push(i);
            }
        }
        (essential, tail)
    }

    /// Up to `n` names likely to score well, found cheaply: names that hold, for every query
    /// token, its most alike listed token; then names that hold one of the few most alike
    /// tokens of each of the two weightiest query tokens. Scored first, they fill the top-k
    /// early and so raise the floor that prunes the rest.
    fn seed_names(&self, r: &Reading, n: usize) -> Vec<u32> {
        let nq = r.qtexts.len();
        // Per query token: (similarity, the query's own text, posting length, token), best first.
        let mut alike: Vec<Vec<(f32, bool, usize, TokId)>> = vec![Vec::new(); nq];
        for (&tok, sm) in r.matches {
            for &(q, sim, _) in &sm.items[..sm.len as usize] {
                let q = q as usize;
                if q < nq {
                    let exact = self.tokens[tok as usize].keys.text == r.qtexts[q];
                    alike[q].push((sim, exact, self.postings[tok as usize].len(), tok));
                }
            }
        }
        for a in &mut alike {
            a.sort_unstable_by(|x, y| {
                y.0.total_cmp(&x.0)
                    .then(y.1.cmp(&x.1))
                    .then(x.2.cmp(&y.2))
                    .then(x.3.cmp(&y.3))
            });
            a.truncate(SEED_ALIKE);
        }
        let mut qs: Vec<usize> = (0..nq).filter(|&q| !alike[q].is_empty()).collect();
        qs.sort_by(|&a, &b| r.qweights[b].total_cmp(&r.qweights[a]).then(a.cmp(&b)));

        let mut out: Vec<u32> = Vec::new();
        let mut budget = SEED_SCAN;
        // Names in every one of `toks`' postings, walking the shortest.
        let mut intersect = |toks: &[TokId], out: &mut Vec<u32>| {
            let mut lists: Vec<&[u32]> = toks
                .iter()
                .map(|&t| self.postings[t as usize].as_slice())
                .collect();
            lists.sort_by_key(|p| p.len());
            let Some((short, rest)) = lists.split_first() else {
                return;
            };
            for ni in short.iter() {
                if budget == 0 || out.len() >= n {
                    return;
                }
                budget -= 1;
                if rest.iter().all(|p| p.binary_search(ni).is_ok()) && !out.contains(ni) {
                    out.push(*ni);
                }
            }
        };
        match qs.as_slice() {
            [] => {}
            [a] => {
                for &(_, _, _, t) in &alike[*a] {
                    intersect(&[t], &mut out);
                }
            }
            [a, b, rest @ ..] => {
                if !rest.is_empty() {
                    let all: Vec<TokId> = qs.iter().map(|&q| alike[q][0].3).collect();
                    intersect(&all, &mut out);
                }
                let mut pairs: Vec<(f32, TokId, TokId)> = Vec::new();
                for &(sa, _, _, ta) in &alike[*a] {
                    for &(sb, _, _, tb) in &alike[*b] {
                        pairs.push((sa * r.qweights[*a] + sb * r.qweights[*b], ta, tb));
                    }
                }
                pairs.sort_by(|x, y| y.0.total_cmp(&x.0));
                for (_, ta, tb) in pairs {
                    intersect(&[ta, tb], &mut out);
                }
            }
        }
        out
    }

    /// Consonant skeletons are compared when one side was written in an abjad and neither is
    /// a Han/Hangul/Kana syllable.
    fn skeleton_applies(&self, qn: &QName, t: TokId) -> bool {
        let info = &self.tokens[t as usize];
        !qn.cjk && ((qn.abjad && info.non_cjk) || info.abjad)
    }

    fn first_name_of(&self, ei: u32) -> u32 {
        // Names are stored in entity order: find the first record of this entity.
        self.names.partition_point(|n| n.entity < ei) as u32
    }

    fn features(&self, q: &Query, entity: &Entity) -> Vec<Feature> {
        let mut f = Vec::new();
        if let Some(x) = features::identifier(&q.identifiers, &entity.identifiers) {
            f.push(x);
        }
        if let Some(x) = features::birth_date(&q.birth_dates, &entity.birth_dates) {
            f.push(x);
        }
        if let Some(x) = features::nationality(&q.countries, entity) {
            f.push(x);
        }
        if let Some(x) = features::gender(q.gender, entity.gender) {
            f.push(x);
        }
        f
    }

    fn score_name(
        &self,
        qn: &QName,
        qtexts: &[&str],
        qweights: &[f32],
        matches: &TokMatches,
        ni: u32,
        explain: bool,
    ) -> namesake_matcher::Alignment {
        let rec = &self.names[ni as usize];
        let toks = &self.name_tokens[rec.start as usize..rec.start as usize + rec.len as usize];
        let mut ctexts: [&str; MAX_TOKENS] = [""; MAX_TOKENS];
        let mut cweights = [0f32; MAX_TOKENS];
        let mut rows: [Option<&smallvec_like::Small>; MAX_TOKENS] = [None; MAX_TOKENS];
        let m = toks.len().min(MAX_TOKENS);
        for (j, &t) in toks.iter().take(m).enumerate() {
            ctexts[j] = &self.tokens[t as usize].keys.text;
            cweights[j] = self.weights[t as usize];
            rows[j] = matches.get(&t);
        }
        let mut a = align(
            Side {
                texts: qtexts,
                weights: qweights,
            },
            Side {
                texts: &ctexts[..m],
                weights: &cweights[..m],
            },
            // A one-letter token of a name not written in Han or Hangul ("I" of "I&S Holding")
            // is an initial: met as itself or as an initial, never as the Korean surname 이
            // ("i" / "lee").
            |i, j| {
                if !rec.cjk && ctexts[j].len() == 1 && qtexts[i] != ctexts[j] {
                    return None;
                }
                rows[j].and_then(|r| r.get(i as u8))
            },
            explain,
        );
        if qn.cjk && a.unmatched.0 + a.unmatched.1 > 0 && a.score > 0.0 {
            a.score *= CJK_PARTIAL_FACTOR;
            if explain {
                a.notes.push(format!(
                    "a syllable of a Chinese/Korean name unmatched: ×{CJK_PARTIAL_FACTOR}"
                ));
            }
        }
        a
    }

    fn make_hit(
        &self,
        pq: &PreparedQuery,
        matches: &TokMatches,
        (score, ei, b, feats): (f32, u32, Best, Vec<Feature>),
        explain: bool,
    ) -> Hit {
        let entity = &self.entities[ei as usize];
        let rec = &self.names[b.name as usize];
        let name = entity.names.get(rec.name as usize);
        let matched_name = name.map(|n| n.full.clone()).unwrap_or_default();
        let explanation = explain.then(|| {
            let qn = &pq.names[b.qname.min(pq.names.len().saturating_sub(1))];
            let qtexts: Vec<&str> = qn.tokens.iter().map(|t| t.keys.text.as_str()).collect();
            let qweights: Vec<f32> = qn.tokens.iter().map(|t| t.weight).collect();
            let alignment = self.score_name(qn, &qtexts, &qweights, matches, b.name, true);
            let kind = match name.map(|n| n.kind) {
                Some(NameKind::Primary) | None => "primary",
                Some(NameKind::Alias) => "alias",
                Some(NameKind::Former) => "former",
                Some(NameKind::OriginalScript) => "original script",
            };
            let weak = name.is_some_and(|n| n.quality == NameQuality::Weak);
            Explanation {
                query_name: pq.names_given.get(qn.source).cloned().unwrap_or_default(),
                matched_name: matched_name.clone(),
                name_kind: if weak {
                    format!("{kind} (weak)")
                } else {
                    kind.to_string()
                },
                set_aside: qn.set_aside.clone(),
                name_score: b.name_score.max(0.0),
                alignment,
                features: feats,
            }
        });
        Hit {
            entity_id: entity.id.clone(),
            list: entity.list.clone(),
            list_name: self.list_name(&entity.list).to_string(),
            name: entity.primary_name().unwrap_or_default().to_string(),
            schema: entity.schema,
            score,
            band: namesake_matcher::band(score).to_string(),
            matched_name,
            details: details(entity),
            explanation,
            entity_index: ei,
        }
    }
}

/// Facts shown with every hit.
const SHOWN_FACTS: [&str; 3] = ["category", "organisation", "legal_basis"];

fn details(e: &Entity) -> std::collections::BTreeMap<String, String> {
    let mut d: std::collections::BTreeMap<String, String> = SHOWN_FACTS
        .iter()
        .filter_map(|k| e.facts.get(*k).map(|v| (k.to_string(), v.clone())))
        .collect();
    if !e.programs.is_empty() {
        d.insert("programs".into(), e.programs.join("; "));
    }
    d
}

fn same_tokens(a: &[QToken], b: &[QToken]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.keys.text == y.keys.text)
}
