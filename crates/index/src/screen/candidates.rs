//! Candidate generation: every dictionary token alike to a query token, and every token reached
//! by joining two query tokens or splitting one.

use namesake_matcher::align::SPLIT_TYPO_PART;
use namesake_matcher::similarity::{
    lookup_budget, osa_distance, skeleton_readings, token_similarity, weights as simw, Channels,
    How, JOINED_SKELETON_PART, JOINED_SKELETON_WHOLE, PHONETIC_EDIT_MIN,
};
use rustc_hash::FxHashMap;

use super::query::{PreparedQuery, QName};
use crate::build::{fnv1a, for_each_deletion};
use crate::{Index, TokId};

/// Similarities of one dictionary token to up to six query tokens, inline (the best six kept).
#[derive(Clone, Copy)]
pub(crate) struct Alike {
    len: u8,
    items: [AlikeTo; 6],
}

/// One query token a dictionary token is alike to.
#[derive(Clone, Copy)]
pub(crate) struct AlikeTo {
    /// The query token's position.
    pub q: u8,
    pub sim: f32,
    pub how: How,
}

impl Alike {
    fn new() -> Self {
        Alike {
            len: 0,
            items: [AlikeTo {
                q: 0,
                sim: 0.0,
                how: How::Exact,
            }; 6],
        }
    }

    fn put(&mut self, q: u8, sim: f32, how: How) {
        let new = AlikeTo { q, sim, how };
        if let Some(it) = self.items[..self.len as usize]
            .iter_mut()
            .find(|it| it.q == q)
        {
            if sim > it.sim {
                *it = new;
            }
            return;
        }
        if (self.len as usize) < self.items.len() {
            self.items[self.len as usize] = new;
            self.len += 1;
        } else if let Some(low) = self.items.iter_mut().min_by(|a, b| a.sim.total_cmp(&b.sim)) {
            // Full: keep the best similarities, so that `best` stays exact.
            if sim > low.sim {
                *low = new;
            }
        }
    }

    /// The query tokens this token is alike to.
    pub fn items(&self) -> &[AlikeTo] {
        &self.items[..self.len as usize]
    }

    /// Whether it holds as many query tokens as it keeps: more may have been left out.
    pub fn is_full(&self) -> bool {
        self.len as usize == self.items.len()
    }

    /// Its similarity to query token `q`, if any.
    pub fn get(&self, q: u8) -> Option<(f32, How)> {
        self.items()
            .iter()
            .find(|it| it.q == q)
            .map(|it| (it.sim, it.how))
    }

    /// Its best similarity to any query token.
    pub fn best(&self) -> f32 {
        self.items().iter().map(|it| it.sim).fold(0.0, f32::max)
    }
}

/// Per dictionary token: the query tokens it is alike to, and how.
pub(crate) type TokMatches = FxHashMap<TokId, Alike>;

/// A dictionary token reached by joining or splitting: its share of the credit and how it
/// stands for the query.
#[derive(Clone, Copy)]
pub(crate) struct Reach {
    pub token: TokId,
    pub credit: f32,
    pub link: Link,
}

/// How a token reached by joining or splitting stands for the query.
#[derive(Clone, Copy)]
pub(crate) enum Link {
    /// Two adjacent query tokens written as this one listed token ("jong un" / "jongun").
    Joined(u8, u8),
    /// One part of a query token written as two listed tokens ("jongun" / "jong un"): a name
    /// earns the credit only with a part from each side (0 and 1) of the same split `group`.
    Split { q: u8, group: u32, side: u8 },
}

/// What one query reading meets in the dictionary.
pub(crate) struct ReadingMatches {
    pub alike: TokMatches,
    pub reach: Vec<Reach>,
}

/// What one query token meets in the dictionary, whatever its position and weight in the query:
/// computed once per thread for a token text and the reading's script, then replayed.
struct TokenMeets {
    /// Alike dictionary tokens, in the order they were found.
    alike: Vec<(TokId, f32, How)>,
    /// Listed tokens that stand for a part of this token.
    splits: Vec<SplitMeet>,
    /// How many split groups `splits` numbers (from 0).
    groups: u32,
}

impl TokenMeets {
    /// One split group: the listed tokens that may stand for the part before a cut (`pre`, its
    /// share `before` of the token's `len` letters), and for the part after it. Nothing when
    /// either side has none.
    fn split(&mut self, pre: &[TokId], suf: &[TokId], before: f32, len: f32) {
        if pre.is_empty() || suf.is_empty() {
            return;
        }
        let group = self.groups;
        self.groups += 1;
        let part = |token, part, side| SplitMeet {
            token,
            part,
            len,
            group,
            side,
        };
        let after = len - before;
        self.splits.extend(pre.iter().map(|&x| part(x, before, 0)));
        self.splits.extend(suf.iter().map(|&y| part(y, after, 1)));
    }
}

/// One part of a split query token: the listed token, the part's letters of the token's, its
/// group and side (see [`Link::Split`]).
struct SplitMeet {
    token: TokId,
    part: f32,
    len: f32,
    group: u32,
    side: u8,
}

/// The readings' script flags a token's meets depend on (beside its text).
#[derive(Clone, Copy)]
struct Flags {
    cjk: bool,
    abjad: bool,
    stems: bool,
    liquids: bool,
}

impl Flags {
    /// A number from 0 to 15, one per combination of flags.
    fn slot(self) -> usize {
        usize::from(self.cjk)
            | usize::from(self.abjad) << 1
            | usize::from(self.stems) << 2
            | usize::from(self.liquids) << 3
    }
}

/// A thread's memory of token meets, for one index: a batch of customers repeats its given
/// names and surnames, and each is looked up once. Emptied when it holds `MEETS_KEPT` items.
#[derive(Default)]
struct MeetsCache {
    index: u64,
    items: usize,
    /// Per combination of flags ([`Flags::slot`]): token text → its meets (looked up by `&str`,
    /// with no allocation on the hot path).
    maps: [FxHashMap<String, std::rc::Rc<TokenMeets>>; 16],
}

/// The most alike tokens and split parts a thread keeps in memory (about 12 bytes each).
const MEETS_KEPT: usize = 1 << 18;

thread_local! {
    static MEETS: std::cell::RefCell<MeetsCache> = std::cell::RefCell::new(MeetsCache::default());
}

/// Forgets this thread's token meets (tests compare screening with and without them).
pub fn forget_token_meets() {
    MEETS.with(|m| *m.borrow_mut() = MeetsCache::default());
}

impl Index {
    /// Finds every dictionary token alike to each query token, and those reached by joining
    /// or splitting.
    pub(crate) fn token_matches(&self, qn: &QName) -> ReadingMatches {
        let mut m: TokMatches = FxHashMap::default();
        let mut reach: Vec<Reach> = Vec::new();
        let mut groups: u32 = 0;
        for (qi, qt) in qn.tokens.iter().enumerate() {
            if qt.initial {
                // A lone letter meets the same letter exactly (the aligner pairs equal tokens
                // whatever they are); as an initial of a longer token it is credited by the
                // pruning bound directly.
                if let Some(id) = qt.id {
                    m.entry(id)
                        .or_insert_with(Alike::new)
                        .put(qi as u8, 1.0, How::Exact);
                }
                continue;
            }
            let meets = self.meets_remembered(qn, &qt.keys);
            for &(t, s, how) in &meets.alike {
                m.entry(t).or_insert_with(Alike::new).put(qi as u8, s, how);
            }
            let w = qt.weight * simw::JOINED;
            reach.extend(meets.splits.iter().map(|p| Reach {
                token: p.token,
                credit: w * p.part / p.len,
                link: Link::Split {
                    q: qi as u8,
                    group: groups + p.group,
                    side: p.side,
                },
            }));
            groups += meets.groups;
        }
        self.joins(qn, &mut reach);
        ReadingMatches { alike: m, reach }
    }

    /// A token's meets from this thread's memory, or found and remembered.
    fn meets_remembered(
        &self,
        qn: &QName,
        k: &namesake_matcher::TokenKeys,
    ) -> std::rc::Rc<TokenMeets> {
        let flags = Flags {
            cjk: qn.cjk,
            abjad: qn.abjad,
            liquids: qn.liquids,
            stems: qn.stems,
        };
        MEETS.with(|cell| {
            let mut cache = cell.borrow_mut();
            if cache.index != self.identity {
                *cache = MeetsCache {
                    index: self.identity,
                    ..MeetsCache::default()
                };
            }
            // Looked up by text: the keys are a function of it.
            if let Some(hit) = cache.maps[flags.slot()].get(k.text.as_str()) {
                return hit.clone();
            }
            let meets = std::rc::Rc::new(self.token_meets(flags, k));
            let size = meets.alike.len() + meets.splits.len() + 1;
            if cache.items + size > MEETS_KEPT {
                cache.maps.iter_mut().for_each(FxHashMap::clear);
                cache.items = 0;
            }
            cache.items += size;
            cache.maps[flags.slot()].insert(k.text.clone(), meets.clone());
            meets
        })
    }

    /// What one query token meets: alike dictionary tokens, and listed tokens that stand for
    /// its parts.
    fn token_meets(&self, flags: Flags, k: &namesake_matcher::TokenKeys) -> TokenMeets {
        let mut cands: Vec<TokId> = Vec::new();
        self.alike_candidates(flags, k, &mut cands);
        let mut alike = Vec::new();
        for &t in &cands {
            let info = &self.tokens[t as usize];
            let channels = Channels {
                skeleton: self.skeleton_applies(flags.cjk, flags.abjad, t),
                edit: !flags.cjk && info.non_cjk,
                stems: flags.stems,
                liquids: flags.liquids || info.liquids,
            };
            if let Some((s, how)) = token_similarity(k, &info.keys, channels) {
                alike.push((t, s, how));
            }
        }
        // A listed initial stands for any name part with its letter ("j" for "john"): the
        // aligner meets it so, and the pruning bound must count it.
        if let [b0, _, ..] = k.text.as_bytes() {
            if b0.is_ascii() {
                if let Some(id) = self.token_id(&k.text[..1]) {
                    alike.push((id, simw::INITIAL, How::Initial));
                }
            }
        }
        let mut meets = TokenMeets {
            alike,
            splits: Vec::new(),
            groups: 0,
        };
        self.splits(&k.text, &mut meets);
        self.skeleton_splits(flags, k, &mut meets);
        meets
    }

    /// Dictionary tokens that may be alike to `k`: the same text, variant group, phonetic key,
    /// consonant skeleton (abjad), edit neighbourhood, article glued on or missing.
    fn alike_candidates(&self, qn: Flags, k: &namesake_matcher::TokenKeys, cands: &mut Vec<TokId>) {
        if let Some(id) = self.token_id(&k.text) {
            cands.push(id);
        }
        if let Some(g) = k.group {
            cands.extend_from_slice(self.group_tokens(g));
        }
        if k.phonetic.len() >= 2 {
            cands.extend_from_slice(self.by_phonetic.get_str(&k.phonetic));
        }
        if qn.stems && !k.stem.is_empty() {
            cands.extend_from_slice(self.by_stem.get_str(&k.stem));
        }
        if !qn.cjk && !k.frame.is_empty() {
            cands.extend_from_slice(self.by_frame.get_str(&k.frame));
        }
        if !k.skeleton.is_empty() {
            // Abjad spellings, and Latin spellings that share a long skeleton (the similarity
            // decides which of them meet).
            let latin =
                !qn.cjk && k.skeleton.len() >= namesake_matcher::similarity::LATIN_SKELETON_MIN;
            cands.extend(
                self.by_skeleton
                    .get_str(&k.skeleton)
                    .iter()
                    .copied()
                    .filter(|&t| latin || qn.abjad || self.tokens[t as usize].abjad),
            );
        }
        // The Persian readings, between abjad and Latin spellings only: the query's against
        // every token's skeleton, and the query's skeleton against the readings.
        let abjad_side = |t: &TokId| qn.abjad || self.tokens[*t as usize].abjad;
        if !k.skeleton_alt.is_empty() {
            let alt = &k.skeleton_alt;
            cands.extend(
                self.by_skeleton
                    .get_str(alt)
                    .iter()
                    .filter(|t| abjad_side(t)),
            );
            cands.extend(
                self.by_skeleton_alt
                    .get_str(alt)
                    .iter()
                    .filter(|t| abjad_side(t)),
            );
        }
        if !k.skeleton.is_empty() {
            let own = &k.skeleton;
            cands.extend(
                self.by_skeleton_alt
                    .get_str(own)
                    .iter()
                    .filter(|t| abjad_side(t)),
            );
        }
        let budget = if qn.cjk {
            0
        } else {
            lookup_budget(k.text.len())
        };
        // Short tokens get no edit but one swap of adjacent letters ("ail" / "ali").
        if !qn.cjk && budget == 0 && k.text.len() >= 2 && k.text.is_ascii() {
            let mut swapped = k.text.clone().into_bytes();
            for i in 0..swapped.len() - 1 {
                swapped.swap(i, i + 1);
                if let Some(id) = std::str::from_utf8(&swapped)
                    .ok()
                    .and_then(|t| self.token_id(t))
                {
                    cands.push(id);
                }
                swapped.swap(i, i + 1);
            }
        }
        // The deletion neighbourhood, looked up at once (the order of the candidates does not
        // matter, nor a deletion found twice).
        let mut hashes = Vec::new();
        if budget > 0 {
            for_each_deletion(k.text.as_bytes(), budget, &mut |d| hashes.push(fnv1a(d)));
        }
        // Phonetic keys one edit from the query's (or one letter from each): the phonetic
        // keys' one-deletion neighbourhoods are in `deletes` beside the tokens'.
        if !qn.cjk && k.phonetic.len() >= PHONETIC_EDIT_MIN && k.phonetic != k.text {
            for_each_deletion(k.phonetic.as_bytes(), 1, &mut |d| hashes.push(fnv1a(d)));
        }
        hashes.sort_unstable();
        hashes.dedup();
        self.deletes
            .get_each(&hashes, |found| cands.extend_from_slice(found));
        // Article glued on or missing: "albaghdadi" / "baghdadi".
        for art in ["al", "el", "ul"] {
            if let Some(rest) = k.text.strip_prefix(art) {
                if let Some(id) = self.token_id(rest) {
                    cands.push(id);
                }
            }
            if let Some(id) = self.token_id(&format!("{art}{}", k.text)) {
                cands.push(id);
            }
        }
        cands.sort_unstable();
        cands.dedup();
    }

    /// A query token that is two listed tokens written as one ("jongun"). The credit is shared
    /// between the two parts by length, so the bound stays an upper bound while a name holding
    /// only one part ("al" of "alice") is not lifted by the whole weight.
    fn splits(&self, text: &str, meets: &mut TokenMeets) {
        let len = text.len() as f32;
        // One split group: the tokens that may stand for the part before the cut, and for the
        // part after it.
        let mut group =
            |pre: &[TokId], suf: &[TokId], cut: usize| meets.split(pre, suf, cut as f32, len);
        let long = text.len() >= 8;
        let mut swapped = text.as_bytes().to_vec();
        for cut in 1..text.len() {
            if !text.is_char_boundary(cut) {
                continue;
            }
            let (pre, suf) = text.split_at(cut);
            let (px, sx) = (self.token_id(pre), self.token_id(suf));
            if let (Some(x), Some(y)) = (px, sx) {
                group(&[x], &[y], cut);
            }
            if !long {
                continue;
            }
            // With one typo (the aligner allows it on long tokens, listed parts of
            // `SPLIT_TYPO_PART` letters or more): one part as written and the other within one
            // edit ("abdurrahman" / "abdul rahman")…
            if let Some(x) = px.filter(|_| pre.len() >= SPLIT_TYPO_PART) {
                group(&[x], &self.within_one_edit(suf), cut);
            }
            if let Some(y) = sx.filter(|_| suf.len() >= SPLIT_TYPO_PART) {
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
                    if let (Some(x), Some(y)) = (self.token_id(pre), self.token_id(suf)) {
                        group(&[x], &[y], cut);
                    }
                }
            }
        }
    }

    /// Two query tokens that are one listed token ("jong un" / "jongun").
    fn joins(&self, qn: &QName, reach: &mut Vec<Reach>) {
        let mut hashes: Vec<u64> = Vec::new();
        for i in 0..qn.tokens.len().saturating_sub(1) {
            let (a, b) = (&qn.tokens[i], &qn.tokens[i + 1]);
            let cat = format!("{}{}", a.keys.text, b.keys.text);
            let credit = (a.weight + b.weight) * simw::JOINED;
            let link = Link::Joined(i as u8, (i + 1) as u8);
            if let Some(token) = self.token_id(&cat) {
                reach.push(Reach {
                    token,
                    credit,
                    link,
                });
            }
            // Across scripts, by consonant skeletons ("حمید رضا" / "Hamidreza").
            if !qn.cjk {
                for x in skeleton_readings(&a.keys).filter(|x| x.len() >= JOINED_SKELETON_PART) {
                    for y in skeleton_readings(&b.keys).filter(|y| y.len() >= JOINED_SKELETON_PART)
                    {
                        let y = if x.as_bytes().last() == y.as_bytes().first() {
                            &y[1..]
                        } else {
                            y
                        };
                        let cat = format!("{x}{y}");
                        if cat.len() < JOINED_SKELETON_WHOLE {
                            continue;
                        }
                        reach.extend(self.by_skeletons(qn.abjad, &cat).into_iter().map(|token| {
                            Reach {
                                token,
                                credit,
                                link,
                            }
                        }));
                    }
                }
            }
            // The aligner joins with a typo only when both sides have 8 letters or more.
            let budget = usize::from(cat.len() >= 8);
            hashes.clear();
            for_each_deletion(cat.as_bytes(), budget, &mut |d| hashes.push(fnv1a(d)));
            self.deletes.get_each(&hashes, |found| {
                reach.extend(found.iter().map(|&token| Reach {
                    token,
                    credit,
                    link,
                }))
            });
        }
    }

    /// Dictionary tokens of `SPLIT_TYPO_PART` letters or more within one edit (OSA) of `s`, found
    /// through the deletion neighbourhoods.
    fn within_one_edit(&self, s: &str) -> Vec<TokId> {
        let mut hashes: Vec<u64> = Vec::new();
        for_each_deletion(s.as_bytes(), 1, &mut |d| hashes.push(fnv1a(d)));
        let mut out: Vec<TokId> = Vec::new();
        self.deletes
            .get_each(&hashes, |found| out.extend_from_slice(found));
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
                let r = self.token_matches(qn);
                r.alike.len() + r.reach.len()
            })
            .sum()
    }

    /// A word of one script and two of another meet by consonant skeletons when exactly one
    /// side was written in an abjad and neither in Han or Hangul: a query read so, and listed
    /// token `t`.
    pub(crate) fn skeleton_crosses(&self, query_abjad: bool, t: TokId) -> bool {
        let info = &self.tokens[t as usize];
        if query_abjad {
            !info.abjad && info.non_cjk
        } else {
            info.abjad
        }
    }

    /// Dictionary tokens whose skeleton, as written or in its Persian reading, is `skeleton`,
    /// and which meet a query read so (`query_abjad`) across scripts.
    fn by_skeletons(&self, query_abjad: bool, skeleton: &str) -> Vec<TokId> {
        let latin_query = !query_abjad;
        let abjad: &[TokId] = if latin_query {
            self.abjad_skeletons
                .get(&fnv1a(skeleton.as_bytes()))
                .map_or(&[], Vec::as_slice)
        } else {
            &[]
        };
        // An abjad query's parts are any other script's tokens: every token of the skeleton.
        let (own, alt): (&[TokId], &[TokId]) = if latin_query {
            (&[], &[])
        } else {
            (
                self.by_skeleton.get_str(skeleton),
                self.by_skeleton_alt.get_str(skeleton),
            )
        };
        let mut out: Vec<TokId> = abjad
            .iter()
            .chain(own)
            .chain(alt)
            .copied()
            .filter(|&t| {
                self.skeleton_crosses(query_abjad, t) && {
                    let k = &self.tokens[t as usize].keys;
                    k.skeleton == skeleton || k.skeleton_alt == skeleton
                }
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// A query token that is two listed tokens of another script written as one, met by
    /// consonant skeletons ("Hamidreza" / "حمید رضا"): every cut of its skeletons into two
    /// parts of `JOINED_SKELETON_PART` consonants or more, a consonant at the cut counted on
    /// both sides or one (see `skeletons_join`). The credit is shared by the parts' consonants.
    fn skeleton_splits(
        &self,
        flags: Flags,
        k: &namesake_matcher::TokenKeys,
        meets: &mut TokenMeets,
    ) {
        if flags.cjk {
            return;
        }
        let len = k.text.len() as f32;
        let long = |w: &&str| w.len() >= JOINED_SKELETON_WHOLE && w.is_ascii();
        for w in skeleton_readings(k).filter(long) {
            let share = len / w.len() as f32;
            for cut in JOINED_SKELETON_PART..w.len() {
                let (pre, suf) = w.split_at(cut);
                let doubled = format!("{}{suf}", &pre[cut - 1..]);
                let x = self.by_skeletons(flags.abjad, pre);
                if x.is_empty() {
                    continue;
                }
                for suf in [suf, doubled.as_str()] {
                    if suf.len() < JOINED_SKELETON_PART {
                        continue;
                    }
                    let y = self.by_skeletons(flags.abjad, suf);
                    meets.split(&x, &y, cut as f32 * share, len);
                }
            }
        }
    }

    /// Consonant skeletons are compared when one side was written in an abjad and neither is
    /// a Han/Hangul/Kana syllable.
    fn skeleton_applies(&self, cjk: bool, abjad: bool, t: TokId) -> bool {
        let info = &self.tokens[t as usize];
        !cjk && ((abjad && info.non_cjk) || info.abjad)
    }
}
