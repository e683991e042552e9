//! Key → dictionary tokens, laid out for memory: the lookup tables (phonetic keys, skeletons,
//! vowel frames, stems, deletion neighbourhoods) hold tens of millions of keys at a million
//! entities, and most keys lead to one token.
//!
//! A key is stored as its 64-bit FNV-1a hash. Two keys that share a hash only add a candidate
//! token: every candidate is compared again by `token_similarity`, which decides.
//!
//! The map is one flat open-addressing table, so that a mapped index file serves it without
//! decoding: each key (its hash re-mixed) sits in a 12-byte entry with its value, at its home
//! bucket or the first free one after it (linear probing). Beside the table, one tag byte per
//! bucket (a few bits of its key, or 0 when empty), as in hashbrown's control bytes: a lookup
//! reads the tags from the key's home eight at a time and reads an entry only where the tag
//! matches, so a lookup that finds nothing reads the tags alone, a twelfth
//! of the table's bytes, and a hit reads one entry more. [`KeyMap::get_each`] reads the first
//! tags of a batch of keys before examining any, so that their cache misses overlap. The layout
//! this replaced (sorted hashes, a parallel slot array and a directory, searched by bisection)
//! took three dependent reads per lookup and cost each query 10–20 % (issue 18).

use rayon::prelude::*;

use crate::build::fnv1a;
use crate::store::Store;
use crate::TokId;

/// One bucket: a key (split in two words, so that an entry is 12 bytes), and either the key's
/// only token or, with [`RUN`] set, where its run of tokens starts in the shared array.
#[derive(Debug, Clone, Copy, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub(crate) struct Entry {
    key_lo: u32,
    key_hi: u32,
    value: u32,
}

/// The flag on an entry's value that makes it an offset into the shared array, where the run's
/// length comes first, then its tokens.
const RUN: u32 = 1 << 31;

/// The key of an empty bucket (no stored key has it).
const EMPTY: u64 = u64::MAX;

/// Buckets per key, as a fraction: 5/4, a load of 0.8.
const BUCKETS_PER_KEY: (usize, usize) = (5, 4);

/// Tags read at once; the tag array has this many empty tags after the last bucket, so that a
/// group read from any bucket stays inside it.
const GROUP: usize = 8;

/// The high bit of every byte of a word: set in every tag of a full bucket.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// The low bit of every byte of a word.
const LOW: u64 = 0x0101_0101_0101_0101;

impl Entry {
    const EMPTY: Entry = Entry::new(EMPTY, 0);

    const fn new(key: u64, value: u32) -> Entry {
        Entry {
            key_lo: key as u32,
            key_hi: (key >> 32) as u32,
            value,
        }
    }

    fn key(&self) -> u64 {
        u64::from(self.key_hi) << 32 | u64::from(self.key_lo)
    }
}

/// A map from a key's hash to the tokens that have the key (each key's tokens sorted).
#[derive(Debug, Default)]
pub(crate) struct KeyMap {
    /// The buckets: at least `buckets` entries, and the overflow of the last ones after them.
    pub(crate) table: Store<Entry>,
    /// A tag per bucket ([`tag`] of its key, 0 when empty), then `GROUP` empty tags.
    pub(crate) tags: Store<u8>,
    /// Runs of more than one token, each after its length.
    pub(crate) shared: Store<TokId>,
    /// Home buckets: a key's home is its mixed hash scaled to `0..buckets`.
    buckets: u64,
    /// The longest way from a key's home to its entry, plus one: a lookup reads no further.
    probes: usize,
    /// Every value is below this (the number of tokens or entities): a map read from a
    /// corrupted file that holds one out of range answers nothing for that key.
    limit: u32,
}

/// The stored form of a key hash: re-mixed (a bijection, so distinct hashes stay distinct), as
/// FNV-1a leaves the high bits of short keys alike and the variant groups are small numbers;
/// the top value is kept for empty buckets (the one hash mixed to it shares the one below).
fn mix(hash: u64) -> u64 {
    (hash ^ hash >> 32)
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        .min(EMPTY - 1)
}

/// The home bucket of a mixed key among `buckets`: its high bits (monotone in the key, so
/// keys placed in ascending order are placed in the order of their homes).
fn home(key: u64, buckets: u64) -> usize {
    ((u128::from(key) * u128::from(buckets)) >> 64) as usize
}

/// The tag of a mixed key: seven of its low bits, which its home does not depend on, and the
/// high bit that marks a full bucket.
fn tag(key: u64) -> u8 {
    0x80 | (key as u8 & 0x7f)
}

/// The high bit of each byte of `w` that is zero, and maybe of some bytes above the lowest such
/// (a borrow): exact for the lowest one, and a lookup checks every match against the key.
fn zero_bytes(w: u64) -> u64 {
    w.wrapping_sub(LOW) & !w & HIGH
}

impl KeyMap {
    /// Builds the map from (hash, token) pairs; sorts and deduplicates them first.
    pub(crate) fn from_pairs(mut pairs: Vec<(u64, TokId)>) -> KeyMap {
        pairs.par_iter_mut().for_each(|p| p.0 = mix(p.0));
        pairs.par_sort_unstable();
        pairs.dedup();
        let runs = || pairs.chunk_by(|a, b| a.0 == b.0);
        let keys = runs().count();
        let buckets = (keys * BUCKETS_PER_KEY.0).div_ceil(BUCKETS_PER_KEY.1);
        let mut table = vec![Entry::EMPTY; buckets];
        let mut tags = vec![0u8; buckets];
        let mut shared = Vec::new();
        let (mut next, mut probes) = (0, 0);
        for run in runs() {
            let (key, home) = (run[0].0, home(run[0].0, buckets as u64));
            let at = home.max(next);
            probes = probes.max(at + 1 - home);
            next = at + 1;
            if at >= table.len() {
                table.resize(at + 1, Entry::EMPTY);
                tags.resize(at + 1, 0);
            }
            table[at] = Entry::new(key, value(run, &mut shared));
            tags[at] = tag(key);
        }
        drop(pairs);
        tags.resize(table.len() + GROUP, 0);
        KeyMap {
            table: table.into(),
            tags: tags.into(),
            shared: shared.into(),
            buckets: buckets as u64,
            probes,
            limit: u32::MAX,
        }
    }

    /// The pairs for the keys given as text.
    pub(crate) fn pairs_of<'a>(keys: impl Iterator<Item = (&'a str, TokId)>) -> Vec<(u64, TokId)> {
        keys.map(|(k, t)| (fnv1a(k.as_bytes()), t)).collect()
    }

    /// The tokens under a key's hash (empty when none).
    pub(crate) fn get(&self, hash: u64) -> &[TokId] {
        let view = self.view();
        view.find(view.start(hash))
    }

    /// The tokens under each of `hashes`, in order, passed to `f`. The first tags of a batch of
    /// keys are read before any key is looked for, so that the reads of independent lookups
    /// (a deletion neighbourhood's) overlap instead of waiting for each other.
    pub(crate) fn get_each(&self, hashes: &[u64], mut f: impl FnMut(&[TokId])) {
        let view = self.view();
        for batch in hashes.chunks(BATCH) {
            let mut starts = [Start::default(); BATCH];
            for (s, &h) in starts.iter_mut().zip(batch) {
                *s = view.start(h);
            }
            for &s in &starts[..batch.len()] {
                f(view.find(s));
            }
        }
    }

    /// The map's arrays as slices, dereferenced once for a lookup or a batch of them.
    fn view(&self) -> View<'_> {
        View {
            table: &self.table,
            tags: &self.tags,
            shared: &self.shared,
            buckets: self.buckets,
            probes: self.probes,
            limit: self.limit,
        }
    }

    /// The tokens under a key given as text.
    pub(crate) fn get_str(&self, key: &str) -> &[TokId] {
        self.get(fnv1a(key.as_bytes()))
    }

    /// The bucket count and the probe limit, as written to a file.
    pub(crate) fn shape(&self) -> [u64; 2] {
        [self.buckets, self.probes as u64]
    }

    /// A map read from a file: its table, tags, shared runs and [`KeyMap::shape`], or `None`
    /// when they do not fit together (a tag count other than the table's plus a group, a home
    /// bucket outside the table, a probe limit longer than it). Reads no entry: a lookup
    /// bounds-checks what it reads, and answers only values below `limit`, so a corrupted map
    /// misses keys or finds wrong tokens but reads nothing outside.
    pub(crate) fn from_parts(
        table: Store<Entry>,
        tags: Store<u8>,
        shared: Store<TokId>,
        shape: &[u64],
        limit: u32,
    ) -> Option<KeyMap> {
        let &[buckets, probes] = shape else {
            return None;
        };
        let n = table.len() as u64;
        let fits = tags.len() == table.len() + GROUP && buckets <= n && probes <= n;
        fits.then(|| KeyMap {
            table,
            tags,
            shared,
            buckets,
            probes: probes as usize,
            limit,
        })
    }
}

/// Keys looked up together by [`KeyMap::get_each`].
const BATCH: usize = 16;

/// A lookup begun: the mixed key, its home bucket and the tag group read there (0, all empty,
/// when outside the tags).
#[derive(Clone, Copy, Default)]
struct Start {
    key: u64,
    home: usize,
    group: u64,
}

/// A key map's arrays, borrowed for lookups.
struct View<'a> {
    table: &'a [Entry],
    tags: &'a [u8],
    shared: &'a [TokId],
    buckets: u64,
    probes: usize,
    limit: u32,
}

impl<'a> View<'a> {
    /// The tag group from bucket `at` (eight tags, the first in the low byte).
    fn group(&self, at: usize) -> Option<u64> {
        let tags = self.tags.get(at..at.checked_add(GROUP)?)?;
        let mut word = [0u8; GROUP];
        word.copy_from_slice(tags);
        Some(u64::from_le_bytes(word))
    }

    /// Mixes a hash and reads the tags at its home.
    fn start(&self, hash: u64) -> Start {
        let key = mix(hash);
        let home = home(key, self.buckets);
        Start {
            key,
            home,
            group: self.group(home).unwrap_or(0),
        }
    }

    /// The tokens under a started key: the entries whose tags match, up to the first empty
    /// bucket or the probe limit.
    fn find(&self, s: Start) -> &'a [TokId] {
        let pattern = LOW * u64::from(tag(s.key));
        let end = s.home.saturating_add(self.probes);
        let (mut at, mut group) = (s.home, s.group);
        loop {
            let empty = !group & HIGH;
            // The tags before the first empty bucket: the key is among them or nowhere.
            let before = if empty == 0 {
                u64::MAX
            } else {
                (empty & empty.wrapping_neg()) - 1
            };
            let mut matches = zero_bytes(group ^ pattern) & before;
            while matches != 0 {
                let i = at + matches.trailing_zeros() as usize / 8;
                match self.table.get(i) {
                    Some(e) if e.key() == s.key => {
                        let values = self.values(e);
                        return if values.iter().all(|&v| v < self.limit) {
                            values
                        } else {
                            &[]
                        };
                    }
                    _ => matches &= matches - 1,
                }
            }
            at += GROUP;
            match self.group(at) {
                Some(next) if empty == 0 && at < end => group = next,
                _ => return &[],
            }
        }
    }

    /// An entry's tokens: the one in it, or its run in the shared array.
    fn values(&self, e: &'a Entry) -> &'a [TokId] {
        if e.value & RUN == 0 {
            return std::slice::from_ref(&e.value);
        }
        let at = (e.value & !RUN) as usize;
        let Some(&len) = self.shared.get(at) else {
            return &[];
        };
        self.shared
            .get(at + 1..at + 1 + len as usize)
            .unwrap_or(&[])
    }
}

/// The value of a key with these pairs: the token itself, or a run in `shared`.
fn value(run: &[(u64, TokId)], shared: &mut Vec<TokId>) -> u32 {
    match run {
        [(_, t)] if t & RUN == 0 => *t,
        _ => {
            let at = u32::try_from(shared.len())
                .ok()
                .filter(|at| at & RUN == 0)
                .expect("a key map holds fewer than 2^31 shared tokens");
            shared.push(run.len() as TokId);
            shared.extend(run.iter().map(|p| p.1));
            at | RUN
        }
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
        assert_eq!(m.table.iter().filter(|e| e.key() != EMPTY).count(), 3);
        assert_eq!(m.tags.iter().filter(|&&t| t != 0).count(), 3);
        assert_eq!(m.tags.len(), m.table.len() + GROUP);
    }

    #[test]
    fn an_empty_map_finds_nothing() {
        let m = KeyMap::from_pairs(Vec::new());
        assert!(m.get(0).is_empty() && m.get(u64::MAX).is_empty());
        assert!(KeyMap::default().get_str("a").is_empty());
    }

    #[test]
    fn many_keys_are_found_in_their_probe_window() {
        // Small numbers (the variant groups' keys), hashes, and the extremes.
        let pairs: Vec<(u64, TokId)> = (0..5000u32)
            .map(|i| (fnv1a(&i.to_le_bytes()), i))
            .chain((0..3000u32).map(|i| (u64::from(i), i + 1)))
            .chain([(u64::MAX, 2), (u64::MAX - 1, 3)])
            .collect();
        let m = KeyMap::from_pairs(pairs.clone());
        assert!(m.table.len() >= 8002 * 5 / 4);
        assert!(m.probes < 64, "clustered: {} probes", m.probes);
        for (h, t) in pairs {
            assert!(m.get(h).contains(&t), "key {h:x} lost");
        }
        assert!(m.get(fnv1a(b"absent")).is_empty());
    }

    #[test]
    fn tokens_with_the_top_bit_are_kept_in_runs() {
        let m = KeyMap::from_pairs(vec![(5, RUN | 9), (6, 4)]);
        assert_eq!(m.get(5), &[RUN | 9]);
        assert_eq!(m.get(6), &[4]);
    }

    #[test]
    fn a_corrupted_map_reads_nothing_outside() {
        let m = KeyMap::from_pairs(KeyMap::pairs_of([("a", 3), ("a", 4), ("b", 7)].into_iter()));
        let mut table = m.table.to_vec();
        for e in &mut table {
            e.value |= RUN | 0xffff;
        }
        let shape = m.shape();
        let tags = || m.tags.to_vec().into();
        let bad =
            KeyMap::from_parts(table.into(), tags(), vec![u32::MAX].into(), &shape, 8).unwrap();
        assert!(bad.get_str("a").is_empty() && bad.get_str("b").is_empty());
        // A value out of range: the key answers nothing.
        let limited = KeyMap::from_parts(
            m.table.to_vec().into(),
            tags(),
            m.shared.to_vec().into(),
            &shape,
            5,
        )
        .unwrap();
        assert_eq!(limited.get_str("a"), [3, 4]);
        assert!(limited.get_str("b").is_empty());
        // Every tag matching every key: each entry is checked, none matches a key not in it.
        let full = KeyMap::from_parts(
            m.table.to_vec().into(),
            vec![0xff; m.tags.len()].into(),
            Store::default(),
            &shape,
            8,
        )
        .unwrap();
        assert!(full.get_str("c").is_empty());
        let table = || m.table.to_vec().into();
        let parts =
            |tags, shape: &[u64]| KeyMap::from_parts(table(), tags, Store::default(), shape, 8);
        assert!(parts(tags(), &[1 << 40, 1]).is_none());
        assert!(parts(tags(), &[1, 1 << 40]).is_none());
        assert!(parts(tags(), &[1]).is_none());
        assert!(parts(vec![0; 4].into(), &shape).is_none());
    }
}
