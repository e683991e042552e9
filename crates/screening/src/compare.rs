//! Two names compared without a list: what `namesake compare` and Python's `namesake.compare`
//! report.

use namesake_index::{Hit, Index, ScreenOptions, TokenRarity};
use namesake_model::{Entity, ListInfo, Name, NameKind, Query, Schema};

/// Scores `name1` against `name2`. With no list around, tokens weigh by how common they are on
/// the official lists ([`TokenRarity::builtin`]). The score is symmetric: both names are
/// screened against each other and the better direction counts (a customer record may carry a
/// name part the list lacks, or the other way round).
///
/// ```
/// use namesake_model::Schema;
/// let hit = namesake_screening::compare::compare("ALTUN, Özgür", "Ozgur Altun", Schema::Person).unwrap();
/// assert!(hit.score > 0.95);
/// ```
pub fn compare(name1: &str, name2: &str, schema: Schema) -> Option<Hit> {
    let forward = one_way(name1, name2, schema);
    let backward = one_way(name2, name1, schema);
    match (forward, backward) {
        (Some(f), Some(b)) if b.score > f.score => Some(b),
        (Some(f), _) => Some(f),
        (None, b) => b,
    }
}

/// The score [`compare`] gives, 0 when the names have nothing in common.
pub fn compare_score(name1: &str, name2: &str, schema: Schema) -> f32 {
    compare(name1, name2, schema).map_or(0.0, |h| h.score)
}

/// `query` screened against an index holding only `listed`.
fn one_way(query: &str, listed: &str, schema: Schema) -> Option<Hit> {
    let mut e = Entity::new("compare", "1", schema);
    e.names.push(Name::new(listed, NameKind::Primary));
    let info = ListInfo {
        code: "compare".into(),
        name: "comparison".into(),
        format: "none".into(),
        published: None,
    };
    let index = Index::build_with_rarity(vec![(info, vec![e])], Some(TokenRarity::builtin()));
    let q = Query {
        names: vec![query.to_string()],
        schema,
        ..Default::default()
    };
    let opts = ScreenOptions {
        threshold: 0.0,
        limit: 1,
        explain: true,
        lists: None,
        exact_name_floor: false,
    };
    if let Some(hit) = index.screen(&q, &opts).into_iter().next() {
        return Some(hit);
    }
    // Names with no token at all (punctuation, symbols): equal is the same name.
    (query.trim() == listed.trim() && !query.trim().is_empty()).then(|| Hit {
        entity_id: "compare:1".into(),
        list: "compare".into(),
        list_name: "comparison".into(),
        name: listed.to_string(),
        schema,
        score: 1.0,
        band: namesake_matcher::band(1.0),
        matched_name: listed.to_string(),
        exact_name_floor: false,
        details: Default::default(),
        explanation: None,
        listed: Default::default(),
        also_on: Vec::new(),
        entity_index: 0,
    })
}
