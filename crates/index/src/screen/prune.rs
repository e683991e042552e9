//! Pruning: the best-k floor, MaxScore's split of contributions into essential and tail, and
//! seeding. None of it changes the hits (`Index::screen_exhaustive` is the oracle); it only
//! saves work.

use namesake_matcher::align::MAX_TOKENS;
use namesake_matcher::similarity::weights as simw;

use super::candidates::{Alike, Link, TokMatches};
use crate::{Index, TokId};

/// The scores of the best `k` entities found so far. Only the k-th best score matters: a name
/// that cannot reach it is passed over; one that can tie it is still scored, so that entities
/// tied at the limit all come back.
pub(crate) struct TopK {
    k: usize,
    /// The best `k` scores, weakest first once full.
    scores: Vec<f32>,
}

impl TopK {
    pub fn new(k: usize) -> Self {
        TopK {
            k,
            scores: Vec::with_capacity(k.min(64)),
        }
    }

    /// The k-th best score, once `k` entities have been offered.
    pub fn floor(&self) -> Option<f32> {
        (self.k > 0 && self.scores.len() == self.k).then(|| self.scores[0])
    }

    /// Offers one entity's score (each entity once).
    pub fn offer(&mut self, score: f32) {
        if self.k == 0 {
            return;
        }
        if self.scores.len() < self.k {
            self.scores.push(score);
            if self.scores.len() == self.k {
                self.scores.sort_unstable_by(f32::total_cmp);
            }
        } else if score > self.scores[0] {
            let pos = self.scores.partition_point(|&s| s < score);
            self.scores.insert(pos, score);
            self.scores.remove(0);
        }
    }
}

/// Where a contribution's credit comes from.
#[derive(Clone, Copy)]
pub(crate) enum Source<'a> {
    /// Alike to query tokens (exact, variant, phonetic, skeleton, edit).
    Alike(&'a Alike),
    /// Reached by joining or splitting.
    Linked(Link),
}

/// A dictionary token met by a query reading: the query weight and the listed weight it can
/// cover at most, and where its credit comes from.
#[derive(Clone, Copy)]
pub(crate) struct Contrib<'a> {
    pub token: TokId,
    pub query_credit: f32,
    pub listed_credit: f32,
    pub source: Source<'a>,
}

/// MaxScore's split of a reading's contributions (indices into them).
pub(crate) struct Partition {
    /// Contributions whose postings open names.
    pub essential: Vec<usize>,
    /// Contributions whose postings only add to names already open.
    pub tail: Vec<usize>,
    /// Contributions of which every name that may reach the floor holds one (see
    /// `Index::filter`): only names that hold one of them are opened (none, when it is empty).
    pub filter: Option<Vec<usize>>,
}

/// What a name must gather to reach the floor.
pub(crate) struct Need {
    /// Query credit from contributions (the initials' credit taken off).
    pub credit: f32,
    /// The query weight a name may leave unmet and still reach the floor: the reading's whole
    /// weight less `credit` and the initials' credit.
    pub spare: f32,
    /// The query tokens that may be met as initials (a bit per token).
    pub initial_tokens: u32,
}

impl Need {
    /// Whether a name that meets a query token of weight `w` at similarity `sim` (0: not at
    /// all) may still reach the floor: it leaves `(1 - sim)` of `w` unmet, whatever else it
    /// holds.
    pub fn within_reach(&self, w: f32, sim: f32) -> bool {
        w * (1.0 - sim) <= self.spare
    }
}

/// A filter (see `Index::filter`) is used when it marks at most this many names per name
/// the essential postings would open.
const FILTER_MARKS_PER_OPENED: usize = 16;

/// How many posting entries the seeding looks through, at most.
const SEED_SCAN: usize = 16_384;

/// How many of the most alike listed tokens per query token the seeding tries.
const SEED_ALIKE: usize = 3;

impl Index {
    /// MaxScore: splits the contributions into essential ones, whose postings open names, and a
    /// tail, whose postings only add to names already open. A name that holds no essential
    /// token can gather, for each query token, at most its best similarity among the tail's
    /// tokens (a name aligns each query token once; a joined pair counts at the joined weight);
    /// the tail is kept below `need`, so no name that could reach the floor is left unopened.
    /// The tail is filled greedily, longest postings first, in a few orders (plain, and each
    /// query token's tokens first); the split that leaves the fewest postings to open wins.
    pub(crate) fn partition(
        &self,
        contribs: &[Contrib],
        qweights: &[f32],
        need: &Need,
    ) -> Partition {
        let nq = qweights.len().min(MAX_TOKENS);
        let groups = split_groups(contribs);
        let plen = |i: usize| self.postings[contribs[i].token as usize].len();
        let mut base: Vec<usize> = (0..contribs.len()).collect();
        base.sort_unstable_by_key(|&i| (std::cmp::Reverse(plen(i)), i));
        let fill = |order: &[usize]| -> (usize, Vec<bool>) {
            let mut tail_sim = [0f32; MAX_TOKENS];
            let mut tail_sides = vec![0u8; groups];
            let mut in_tail = vec![false; contribs.len()];
            let mut opened = 0;
            for &i in order {
                let mut sim = tail_sim;
                let undo = tail_similarity(&contribs[i], &mut sim, &mut tail_sides);
                let bound: f32 = (0..nq).map(|q| sim[q] * qweights[q]).sum();
                if bound < need.credit {
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
        let filter = self.filter(contribs, qweights, need, groups, &essential, &tail);
        Partition {
            essential,
            tail,
            filter,
        }
    }

    /// Contributions of which every name that may reach the floor holds one, when that narrows
    /// the names the essential postings open: the tail, when the essential tokens alone cannot
    /// gather `need` either; or the tokens alike to a query token without which the rest of
    /// the query cannot ("Beja" of "Beja Dega": each word is half the name). Of those, the one
    /// with the fewest postings to mark (none at all, when no token meets such a query token
    /// well enough); `None` when none narrows enough to be worth marking.
    fn filter(
        &self,
        contribs: &[Contrib],
        qweights: &[f32],
        need: &Need,
        groups: usize,
        essential: &[usize],
        tail: &[usize],
    ) -> Option<Vec<usize>> {
        let nq = qweights.len().min(MAX_TOKENS);
        let plen = |ix: &[usize]| -> usize {
            ix.iter()
                .map(|&i| self.postings[contribs[i].token as usize].len())
                .sum()
        };
        let mut options: Vec<Vec<usize>> = Vec::new();
        // What a name holding essential tokens alone can gather, bounded as the tail is.
        let mut sim = [0f32; MAX_TOKENS];
        let mut sides = vec![0u8; groups];
        for &i in essential {
            tail_similarity(&contribs[i], &mut sim, &mut sides);
        }
        let essential_bound: f32 = (0..nq).map(|q| sim[q] * qweights[q]).sum();
        if !tail.is_empty() && essential_bound < need.credit {
            options.push(tail.to_vec());
        }
        // A query token a name cannot leave unmet must be met well enough; a one-letter
        // token may be met as an initial, through no contribution at all.
        for q in (0..nq).filter(|&q| need.initial_tokens & (1 << q) == 0) {
            let w = qweights[q];
            if !need.within_reach(w, 0.0) {
                let meets =
                    |i: &usize| stands_for(&contribs[*i], q, |sim| need.within_reach(w, sim));
                if !essential.iter().all(meets) {
                    options.push((0..contribs.len()).filter(meets).collect());
                }
            }
        }
        // Marking a name's bit costs less than opening it, but not nothing.
        options
            .into_iter()
            .map(|f| (plen(&f), f))
            .filter(|(marks, _)| *marks <= FILTER_MARKS_PER_OPENED * plen(essential))
            .min_by_key(|(marks, _)| *marks)
            .map(|(_, f)| f)
    }

    /// Up to `n` names likely to score well, found cheaply: names that hold, for every query
    /// token, its most alike listed token; then names that hold one of the few most alike
    /// tokens of each of the two weightiest query tokens. Scored first, they fill the top-k
    /// early and so raise the floor that prunes the rest.
    pub(crate) fn seed_names(
        &self,
        qtexts: &[&str],
        qweights: &[f32],
        matches: &TokMatches,
        n: usize,
    ) -> Vec<u32> {
        let nq = qtexts.len();
        let alike = self.most_alike(qtexts, matches);
        let mut qs: Vec<usize> = (0..nq).filter(|&q| !alike[q].is_empty()).collect();
        qs.sort_by(|&a, &b| qweights[b].total_cmp(&qweights[a]).then(a.cmp(&b)));

        let mut out: Vec<u32> = Vec::new();
        let mut budget = SEED_SCAN;
        // Names in every one of `toks`' postings, walking the shortest.
        let mut intersect = |toks: &[TokId], out: &mut Vec<u32>| {
            let mut lists: Vec<&[u32]> = toks.iter().map(|&t| &self.postings[t as usize]).collect();
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
                for s in &alike[*a] {
                    intersect(&[s.token], &mut out);
                }
            }
            [a, b, rest @ ..] => {
                if !rest.is_empty() {
                    let all: Vec<TokId> = qs.iter().map(|&q| alike[q][0].token).collect();
                    intersect(&all, &mut out);
                }
                let mut pairs: Vec<(f32, TokId, TokId)> = Vec::new();
                for sa in &alike[*a] {
                    for sb in &alike[*b] {
                        let w = sa.sim * qweights[*a] + sb.sim * qweights[*b];
                        pairs.push((w, sa.token, sb.token));
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

    /// Per query token, its few most alike dictionary tokens: most similar, the query's own
    /// text first, shortest postings first.
    fn most_alike(&self, qtexts: &[&str], matches: &TokMatches) -> Vec<Vec<SeedToken>> {
        let nq = qtexts.len();
        let mut alike: Vec<Vec<SeedToken>> = vec![Vec::new(); nq];
        for (&token, sm) in matches {
            for it in sm.items() {
                let q = it.q as usize;
                if q < nq {
                    alike[q].push(SeedToken {
                        sim: it.sim,
                        exact: self.tokens[token as usize].keys.text == qtexts[q],
                        postings: self.postings[token as usize].len(),
                        token,
                    });
                }
            }
        }
        for a in &mut alike {
            a.sort_unstable_by(|x, y| {
                y.sim
                    .total_cmp(&x.sim)
                    .then(y.exact.cmp(&x.exact))
                    .then(x.postings.cmp(&y.postings))
                    .then(x.token.cmp(&y.token))
            });
            a.truncate(SEED_ALIKE);
        }
        alike
    }
}

/// A dictionary token the seeding may try for one query token.
#[derive(Clone, Copy)]
struct SeedToken {
    sim: f32,
    exact: bool,
    postings: usize,
    token: TokId,
}

/// What the tail holds once `c` joins it: per query token, the best similarity; per split
/// group, which sides (a split counts once the tail has both). Returns the split group changed
/// and its former state, to undo.
fn tail_similarity(
    c: &Contrib,
    sim: &mut [f32; MAX_TOKENS],
    sides: &mut [u8],
) -> Option<(usize, u8)> {
    let mut raise = |q: u8| {
        if (q as usize) < MAX_TOKENS {
            sim[q as usize] = sim[q as usize].max(simw::JOINED);
        }
    };
    match c.source {
        Source::Alike(sm) => {
            for it in sm.items() {
                let q = it.q as usize;
                if q < MAX_TOKENS {
                    sim[q] = sim[q].max(it.sim);
                }
            }
            None
        }
        Source::Linked(Link::Joined(a, b)) => {
            raise(a);
            raise(b);
            None
        }
        Source::Linked(Link::Split { q, group, side }) => {
            let g = &mut sides[group as usize];
            let before = *g;
            *g |= 1 << side;
            if *g == 3 {
                raise(q);
            }
            Some((group as usize, before))
        }
    }
}

/// How many split groups the contributions number (one past the highest).
fn split_groups(contribs: &[Contrib]) -> usize {
    contribs
        .iter()
        .filter_map(|c| match c.source {
            Source::Linked(Link::Split { group, .. }) => Some(group as usize + 1),
            _ => None,
        })
        .max()
        .unwrap_or(0)
}

/// Whether a contribution stands for query token `q` at a similarity `enough` accepts (a
/// joined or split token at `JOINED` at most).
fn stands_for(c: &Contrib, q: usize, enough: impl Fn(f32) -> bool) -> bool {
    match c.source {
        Source::Alike(sm) => sm
            .items()
            .iter()
            .any(|it| it.q as usize == q && enough(it.sim)),
        Source::Linked(_) => enough(simw::JOINED) && involves(c, q),
    }
}

/// Whether a contribution stands for query token `q`.
fn involves(c: &Contrib, q: usize) -> bool {
    match c.source {
        Source::Alike(sm) => sm.items().iter().any(|it| it.q as usize == q),
        Source::Linked(Link::Joined(a, b)) => a as usize == q || b as usize == q,
        Source::Linked(Link::Split { q: a, .. }) => a as usize == q,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topk_floor_is_the_kth_best() {
        let mut t = TopK::new(2);
        t.offer(0.8);
        assert_eq!(t.floor(), None);
        t.offer(0.9);
        assert_eq!(t.floor(), Some(0.8));
        t.offer(0.85);
        assert_eq!(t.floor(), Some(0.85));
        t.offer(0.85);
        assert_eq!(t.floor(), Some(0.85));
        t.offer(0.7);
        assert_eq!(t.floor(), Some(0.85));
        assert_eq!(TopK::new(0).floor(), None);
    }
}
