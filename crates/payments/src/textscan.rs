//! Free text (remittance, purpose, instructions) scanned for listed names.
//!
//! A text is folded into words; a word written exactly as in some listed name, and rare among
//! listed names, anchors the windows of 2 to `max_window` consecutive words around it, and each
//! window is screened as a name at the stricter free-text threshold. A word that is on its own a
//! listed name (`HAMAS`) is screened alone. Texts without such a word cost one hash lookup per
//! word, which keeps clean payments cheap.

use std::collections::{HashMap, HashSet};

use namesake_index::Index;

/// Words shorter than this never anchor a window.
const MIN_ANCHOR_LEN: usize = 3;
/// A listed name that is a single word is screened alone only from this length on.
const MIN_WHOLE_NAME_LEN: usize = 5;

/// Folded words of every listed name, and how many names hold each.
#[derive(Debug, Default, Clone)]
pub(crate) struct ListedWords {
    names_with: HashMap<String, u32>,
    whole_names: HashSet<String>,
}

impl ListedWords {
    pub(crate) fn build(index: &Index) -> Self {
        let mut w = ListedWords::default();
        for e in index.entities() {
            for n in &e.names {
                let folded = namesake_text::fold(&n.full);
                let mut words: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
                if words.len() == 1 && words[0].len() >= MIN_WHOLE_NAME_LEN {
                    w.whole_names.insert(words[0].to_string());
                }
                words.sort_unstable();
                words.dedup();
                for t in words {
                    *w.names_with.entry(t.to_string()).or_insert(0) += 1;
                }
            }
        }
        w
    }
}

/// One window of words to screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Window {
    /// The words, folded, joined by spaces.
    pub text: String,
}

/// The windows of `text` worth screening. `rare_below`: a word held by more listed names than
/// this is too common to anchor a window.
pub(crate) fn windows(
    text: &str,
    words: &ListedWords,
    max_window: usize,
    rare_below: u32,
) -> Vec<Window> {
    let folded = namesake_text::fold(text);
    let tokens: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.len() < MIN_ANCHOR_LEN || t.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let Some(&n) = words.names_with.get(*t) else {
            continue;
        };
        if n > rare_below {
            continue;
        }
        if words.whole_names.contains(*t) {
            spans.push((i, i + 1));
        }
        for len in 2..=max_window.max(2) {
            for start in (i + 1).saturating_sub(len)..=i {
                let end = start + len;
                if end <= tokens.len() {
                    spans.push((start, end));
                }
            }
        }
    }
    spans.sort_unstable();
    spans.dedup();
    spans
        .into_iter()
        .filter_map(|(s, e)| tokens.get(s..e))
        .filter(|w| w.iter().all(|t| !t.bytes().all(|b| b.is_ascii_digit())))
        .map(|w| Window { text: w.join(" ") })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(names: &[(&str, u32)], whole: &[&str]) -> ListedWords {
        ListedWords {
            names_with: names.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            whole_names: whole.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn rare_listed_words_anchor_windows() {
        let w = words(&[("baghdadi", 2), ("abu", 900), ("bakr", 40)], &[]);
        let got = windows("Payment for ABU BAKR AL-BAGHDADI invoice 7", &w, 4, 50);
        let texts: Vec<&str> = got.iter().map(|w| w.text.as_str()).collect();
        assert!(texts.contains(&"abu bakr al baghdadi"), "{texts:?}");
        assert!(texts.contains(&"al baghdadi"), "{texts:?}");
        // "abu" is too common to anchor; "bakr" anchors its own windows.
        assert!(texts
            .iter()
            .all(|t| t.contains("baghdadi") || t.contains("bakr")));
    }

    #[test]
    fn text_without_listed_words_has_no_windows() {
        let w = words(&[("baghdadi", 2)], &[]);
        assert!(windows("INVOICE 2026-114 OFFICE SUPPLIES", &w, 4, 50).is_empty());
    }

    #[test]
    fn a_whole_listed_name_is_screened_alone() {
        let w = words(&[("hizballah", 3)], &["hizballah"]);
        let got = windows("donation hizballah", &w, 3, 50);
        assert!(got.iter().any(|w| w.text == "hizballah"));
    }
}
