//! Embargoed jurisdictions: countries and regions, the names an address may give them and
//! their major towns. The default table (`data/jurisdictions.toml`) is compiled in; a TOML file
//! of the same layout overrides it.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

const DEFAULT_TABLE: &str = include_str!("../data/jurisdictions.toml");

/// One embargoed country or region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jurisdiction {
    /// ISO 3166-1 alpha-2 (countries) or ISO 3166-2 (regions), upper case.
    pub code: String,
    /// Its name in output.
    pub name: String,
    /// Regions: the country they lie in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Regions: the ISO 3166-2 subdivision codes that mean this region.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subdivisions: Vec<String>,
    /// The programmes that embargo it (shown in explanations).
    #[serde(default)]
    pub programmes: Vec<String>,
    /// Names an address may use.
    #[serde(default)]
    pub names: Vec<String>,
    /// Major towns.
    #[serde(default)]
    pub towns: Vec<String>,
}

impl Jurisdiction {
    /// A whole country (no parent country).
    pub fn is_country(&self) -> bool {
        self.country.is_none()
    }
}

/// A table file: entries, and for overrides what to drop.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableFile {
    #[serde(default)]
    replace: bool,
    #[serde(default)]
    remove: Vec<String>,
    #[serde(default)]
    jurisdiction: Vec<Jurisdiction>,
}

/// A jurisdiction table that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum JurisdictionError {
    /// Not valid TOML or not the table's layout.
    #[error("{source_name}: not a jurisdiction table: {detail}")]
    Invalid {
        /// The file (or `built-in`).
        source_name: String,
        /// What the TOML reader said.
        detail: String,
    },
    /// An entry with an empty code.
    #[error("{source_name}: a jurisdiction without a code")]
    NoCode {
        /// The file.
        source_name: String,
    },
}

/// A phrase (folded tokens) naming a jurisdiction.
#[derive(Debug, Clone)]
struct Phrase {
    tokens: Vec<String>,
    jurisdiction: usize,
    /// Written as it appears in the table.
    text: String,
}

/// The table, with lookups by country code, subdivision and phrase.
#[derive(Debug, Clone)]
pub struct Jurisdictions {
    list: Vec<Jurisdiction>,
    /// First folded token → phrases starting with it.
    phrases: HashMap<String, Vec<Phrase>>,
}

/// A jurisdiction named in some text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention<'a> {
    /// The jurisdiction.
    pub jurisdiction: &'a Jurisdiction,
    /// The name or town as the table writes it.
    pub phrase: String,
}

impl Default for Jurisdictions {
    fn default() -> Self {
        // The built-in table is tested; failing to read it is a build defect.
        Jurisdictions::from_toml(DEFAULT_TABLE, "built-in")
            .unwrap_or_else(|_| Jurisdictions::new(Vec::new()))
    }
}

impl Jurisdictions {
    /// A table of these entries.
    pub fn new(list: Vec<Jurisdiction>) -> Self {
        let mut phrases: HashMap<String, Vec<Phrase>> = HashMap::new();
        for (i, j) in list.iter().enumerate() {
            for text in j.names.iter().chain(&j.towns) {
                let tokens: Vec<String> = namesake_text::fold(text)
                    .split(' ')
                    .filter(|t| !t.is_empty())
                    .map(String::from)
                    .collect();
                if let Some(first) = tokens.first() {
                    phrases.entry(first.clone()).or_default().push(Phrase {
                        tokens,
                        jurisdiction: i,
                        text: text.clone(),
                    });
                }
            }
        }
        Jurisdictions { list, phrases }
    }

    /// Reads a table from TOML (`source_name` names it in errors).
    pub fn from_toml(text: &str, source_name: &str) -> Result<Self, JurisdictionError> {
        let file = read(text, source_name)?;
        Ok(Jurisdictions::new(file.jurisdiction))
    }

    /// This table with an override file applied: `replace = true` starts from nothing,
    /// `remove` drops codes, entries replace those with the same code or are added.
    pub fn with_override(&self, text: &str, source_name: &str) -> Result<Self, JurisdictionError> {
        let file = read(text, source_name)?;
        let mut list = if file.replace {
            Vec::new()
        } else {
            self.list.clone()
        };
        let remove: Vec<String> = file
            .remove
            .iter()
            .map(|c| c.trim().to_ascii_uppercase())
            .collect();
        list.retain(|j| !remove.contains(&j.code));
        for j in file.jurisdiction {
            match list.iter_mut().find(|k| k.code == j.code) {
                Some(k) => *k = j,
                None => list.push(j),
            }
        }
        Ok(Jurisdictions::new(list))
    }

    /// Every entry.
    pub fn entries(&self) -> &[Jurisdiction] {
        &self.list
    }

    /// The embargoed country with this alpha-2 code (any case).
    pub fn country(&self, code: &str) -> Option<&Jurisdiction> {
        let code = code.trim();
        self.list
            .iter()
            .find(|j| j.is_country() && j.code.eq_ignore_ascii_case(code))
    }

    /// The embargoed region a subdivision value means: an ISO 3166-2 code (`UA-43`), the part
    /// after the dash with the country given (`43` in `UA`), or a name (`Crimea`).
    pub fn subdivision(&self, value: &str, country: Option<&str>) -> Option<&Jurisdiction> {
        let v = value.trim().to_ascii_uppercase();
        let full = match country {
            Some(c) if !v.contains('-') => format!("{}-{v}", c.trim().to_ascii_uppercase()),
            _ => v,
        };
        self.list
            .iter()
            .find(|j| j.subdivisions.iter().any(|s| s.eq_ignore_ascii_case(&full)))
            .or_else(|| {
                self.mentions(value)
                    .into_iter()
                    .next()
                    .map(|m| m.jurisdiction)
            })
    }

    /// Jurisdictions a text names (by a name or a town, whole words, case and accents folded).
    pub fn mentions(&self, text: &str) -> Vec<Mention<'_>> {
        let folded = namesake_text::fold(text);
        let tokens: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
        let mut out: Vec<Mention> = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            let Some(cands) = self.phrases.get(*t) else {
                continue;
            };
            for p in cands {
                let here = tokens.get(i..i + p.tokens.len());
                if here.is_some_and(|w| w.iter().zip(&p.tokens).all(|(a, b)| a == b))
                    && !out
                        .iter()
                        .any(|m| std::ptr::eq(m.jurisdiction, &self.list[p.jurisdiction]))
                {
                    out.push(Mention {
                        jurisdiction: &self.list[p.jurisdiction],
                        phrase: p.text.clone(),
                    });
                }
            }
        }
        out
    }
}

fn read(text: &str, source_name: &str) -> Result<TableFile, JurisdictionError> {
    let mut file: TableFile = toml::from_str(text).map_err(|e| JurisdictionError::Invalid {
        source_name: source_name.to_string(),
        detail: e.to_string(),
    })?;
    for j in &mut file.jurisdiction {
        j.code = j.code.trim().to_ascii_uppercase();
        if j.code.is_empty() {
            return Err(JurisdictionError::NoCode {
                source_name: source_name.to_string(),
            });
        }
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_table_reads_and_holds_the_default_programmes() {
        let t = Jurisdictions::from_toml(DEFAULT_TABLE, "built-in").unwrap();
        for code in ["CU", "IR", "KP", "SY"] {
            assert!(
                t.country(code).is_some(),
                "{code} missing from the default table"
            );
        }
        for region in ["Crimea", "Donetsk", "Luhansk"] {
            assert!(
                t.entries().iter().any(|j| j.name == region),
                "{region} missing"
            );
        }
    }

    #[test]
    fn regions_are_found_by_code_name_or_town() {
        let t = Jurisdictions::default();
        assert_eq!(t.subdivision("UA-43", None).unwrap().name, "Crimea");
        assert_eq!(t.subdivision("43", Some("UA")).unwrap().name, "Crimea");
        assert!(t.subdivision("43", Some("FR")).is_none());
        let m = t.mentions("ul. Lenina 5, 295000 Simferopol");
        assert_eq!(m[0].jurisdiction.name, "Crimea");
        assert_eq!(m[0].phrase, "Simferopol");
        assert!(
            t.mentions("12 Irani Street, Mumbai").is_empty(),
            "whole words only"
        );
        assert_eq!(
            t.mentions("Democratic People's Republic of Korea")[0]
                .jurisdiction
                .code,
            "KP"
        );
    }

    #[test]
    fn an_override_removes_replaces_and_adds() {
        let t = Jurisdictions::default();
        let o = t
            .with_override(
                "remove = [\"sy\"]\n[[jurisdiction]]\ncode = \"ve\"\nname = \"Venezuela\"\ntowns = [\"Caracas\"]\n",
                "o.toml",
            )
            .unwrap();
        assert!(o.country("SY").is_none());
        assert_eq!(o.country("VE").unwrap().name, "Venezuela");
        assert_eq!(o.mentions("Caracas")[0].jurisdiction.code, "VE");
        let err = t.with_override("nonsense = 1", "bad.toml").unwrap_err();
        assert!(err.to_string().starts_with("bad.toml:"), "{err}");
    }
}
