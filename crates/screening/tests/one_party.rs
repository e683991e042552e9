//! One party across lists, through the screening layer every surface calls: with the UN, the
//! 2018 UK, Canada's and Australia's lists loaded, a UN-listed name that the UK list carries
//! under its own key is one hit naming both lists; `separate_lists` gives one hit per entry; a
//! decision on the hit's entity id still suppresses it.

use std::collections::BTreeSet;
use std::sync::Arc;

use namesake_index::Index;
use namesake_model::Entity;
use namesake_screening::{DecisionBook, Options, ScreenedHit, Screener, Subject};
use namesake_store::{Decision, Decisions, Verdict};

const FILES: [&str; 4] = [
    "un_sc_consolidated_2026-02-27.xml",
    "uk_ofsi_conlist_2018-04-13.csv",
    "canada_sema_consolidated_autonomous_2025-05-25.xml",
    "au_dfat_consolidated_2024-11-11.xlsx",
];

fn index() -> Option<Index> {
    let mut lists = Vec::new();
    for f in FILES {
        let path = namesake_testdata::require_list(f)?;
        let l = namesake_sources::load(&path).expect("a real list loads");
        lists.push((l.info, l.entities));
    }
    Some(Index::build(lists))
}

fn separate() -> Options {
    Options {
        separate_lists: true,
        ..Options::default()
    }
}

/// A UN entry whose party the UK list also carries, and which a screening of its primary name
/// finds on both lists when hits are kept per list.
fn linked_un_entry<'a>(ix: &'a Index, screener: &Screener) -> &'a Entity {
    ix.entities()
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            e.list == "un"
                && ix
                    .links()
                    .partners(*i as u32)
                    .any(|m| ix.entities()[m as usize].list == "uk")
        })
        .map(|(_, e)| e)
        .find(|e| {
            let name = e.primary_name().unwrap_or_default();
            let lists: BTreeSet<String> = screener
                .screen(&Subject::name(name), &separate())
                .hits
                .iter()
                .map(|h| h.hit.list.clone())
                .collect();
            lists.contains("un") && lists.contains("uk")
        })
        .expect("a UN entry linked to the UK list, found on both by its name")
}

/// The ids of the party `e` belongs to, `e`'s included.
fn party_of(ix: &Index, e: &Entity) -> BTreeSet<String> {
    let i = ix.entities().iter().position(|x| x.id == e.id).unwrap() as u32;
    let mut party: BTreeSet<String> = ix
        .links()
        .partners(i)
        .map(|m| ix.entities()[m as usize].id.clone())
        .collect();
    party.insert(e.id.clone());
    party
}

#[test]
fn a_linked_un_name_is_one_hit_naming_every_list() {
    let Some(ix) = index() else { return };
    let ix = Arc::new(ix);
    let screener = Screener::new(ix.clone(), Vec::new(), Arc::new(DecisionBook::default()));
    let un = linked_un_entry(&ix, &screener);
    let name = un.primary_name().unwrap_or_default();
    let party = party_of(&ix, un);
    let of_party = |hits: &[ScreenedHit]| -> Vec<ScreenedHit> {
        hits.iter()
            .filter(|h| party.contains(&h.hit.entity_id))
            .cloned()
            .collect()
    };

    let per_entry = screener.screen(&Subject::name(name), &separate());
    assert!(
        of_party(&per_entry.hits).len() >= 2,
        "{name}: one hit per entry with separate_lists"
    );

    let merged = screener.screen(&Subject::name(name), &Options::default());
    let hits = of_party(&merged.hits);
    assert_eq!(hits.len(), 1, "{name}: one hit for the party");
    let hit = &hits[0].hit;
    // Every entry of the party is named, whether or not its name matched.
    let mut named: BTreeSet<String> = hit.also_on.iter().map(|l| l.entity_id.clone()).collect();
    named.insert(hit.entity_id.clone());
    assert_eq!(named, party, "{name}");
    let mut lists: BTreeSet<&str> = hit.also_on.iter().map(|l| l.list.as_str()).collect();
    lists.insert(hit.list.as_str());
    assert!(lists.contains("un") && lists.contains("uk"), "{lists:?}");
    // The JSON every surface prints names them too.
    let json = hits[0].to_json();
    assert_eq!(
        json["also_on"].as_array().map(Vec::len),
        Some(hit.also_on.len())
    );
    eprintln!(
        "{name}: one hit, {}, also on {:?}",
        hit.entity_id,
        hit.also_on
            .iter()
            .map(|l| l.entity_id.as_str())
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_decision_on_the_party_hit_still_suppresses_it() {
    let Some(ix) = index() else { return };
    let ix = Arc::new(ix);
    let book = Arc::new(DecisionBook::default());
    let screener = Screener::new(ix.clone(), Vec::new(), book.clone());
    let un = linked_un_entry(&ix, &screener);
    let party = party_of(&ix, un);
    let subject = Subject::name(un.primary_name().unwrap_or_default());
    let first = screener.screen(&subject, &Options::default());
    let hit = &first
        .hits
        .iter()
        .find(|h| party.contains(&h.hit.entity_id))
        .expect("the party is hit")
        .hit;
    assert!(!hit.also_on.is_empty(), "{}: a party hit", hit.entity_id);
    let entity = ix.entity(&hit.entity_id).unwrap();
    book.replace(Decisions::from_all([Decision {
        id: 1,
        subject_key: first.subject_key.clone(),
        entity_id: hit.entity_id.clone(),
        verdict: Verdict::FalsePositive,
        reason: "not the same person".into(),
        by: "analyst".into(),
        at: "2026-11-27T00:00:00Z".into(),
        entity_hash: Some(namesake_store::entity_hash(entity)),
    }]));
    let again = screener.screen(&subject, &Options::default());
    let same = again
        .hits
        .iter()
        .find(|h| h.hit.entity_id == hit.entity_id)
        .expect("the party hit again, under the same entity id");
    assert!(same.suppressed_by.is_some(), "the decision holds");
}
