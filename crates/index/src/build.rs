//! Building the index from parsed lists.

use namesake_matcher::similarity::{lookup_budget, TokenKeys, PHONETIC_EDIT_MIN};
use namesake_model::{Entity, ListInfo, NameQuality, Schema};
use rayon::prelude::*;

use crate::ingest::{release_freed_memory, Draining, Ingest};
use crate::keymap::KeyMap;
use crate::store::Runs;
use crate::{is_abjad, is_cjk, kind_code, kind_factor, name_schema, Index, TokId, TokInfo};

/// Lowest token weight: even the most common name part says something.
const MIN_WEIGHT: f32 = 0.08;

/// Weight of a one-letter token (an initial), on either side.
pub(crate) const INITIAL_WEIGHT: f32 = 0.3;

/// One prepared name before interning.
pub(crate) struct Prepared {
    pub(crate) entity: u32,
    pub(crate) name: u16,
    pub(crate) tokens: Vec<(String, u8)>,
    pub(crate) abjad: bool,
    pub(crate) liquids: bool,
    pub(crate) cjk: bool,
    pub(crate) weak: bool,
    pub(crate) acronym: bool,
}

pub(crate) fn prepare_entity(ei: u32, e: &Entity) -> Vec<Prepared> {
    let schema = name_schema(e.schema);
    let mut out = Vec::new();
    let mut acronyms: Vec<Prepared> = Vec::new();
    for (ni, n) in e.names.iter().enumerate().take(u16::MAX as usize) {
        let p = namesake_text::prepare(&n.full, schema);
        let abjad = is_abjad(p.script);
        let liquids = p.script.merges_liquids();
        let cjk = is_cjk(p.script);
        let weak = n.quality == NameQuality::Weak;
        for reading in std::iter::once(&p.tokens).chain(p.alternates.iter()) {
            if reading.is_empty() {
                continue;
            }
            let tokens: Vec<(String, u8)> = reading
                .iter()
                .map(|t| (t.text.clone(), kind_code(t.kind)))
                .collect();
            // The same token list from two names of one entity (e.g. "ALTUN, Ozgur" and
            // "Ozgur Altun") is indexed once.
            if out.iter().any(|o: &Prepared| o.tokens == tokens) {
                continue;
            }
            out.push(Prepared {
                entity: ei,
                name: ni as u16,
                tokens,
                abjad,
                liquids,
                cjk,
                weak,
                acronym: false,
            });
        }
        if e.schema == Schema::Organization {
            if let Some(a) = namesake_text::acronym(&p.tokens) {
                acronyms.push(Prepared {
                    entity: ei,
                    name: ni as u16,
                    tokens: vec![(a, kind_code(namesake_text::TokenKind::Name))],
                    abjad: false,
                    liquids: false,
                    cjk: false,
                    weak,
                    acronym: true,
                });
            }
        }
    }
    // An acronym the list gives as a name of its own is that name, not a derived one.
    for a in acronyms {
        if !out.iter().any(|o: &Prepared| o.tokens == a.tokens) {
            out.push(a);
        }
    }
    out
}

/// FNV-1a, 64 bit: a stable hash, since deletion hashes are stored on disk.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Calls `f` with every string made by deleting up to `max` bytes of `s` (and `s` itself).
pub(crate) fn for_each_deletion(s: &[u8], max: usize, f: &mut impl FnMut(&[u8])) {
    fn rec(buf: &mut Vec<u8>, start: usize, left: usize, f: &mut impl FnMut(&[u8])) {
        f(buf);
        if left == 0 || buf.len() <= 1 {
            return;
        }
        for i in start..buf.len() {
            let c = buf.remove(i);
            rec(buf, i, left - 1, f);
            buf.insert(i, c);
        }
    }
    let mut buf = s.to_vec();
    rec(&mut buf, 0, max, f);
}

impl Index {
    /// Builds an index over the given lists. Names are prepared in parallel.
    pub fn build(lists: Vec<(ListInfo, Vec<Entity>)>) -> Index {
        Index::build_with_rarity(lists, None)
    }

    /// Builds an index whose token weights count `background` names beside its own: for a
    /// handful of names (`namesake compare`), whose own counts say nothing of rarity.
    pub fn build_with_rarity(
        lists: Vec<(ListInfo, Vec<Entity>)>,
        background: Option<&crate::TokenRarity>,
    ) -> Index {
        let lists = lists
            .into_iter()
            .map(|(info, entities)| (info, Draining::new(entities)));
        Index::build_from(lists, background)
    }

    /// Builds an index over lists whose entities come one at a time (a reader's iterator):
    /// each entity is prepared, encoded as the document the index keeps, and dropped, so that
    /// the parsed entities and the index are never held at once.
    pub fn build_streaming<I: IntoIterator<Item = Entity>>(
        lists: impl IntoIterator<Item = (ListInfo, I)>,
    ) -> Index {
        Index::build_from(lists, None)
    }

    fn build_from<I: IntoIterator<Item = Entity>>(
        lists: impl IntoIterator<Item = (ListInfo, I)>,
        background: Option<&crate::TokenRarity>,
    ) -> Index {
        let mut ingest = Ingest::new();
        for (info, entities) in lists {
            ingest.list(info, entities);
        }
        let docs = ingest.take_docs();
        let Ingest {
            lists: metas,
            names,
            name_tokens,
            mut dictionary,
            by_identifier,
            by_entity_id,
            links,
            ..
        } = ingest;
        dictionary.done();
        let links = links.finish();
        release_freed_memory();
        let tokens: Vec<TokInfo> = (0..dictionary.len())
            .into_par_iter()
            .map(|i| TokInfo {
                keys: TokenKeys::new(dictionary.text(i)),
                kind: dictionary.kinds[i],
                df: dictionary.df[i],
                abjad: dictionary.abjad[i],
                liquids: dictionary.liquids[i],
                non_cjk: dictionary.non_cjk[i],
            })
            .collect();
        drop(dictionary);

        let bg_names = background.map_or(0, |b| b.names);
        let n_names = (names.len() + bg_names as usize).max(1) as f32;
        let max_idf = (1.0 + n_names).ln();
        let weights: Vec<f32> = tokens
            .iter()
            .map(|t| {
                let bg = background.and_then(|b| b.df.get(&t.keys.text)).copied();
                let df = t.df + bg.unwrap_or(0);
                let idf = (1.0 + n_names / df.max(1) as f32).ln() / max_idf;
                let w = idf.max(MIN_WEIGHT) * kind_factor(t.kind);
                // A listed initial says little, however rare the letter.
                if t.keys.text.len() == 1 {
                    w.min(INITIAL_WEIGHT)
                } else {
                    w
                }
            })
            .collect();

        let name_weights: Vec<f32> = names
            .iter()
            .map(|n| {
                name_tokens[n.start as usize..n.start as usize + n.len as usize]
                    .iter()
                    .map(|&t| weights[t as usize])
                    .sum()
            })
            .collect();

        let by_group = KeyMap::from_pairs(
            tokens
                .iter()
                .enumerate()
                .filter_map(|(i, t)| t.keys.group.map(|g| (u64::from(g), i as TokId)))
                .collect(),
        );
        let keyed = |key: fn(&TokInfo) -> Option<&str>| {
            KeyMap::from_pairs(KeyMap::pairs_of(
                tokens
                    .iter()
                    .enumerate()
                    .filter_map(|(i, t)| key(t).map(|k| (k, i as TokId))),
            ))
        };
        let by_frame = keyed(|t| (!t.keys.frame.is_empty() && t.non_cjk).then_some(&*t.keys.frame));
        let by_stem = keyed(|t| (!t.keys.stem.is_empty()).then_some(&*t.keys.stem));
        let by_phonetic = keyed(|t| (t.keys.phonetic.len() >= 2).then_some(&*t.keys.phonetic));
        let by_skeleton = keyed(|t| (!t.keys.skeleton.is_empty()).then_some(&*t.keys.skeleton));
        let by_skeleton_alt =
            keyed(|t| (!t.keys.skeleton_alt.is_empty()).then_some(&*t.keys.skeleton_alt));

        let deletes: Vec<(u64, TokId)> = tokens
            .par_iter()
            .enumerate()
            .flat_map_iter(|(i, t)| {
                let mut v = Vec::new();
                let budget = lookup_budget(t.keys.text.len());
                if budget > 0 {
                    for_each_deletion(t.keys.text.as_bytes(), budget, &mut |d| {
                        v.push((fnv1a(d), i as TokId))
                    });
                }
                // The phonetic key's one-deletion neighbourhood too, beside the token's: a typo on
                // top of a transliteration ("harit" / "haris") is one edit on the keys.
                let phonetic = &t.keys.phonetic;
                if phonetic.len() >= PHONETIC_EDIT_MIN && phonetic != &t.keys.text {
                    for_each_deletion(phonetic.as_bytes(), 1, &mut |d| {
                        v.push((fnv1a(d), i as TokId))
                    });
                }
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect();

        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); tokens.len()];
        let mut repeats = vec![0u64; names.len().div_ceil(64)];
        for (ni, n) in names.iter().enumerate() {
            for &t in &name_tokens[n.start as usize..(n.start as usize + n.len as usize)] {
                let p = &mut postings[t as usize];
                if p.last() != Some(&(ni as u32)) {
                    p.push(ni as u32);
                } else {
                    repeats[ni / 64] |= 1 << (ni % 64);
                }
            }
        }

        let by_text = KeyMap::from_pairs(tok_texts_hashes(&tokens));

        Index {
            abjad_skeletons: crate::abjad_skeletons(&tokens),
            initials: crate::Initials::new(&tokens, &names, &name_tokens),
            lists: metas,
            entities: crate::entities::EntityStore::from_docs(docs),
            names,
            name_tokens: name_tokens.into(),
            tokens,
            weights: weights.into(),
            name_weights: name_weights.into(),
            by_text,
            by_phonetic,
            by_skeleton,
            by_skeleton_alt,
            by_group,
            by_frame,
            by_stem,
            deletes: KeyMap::from_pairs(deletes),
            repeats: repeats.into(),
            postings: Runs::from_vecs(postings),
            by_identifier: KeyMap::from_pairs(by_identifier),
            by_entity_id: KeyMap::from_pairs(by_entity_id),
            seed_above: None,
            links: std::sync::OnceLock::from(links),
            identity: crate::next_identity(),
        }
    }
}

/// (hash of the token's text, token) for every token.
fn tok_texts_hashes(tokens: &[TokInfo]) -> Vec<(u64, TokId)> {
    tokens
        .iter()
        .enumerate()
        .map(|(i, t)| (fnv1a(t.keys.text.as_bytes()), i as TokId))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletions_cover_the_budget() {
        let mut seen = Vec::new();
        for_each_deletion(b"abc", 1, &mut |d| {
            seen.push(String::from_utf8(d.to_vec()).unwrap())
        });
        seen.sort();
        seen.dedup();
        assert_eq!(seen, vec!["ab", "abc", "ac", "bc"]);
    }

    #[test]
    fn a_names_initials_are_the_letters_its_words_open_with() {
        let mut e = Entity::new("test", "x1", Schema::Person);
        e.add_name(namesake_model::Name::new(
            "Ozgur B Altun",
            namesake_model::NameKind::Primary,
        ));
        let info = ListInfo {
            code: "test".into(),
            name: "Test list".into(),
            format: "test".into(),
            published: None,
        };
        let ix = Index::build(vec![(info, vec![e])]);
        let ni = 0;
        let want = crate::letter_bit(b'o') | crate::letter_bit(b'a');
        assert_eq!(ix.initials.of_name[ni], want, "b is one letter: no initial");
        let rec = &ix.names[ni];
        let toks = &ix.name_tokens[rec.start as usize..(rec.start + u32::from(rec.len)) as usize];
        let firsts: Vec<u8> = toks
            .iter()
            .map(|&t| ix.initials.of_token[t as usize])
            .collect();
        assert_eq!(firsts, vec![b'o', 0, b'a']);
        assert_eq!(crate::letter_bit(b'7'), 0);
    }
}
