//! Aligning the tokens of a query name with the tokens of a listed name, independent of order.

use serde::{Deserialize, Serialize};

use crate::similarity::{initial_similarity, osa_distance, weights, How};

/// Most tokens considered per name; longer names are cut (no real name part is lost in practice:
/// lists' longest names have about a dozen tokens).
pub const MAX_TOKENS: usize = 24;

/// One side of an alignment: the tokens of a name and their weights.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// Token texts.
    pub texts: &'a [&'a str],
    /// Token weights (rarity × kind).
    pub weights: &'a [f32],
    /// Tokens that cannot make a match by themselves (legal forms), one bit per token.
    pub filler: u32,
    /// The name is written in a script that writes initials (not an abjad, Han or Hangul): only
    /// then is a one-letter token an initial. A lone letter read out of Arabic script is a
    /// particle or a slip of the source, not the first letter of a word ("l" is not "Laine").
    pub initials: bool,
}

impl<'a> Side<'a> {
    /// A side whose every token can carry a match.
    pub fn new(texts: &'a [&'a str], weights: &'a [f32]) -> Self {
        Side {
            texts,
            weights,
            filler: 0,
            initials: true,
        }
    }

    fn is_filler(&self, i: usize) -> bool {
        i < 32 && self.filler & (1 << i) != 0
    }
}

/// One aligned pair (or a joined pair) in an explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenPair {
    /// The query token(s).
    pub query: String,
    /// The listed token(s).
    pub listed: String,
    /// How they met.
    pub how: How,
    /// Similarity 0..1.
    pub similarity: f32,
}

/// The result of aligning two names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alignment {
    /// The aligned pairs, in query order.
    pub pairs: Vec<TokenPair>,
    /// Query tokens left without a partner.
    pub unmatched_query: Vec<String>,
    /// Listed tokens left without a partner.
    pub unmatched_listed: Vec<String>,
    /// Weighted share of the query covered by the listed name (0..1).
    pub query_coverage: f32,
    /// Weighted share of the listed name covered by the query (0..1).
    pub listed_coverage: f32,
    /// The name score derived from both coverages (0..1), after any adjustment in `notes`.
    pub score: f32,
    /// Query and listed tokens left without a partner (counted even without `explain`).
    #[serde(skip)]
    pub unmatched: (u8, u8),
    /// Which query and listed tokens found a partner, one bit per token (the first 32).
    #[serde(skip)]
    pub matched: (u32, u32),
    /// Adjustments made to the score after alignment, in words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Clone, Copy)]
struct Cand {
    sim: f32,
    how: How,
    q: u8,
    q2: u8, // second query token for a joined pair, or u8::MAX
    c: u8,
    c2: u8,
    order: f32, // distance from the diagonal, tie-breaker
}

/// Combines the two coverages into a name score. Both are weighted by token rarity, so
/// matching only the common parts of a name yields little.
pub fn combine(query_coverage: f32, listed_coverage: f32) -> f32 {
    // A weighted geometric mean: an unmatched query token is evidence against (the subject has
    // a name part the listed party lacks), an unmatched listed token less so (lists often
    // carry second surnames and middle names a customer record lacks).
    (query_coverage.max(0.0).powf(0.6) * listed_coverage.max(0.0).powf(0.4)).clamp(0.0, 1.0)
}

/// [`combine`] raised to the fifth power, `q³·c²`: the same order without a power function,
/// for a bound that compares many names with one floor (raise the floor to the fifth power
/// once; take the fifth root of the few that pass).
pub fn combine_pow5(query_coverage: f32, listed_coverage: f32) -> f32 {
    let q = query_coverage.max(0.0);
    let c = listed_coverage.max(0.0);
    (q * q * q * c * c).min(1.0)
}

/// The least query coverage with which [`combine`] can reach `score` (listed coverage at its
/// best): the index's pruning uses it to stop opening candidates that cannot get there.
pub fn min_query_coverage(score: f32) -> f32 {
    if score <= 0.0 {
        0.0
    } else {
        score.min(1.0).powf(1.0 / 0.6)
    }
}

/// One token of one side against two adjacent tokens of the other, for a caller's test of a
/// joined word beyond the letters ([`align_with`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// Query token `whole` against listed tokens `first` and `first + 1`.
    Query {
        /// The query token.
        whole: usize,
        /// The first of the two listed tokens.
        first: usize,
    },
    /// Listed token `whole` against query tokens `first` and `first + 1`.
    Listed {
        /// The listed token.
        whole: usize,
        /// The first of the two query tokens.
        first: usize,
    },
}

/// Aligns two names. `sim(i, j)` gives the similarity of query token `i` and listed token `j`
/// (exact, variant, phonetic, skeleton, edit); initials and joined tokens are found here.
/// No heap allocation happens unless `explain` is set.
pub fn align<F>(q: Side<'_>, c: Side<'_>, sim: F, explain: bool) -> Alignment
where
    F: FnMut(usize, usize) -> Option<(f32, How)>,
{
    align_with(q, c, sim, |_| None, explain)
}

/// [`align`], with `join` giving the similarity of a word and two of the other side's where
/// their letters do not join (consonant skeletons across scripts).
pub fn align_with<F, J>(
    q: Side<'_>,
    c: Side<'_>,
    mut sim: F,
    mut join: J,
    explain: bool,
) -> Alignment
where
    F: FnMut(usize, usize) -> Option<(f32, How)>,
    J: FnMut(Join) -> Option<f32>,
{
    let n = q.texts.len().min(MAX_TOKENS);
    let m = c.texts.len().min(MAX_TOKENS);
    let mut cands: [Cand; 96] = [Cand {
        sim: 0.0,
        how: How::Exact,
        q: 0,
        q2: u8::MAX,
        c: 0,
        c2: u8::MAX,
        order: 0.0,
    }; 96];
    let mut k = 0usize;
    // When full, the weakest candidate (lowest similarity, then farthest from the diagonal)
    // gives way, so that a name of many repeated tokens still meets itself token for token.
    let weaker = |a: &Cand, b: &Cand| a.sim < b.sim || (a.sim == b.sim && a.order > b.order);
    let mut push = |cands: &mut [Cand; 96], cand: Cand| {
        if k < cands.len() {
            cands[k] = cand;
            k += 1;
        } else if let Some(worst) = cands
            .iter_mut()
            .reduce(|a, b| if weaker(b, a) { b } else { a })
        {
            if weaker(worst, &cand) {
                *worst = cand;
            }
        }
    };
    let diag =
        |i: usize, j: usize| ((i as f32 + 0.5) / n as f32 - (j as f32 + 0.5) / m as f32).abs();
    for i in 0..n {
        for j in 0..m {
            // Equal tokens are always an exact pair, whatever they are (a lone letter, a
            // syllable): a name compared with itself scores 1.
            let found = if q.texts[i] == c.texts[j] {
                Some((1.0, How::Exact))
            } else {
                sim(i, j).or_else(|| {
                    let lone_letter_not_initial = (q.texts[i].len() == 1 && !q.initials)
                        || (c.texts[j].len() == 1 && !c.initials);
                    if lone_letter_not_initial {
                        return None;
                    }
                    initial_similarity(q.texts[i], c.texts[j]).map(|s| (s, How::Initial))
                })
            };
            if let Some((s, how)) = found {
                push(
                    &mut cands,
                    Cand {
                        sim: s,
                        how,
                        q: i as u8,
                        q2: u8::MAX,
                        c: j as u8,
                        c2: u8::MAX,
                        order: diag(i, j),
                    },
                );
            }
        }
    }
    // Joined tokens: "jongun" against "jong" + "un", either way round.
    for i in 0..n {
        for j in 0..m.saturating_sub(1) {
            let s = joined(q.texts[i], c.texts[j], c.texts[j + 1], SPLIT_TYPO_PART)
                .or_else(|| join(Join::Query { whole: i, first: j }));
            if let Some(s) = s {
                push(
                    &mut cands,
                    Cand {
                        sim: s,
                        how: How::Joined,
                        q: i as u8,
                        q2: u8::MAX,
                        c: j as u8,
                        c2: (j + 1) as u8,
                        order: diag(i, j),
                    },
                );
            }
        }
    }
    for j in 0..m {
        for i in 0..n.saturating_sub(1) {
            let s = joined(c.texts[j], q.texts[i], q.texts[i + 1], 1)
                .or_else(|| join(Join::Listed { whole: j, first: i }));
            if let Some(s) = s {
                push(
                    &mut cands,
                    Cand {
                        sim: s,
                        how: How::Joined,
                        q: i as u8,
                        q2: (i + 1) as u8,
                        c: j as u8,
                        c2: u8::MAX,
                        order: diag(i, j),
                    },
                );
            }
        }
    }
    let cands = &mut cands[..k];
    cands.sort_unstable_by(|a, b| b.sim.total_cmp(&a.sim).then(a.order.total_cmp(&b.order)));

    let mut q_used = [false; MAX_TOKENS];
    let mut c_used = [false; MAX_TOKENS];
    let mut q_sim = [0f32; MAX_TOKENS];
    let mut c_sim = [0f32; MAX_TOKENS];
    let mut chosen: [usize; MAX_TOKENS] = [usize::MAX; MAX_TOKENS];
    let mut nchosen = 0;
    for (idx, cand) in cands.iter().enumerate() {
        let (qi, ci) = (cand.q as usize, cand.c as usize);
        let q2 = (cand.q2 != u8::MAX).then_some(cand.q2 as usize);
        let c2 = (cand.c2 != u8::MAX).then_some(cand.c2 as usize);
        if q_used[qi]
            || c_used[ci]
            || q2.is_some_and(|x| q_used[x])
            || c2.is_some_and(|x| c_used[x])
        {
            continue;
        }
        q_used[qi] = true;
        c_used[ci] = true;
        q_sim[qi] = cand.sim;
        c_sim[ci] = cand.sim;
        if let Some(x) = q2 {
            q_used[x] = true;
            q_sim[x] = cand.sim;
        }
        if let Some(x) = c2 {
            c_used[x] = true;
            c_sim[x] = cand.sim;
        }
        if nchosen < MAX_TOKENS {
            chosen[nchosen] = idx;
            nchosen += 1;
        }
    }
    let cover = |w: &[f32], s: &[f32], len: usize| {
        let total: f32 = w[..len].iter().sum();
        if total <= 0.0 {
            return 0.0;
        }
        w[..len]
            .iter()
            .zip(&s[..len])
            .map(|(w, s)| w * s)
            .sum::<f32>()
            / total
    };
    // A name met only through initials, or only through legal forms, is not a match.
    let substantive = chosen[..nchosen].iter().any(|&i| {
        let cand = &cands[i];
        cand.how != How::Initial && !(q.is_filler(cand.q as usize) && c.is_filler(cand.c as usize))
    });
    if !substantive {
        q_sim = [0f32; MAX_TOKENS];
        c_sim = [0f32; MAX_TOKENS];
    }
    let query_coverage = cover(q.weights, &q_sim, n);
    let listed_coverage = cover(c.weights, &c_sim, m);
    let score = combine(query_coverage, listed_coverage);

    let mut out = Alignment {
        pairs: Vec::new(),
        unmatched_query: Vec::new(),
        unmatched_listed: Vec::new(),
        query_coverage,
        listed_coverage,
        score,
        unmatched: (
            q_used[..n].iter().filter(|u| !**u).count() as u8,
            c_used[..m].iter().filter(|u| !**u).count() as u8,
        ),
        matched: (bits(&q_used[..n]), bits(&c_used[..m])),
        notes: Vec::new(),
    };
    if explain {
        let mut picked: Vec<Cand> = chosen[..nchosen].iter().map(|&i| cands[i]).collect();
        picked.sort_by_key(|c| c.q);
        for cand in picked {
            let join = |a: u8, b: u8, texts: &[&str]| {
                if b == u8::MAX {
                    texts[a as usize].to_string()
                } else {
                    format!("{} {}", texts[a as usize], texts[b as usize])
                }
            };
            out.pairs.push(TokenPair {
                query: join(cand.q, cand.q2, q.texts),
                listed: join(cand.c, cand.c2, c.texts),
                how: cand.how,
                similarity: cand.sim,
            });
        }
        out.unmatched_query = (0..n)
            .filter(|&i| !q_used[i])
            .map(|i| q.texts[i].to_string())
            .collect();
        out.unmatched_listed = (0..m)
            .filter(|&j| !c_used[j])
            .map(|j| c.texts[j].to_string())
            .collect();
    }
    out
}

/// One bit per `true` among the first 32.
fn bits(used: &[bool]) -> u32 {
    used.iter()
        .take(32)
        .enumerate()
        .fold(0, |acc, (i, &u)| if u { acc | (1 << i) } else { acc })
}

/// Whether `whole` is `a` and `b` written as one word (exactly, or within the edit budget).
/// A query token split over two listed tokens with a typo ("abdurrahman" / "abdul rahman")
/// counts only when both listed tokens have this many letters: the index's pruning enumerates
/// such splits from the dictionary's deletion neighbourhoods, which hold tokens of four letters
/// or more.
pub const SPLIT_TYPO_PART: usize = 4;

/// `whole` against `a` + `b` written as one; with one typo when both sides have 8 letters or
/// more and each of `a` and `b` has at least `typo_part`.
fn joined(whole: &str, a: &str, b: &str, typo_part: usize) -> Option<f32> {
    let len = a.len() + b.len();
    if a.is_empty() || b.is_empty() || whole.len().abs_diff(len) > 2 || len > 64 {
        return None;
    }
    let mut buf = [0u8; 64];
    buf[..a.len()].copy_from_slice(a.as_bytes());
    buf[a.len()..len].copy_from_slice(b.as_bytes());
    let cat = &buf[..len];
    if whole.as_bytes() == cat {
        return Some(weights::JOINED);
    }
    // Syllables are short and many: a joined pair with a typo only counts on long words.
    if whole.len().min(len) < 8 || a.len().min(b.len()) < typo_part {
        return None;
    }
    let d = osa_distance(whole.as_bytes(), cat, 1)?;
    Some(weights::JOINED - 0.08 * d as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(q: &[&str], c: &[&str]) -> impl FnMut(usize, usize) -> Option<(f32, How)> {
        let q: Vec<String> = q.iter().map(|s| s.to_string()).collect();
        let c: Vec<String> = c.iter().map(|s| s.to_string()).collect();
        move |i, j| (q[i] == c[j]).then_some((1.0, How::Exact))
    }

    fn run(q: &[&str], c: &[&str]) -> Alignment {
        let qw = vec![1.0; q.len()];
        let cw = vec![1.0; c.len()];
        align(Side::new(q, &qw), Side::new(c, &cw), exact(q, c), true)
    }

    #[test]
    fn combine_pow5_is_combine_to_the_fifth() {
        let steps = [0.0f32, 0.01, 0.1, 0.33, 0.5, 0.77, 0.9, 0.999, 1.0, 1.3];
        for &q in &steps {
            for &c in &steps {
                let root = combine_pow5(q, c).powf(0.2);
                assert!((root - combine(q, c)).abs() < 1e-5, "{q} {c}: {root}");
            }
        }
    }

    #[test]
    fn order_does_not_matter() {
        let a = run(&["altun", "ozgur"], &["ozgur", "altun"]);
        assert_eq!(a.score, 1.0);
        assert!(a.unmatched_query.is_empty() && a.unmatched_listed.is_empty());
    }

    #[test]
    fn min_query_coverage_inverts_combine() {
        for s in [0.1f32, 0.5, 0.62, 0.7, 0.95, 1.0] {
            let x = min_query_coverage(s);
            assert!(
                (combine(x, 1.0) - s).abs() < 1e-4,
                "{s}: {}",
                combine(x, 1.0)
            );
            assert!(combine(x * 0.99, 1.0) < s);
        }
        assert_eq!(min_query_coverage(-0.2), 0.0);
    }

    #[test]
    fn joined_tokens_meet() {
        let a = run(&["kim", "jongun"], &["kim", "jong", "un"]);
        assert!(a.score > 0.9, "{a:?}");
        assert_eq!(a.pairs[1].how, How::Joined);
        let b = run(&["xi", "jin", "ping"], &["xi", "jinping"]);
        assert!(b.score > 0.9, "{b:?}");
    }

    #[test]
    fn missing_middle_name_costs_little() {
        let a = run(&["frank", "bwambale"], &["frank", "kakolele", "bwambale"]);
        assert!(a.score > 0.75 && a.score < 1.0, "{a:?}");
    }

    #[test]
    fn one_shared_token_is_not_a_match() {
        let a = run(&["mohammed", "hassan"], &["mohammed", "omar"]);
        assert!(a.score < 0.6, "{a:?}");
    }

    #[test]
    fn a_name_meets_itself() {
        for name in [
            &["a", "b", "c"][..],
            &["x"; 24][..],
            &["s", "a", "de", "c", "v"][..],
        ] {
            let w = vec![1.0; name.len()];
            let a = align(Side::new(name, &w), Side::new(name, &w), |_, _| None, false);
            assert_eq!(a.score, 1.0, "{name:?}");
        }
    }

    #[test]
    fn legal_forms_alone_are_no_match() {
        let (q, c) = (["alpha", "ltd"], ["beta", "ltd"]);
        let w = [1.0, 1.0];
        let (qs, cs) = (
            Side {
                texts: &q,
                weights: &w,
                filler: 0b10,
                initials: true,
            },
            Side {
                texts: &c,
                weights: &w,
                filler: 0b10,
                initials: true,
            },
        );
        let a = align(qs, cs, exact(&q, &c), false);
        assert_eq!(a.score, 0.0, "{a:?}");
    }

    #[test]
    fn initials_get_partial_credit() {
        let a = run(&["j", "smith"], &["john", "smith"]);
        assert_eq!(a.pairs[0].how, How::Initial);
        assert!(a.score > 0.8, "{a:?}");
    }

    #[test]
    fn a_lone_letter_of_a_script_without_initials_is_no_initial() {
        // "محمد الل مطيع" read out as "mhmd l mty": the "l" is a slip of the source.
        let (q, c) = (["mati", "laine"], ["mhmd", "l", "mti"]);
        let (qw, cw) = ([1.0; 2], [1.0; 3]);
        let listed = |initials| Side {
            texts: &c,
            weights: &cw,
            filler: 0,
            initials,
        };
        let a = align(Side::new(&q, &qw), listed(false), exact(&q, &c), true);
        assert!(a.pairs.iter().all(|p| p.how != How::Initial), "{a:?}");
        let a = align(Side::new(&q, &qw), listed(true), exact(&q, &c), true);
        assert!(a.pairs.iter().any(|p| p.how == How::Initial), "{a:?}");
    }
}
