//! Fixed-width arrays that are either owned (after a build) or a zero-copy view into a
//! memory-mapped index file (after a load), both read as a slice: the screening code indexes
//! slices and never asks which.

use std::ops::{Deref, Range};
use std::sync::Arc;

use bytemuck::Pod;

/// An index file mapped into memory, shared by every array that views it.
pub(crate) type Mapped = Arc<memmap2::Mmap>;

/// An array of `T`, owned or viewed in a mapped file.
pub(crate) enum Store<T: Pod> {
    /// Built in memory.
    Owned(Vec<T>),
    /// A byte range of a mapped file, checked on open to be aligned for `T` and a whole number
    /// of `T`s long.
    Mapped { map: Mapped, bytes: Range<usize> },
}

impl<T: Pod> Store<T> {
    /// A view of `bytes` in `map`, or `None` when the range is outside the file, misaligned for
    /// `T` or not a whole number of `T`s.
    pub(crate) fn view(map: &Mapped, bytes: Range<usize>) -> Option<Store<T>> {
        let slice = map.get(bytes.clone())?;
        bytemuck::try_cast_slice::<u8, T>(slice).ok()?;
        Some(Store::Mapped {
            map: Arc::clone(map),
            bytes,
        })
    }

    /// The array's bytes, as they are written to a file.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        bytemuck::cast_slice(self)
    }
}

impl<T: Pod> Deref for Store<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match self {
            Store::Owned(v) => v,
            // Checked in `view`: in bounds, aligned, a whole number of `T`s.
            Store::Mapped { map, bytes } => bytemuck::cast_slice(&map[bytes.clone()]),
        }
    }
}

impl<T: Pod> Default for Store<T> {
    fn default() -> Self {
        Store::Owned(Vec::new())
    }
}

impl<T: Pod> From<Vec<T>> for Store<T> {
    fn from(v: Vec<T>) -> Self {
        Store::Owned(v)
    }
}

impl<T: Pod + std::fmt::Debug> std::fmt::Debug for Store<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self {
            Store::Owned(_) => "owned",
            Store::Mapped { .. } => "mapped",
        };
        write!(f, "Store({kind}, {} items)", self.len())
    }
}

/// Variable-length runs stored flat (compressed sparse rows): run `i` is
/// `items[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Default)]
pub(crate) struct Runs<T: Pod> {
    pub(crate) offsets: Store<u64>,
    pub(crate) items: Store<T>,
}

impl<T: Pod> Runs<T> {
    /// Lays out `runs` flat.
    pub(crate) fn from_vecs(runs: Vec<Vec<T>>) -> Runs<T> {
        let mut offsets = Vec::with_capacity(runs.len() + 1);
        let mut items = Vec::with_capacity(runs.iter().map(Vec::len).sum());
        offsets.push(0);
        for r in runs {
            items.extend_from_slice(&r);
            offsets.push(items.len() as u64);
        }
        Runs {
            offsets: offsets.into(),
            items: items.into(),
        }
    }

    /// Number of runs.
    pub(crate) fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Run `i` (empty when out of range).
    pub(crate) fn get(&self, i: usize) -> &[T] {
        let (Some(&a), Some(&b)) = (self.offsets.get(i), self.offsets.get(i + 1)) else {
            return &[];
        };
        self.items.get(a as usize..b as usize).unwrap_or(&[])
    }

    /// Whether the offsets start at 0, never decrease and end at the items' length: what a
    /// file must hold for every run to be in bounds.
    pub(crate) fn is_consistent(&self) -> bool {
        self.offsets.first() == Some(&0)
            && self.offsets.windows(2).all(|w| w[0] <= w[1])
            && self.offsets.last() == Some(&(self.items.len() as u64))
    }
}

impl<T: Pod> std::ops::Index<usize> for Runs<T> {
    type Output = [T];

    fn index(&self, i: usize) -> &[T] {
        self.get(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_lay_out_flat() {
        let r = Runs::from_vecs(vec![vec![1u32, 2], vec![], vec![7]]);
        assert_eq!(r.len(), 3);
        assert_eq!(r.get(0), &[1, 2]);
        assert!(r.get(1).is_empty());
        assert_eq!(r.get(2), &[7]);
        assert!(r.get(3).is_empty());
        assert!(r.is_consistent());
    }
}
