//! The screening index.
//!
//! Built once per set of list versions, it holds every listed name as prepared tokens, a token
//! dictionary with document frequencies (rarity weights), and one lookup structure per similarity
//! channel of the matcher (exact text, variant group, phonetic key, consonant skeleton, and an
//! edit-distance deletion neighbourhood). Candidate generation therefore reaches every listed
//! token the matcher would call alike — a typo or transliteration variant that shares no exact
//! token with the listed name still reaches scoring — and pruning drops only names whose best
//! possible score is below the threshold.
//!
//! ```
//! use namesake_index::{Index, ScreenOptions};
//! use namesake_model::{Entity, ListInfo, Name, NameKind, Query, Schema};
//! let mut e = Entity::new("un", "QDi.015", Schema::Person);
//! e.names.push(Name::new("Ozgur Altun", NameKind::Primary));
//! let info = ListInfo { code: "un".into(), name: "UN".into(), format: "test".into(), published: None };
//! let index = Index::build(vec![(info, vec![e])]);
//! let hits = index.screen(&Query::name("ALTUN, Özgür"), &ScreenOptions::default());
//! assert_eq!(hits[0].entity_id, "un:QDi.015");
//! assert!(hits[0].score > 0.95);
//! ```
#![warn(missing_docs)]

mod build;
mod entities;
mod ingest;
mod keymap;
pub mod link;
mod listed;
mod persist;
mod rarity;
mod screen;
mod store;

use namesake_model::{Entity, ListInfo, Schema};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

pub use entities::Entities;
use entities::EntityStore;
use keymap::KeyMap;
pub use listed::{Listed, PHOTO_FACT};
pub use persist::{IndexError, FORMAT_VERSION};
pub use rarity::TokenRarity;
pub use screen::{
    forget_token_meets, round3, Hit, PreparedQuery, ScreenOptions, ACRONYM_CAP,
    EXACT_FLOOR_MIN_RARITY, EXACT_NAME_NOTE, NUMBER_MISMATCH_CAP, OTHER_LEGAL_FORM_CAP,
};
use store::{Runs, Store};

/// Token id in the dictionary.
pub type TokId = u32;

/// A listed name as the index holds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct NameRec {
    /// Index into `Index::entities`.
    entity: u32,
    /// Index into the entity's `names`.
    name: u16,
    /// First token in `name_tokens`.
    start: u32,
    /// Number of tokens.
    len: u8,
    /// Written in an abjad (Arabic, Hebrew): compare consonant skeletons.
    abjad: bool,
    /// A weak alias.
    weak: bool,
    /// The acronym of an organisation's name ("PLA"), made by the index: at most a possible
    /// match.
    acronym: bool,
    /// Written in Han, Hangul or Kana.
    cjk: bool,
    /// The entity's schema (kept here so that pruning need not touch the entity).
    schema: Schema,
}

/// One dictionary token.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct TokInfo {
    keys: namesake_matcher::TokenKeys,
    /// Particle, legal form, patronymic, number or name.
    kind: u8,
    /// Number of names containing the token.
    df: u32,
    /// Appears in a name written in an abjad.
    abjad: bool,
    /// Appears in a name written in a script that does not tell l from r (kana, Thai).
    liquids: bool,
    /// Appears in a name not written in Han, Hangul or Kana (whose syllables are never compared
    /// by consonant skeleton).
    non_cjk: bool,
}

/// One list in the index, with counts.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ListMeta {
    /// What the parser said about the list.
    pub info: ListInfo,
    /// Number of entities.
    pub entities: usize,
    /// Number of names (all kinds).
    pub names: usize,
}

/// The screening index over one or more lists.
///
/// Built in memory by [`Index::build`], or opened from a file by [`Index::load`], which maps
/// the file and reads its arrays in place (see `persist`).
#[derive(Debug)]
pub struct Index {
    lists: Vec<ListMeta>,
    entities: EntityStore,
    names: Vec<NameRec>,
    name_tokens: Store<TokId>,
    tokens: Vec<TokInfo>,
    weights: Store<f32>,
    /// Per name: the sum of its tokens' weights (what listed coverage is a share of).
    name_weights: Store<f32>,
    /// Token text → token (the text's hash; `token_id` checks the text).
    by_text: KeyMap,
    /// Phonetic key → tokens with that key.
    by_phonetic: KeyMap,
    /// Consonant skeleton → tokens with that skeleton.
    by_skeleton: KeyMap,
    /// Skeleton of the Persian reading → tokens that have one (compared with abjad spellings).
    by_skeleton_alt: KeyMap,
    /// Variant group id → tokens in the group.
    by_group: KeyMap,
    /// Vowel frame (`namesake_text::vowel_frame`) → Latin tokens with that frame.
    by_frame: KeyMap,
    /// Word stem (`namesake_text::stem`) → tokens with that stem.
    by_stem: KeyMap,
    /// Deletion variant (of a token's text, or of its phonetic key) → tokens that produce it.
    deletes: KeyMap,
    /// Bit per name: it holds one token twice ("li na li"), so its accumulated bound (which
    /// counts the token once) does not hold and screening scores it whatever that bound says.
    repeats: Store<u64>,
    /// Token → names containing it (sorted).
    postings: Runs<u32>,
    /// The letters one-letter query tokens meet tokens and names by as initials, worked out
    /// when the index is built or loaded (not kept on disk).
    initials: Initials,
    /// Abjad tokens by consonant skeleton, as written and in the Persian reading (the hash of
    /// the skeleton): where a Latin word split in two meets two abjad words, without reading
    /// every Latin token of a skeleton. Worked out when the index is built or loaded.
    abjad_skeletons: FxHashMap<u64, Vec<TokId>>,
    /// Normalised identifier (its hash) → entities carrying it.
    by_identifier: KeyMap,
    /// Entity id (its hash) → entity index (`Index::entity` checks the id).
    by_entity_id: KeyMap,
    /// Seed queries whose alike tokens hold more postings than this (a tuning knob, not kept
    /// on disk; `None`: the default).
    seed_above: Option<usize>,
    /// Entries that are one party across lists, grouped on first use (saved with the index, so
    /// that a loaded index need not decode every entity to group them).
    links: std::sync::OnceLock<link::Links>,
    /// This index's identity among those built or loaded in the process: what a thread's
    /// memory of earlier token matches is kept for (`screen::candidates`).
    identity: u64,
}

/// The letters a one-letter query token meets listed tokens by as an initial
/// (`namesake_matcher::similarity::initial_similarity`), laid out so that pruning need not
/// reach each token's text.
#[derive(Debug)]
struct Initials {
    /// Per token: its first letter when it has two letters or more, else 0.
    of_token: Vec<u8>,
    /// Per name: one bit per letter a–z that one of its tokens of two letters or more opens
    /// with.
    of_name: Vec<u32>,
}

impl Initials {
    /// Worked out on every load, on all cores: a list of a million entities has two million
    /// names.
    fn new(tokens: &[TokInfo], names: &[NameRec], name_tokens: &[TokId]) -> Initials {
        use rayon::prelude::*;
        let of_token: Vec<u8> = tokens
            .par_iter()
            .map(|t| match t.keys.text.as_bytes() {
                [first, _, ..] => *first,
                _ => 0,
            })
            .collect();
        let of_name = names
            .par_iter()
            .map(|n| {
                let start = n.start as usize;
                name_tokens
                    .get(start..start + n.len as usize)
                    .unwrap_or_default()
                    .iter()
                    .fold(0, |mask, &t| {
                        mask | letter_bit(of_token.get(t as usize).copied().unwrap_or(0))
                    })
            })
            .collect();
        Initials { of_token, of_name }
    }
}

/// See `Index::abjad_skeletons`.
fn abjad_skeletons(tokens: &[TokInfo]) -> FxHashMap<u64, Vec<TokId>> {
    let mut map: FxHashMap<u64, Vec<TokId>> = FxHashMap::default();
    for (t, info) in tokens.iter().enumerate().filter(|(_, i)| i.abjad) {
        for s in namesake_matcher::similarity::skeleton_readings(&info.keys) {
            map.entry(build::fnv1a(s.as_bytes()))
                .or_default()
                .push(t as TokId);
        }
    }
    map
}

/// The bit of a letter a–z in `Initials::of_name`; 0 for any other byte.
fn letter_bit(letter: u8) -> u32 {
    if letter.is_ascii_lowercase() {
        1 << (letter - b'a')
    } else {
        0
    }
}

/// A new index identity (never 0, which no index has).
pub(crate) fn next_identity() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Index {
    /// Tuning: seed a query (score a few names holding its best-matching tokens before walking
    /// any posting, to raise the pruning floor early) when its alike tokens hold more than
    /// `postings` postings; `0` seeds every query. Seeding never changes the hits, only the
    /// work; the default is 20,000.
    pub fn set_seed_above(&mut self, postings: usize) {
        self.seed_above = Some(postings);
    }

    /// The lists in the index.
    pub fn lists(&self) -> &[ListMeta] {
        &self.lists
    }

    /// The full name of the list with this code ("" when no list has it).
    pub fn list_name(&self, code: &str) -> &str {
        self.lists
            .iter()
            .find(|m| m.info.code == code)
            .map_or("", |m| m.info.name.as_str())
    }

    /// Every entity, in index order (each decoded from its document on first use).
    pub fn entities(&self) -> Entities<'_> {
        Entities::new(&self.entities)
    }

    /// An entity by its id (`un:QDi.015`).
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.by_entity_id
            .get_str(id)
            .iter()
            .filter_map(|&i| self.entities.get(i as usize))
            .find(|e| e.id == id)
    }

    /// The entries that are one party across lists (grouped on the first call).
    pub fn links(&self) -> &link::Links {
        self.links
            .get_or_init(|| link::Links::build(self.entities()))
    }

    /// The token whose text is `text`, if the dictionary has it.
    fn token_id(&self, text: &str) -> Option<TokId> {
        self.by_text.get_str(text).iter().copied().find(|&t| {
            self.tokens
                .get(t as usize)
                .is_some_and(|i| i.keys.text == text)
        })
    }

    /// The tokens of variant group `group`.
    fn group_tokens(&self, group: u32) -> &[TokId] {
        self.by_group.get(u64::from(group))
    }

    /// The entities carrying the normalised identifier `v` (two identifiers sharing a hash
    /// only add a candidate, which the identifier feature then scores).
    fn identifier_entities(&self, v: &str) -> &[u32] {
        self.by_identifier.get_str(v)
    }

    /// Number of indexed names (including alternate readings).
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// Number of distinct tokens.
    pub fn token_count(&self) -> usize {
        self.tokens.len()
    }

    /// Counts of entities by schema for one list code.
    pub fn schema_counts(&self, list: &str) -> std::collections::BTreeMap<Schema, usize> {
        let mut m = std::collections::BTreeMap::new();
        for e in self.entities().iter().filter(|e| e.list == list) {
            *m.entry(e.schema).or_insert(0) += 1;
        }
        m
    }
}

/// Weight multipliers by token kind: particles and legal forms say little about identity.
fn kind_factor(kind: u8) -> f32 {
    match kind_of(kind) {
        namesake_text::TokenKind::Name => 1.0,
        namesake_text::TokenKind::Particle => 0.2,
        namesake_text::TokenKind::LegalForm => 0.15,
        namesake_text::TokenKind::Patronymic => 0.6,
        namesake_text::TokenKind::Number => 0.8,
    }
}

fn kind_code(k: namesake_text::TokenKind) -> u8 {
    match k {
        namesake_text::TokenKind::Name => 0,
        namesake_text::TokenKind::Particle => 1,
        namesake_text::TokenKind::LegalForm => 2,
        namesake_text::TokenKind::Patronymic => 3,
        namesake_text::TokenKind::Number => 4,
    }
}

fn kind_of(code: u8) -> namesake_text::TokenKind {
    match code {
        1 => namesake_text::TokenKind::Particle,
        2 => namesake_text::TokenKind::LegalForm,
        3 => namesake_text::TokenKind::Patronymic,
        4 => namesake_text::TokenKind::Number,
        _ => namesake_text::TokenKind::Name,
    }
}

fn is_abjad(s: namesake_text::Script) -> bool {
    s.is_vowelless()
}

/// Han and Hangul names are one syllable per token; kana is romanised into words.
fn is_cjk(s: namesake_text::Script) -> bool {
    matches!(
        s,
        namesake_text::Script::Han | namesake_text::Script::Hangul
    )
}

fn name_schema(s: Schema) -> namesake_text::NameSchema {
    match s {
        Schema::Person => namesake_text::NameSchema::Person,
        Schema::Organization | Schema::Vessel | Schema::Aircraft => {
            namesake_text::NameSchema::Organization
        }
        Schema::Unknown => namesake_text::NameSchema::Any,
    }
}
