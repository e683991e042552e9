//! A screener over a store's list versions.

use std::sync::Arc;

use namesake_index::Index;
use namesake_store::{ListVersion, Store};

use crate::{DecisionBook, Error, Screener, UsedVersion};

/// The index over stored list versions, each under the key it is stored as (the name `--as`
/// gave it, which its entities carry).
pub fn stored_index<S: Store + ?Sized>(
    store: &S,
    versions: &[ListVersion],
) -> Result<Index, Error> {
    let mut lists = Vec::new();
    for v in versions {
        let entities = store
            .entities(v.id)?
            .into_iter()
            .map(|s| s.entity)
            .collect();
        lists.push((namesake_store::indexed_info(v), entities));
    }
    Ok(Index::build(lists))
}

/// A screener over the store's current list versions, applying its decisions; `None` when no
/// list has been imported.
pub fn stored_screener<S: Store + ?Sized>(store: &S) -> Result<Option<Screener>, Error> {
    let current = store.current_versions()?;
    if current.is_empty() {
        return Ok(None);
    }
    let index = stored_index(store, &current)?;
    let versions = current.iter().map(UsedVersion::from_store).collect();
    let decisions = Arc::new(DecisionBook::new(store.decisions()?));
    Ok(Some(Screener::new(Arc::new(index), versions, decisions)))
}
