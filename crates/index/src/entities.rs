//! The listed entities, one JSON document each (in a mapped index file, or owned after a build,
//! which encodes each entity as it reads it and drops the parsed one), decoded the first time a
//! query (or a caller) asks for it and kept from then on, so that what is resident when serving
//! is what queries touch.

use std::sync::OnceLock;

use namesake_model::{Entity, Schema};

use crate::store::Runs;

/// Every entity of an index: entity `i` is the JSON document `docs[i]`, decoded once.
pub(crate) struct EntityStore {
    docs: Runs<u8>,
    decoded: Box<[OnceLock<Box<Entity>>]>,
}

impl EntityStore {
    /// The entities encoded in `docs` (owned, or viewed in a mapped file).
    pub(crate) fn from_docs(docs: Runs<u8>) -> EntityStore {
        EntityStore {
            decoded: (0..docs.len()).map(|_| OnceLock::new()).collect(),
            docs,
        }
    }

    /// Whether every entity's document is within the file (always, once built).
    pub(crate) fn is_consistent(&self) -> bool {
        self.docs.is_consistent()
    }

    /// Number of entities.
    pub(crate) fn len(&self) -> usize {
        self.decoded.len()
    }

    /// Entity `i`, decoded on first use. A document that does not decode (a corrupted file)
    /// reads as an entity with no names, whose id says so, rather than stopping a screening.
    pub(crate) fn get(&self, i: usize) -> Option<&Entity> {
        let cell = self.decoded.get(i)?;
        Some(cell.get_or_init(|| {
            let entity = serde_json::from_slice(self.docs.get(i)).ok();
            Box::new(
                entity.unwrap_or_else(|| {
                    Entity::new("corrupt", &format!("entity-{i}"), Schema::Unknown)
                }),
            )
        }))
    }

    /// Entity `i`'s JSON document (for saving).
    pub(crate) fn doc(&self, i: usize) -> &[u8] {
        self.docs.get(i)
    }
}

impl std::ops::Index<usize> for EntityStore {
    type Output = Entity;

    fn index(&self, i: usize) -> &Entity {
        match self.get(i) {
            Some(e) => e,
            None => panic!("entity {i} out of range ({} entities)", self.len()),
        }
    }
}

impl std::fmt::Debug for EntityStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EntityStore({} entities)", self.len())
    }
}

/// The entities of an index, in index order: a view that decodes (and keeps) each entity the
/// first time it is read (built or loaded, an index keeps its entities encoded). Iterating over
/// all of them decodes them all.
#[derive(Clone, Copy)]
pub struct Entities<'a> {
    store: &'a EntityStore,
}

impl<'a> Entities<'a> {
    pub(crate) fn new(store: &'a EntityStore) -> Self {
        Entities { store }
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.store.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Entity `i` (its [`crate::Hit::entity_index`]).
    pub fn get(&self, i: usize) -> Option<&'a Entity> {
        self.store.get(i)
    }

    /// Every entity, in index order.
    pub fn iter(&self) -> impl Iterator<Item = &'a Entity> + 'a {
        let store = self.store;
        (0..store.len()).filter_map(move |i| store.get(i))
    }
}

impl<'a> IntoIterator for Entities<'a> {
    type Item = &'a Entity;
    type IntoIter = Box<dyn Iterator<Item = &'a Entity> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl std::ops::Index<usize> for Entities<'_> {
    type Output = Entity;

    fn index(&self, i: usize) -> &Entity {
        &self.store[i]
    }
}

impl std::fmt::Debug for Entities<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Entities<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}
