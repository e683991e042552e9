//! Key → dictionary tokens, laid out for memory: the lookup tables (phonetic keys, skeletons,
//! vowel frames, stems, deletion neighbourhoods) hold tens of millions of keys at a million
//! entities, and most keys lead to one token.
//!
//! A key is stored as its 64-bit FNV-1a hash. Two keys that share a hash only add a candidate
//! token: every candidate is compared again by `token_similarity`, which decides.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::build::fnv1a;
use crate::TokId;

/// Where a key's tokens are: one token inline (`len == 1`, `at` is the token), or `len` tokens
/// from `at` in the shared array.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Slot {
    at: u32,
    len: u32,
}

/// A map from a key's hash to the tokens that have the key (each key's tokens sorted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct KeyMap {
    slots: FxHashMap<u64, Slot>,
    shared: Vec<TokId>,
}

impl KeyMap {
    /// Builds the map from (hash, token) pairs; sorts and deduplicates them first.
    pub(crate) fn from_pairs(mut pairs: Vec<(u64, TokId)>) -> KeyMap {
        pairs.sort_unstable();
        pairs.dedup();
        let mut slots = FxHashMap::default();
        let mut shared = Vec::new();
        let mut i = 0;
        while i < pairs.len() {
            let key = pairs[i].0;
            let end = i + pairs[i..].partition_point(|p| p.0 == key);
            let slot = if end - i == 1 {
                Slot {
                    at: pairs[i].1,
                    len: 1,
                }
            } else {
                let at = shared.len() as u32;
                shared.extend(pairs[i..end].iter().map(|p| p.1));
                Slot {
                    at,
                    len: (end - i) as u32,
                }
            };
            slots.insert(key, slot);
            i = end;
        }
        shared.shrink_to_fit();
        KeyMap { slots, shared }
    }

    /// The pairs for the keys given as text.
    pub(crate) fn pairs_of<'a>(keys: impl Iterator<Item = (&'a str, TokId)>) -> Vec<(u64, TokId)> {
        keys.map(|(k, t)| (fnv1a(k.as_bytes()), t)).collect()
    }

    /// The tokens under a key's hash (empty when none).
    pub(crate) fn get(&self, hash: u64) -> &[TokId] {
        match self.slots.get(&hash) {
            None => &[],
            Some(s) if s.len == 1 => std::slice::from_ref(&s.at),
            Some(s) => &self.shared[s.at as usize..(s.at + s.len) as usize],
        }
    }

    /// The tokens under a key given as text.
    pub(crate) fn get_str(&self, key: &str) -> &[TokId] {
        self.get(fnv1a(key.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_with_one_and_many_tokens() {
        let m = KeyMap::from_pairs(KeyMap::pairs_of(
            [("a", 3), ("b", 7), ("a", 1), ("a", 3), ("c", 2)].into_iter(),
        ));
        assert_eq!(m.get_str("a"), &[1, 3]);
        assert_eq!(m.get_str("b"), &[7]);
        assert_eq!(m.get_str("c"), &[2]);
        assert!(m.get_str("d").is_empty());
        assert_eq!(m.slots.len(), 3);
    }

    #[test]
    fn round_trips_through_postcard() {
        let m = KeyMap::from_pairs(vec![(5, 1), (5, 2), (9, 4)]);
        let bytes = postcard::to_allocvec(&m).unwrap();
        let back: KeyMap = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, m);
        assert_eq!(back.get(5), &[1, 2]);
    }
}
