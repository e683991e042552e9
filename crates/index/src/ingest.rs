//! The first step of a build: the lists' entities read one chunk at a time, each entity's names
//! prepared and its tokens interned, the entity encoded as the JSON document the index keeps,
//! and the parsed entity dropped. What stays is compact (the documents, name records, token ids,
//! the dictionary's texts, hashed identifiers), so that a million-entity build never holds the
//! parsed entities and the index at once.

use namesake_model::{Entity, ListInfo, Schema};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::build::{fnv1a, prepare_entity, Prepared};
use crate::link::{link_keys, LinkKeys};
use crate::store::Runs;
use crate::{ListMeta, NameRec, TokId};

/// Entities prepared together (in parallel) before they are dropped.
const CHUNK: usize = 8192;

/// Chunks between two returns of the freed entities' memory to the OS (when the caller held
/// every entity before the build, as a parsed list does).
const TRIM_EVERY: usize = 16;

/// The dictionary as interning fills it: each token's text and kind, in first-seen order, with
/// what the names that hold it say of it. The texts are kept one after another in one string
/// rather than one allocation each, which would pin pages of the freed entities' heap.
#[derive(Default)]
pub(crate) struct Dictionary {
    /// Hash of a text (the next value on a collision) → token.
    by_hash: FxHashMap<u64, TokId>,
    /// Every token's text, one after another: token `t` ends at `ends[t]`.
    text: String,
    ends: Vec<usize>,
    /// Per token: its kind.
    pub(crate) kinds: Vec<u8>,
    /// Per token: number of names holding it.
    pub(crate) df: Vec<u32>,
    /// Per token: held by a name written in an abjad.
    pub(crate) abjad: Vec<bool>,
    /// Per token: held by a name written in kana or Thai (l and r one letter).
    pub(crate) liquids: Vec<bool>,
    /// Per token: held by a name not written in Han, Hangul or Kana.
    pub(crate) non_cjk: Vec<bool>,
    /// Per token: the last name that counted it in `df`.
    seen_in_name: Vec<u32>,
}

impl Dictionary {
    /// Number of tokens.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Token `t`'s text.
    pub(crate) fn text(&self, t: usize) -> &str {
        let start = if t == 0 { 0 } else { self.ends[t - 1] };
        self.text.get(start..self.ends[t]).unwrap_or_default()
    }

    /// The token of `text`, added with `kind` when new.
    fn intern(&mut self, text: &str, kind: u8) -> TokId {
        let mut hash = fnv1a(text.as_bytes());
        while let Some(&id) = self.by_hash.get(&hash) {
            if self.text(id as usize) == text {
                return id;
            }
            hash = hash.wrapping_add(1);
        }
        let id = self.len() as TokId;
        self.by_hash.insert(hash, id);
        self.text.push_str(text);
        self.ends.push(self.text.len());
        self.kinds.push(kind);
        self.df.push(0);
        self.abjad.push(false);
        self.liquids.push(false);
        self.non_cjk.push(false);
        self.seen_in_name.push(u32::MAX);
        id
    }

    /// Drops what only interning needs.
    pub(crate) fn done(&mut self) {
        self.by_hash = FxHashMap::default();
        self.seen_in_name = Vec::new();
    }
}

/// One entity as a worker thread leaves it: everything the build needs of it.
struct Digested {
    prepared: Vec<Prepared>,
    schema: Schema,
    doc: Vec<u8>,
    identifiers: Vec<u64>,
    id_hash: u64,
    link_keys: Vec<String>,
    list: String,
}

/// What the build keeps of the entities read so far.
pub(crate) struct Ingest {
    pub(crate) lists: Vec<ListMeta>,
    /// Entity `i` is `docs[offsets[i]..offsets[i + 1]]`.
    docs: Vec<u8>,
    offsets: Vec<u64>,
    pub(crate) names: Vec<NameRec>,
    pub(crate) name_tokens: Vec<TokId>,
    pub(crate) dictionary: Dictionary,
    /// (hash of a decisive identifier, entity).
    pub(crate) by_identifier: Vec<(u64, u32)>,
    /// (hash of the entity's id, entity).
    pub(crate) by_entity_id: Vec<(u64, u32)>,
    /// Entity-id hash → the first entity with it (a later entity with the same id is dropped).
    seen: FxHashMap<u64, u32>,
    /// Entities whose id shares its hash with an earlier, different id.
    collided: Vec<u32>,
    pub(crate) links: LinkKeys,
}

/// The `id` of an entity's JSON document.
#[derive(Deserialize)]
struct IdOnly {
    id: String,
}

impl Ingest {
    /// Nothing read yet.
    pub(crate) fn new() -> Ingest {
        Ingest {
            lists: Vec::new(),
            docs: Vec::new(),
            offsets: vec![0],
            names: Vec::new(),
            name_tokens: Vec::new(),
            dictionary: Dictionary::default(),
            by_identifier: Vec::new(),
            by_entity_id: Vec::new(),
            seen: FxHashMap::default(),
            collided: Vec::new(),
            links: LinkKeys::default(),
        }
    }

    /// Reads one list's entities. An id already read (the same list loaded twice) keeps its
    /// first entity.
    pub(crate) fn list(&mut self, info: ListInfo, entities: impl IntoIterator<Item = Entity>) {
        let mut meta = ListMeta {
            info,
            entities: 0,
            names: 0,
        };
        let mut entities = entities.into_iter();
        for n in 1.. {
            let chunk: Vec<Entity> = entities.by_ref().take(CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            meta.entities += chunk.len();
            meta.names += chunk.iter().map(|e| e.names.len()).sum::<usize>();
            self.chunk(chunk);
            if n % TRIM_EVERY == 0 {
                release_freed_memory();
            }
        }
        self.lists.push(meta);
    }

    /// Number of entities kept so far.
    fn entity_count(&self) -> u32 {
        (self.offsets.len() - 1) as u32
    }

    /// Digests a chunk in parallel (dropping each entity), then adds it in order.
    fn chunk(&mut self, chunk: Vec<Entity>) {
        let base = self.entity_count();
        let mut kept: Vec<Entity> = Vec::with_capacity(chunk.len());
        for e in chunk {
            if self.is_new_id(&e.id, base, &kept) {
                kept.push(e);
            }
        }
        let digested: Vec<Digested> = kept
            .into_par_iter()
            .enumerate()
            .map(|(i, e)| digest(base + i as u32, e))
            .collect();
        for d in digested {
            self.add(d);
        }
    }

    /// Whether `id` is new, `pending` being the chunk's entities kept so far (from `base`).
    fn is_new_id(&mut self, id: &str, base: u32, pending: &[Entity]) -> bool {
        let next = base + pending.len() as u32;
        let hash = fnv1a(id.as_bytes());
        let Some(&earlier) = self.seen.get(&hash) else {
            self.seen.insert(hash, next);
            return true;
        };
        let same = |i: u32| match i.checked_sub(base) {
            Some(p) => pending.get(p as usize).is_some_and(|e| e.id == id),
            None => self.stored_id(i).as_deref() == Some(id),
        };
        if same(earlier) || self.collided.iter().any(|&c| same(c)) {
            return false;
        }
        self.collided.push(next);
        true
    }

    /// The id in entity `i`'s document.
    fn stored_id(&self, i: u32) -> Option<String> {
        let (a, b) = (self.offsets[i as usize], self.offsets[i as usize + 1]);
        let doc = self.docs.get(a as usize..b as usize)?;
        serde_json::from_slice::<IdOnly>(doc).ok().map(|d| d.id)
    }

    /// Adds the next entity.
    fn add(&mut self, d: Digested) {
        let entity = self.entity_count();
        self.docs.extend_from_slice(&d.doc);
        self.offsets.push(self.docs.len() as u64);
        self.by_entity_id.push((d.id_hash, entity));
        self.by_identifier
            .extend(d.identifiers.iter().map(|&h| (h, entity)));
        self.links.push(d.link_keys, &d.list);
        for p in d.prepared {
            self.add_name(p, d.schema);
        }
    }

    /// Interns a prepared name's tokens and records the name.
    fn add_name(&mut self, p: Prepared, schema: Schema) {
        let ni = self.names.len() as u32;
        let start = self.name_tokens.len() as u32;
        let len = p.tokens.len().min(namesake_matcher::align::MAX_TOKENS);
        let d = &mut self.dictionary;
        for (text, kind) in p.tokens.into_iter().take(len) {
            let id = d.intern(&text, kind);
            let t = id as usize;
            if d.seen_in_name[t] != ni {
                d.seen_in_name[t] = ni;
                d.df[t] += 1;
            }
            d.abjad[t] |= p.abjad;
            d.liquids[t] |= p.liquids;
            d.non_cjk[t] |= !p.cjk;
            self.name_tokens.push(id);
        }
        self.names.push(NameRec {
            entity: p.entity,
            name: p.name,
            start,
            len: len as u8,
            abjad: p.abjad,
            weak: p.weak,
            acronym: p.acronym,
            cjk: p.cjk,
            schema,
        });
    }

    /// The entities' documents, laid out as the index keeps them, once every list is read
    /// (what only reading needs is dropped).
    pub(crate) fn take_docs(&mut self) -> Runs<u8> {
        self.seen = FxHashMap::default();
        self.collided = Vec::new();
        let docs = std::mem::take(&mut self.docs);
        let offsets = std::mem::replace(&mut self.offsets, vec![0]);
        Runs {
            offsets: offsets.into(),
            items: docs.into(),
        }
    }
}

/// A vector's entities in order, its buffer given back as it empties: a million entities'
/// buffer is a few hundred MB, which an iterator over the vector would hold to the end.
pub(crate) struct Draining {
    /// The entities not yet taken, last first.
    reversed: Vec<Entity>,
}

impl Draining {
    pub(crate) fn new(mut entities: Vec<Entity>) -> Draining {
        entities.reverse();
        Draining { reversed: entities }
    }
}

impl Iterator for Draining {
    type Item = Entity;

    fn next(&mut self) -> Option<Entity> {
        let e = self.reversed.pop()?;
        if self.reversed.len() < self.reversed.capacity() / 2 {
            self.reversed.shrink_to_fit();
        }
        Some(e)
    }
}

/// Gives the heap freed by the dropped entities back to the operating system: glibc keeps freed
/// small blocks resident otherwise, and the index's large arrays (mapped anew) would come on top
/// of a gigabyte of freed entities at a million entities.
pub(crate) fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only returns the allocator's free pages to the OS; no live block
    // is touched.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The work done on one entity on a worker thread; the entity is dropped at the end.
fn digest(index: u32, e: Entity) -> Digested {
    let identifiers = e
        .identifiers
        .iter()
        .filter(|id| id.kind.is_decisive())
        .map(|id| id.normalized())
        .filter(|v| v.len() >= 5)
        .map(|v| fnv1a(v.as_bytes()))
        .collect();
    // Serialising an entity of the model cannot fail (no maps with non-string keys).
    let doc = serde_json::to_vec(&e).unwrap_or_default();
    Digested {
        prepared: prepare_entity(index, &e),
        schema: e.schema,
        doc,
        identifiers,
        id_hash: fnv1a(e.id.as_bytes()),
        link_keys: link_keys(&e),
        list: e.list,
    }
}

#[cfg(test)]
mod tests {
    use namesake_model::{Name, NameKind, Query};

    use super::*;
    use crate::{Index, ScreenOptions};

    fn info(code: &str) -> ListInfo {
        ListInfo {
            code: code.into(),
            name: code.into(),
            format: "test".into(),
            published: None,
        }
    }

    fn person(key: &str, name: &str) -> Entity {
        let mut e = Entity::new("t", key, Schema::Person);
        e.names.push(Name::new(name, NameKind::Primary));
        e
    }

    #[test]
    fn draining_gives_the_entities_in_order() {
        let v: Vec<Entity> = (0..100).map(|i| person(&i.to_string(), "A B")).collect();
        let keys: Vec<String> = Draining::new(v).map(|e| e.key).collect();
        let expected: Vec<String> = (0..100).map(|i| i.to_string()).collect();
        assert_eq!(keys, expected);
    }

    /// The same list loaded twice (or one id in two chunks) keeps the first entity only.
    #[test]
    fn an_id_read_twice_keeps_its_first_entity() {
        let mut first: Vec<Entity> = (0..CHUNK + 10)
            .map(|i| person(&i.to_string(), &format!("Ivan Petrov{i}")))
            .collect();
        first.push(person("0", "Someone Else"));
        let again = vec![person("5", "Other Name"), person("new", "Olga Ivanova")];
        let ix = Index::build(vec![(info("a"), first), (info("b"), again)]);
        assert_eq!(ix.entities().len(), CHUNK + 11);
        assert_eq!(ix.lists()[0].entities, CHUNK + 11);
        let e = ix.entity("t:5").unwrap();
        assert_eq!(e.names[0].full, "Ivan Petrov5");
        assert_eq!(ix.entity("t:new").unwrap().names[0].full, "Olga Ivanova");
        assert_eq!(ix.entity("t:0").unwrap().names[0].full, "Ivan Petrov0");
    }

    #[test]
    fn a_streamed_build_is_the_built_index() {
        let people = || {
            ["Ozgur Altun", "Ivan Petrov", "Olga Ivanova", "Ali Hassan"]
                .iter()
                .enumerate()
                .map(|(i, n)| person(&i.to_string(), n))
        };
        let built = Index::build(vec![(info("t"), people().collect())]);
        let streamed = Index::build_streaming([(info("t"), people())]);
        assert_eq!(built.entities(), streamed.entities());
        assert_eq!(built.lists(), streamed.lists());
        let opts = ScreenOptions::default();
        for q in ["Ivan Petrov", "ALTUN, Özgür", "Olga Ivanov"] {
            let q = Query::name(q);
            assert_eq!(built.screen(&q, &opts), streamed.screen(&q, &opts));
            assert!(!built.screen(&q, &opts).is_empty());
        }
    }
}
