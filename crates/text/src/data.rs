//! Reference data compiled into the binary: name variants, particles, honorifics, legal forms,
//! Sino-Korean readings. Parsed once, on first use.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::fold;

const VARIANTS: &str = include_str!("../data/name_variants.csv");
const PARTICLES: &str = include_str!("../data/particles.txt");
const HONORIFICS: &str = include_str!("../data/honorifics.txt");
const HONORIFICS_ARABIC: &str = include_str!("../data/honorifics_arabic.txt");
const LEGAL_FORMS: &str = include_str!("../data/legal_forms.csv");
const HANJA: &str = include_str!("../data/hanja_korean.tsv");
const NUMBERS: &str = include_str!("../data/numbers.csv");
const COMMON_GIVEN_NAMES: &str = include_str!("../data/common_given_names.txt");
const COMMON_SURNAMES: &str = include_str!("../data/common_surnames.txt");

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Token → variant group id (the line number among data lines).
pub(crate) fn variants() -> &'static HashMap<String, u32> {
    static T: OnceLock<HashMap<String, u32>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = HashMap::new();
        for (i, l) in lines(VARIANTS).enumerate() {
            for t in l.split(',') {
                let t = fold(t);
                if !t.is_empty() && !t.contains(' ') {
                    m.entry(t).or_insert(i as u32);
                }
            }
        }
        m
    })
}

pub(crate) fn particles() -> &'static HashSet<String> {
    static T: OnceLock<HashSet<String>> = OnceLock::new();
    T.get_or_init(|| lines(PARTICLES).map(fold).collect())
}

/// Given names common among people at large (US Census 1990; `scripts/common_names.py`).
pub(crate) fn common_given_names() -> &'static HashSet<String> {
    static T: OnceLock<HashSet<String>> = OnceLock::new();
    T.get_or_init(|| lines(COMMON_GIVEN_NAMES).map(fold).collect())
}

/// The 5,000 surnames most common among people at large (US Census 1990).
pub(crate) fn common_surnames() -> &'static HashSet<String> {
    static T: OnceLock<HashSet<String>> = OnceLock::new();
    T.get_or_init(|| lines(COMMON_SURNAMES).map(fold).collect())
}

/// Honorifics as token sequences, longest first.
pub(crate) fn honorifics() -> &'static Vec<Vec<String>> {
    static T: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    T.get_or_init(|| {
        let mut v: Vec<Vec<String>> = lines(HONORIFICS)
            .map(|l| fold(l).split(' ').map(String::from).collect())
            .collect();
        v.sort_by_key(|s| std::cmp::Reverse(s.len()));
        v
    })
}

/// Titles of names written in Arabic script, prepared as those names are, longest first.
pub(crate) fn arabic_honorifics() -> &'static Vec<Vec<String>> {
    static T: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    T.get_or_init(|| {
        let mut v: Vec<Vec<String>> = lines(HONORIFICS_ARABIC)
            .map(|l| crate::words_of(&fold(&crate::arabic::prepare(l))))
            .filter(|w| !w.is_empty())
            .collect();
        v.sort();
        v.dedup();
        v.sort_by_key(|s| std::cmp::Reverse(s.len()));
        v
    })
}

/// One written legal form and the canonical token it stands for.
pub(crate) struct LegalForm {
    /// The folded words.
    pub words: Vec<String>,
    /// The canonical token.
    pub canon: String,
    /// Also recognised at the start of a name ("OOO Romashka"), not only at the end.
    pub at_start: bool,
}

/// Legal forms, longest first.
pub(crate) fn legal_forms() -> &'static Vec<LegalForm> {
    static T: OnceLock<Vec<LegalForm>> = OnceLock::new();
    T.get_or_init(|| {
        let mut v: Vec<LegalForm> = Vec::new();
        for l in lines(LEGAL_FORMS) {
            let mut cols = l.split(',');
            let Some(canon) = cols.next() else { continue };
            let canon = fold(canon);
            for form in cols {
                let (form, at_start) = match form.strip_prefix('^') {
                    Some(f) => (f, true),
                    None => (form, false),
                };
                let f = fold(form);
                if f.is_empty() || v.iter().any(|x| x.words.join(" ") == f) {
                    continue;
                }
                v.push(LegalForm {
                    words: f.split(' ').map(String::from).collect(),
                    canon: canon.clone(),
                    at_start,
                });
            }
        }
        v.sort_by_key(|f| std::cmp::Reverse(f.words.len()));
        v
    })
}

/// Canonical legal-form tokens (to recognise an already canonical token).
pub(crate) fn legal_canon() -> &'static HashSet<String> {
    static T: OnceLock<HashSet<String>> = OnceLock::new();
    T.get_or_init(|| legal_forms().iter().map(|f| f.canon.clone()).collect())
}

/// Words kept with the legal forms because they say as little about identity ("group",
/// "holding", "trading"), but that do not make a name a company's: "George Holding" is a man.
pub(crate) fn is_generic_org_word(canon: &str) -> bool {
    matches!(canon, "group" | "holding" | "trading")
}

/// Folded number word → (value, whether it may stand alone as a number).
pub(crate) fn numbers() -> &'static HashMap<String, (u32, bool)> {
    static T: OnceLock<HashMap<String, (u32, bool)>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = HashMap::new();
        for l in lines(NUMBERS) {
            let mut cols = l.split(',');
            let Some(value) = cols.next().and_then(|v| v.trim().parse::<u32>().ok()) else {
                continue;
            };
            for form in cols {
                let (form, alone) = match form.strip_prefix('?') {
                    Some(f) => (f, false),
                    None => (form, true),
                };
                let f = fold(form);
                if !f.is_empty() && !f.contains(' ') {
                    m.entry(f).or_insert((value, alone));
                }
            }
        }
        m
    })
}

/// Han character → Sino-Korean readings (Hangul syllables).
pub(crate) fn hanja() -> &'static HashMap<char, Vec<char>> {
    static T: OnceLock<HashMap<char, Vec<char>>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = HashMap::new();
        for l in lines(HANJA) {
            let mut it = l.split('\t');
            let (Some(k), Some(v)) = (it.next(), it.next()) else {
                continue;
            };
            let Some(k) = k.chars().next() else { continue };
            let readings: Vec<char> = v.split(' ').filter_map(|r| r.chars().next()).collect();
            if !readings.is_empty() {
                m.insert(k, readings);
            }
        }
        m
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_token_in_two_variant_groups() {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, l) in lines(VARIANTS).enumerate() {
            let mut in_line = HashSet::new();
            for t in l.split(',').map(fold).filter(|t| !t.is_empty()) {
                if !in_line.insert(t.clone()) {
                    continue;
                }
                if let Some(prev) = seen.insert(t.clone(), i) {
                    panic!("{t:?} is in variant lines {prev} and {i}");
                }
            }
        }
        assert!(
            seen.len() > 500,
            "variant table unexpectedly small: {}",
            seen.len()
        );
    }

    #[test]
    fn tables_load() {
        assert!(particles().contains("al"));
        assert!(honorifics()
            .iter()
            .any(|h| h == &vec!["sheikh".to_string()]));
        assert!(legal_forms()
            .iter()
            .any(|f| f.words == ["ooo"] && f.canon == "llc" && f.at_start));
        assert_eq!(hanja().get(&'金').map(|v| v.contains(&'김')), Some(true));
    }
}
