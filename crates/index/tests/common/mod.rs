//! Helpers shared by the cross-script tests.

use namesake_index::{Index, ScreenOptions};
use namesake_model::{Entity, ListInfo, Name, NameKind, Query, Schema};

/// Every hit, however low, up to `limit`, without explanations.
pub fn options(limit: usize) -> ScreenOptions {
    ScreenOptions {
        threshold: 0.0,
        limit,
        explain: false,
        lists: None,
        exact_name_floor: false,
    }
}

/// The score of `query` against one listed person named `listed` (0 when no hit).
pub fn score(query: &str, listed: &str) -> f32 {
    let mut e = Entity::new("test", "1", Schema::Person);
    e.names.push(Name::new(listed, NameKind::Primary));
    let info = ListInfo {
        code: "test".into(),
        name: "test".into(),
        format: "test".into(),
        published: None,
    };
    let ix = Index::build(vec![(info, vec![e])]);
    ix.screen(&Query::name(query), &options(1))
        .first()
        .map_or(0.0, |h| h.score)
}
