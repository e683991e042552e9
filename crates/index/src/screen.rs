//! Screening a query against the index: candidate generation, pruning, scoring, explanation.

use std::cell::RefCell;

use namesake_matcher::align::{align, Side, MAX_TOKENS};
use namesake_matcher::similarity::{
    edit_budget, token_similarity, weights as simw, Channels, How, TokenKeys,
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

/// A dictionary token reached by joining or splitting: (token, its share of the credit, the
/// query token or pair it stands for; `u8::MAX` when one).
type Reach = (TokId, f32, u8, u8);

/// Where a candidate token's credit comes from.
#[derive(Clone, Copy)]
enum Src<'a> {
    /// Alike to query tokens (exact, variant, phonetic, skeleton, edit).
    Alike(&'a smallvec_like::Small),
    /// Part of a joined or split pair for these query tokens.
    Joined(u8, u8),
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
    acc: Vec<f32>,
    touched: Vec<u32>,
    /// Per sorted contribution: the most a name first met there can still gather.
    suffix: Vec<f32>,
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
            suffix: Vec::new(),
            cands: Vec::new(),
        })
    };
}

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
            // A query token that is two listed tokens written as one ("jongun"). The credit is
            // shared between the two parts by length, so the bound stays an upper bound while a
            // name holding only one part ("al" of "alice") is not lifted by the whole weight.
            let b = k.text.as_bytes();
            let len = b.len() as f32;
            for cut in 2..b.len().saturating_sub(1) {
                if !k.text.is_char_boundary(cut) {
                    continue;
                }
                if let (Some(&x), Some(&y)) = (
                    self.by_text.get(&k.text[..cut]),
                    self.by_text.get(&k.text[cut..]),
                ) {
                    let w = qt.weight * simw::JOINED;
                    let q = qi as u8;
                    reach.push((x, w * cut as f32 / len, q, u8::MAX));
                    reach.push((y, w * (len - cut as f32) / len, q, u8::MAX));
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
                reach.push((id, w, qa, qb));
            }
            let budget = edit_budget(cat.len());
            for_each_deletion(cat.as_bytes(), budget, &mut |d| {
                if let Some(v) = self.deletes.get(&fnv1a(d)) {
                    reach.extend(v.iter().map(|&t| (t, w, qa, qb)));
                }
            });
        }
        (m, reach)
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
        let bound_floor = opts.threshold - query_bonus;
        let mut top = TopK::new(opts.limit);
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
            let initials: f32 = qn
                .tokens
                .iter()
                .filter(|t| t.initial)
                .map(|t| t.weight * simw::INITIAL)
                .sum();
            SCRATCH.with(|s| {
                let mut s = s.borrow_mut();
                let s = &mut *s;
                if s.acc.len() < self.names.len() {
                    s.acc.resize(self.names.len(), 0.0);
                }
                let add = |tok: TokId, v: f32, s: &mut Scratch| {
                    for &n in &self.postings[tok as usize] {
                        if s.acc[n as usize] == 0.0 {
                            s.touched.push(n);
                        }
                        s.acc[n as usize] += v;
                    }
                };
                // Each dictionary token's most a name can gain from it (each query token at its
                // best similarity), largest first.
                let mut contribs: Vec<(TokId, f32, Src)> = matches
                    .iter()
                    .map(|(&tok, sm)| {
                        let mut v = 0.0;
                        for it in &sm.items[..sm.len as usize] {
                            v += it.1 * qn.tokens[it.0 as usize].weight;
                        }
                        (tok, v.max(sm.best() * 1e-3), Src::Alike(sm))
                    })
                    .chain(
                        reach
                            .iter()
                            .map(|&(tok, v, a, b)| (tok, v.max(1e-6), Src::Joined(a, b))),
                    )
                    .collect();
                contribs.sort_unstable_by(|a, b| b.1.total_cmp(&a.1));
                // MaxScore: the most a name first met at position i can still gather is, for
                // each query token, its best similarity among the tokens from i on (a name
                // aligns each query token once; a joined pair counts at the joined weight).
                // Once that cannot lift a new name to the pruning floor, the remaining tokens
                // only add to names already opened; no name that could pass the floor is
                // dropped.
                let need =
                    namesake_matcher::align::min_query_coverage(bound_floor) * total_q * 0.999
                        - initials;
                s.suffix.clear();
                s.suffix.resize(contribs.len(), 0.0);
                let mut best_sim = [0f32; MAX_TOKENS];
                for i in (0..contribs.len()).rev() {
                    match contribs[i].2 {
                        Src::Alike(sm) => {
                            for it in &sm.items[..sm.len as usize] {
                                let q = it.0 as usize;
                                if q < MAX_TOKENS {
                                    best_sim[q] = best_sim[q].max(it.1);
                                }
                            }
                        }
                        Src::Joined(a, b) => {
                            for q in [a, b] {
                                if (q as usize) < MAX_TOKENS {
                                    best_sim[q as usize] = best_sim[q as usize].max(simw::JOINED);
                                }
                            }
                        }
                    }
                    let mut b = 0.0;
                    for (q, t) in qn.tokens.iter().enumerate().take(MAX_TOKENS) {
                        b += best_sim[q] * t.weight;
                    }
                    s.suffix[i] = b;
                }
                for (i, &(tok, v, _)) in contribs.iter().enumerate() {
                    if s.suffix[i] >= need {
                        add(tok, v, s);
                    } else {
                        let posting = &self.postings[tok as usize];
                        if posting.len() > s.touched.len() * 4 {
                            for &n in &s.touched {
                                if posting.binary_search(&n).is_ok() {
                                    s.acc[n as usize] += v;
                                }
                            }
                        } else {
                            for &n in posting {
                                if s.acc[n as usize] != 0.0 {
                                    s.acc[n as usize] += v;
                                }
                            }
                        }
                    }
                }
                let mut qtexts: [&str; MAX_TOKENS] = [""; MAX_TOKENS];
                let mut qweights = [0f32; MAX_TOKENS];
                let nq = qn.tokens.len().min(MAX_TOKENS);
                for (i, t) in qn.tokens.iter().take(nq).enumerate() {
                    qtexts[i] = &t.keys.text;
                    qweights[i] = t.weight;
                }
                let touched = std::mem::take(&mut s.touched);
                let mut cands = std::mem::take(&mut s.cands);
                cands.clear();
                for &ni in &touched {
                    let acc = s.acc[ni as usize];
                    s.acc[ni as usize] = 0.0;
                    let cov_bound = ((acc + initials) / total_q).min(1.0);
                    let bound = namesake_matcher::align::combine(cov_bound, 1.0);
                    if bound < bound_floor {
                        continue;
                    }
                    let rec = &self.names[ni as usize];
                    let entity = &self.entities[rec.entity as usize];
                    if !q.schema.compatible(entity.schema) || !list_ok(entity) {
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
                    let score = self
                        .score_name(qn, &qtexts[..nq], &qweights[..nq], matches, ni, false)
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
                        let entity = &self.entities[rec.entity as usize];
                        let fin = final_score(score.max(0.0), &self.features(q, entity));
                        if fin >= opts.threshold {
                            top.offer(fin, rec.entity);
                        }
                    }
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
            |i, j| rows[j].and_then(|r| r.get(i as u8)),
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
