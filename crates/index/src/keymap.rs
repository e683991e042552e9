//! Key → dictionary tokens, laid out for memory: the lookup tables (phonetic keys, skeletons,
//! vowel frames, stems, deletion neighbourhoods) hold tens of millions of keys at a million
//! entities, and most keys lead to one token.
//!
//! A key is stored as its 64-bit FNV-1a hash. Two keys that share a hash only add a candidate
//! token: every candidate is compared again by `token_similarity`, which decides.
//!
//! The map is flat, so that a mapped index file serves it without decoding: the key hashes
//! sorted, each key's slot beside it, and a directory of where each run of keys sharing their
//! top bits starts, which narrows the binary search to a few keys.

use crate::build::fnv1a;
use crate::store::Store;
use crate::TokId;

/// Where a key's tokens are: one token inline (`len == 1`, `at` is the token), or `len` tokens
/// from `at` in the shared array.
#[derive(Debug, Clone, Copy, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub(crate) struct Slot {
    at: u32,
    len: u32,
}

/// A map from a key's hash to the tokens that have the key (each key's tokens sorted).
#[derive(Debug, Default)]
pub(crate) struct KeyMap {
    /// Key hashes, sorted, each once.
    pub(crate) keys: Store<u64>,
    /// The slot of each key.
    pub(crate) slots: Store<Slot>,
    /// Runs of more than one token.
    pub(crate) shared: Store<TokId>,
    /// `dir[p]`: the first key whose top `bits` bits are `p` or more (`2^bits + 1` entries).
    pub(crate) dir: Store<u32>,
}

/// Directory bits for `n` keys: about four keys per directory entry, at most 2^20 entries.
fn dir_bits(n: usize) -> u32 {
    (usize::BITS - (n / 4).leading_zeros()).min(20)
}

impl KeyMap {
    /// Builds the map from (hash, token) pairs; sorts and deduplicates them first.
    pub(crate) fn from_pairs(mut pairs: Vec<(u64, TokId)>) -> KeyMap {
        pairs.sort_unstable();
        pairs.dedup();
        let mut keys = Vec::new();
        let mut slots = Vec::new();
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
            keys.push(key);
            slots.push(slot);
            i = end;
        }
        drop(pairs);
        let dir = directory(&keys);
        KeyMap {
            keys: keys.into(),
            slots: slots.into(),
            shared: shared.into(),
            dir: dir.into(),
        }
    }

    /// The pairs for the keys given as text.
    pub(crate) fn pairs_of<'a>(keys: impl Iterator<Item = (&'a str, TokId)>) -> Vec<(u64, TokId)> {
        keys.map(|(k, t)| (fnv1a(k.as_bytes()), t)).collect()
    }

    /// The directory's bit count (0 for an empty directory).
    fn bits(&self) -> u32 {
        match self.dir.len() {
            0 | 1 => 0,
            n => (n - 1).trailing_zeros(),
        }
    }

    /// The tokens under a key's hash (empty when none).
    pub(crate) fn get(&self, hash: u64) -> &[TokId] {
        let bits = self.bits();
        let (lo, hi) = if bits == 0 {
            (0, self.keys.len())
        } else {
            let p = (hash >> (64 - bits)) as usize;
            match (self.dir.get(p), self.dir.get(p + 1)) {
                (Some(&lo), Some(&hi)) => (lo as usize, hi as usize),
                _ => return &[],
            }
        };
        let Some(run) = self.keys.get(lo..hi) else {
            return &[];
        };
        let Ok(k) = run.binary_search(&hash) else {
            return &[];
        };
        match self.slots.get(lo + k) {
            None => &[],
            Some(s) if s.len == 1 => std::slice::from_ref(&s.at),
            Some(s) => self
                .shared
                .get(s.at as usize..s.at as usize + s.len as usize)
                .unwrap_or(&[]),
        }
    }

    /// The tokens under a key given as text.
    pub(crate) fn get_str(&self, key: &str) -> &[TokId] {
        self.get(fnv1a(key.as_bytes()))
    }

    /// Whether the parts fit together: one slot per key and a directory of the right size
    /// whose last entry is the key count. (Reads a few words, not the keys: a lookup
    /// bounds-checks what it reads, so a corrupted map misses keys but reads nothing outside.)
    pub(crate) fn is_consistent(&self) -> bool {
        let n = self.keys.len();
        self.slots.len() == n
            && self.dir.len() == (1usize << dir_bits(n)) + 1
            && self.dir.last() == Some(&(n as u32))
    }
}

/// The directory over sorted `keys`.
fn directory(keys: &[u64]) -> Vec<u32> {
    let bits = dir_bits(keys.len());
    let buckets = 1usize << bits;
    let mut dir = Vec::with_capacity(buckets + 1);
    for p in 0..buckets as u64 {
        // With `bits == 0` the only bucket starts at 0.
        let first = if bits == 0 { 0 } else { p << (64 - bits) };
        dir.push(keys.partition_point(|&k| k < first) as u32);
    }
    dir.push(keys.len() as u32);
    dir
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
        assert_eq!(m.keys.len(), 3);
        assert!(m.is_consistent());
    }

    #[test]
    fn many_keys_are_found_through_the_directory() {
        let pairs: Vec<(u64, TokId)> = (0..5000u32)
            .map(|i| (fnv1a(&i.to_le_bytes()), i))
            .chain([(0, 1), (u64::MAX, 2)])
            .collect();
        let m = KeyMap::from_pairs(pairs.clone());
        assert!(m.bits() > 0);
        assert!(m.is_consistent());
        for (h, t) in pairs {
            assert!(m.get(h).contains(&t), "key {h:x} lost");
        }
        assert!(m.get(fnv1a(b"absent")).is_empty());
    }
}
