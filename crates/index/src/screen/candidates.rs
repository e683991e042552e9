//! Candidate generation: every dictionary token alike to a query token, and every token reached
//! by joining two query tokens or splitting one.

use namesake_matcher::align::SPLIT_TYPO_PART;
use namesake_matcher::similarity::{
    lookup_budget, osa_distance, token_similarity, weights as simw, Channels, How,
    PHONETIC_EDIT_MIN,
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

impl Index {
    /// Finds every dictionary token alike to each query token, and those reached by joining
    /// or splitting.
    pub(crate) fn token_matches(&self, qn: &QName) -> ReadingMatches {
        let mut m: TokMatches = FxHashMap::default();
        let mut reach: Vec<Reach> = Vec::new();
        let mut groups: u32 = 0;
        let mut cands: Vec<TokId> = Vec::new();
        for (qi, qt) in qn.tokens.iter().enumerate() {
            if qt.initial {
                // A lone letter meets the same letter exactly (the aligner pairs equal tokens
                // whatever they are); as an initial of a longer token it is credited by the
                // pruning bound directly.
                if let Some(&id) = self.by_text.get(&qt.keys.text) {
                    m.entry(id)
                        .or_insert_with(Alike::new)
                        .put(qi as u8, 1.0, How::Exact);
                }
                continue;
            }
            cands.clear();
            self.alike_candidates(qn, &qt.keys, &mut cands);
            let k = &qt.keys;
            for &t in &cands {
                let info = &self.tokens[t as usize];
                let channels = Channels {
                    skeleton: self.skeleton_applies(qn, t),
                    edit: !qn.cjk && info.non_cjk,
                    stems: qn.stems,
                };
                if let Some((s, how)) = token_similarity(k, &info.keys, channels) {
                    m.entry(t).or_insert_with(Alike::new).put(qi as u8, s, how);
                }
            }
            // A listed initial stands for any name part with its letter ("j" for "john"): the
            // aligner meets it so, and the pruning bound must count it.
            if let [b0, _, ..] = k.text.as_bytes() {
                if b0.is_ascii() {
                    if let Some(&id) = self.by_text.get(&k.text[..1]) {
                        m.entry(id).or_insert_with(Alike::new).put(
                            qi as u8,
                            simw::INITIAL,
                            How::Initial,
                        );
                    }
                }
            }
            self.splits(qi as u8, qt.weight, &k.text, &mut groups, &mut reach);
        }
        self.joins(qn, &mut reach);
        ReadingMatches { alike: m, reach }
    }

    /// Dictionary tokens that may be alike to `k`: the same text, variant group, phonetic key,
    /// consonant skeleton (abjad), edit neighbourhood, article glued on or missing.
    fn alike_candidates(
        &self,
        qn: &QName,
        k: &namesake_matcher::TokenKeys,
        cands: &mut Vec<TokId>,
    ) {
        if let Some(&id) = self.by_text.get(&k.text) {
            cands.push(id);
        }
        if let Some(g) = k.group {
            if let Some(v) = self.by_group.get(&g) {
                cands.extend_from_slice(v);
            }
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
                if let Some(&id) = std::str::from_utf8(&swapped)
                    .ok()
                    .and_then(|t| self.by_text.get(t))
                {
                    cands.push(id);
                }
                swapped.swap(i, i + 1);
            }
        }
        if budget > 0 {
            for_each_deletion(k.text.as_bytes(), budget, &mut |d| {
                cands.extend_from_slice(self.deletes.get(fnv1a(d)));
            });
        }
        // Phonetic keys one edit from the query's (or one letter from each): the phonetic
        // keys' one-deletion neighbourhoods are in `deletes` beside the tokens'.
        if !qn.cjk && k.phonetic.len() >= PHONETIC_EDIT_MIN && k.phonetic != k.text {
            for_each_deletion(k.phonetic.as_bytes(), 1, &mut |d| {
                cands.extend_from_slice(self.deletes.get(fnv1a(d)));
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
    }

    /// A query token that is two listed tokens written as one ("jongun"). The credit is shared
    /// between the two parts by length, so the bound stays an upper bound while a name holding
    /// only one part ("al" of "alice") is not lifted by the whole weight.
    fn splits(&self, q: u8, weight: f32, text: &str, groups: &mut u32, reach: &mut Vec<Reach>) {
        let len = text.len() as f32;
        let w = weight * simw::JOINED;
        // One split group: the tokens that may stand for the part before the cut, and for the
        // part after it.
        let mut group = |pre: &[TokId], suf: &[TokId], cut: usize| {
            if pre.is_empty() || suf.is_empty() {
                return;
            }
            let g = *groups;
            *groups += 1;
            let link = |side| Link::Split { q, group: g, side };
            let (a, b) = (w * cut as f32 / len, w * (len - cut as f32) / len);
            reach.extend(pre.iter().map(|&x| Reach {
                token: x,
                credit: a,
                link: link(0),
            }));
            reach.extend(suf.iter().map(|&y| Reach {
                token: y,
                credit: b,
                link: link(1),
            }));
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
            // `SPLIT_TYPO_PART` letters or more): one part as written and the other within one
            // edit ("abdurrahman" / "abdul rahman")…
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
                    if let (Some(&x), Some(&y)) = (self.by_text.get(pre), self.by_text.get(suf)) {
                        group(&[x], &[y], cut);
                    }
                }
            }
        }
    }

    /// Two query tokens that are one listed token ("jong un" / "jongun").
    fn joins(&self, qn: &QName, reach: &mut Vec<Reach>) {
        for i in 0..qn.tokens.len().saturating_sub(1) {
            let (a, b) = (&qn.tokens[i], &qn.tokens[i + 1]);
            let cat = format!("{}{}", a.keys.text, b.keys.text);
            let credit = (a.weight + b.weight) * simw::JOINED;
            let link = Link::Joined(i as u8, (i + 1) as u8);
            if let Some(&token) = self.by_text.get(&cat) {
                reach.push(Reach {
                    token,
                    credit,
                    link,
                });
            }
            // The aligner joins with a typo only when both sides have 8 letters or more.
            let budget = usize::from(cat.len() >= 8);
            for_each_deletion(cat.as_bytes(), budget, &mut |d| {
                reach.extend(self.deletes.get(fnv1a(d)).iter().map(|&token| Reach {
                    token,
                    credit,
                    link,
                }));
            });
        }
    }

    /// Dictionary tokens of `SPLIT_TYPO_PART` letters or more within one edit (OSA) of `s`, found
    /// through the deletion neighbourhoods.
    fn within_one_edit(&self, s: &str) -> Vec<TokId> {
        let mut out: Vec<TokId> = Vec::new();
        for_each_deletion(s.as_bytes(), 1, &mut |d| {
            out.extend_from_slice(self.deletes.get(fnv1a(d)));
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
                let r = self.token_matches(qn);
                r.alike.len() + r.reach.len()
            })
            .sum()
    }

    /// Consonant skeletons are compared when one side was written in an abjad and neither is
    /// a Han/Hangul/Kana syllable.
    pub(crate) fn skeleton_applies(&self, qn: &QName, t: TokId) -> bool {
        let info = &self.tokens[t as usize];
        !qn.cjk && ((qn.abjad && info.non_cjk) || info.abjad)
    }
}
