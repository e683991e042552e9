//! The index prunes candidates (MaxScore over token postings, seeding, top-k, a bound on both
//! coverages). Pruning must never change a result: on a synthetic list, every query's hits with
//! pruning equal the hits of the exhaustive screening (every name that shares an alike token
//! with the query scored), with the default seeding and with every query seeded.

use namesake_eval::synth::{person_name, synthetic_list, Rng};
use namesake_index::{forget_token_meets, Hit, Index, ScreenOptions};
use namesake_model::{DateSpec, PartialDate, Query};

fn summary(hits: &[Hit]) -> Vec<(String, f32, String)> {
    hits.iter()
        .map(|h| (h.entity_id.clone(), h.score, h.matched_name.clone()))
        .collect()
}

/// Customer-like queries of a synthetic list: listed names with typos, initials, parts joined
/// or split, generated names; a third with a year of birth and a country.
fn queries(ents: &[namesake_model::Entity], n: usize) -> Vec<Query> {
    let mut rng = Rng::new(99);
    let mut queries: Vec<Query> = Vec::new();
    for i in 0..n {
        let mut q = match i % 6 {
            // A listed name with two letters swapped.
            0 | 1 => {
                let e = &ents[rng.below(ents.len())];
                let n = &e.names[rng.below(e.names.len())].full;
                let mut c: Vec<char> = n.chars().collect();
                if c.len() > 4 {
                    let p = 1 + rng.below(c.len() - 3);
                    c.swap(p, p + 1);
                }
                Query::name(c.into_iter().collect::<String>())
            }
            // A listed name with its first part cut to an initial.
            2 => {
                let e = &ents[rng.below(ents.len())];
                let n = &e.names[0].full;
                match n.split_once(' ') {
                    Some((first, rest)) if first.is_ascii() => {
                        Query::name(format!("{}. {rest}", &first[..1]))
                    }
                    _ => Query::name(n.clone()),
                }
            }
            // Two parts written as one ("jongun"), or one long part written as two, with a
            // letter doubled.
            3 | 4 => {
                let e = &ents[rng.below(ents.len())];
                let n = &e.names[rng.below(e.names.len())].full;
                let mut text = if i % 6 == 3 {
                    n.replacen(' ', "", 1)
                } else {
                    let longest = n.split(' ').max_by_key(|t| t.len()).unwrap_or(n);
                    let cut = longest
                        .char_indices()
                        .map(|(b, _)| b)
                        .nth(longest.chars().count() / 2)
                        .unwrap_or(0);
                    n.replacen(
                        longest,
                        &format!("{} {}", &longest[..cut], &longest[cut..]),
                        1,
                    )
                };
                if rng.below(2) == 0 {
                    if let Some((b, c)) = text.char_indices().nth(text.chars().count() / 3) {
                        text.insert(b, c);
                    }
                }
                Query::name(text)
            }
            // A generated name, most often on no list.
            _ => {
                let script = rng.below(7);
                Query::name(person_name(&mut rng, script))
            }
        };
        // Some queries state a year of birth and a country, so that features count.
        if i % 3 == 0 {
            q.birth_dates.push(DateSpec::single(PartialDate::year(
                1940 + rng.below(60) as i32,
            )));
            q.countries.push("ru".into());
        }
        queries.push(q);
    }
    queries
}

#[test]
fn pruning_never_changes_the_hits() {
    let (info, ents) = synthetic_list(120_000, 11);
    let queries = queries(&ents, 360);
    let mut index = Index::build(vec![(info, ents)]);
    let mut compared = 0;
    for (limit, seed_all) in [(1, false), (10, false), (10, true)] {
        if seed_all {
            index.set_seed_above(0);
        }
        let opts = ScreenOptions {
            limit,
            explain: false,
            ..ScreenOptions::default()
        };
        for q in &queries {
            let pruned = summary(&index.screen(q, &opts));
            let full = summary(&index.screen_exhaustive(q, &opts));
            assert_eq!(
                pruned,
                full,
                "query {:?}, limit {limit}, every query seeded: {seed_all}",
                q.all_names()
            );
            compared += usize::from(!full.is_empty());
        }
    }
    // The comparison means something only if many queries have hits.
    assert!(compared > 450, "only {compared} screenings had hits");
}

/// A thread remembers what each query token met in the dictionary and replays it for the next
/// query with that token: the hits and their explanations are the same as those found afresh.
#[test]
fn remembered_token_matches_never_change_the_hits() {
    let (info, ents) = synthetic_list(30_000, 5);
    let queries = queries(&ents, 600);
    let index = Index::build(vec![(info, ents)]);
    let opts = ScreenOptions::default();
    let remembered: Vec<Vec<Hit>> = queries.iter().map(|q| index.screen(q, &opts)).collect();
    let mut with_hits = 0;
    for (q, before) in queries.iter().zip(&remembered) {
        forget_token_meets();
        let afresh = index.screen(q, &opts);
        assert_eq!(&afresh, before, "query {:?}", q.all_names());
        with_hits += usize::from(!afresh.is_empty());
    }
    assert!(with_hits > 300, "only {with_hits} screenings had hits");
    // Another index on the same thread is not answered from the first one's memory.
    let (info, ents) = synthetic_list(2_000, 6);
    let q = Query::name(ents[0].names[0].full.clone());
    let other = Index::build(vec![(info, ents)]);
    index.screen(&q, &opts);
    let after_first = other.screen(&q, &opts);
    forget_token_meets();
    assert_eq!(after_first, other.screen(&q, &opts));
    assert!(!after_first.is_empty(), "a listed name finds its entity");
}

/// A query of more tokens than the aligner reads (24): its coverage is weighed against the
/// tokens it reads, and the pruning's bounds must be too.
#[test]
fn a_query_longer_than_the_aligner_reads_prunes_as_it_scores() {
    let (info, ents) = synthetic_list(20_000, 3);
    let names: Vec<String> = ents
        .iter()
        .take(60)
        .map(|e| e.names[0].full.clone())
        .collect();
    let index = Index::build(vec![(info, ents)]);
    let opts = ScreenOptions {
        threshold: 0.3,
        ..ScreenOptions::default()
    };
    let mut with_hits = 0;
    for k in 0..40 {
        let long = names[k..k + 16].join(" ");
        let q = Query::name(long.as_str());
        let pruned = summary(&index.screen(&q, &opts));
        assert_eq!(
            pruned,
            summary(&index.screen_exhaustive(&q, &opts)),
            "{long}"
        );
        with_hits += usize::from(!pruned.is_empty());
    }
    assert!(with_hits >= 20, "only {with_hits} long queries had hits");
}

/// The shapes the narrowing of opened names is for: a name of two words each half its weight
/// (a name needs both, so only names holding a token alike to each are opened), words listed
/// alone and rare words beside common ones (the weights, and so the words a name needs,
/// differ), exact namesakes enough to fill the top-k at 1 (then only exact tokens count), and
/// names read out of Hangul whose one-letter syllables are no initials. Pruned hits equal the
/// exhaustive ones.
#[test]
fn opening_only_names_that_hold_every_needed_word_changes_no_hit() {
    use namesake_model::{Entity, ListInfo, Name, NameKind, Schema};
    let mut rng = Rng::new(17);
    let words = ["Velmor", "Taskin", "Orbade", "Kelune", "Pirsac", "Dunmel"];
    let spell = |w: &str, rng: &mut Rng| -> String {
        // A third of the names carry a one-letter typo of the word.
        let mut c: Vec<char> = w.chars().collect();
        if rng.below(3) == 0 {
            let p = 1 + rng.below(c.len() - 1);
            c[p] = ['a', 'e', 'i', 'o'][rng.below(4)];
        }
        c.into_iter().collect()
    };
    let rare = ["Zorvath", "Quillen"];
    let hangul = ["이", "성", "민", "준", "서", "현"];
    let mut ents = Vec::new();
    for i in 0..6_000 {
        let name = match i % 4 {
            // One of the words beside a generated name: half a two-word query at most.
            0 | 1 => format!(
                "{} {}",
                spell(words[rng.below(words.len())], &mut rng),
                person_name(&mut rng, 0)
            ),
            // Two of the words: many exact namesakes of each pair.
            2 => format!(
                "{} {}",
                spell(words[rng.below(3)], &mut rng),
                spell(words[3 + rng.below(3)], &mut rng)
            ),
            _ if i % 8 == 3 => (0..3).map(|_| hangul[rng.below(hangul.len())]).collect(),
            // A word listed alone; a rare word alone; a given name beside a generated one.
            _ if i % 16 == 7 => spell(words[rng.below(words.len())], &mut rng),
            _ if i % 128 == 15 => spell(rare[rng.below(rare.len())], &mut rng),
            _ => format!("Maria {}", person_name(&mut rng, 0)),
        };
        let mut e = Entity::new("t", &i.to_string(), Schema::Person);
        e.names.push(Name::new(name, NameKind::Primary));
        ents.push(e);
    }
    let info = ListInfo {
        code: "t".into(),
        name: "t".into(),
        format: "test".into(),
        published: None,
    };
    let index = Index::build(vec![(info, ents)]);
    let mut queries: Vec<String> = Vec::new();
    for a in &words[..3] {
        for b in &words[3..] {
            queries.push(format!("{a} {b}"));
            queries.push(format!("{b} {a}"));
            queries.push(format!("{} {b}", spell(a, &mut rng)));
            // An initial is met by any word of its letter, through no alike token.
            queries.push(format!("{}. {b}", &a[..1]));
        }
    }
    for (w, r) in words.iter().zip(rare.iter().cycle()) {
        queries.push(format!("{w} {r}"));
        queries.push(format!("Maria {w}"));
        queries.push(format!("{} Maria", spell(w, &mut rng)));
    }
    queries.extend(["이성이", "이이이", "성민", "준 이 서"].map(String::from));
    let mut with_hits = 0;
    for limit in [1, 3, 10] {
        let opts = ScreenOptions {
            limit,
            explain: false,
            ..ScreenOptions::default()
        };
        for q in &queries {
            let q = Query::name(q.as_str());
            let pruned = summary(&index.screen(&q, &opts));
            let full = summary(&index.screen_exhaustive(&q, &opts));
            assert_eq!(pruned, full, "query {:?}, limit {limit}", q.all_names());
            with_hits += usize::from(!full.is_empty());
        }
    }
    assert!(with_hits > 80, "only {with_hits} screenings had hits");
}
