//! Country names, codes and demonyms to ISO 3166 alpha-2 codes.
//!
//! The table (`data/countries.tsv`) holds ISO names and the spellings the lists use
//! ("Iran (Islamic Republic of)", "Türkiye", "Congo, Democratic Republic of the") and demonyms.
//!
//! ```
//! use namesake_model::country::to_alpha2;
//! assert_eq!(to_alpha2("Iran (Islamic Republic of)"), Some("ir"));
//! assert_eq!(to_alpha2("TUR"), Some("tr"));
//! assert_eq!(to_alpha2("Afghan"), Some("af"));
//! assert_eq!(to_alpha2("Atlantis"), None);
//! ```

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../data/countries.tsv");

struct Countries {
    by_key: HashMap<String, &'static str>,
    names: HashMap<&'static str, &'static str>,
}

fn key(s: &str) -> String {
    // Lower case, ASCII letters only, so "Côte d'Ivoire" = "cote divoire", "U.S.A." = "usa".
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'a'..='z' => out.push(c),
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' | 'ı' => out.push('i'),
            'ñ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
            'ş' => out.push('s'),
            'ğ' => out.push('g'),
            _ => {}
        }
    }
    out
}

fn table() -> &'static Countries {
    static T: OnceLock<Countries> = OnceLock::new();
    T.get_or_init(|| {
        let mut by_key = HashMap::new();
        let mut names = HashMap::new();
        for line in TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let mut cols = line.split('\t');
            let (Some(a2), Some(a3), Some(ns)) = (cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            by_key.insert(a2.to_string(), a2);
            if !a3.is_empty() {
                by_key.insert(a3.to_string(), a2);
            }
            let mut first = true;
            for n in ns.split('|') {
                if first {
                    names.insert(a2, n);
                    first = false;
                }
                by_key.entry(key(n)).or_insert(a2);
            }
        }
        Countries { by_key, names }
    })
}

/// The ISO 3166 alpha-2 code (lower case) for a country name, alpha-2 or alpha-3 code, or demonym.
pub fn to_alpha2(name: &str) -> Option<&'static str> {
    let t = table();
    let k = key(name);
    if k.is_empty() {
        return None;
    }
    if let Some(c) = t.by_key.get(&k) {
        return Some(c);
    }
    // "the Netherlands", "Republic of Iraq"
    for prefix in ["the", "republicof", "kingdomof", "stateof"] {
        if let Some(rest) = k.strip_prefix(prefix) {
            if let Some(c) = t.by_key.get(rest) {
                return Some(c);
            }
        }
    }
    None
}

/// The English name of a country code, for display.
pub fn name_of(alpha2: &str) -> Option<&'static str> {
    table()
        .names
        .get(alpha2.to_ascii_lowercase().as_str())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_spellings() {
        assert_eq!(to_alpha2("Democratic Republic of the Congo"), Some("cd"));
        assert_eq!(to_alpha2("Syrian Arab Republic"), Some("sy"));
        assert_eq!(to_alpha2("Russian Federation"), Some("ru"));
        assert_eq!(to_alpha2("Türkiye"), Some("tr"));
        assert_eq!(to_alpha2("turkey"), Some("tr"));
        assert_eq!(
            to_alpha2("United Kingdom of Great Britain and Northern Ireland"),
            Some("gb")
        );
        assert_eq!(to_alpha2("af"), Some("af"));
        assert_eq!(to_alpha2("the Netherlands"), Some("nl"));
        assert_eq!(to_alpha2(""), None);
        assert_eq!(name_of("tr"), Some("Türkiye"));
    }
}
