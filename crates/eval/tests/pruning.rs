//! The index prunes candidates (MaxScore over token postings, seeding, top-k, a bound on both
//! coverages). Pruning must never change a result: on a synthetic list, every query's hits with
//! pruning equal the hits of the exhaustive screening (every name that shares an alike token
//! with the query scored), with the default seeding and with every query seeded.

use namesake_eval::synth::{person_name, synthetic_list, Rng};
use namesake_index::{Hit, Index, ScreenOptions};
use namesake_model::{DateSpec, PartialDate, Query};

fn summary(hits: &[Hit]) -> Vec<(String, f32, String)> {
    hits.iter()
        .map(|h| (h.entity_id.clone(), h.score, h.matched_name.clone()))
        .collect()
}

#[test]
fn pruning_never_changes_the_hits() {
    let (info, ents) = synthetic_list(120_000, 11);
    let mut rng = Rng::new(99);
    let mut queries: Vec<Query> = Vec::new();
    for i in 0..360 {
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
