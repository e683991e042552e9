//! Transliteration tables read from the tab-separated files in `data/`: a sequence of letters in
//! the source script, a tab, its Latin rendering (and, for abugidas, a class). Longest match wins.

use std::collections::HashMap;

/// One row's value: the Latin rendering and the row's class (empty when the file has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) latin: String,
    pub(crate) class: String,
}

/// A parsed table: source sequences (as chars) to entries.
#[derive(Debug, Default)]
pub(crate) struct SeqTable {
    map: HashMap<Vec<char>, Entry>,
    longest: usize,
}

impl SeqTable {
    /// Parses `text`: `#` comments and blank lines skipped; rows of 2 or 3 tab-separated columns.
    /// A malformed row is skipped (the tables are compiled in and checked by tests).
    pub(crate) fn parse(text: &str) -> SeqTable {
        let mut t = SeqTable::default();
        for line in text.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(src), Some(latin)) = (cols.next(), cols.next()) else {
                continue;
            };
            let key: Vec<char> = src.chars().collect();
            if key.is_empty() {
                continue;
            }
            t.longest = t.longest.max(key.len());
            let class = cols.next().unwrap_or("").trim().to_string();
            t.map.insert(
                key,
                Entry {
                    latin: latin.trim().to_string(),
                    class,
                },
            );
        }
        t
    }

    /// The longest row matching at the start of `s`, with the number of chars it covers.
    pub(crate) fn longest_match(&self, s: &[char]) -> Option<(&Entry, usize)> {
        let max = self.longest.min(s.len());
        (1..=max)
            .rev()
            .find_map(|n| s.get(..n).and_then(|k| self.map.get(k)).map(|e| (e, n)))
    }

    /// Number of rows.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_match_wins() {
        let t = SeqTable::parse("# c\nab\tx\na\ty\tk\n\nbad-row\n");
        assert_eq!(t.len(), 2);
        let s: Vec<char> = "abc".chars().collect();
        assert_eq!(
            t.longest_match(&s).map(|(e, n)| (e.latin.as_str(), n)),
            Some(("x", 2))
        );
        let s: Vec<char> = "ac".chars().collect();
        let (e, n) = t.longest_match(&s).unwrap();
        assert_eq!((e.latin.as_str(), e.class.as_str(), n), ("y", "k", 1));
        assert!(t.longest_match(&['c']).is_none());
        assert!(t.longest_match(&[]).is_none());
    }
}
