//! Türkiye's Ministry of Interior terrorism wanted list (terorarananlar.pol.tr), JSON.
//!
//! An array of people: `Adi` (given names), `Soyadi` (surname), `TOrgutAdi` (the organisation:
//! DEAŞ, PKK/KCK, FETÖ/PDY…), `TKategoriAdi` (the category: kırmızı red, mavi blue, yeşil green,
//! turuncu orange, gri grey) and photo URLs. The category and organisation are kept as facts
//! (`category`, `category_tr`, `organisation`) and shown with every hit.
//!
//! The file carries no key of its own. The photo archive number (`/Arsiv/22/`) identifies a
//! person where there is a photo (`tr-wanted:22`); otherwise the key is built from the name
//! and organisation (`tr-wanted:n-<hash>`), stable across editions as long as those are.

use std::collections::HashMap;
use std::path::Path;

use namesake_model::{Entity, ListInfo, Name, NameKind, NameParts, Schema};
use serde::Deserialize;

use crate::textutil::{clean, skipped};
use crate::{ListFormat, ParsedList, Result, SourceError};

/// List code.
pub const LIST_CODE: &str = "tr-wanted";

/// The Türkiye wanted-list JSON format.
pub struct TrWantedJson;

impl ListFormat for TrWantedJson {
    fn id(&self) -> &'static str {
        "tr-wanted-json"
    }
    fn lists(&self) -> &'static [crate::KnownList] {
        &[crate::identity::TR_WANTED]
    }
    fn detect(&self, _path: &Path, head: &[u8]) -> bool {
        let h = String::from_utf8_lossy(head);
        h.trim_start().starts_with('[') && h.contains("\"Soyadi\"") && h.contains("\"Adi\"")
    }
    fn parse(&self, path: &Path) -> Result<ParsedList> {
        let data = crate::read_file(path)?;
        parse_bytes(&data, path)
    }
}

#[derive(Deserialize)]
struct Row {
    #[serde(rename = "Adi", default)]
    given: Option<String>,
    #[serde(rename = "Soyadi", default)]
    family: Option<String>,
    #[serde(rename = "TOrgutAdi", default)]
    organisation: Option<String>,
    #[serde(rename = "TKategoriAdi", default)]
    category: Option<String>,
    #[serde(rename = "IlkGorselURL", default)]
    photo: Option<String>,
}

/// The category in English, from its Turkish name.
pub fn category_en(tr: &str) -> Option<&'static str> {
    let t = tr.trim().to_lowercase();
    Some(match t.as_str() {
        "kırmızı" | "kirmizi" => "red",
        "mavi" => "blue",
        "yeşil" | "yesil" => "green",
        "turuncu" => "orange",
        "gri" => "grey",
        _ => return None,
    })
}

/// Parses the list from memory; `path` is used in messages.
pub fn parse_bytes(data: &[u8], path: &Path) -> Result<ParsedList> {
    let text = std::str::from_utf8(data).map_err(|e| SourceError::Malformed {
        path: path.to_path_buf(),
        message: format!("not UTF-8 at byte {}", e.valid_up_to()),
    })?;
    // Read the array as loose values first, so that one bad record is skipped, not fatal.
    let values: Vec<serde_json::Value> =
        serde_json::from_str(text).map_err(|e| SourceError::Malformed {
            path: path.to_path_buf(),
            message: format!(
                "not a JSON array of people (line {}, column {}): {e}",
                e.line(),
                e.column()
            ),
        })?;
    let mut entities = Vec::with_capacity(values.len());
    let mut skipped_records = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, v) in values.into_iter().enumerate() {
        let where_ = format!("record {}", i + 1);
        let row: Row = match serde_json::from_value(v) {
            Ok(r) => r,
            Err(e) => {
                skipped_records.push(skipped(path, where_, e.to_string()));
                continue;
            }
        };
        let given = row.given.as_deref().map(clean).filter(|s| !s.is_empty());
        let family = row.family.as_deref().map(clean).filter(|s| !s.is_empty());
        let full = match (&given, &family) {
            (Some(g), Some(f)) => format!("{g} {f}"),
            (Some(n), None) | (None, Some(n)) => n.clone(),
            (None, None) => {
                skipped_records.push(skipped(path, where_, "no Adi or Soyadi"));
                continue;
            }
        };
        let organisation = row
            .organisation
            .as_deref()
            .map(clean)
            .filter(|s| !s.is_empty());
        let mut key = row
            .photo
            .as_deref()
            .and_then(archive_number)
            .unwrap_or_else(|| {
                format!(
                    "n-{:08x}",
                    fnv(&format!("{full}|{}", organisation.as_deref().unwrap_or("")))
                )
            });
        let n = seen.entry(key.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            key = format!("{key}~{n}");
        }
        let mut e = Entity::new(LIST_CODE, &key, Schema::Person);
        let mut name = Name::new(full, NameKind::Primary);
        name.parts = NameParts {
            given,
            family,
            ..Default::default()
        };
        e.names.push(name);
        e.add_country("tr");
        if let Some(c) = row.category.as_deref().map(clean).filter(|s| !s.is_empty()) {
            match category_en(&c) {
                Some(en) => {
                    e.facts.insert("category".into(), en.to_string());
                }
                None => {
                    e.facts.insert("category".into(), c.clone());
                }
            }
            e.programs.push(format!("Terör Arananlar: {c}"));
            e.facts.insert("category_tr".into(), c);
        }
        if let Some(o) = organisation {
            e.facts.insert("organisation".into(), o);
        }
        if let Some(url) = row.photo.as_deref().and_then(photo_url) {
            e.facts.insert(namesake_model::FACT_PHOTO_URL.into(), url);
        }
        entities.push(e);
    }
    if entities.is_empty() && skipped_records.is_empty() {
        return Err(SourceError::Malformed {
            path: path.to_path_buf(),
            message: "an empty list: no people in the file".into(),
        });
    }
    Ok(ParsedList {
        info: ListInfo {
            code: LIST_CODE.into(),
            name: "Türkiye Ministry of Interior terrorism wanted list".into(),
            format: "tr-wanted-json".into(),
            published: None,
        },
        entities,
        skipped: skipped_records,
    })
}

/// The site that publishes the list; its photo paths are relative to it.
const SITE: &str = "https://www.terorarananlar.pol.tr";

/// The photo's absolute URL (the file gives a path on the site, or already a URL).
fn photo_url(path: &str) -> Option<String> {
    let p = path.trim();
    if p.is_empty() {
        None
    } else if p.starts_with("http://") || p.starts_with("https://") {
        Some(p.to_string())
    } else if p.starts_with('/') {
        Some(format!("{SITE}{p}"))
    } else {
        Some(format!("{SITE}/{p}"))
    }
}

/// `/kurumlar/…/Arsiv/22/FotoOrj_1.jpeg` → `22`.
fn archive_number(url: &str) -> Option<String> {
    let rest = url.split("/Arsiv/").nth(1)?;
    let n = rest.split('/').next()?;
    (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then(|| n.to_string())
}

/// FNV-1a, 32 bits: a short, stable key (no randomness, same on every platform).
fn fnv(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_people_with_category_and_organisation() {
        let json = r#"[{"Adi":"İlhami","Soyadi":"BALI","IlkGorselURL":"/kurumlar/x/Arsiv/22/FotoOrj_1.jpeg","TOrgutAdi":"DEAŞ","TKategoriAdi":"kırmızı"},
                       {"Adi":"Ayşe","Soyadi":"YILMAZ","TOrgutAdi":"PKK/KCK","TKategoriAdi":"turuncu"},
                       {"Adi":"Ayşe","Soyadi":"YILMAZ","TOrgutAdi":"PKK/KCK","TKategoriAdi":"turuncu"},
                       {"Adi":5},
                       {"TOrgutAdi":"X"}]"#;
        let p = parse_bytes(json.as_bytes(), Path::new("t.json")).unwrap();
        assert_eq!(p.entities.len(), 3);
        assert_eq!(p.skipped.len(), 2, "{:?}", p.skipped);
        let e = &p.entities[0];
        assert_eq!(e.id, "tr-wanted:22");
        assert_eq!(e.names[0].full, "İlhami BALI");
        assert_eq!(e.facts["category"], "red");
        assert_eq!(e.facts["organisation"], "DEAŞ");
        assert!(p.entities[1].key.starts_with("n-"));
        assert_eq!(p.entities[2].key, format!("{}~2", p.entities[1].key));
        assert_eq!(p.entities[1].facts["category"], "orange");
    }

    #[test]
    fn keeps_the_photo_url() {
        let json = r#"[{"Adi":"İlhami","Soyadi":"BALI","IlkGorselURL":"/kurumlar/x/Arsiv/22/FotoOrj_1.jpeg"},
                       {"Adi":"Ayşe","Soyadi":"YILMAZ"}]"#;
        let p = parse_bytes(json.as_bytes(), Path::new("t.json")).unwrap();
        assert_eq!(
            p.entities[0].facts[namesake_model::FACT_PHOTO_URL],
            "https://www.terorarananlar.pol.tr/kurumlar/x/Arsiv/22/FotoOrj_1.jpeg"
        );
        assert!(!p.entities[1]
            .facts
            .contains_key(namesake_model::FACT_PHOTO_URL));
    }

    #[test]
    fn not_a_list() {
        assert!(parse_bytes(b"{\"a\":1}", Path::new("x.json")).is_err());
        assert!(parse_bytes(b"[]", Path::new("x.json")).is_err());
        assert!(parse_bytes(b"[{\"Adi\":\"x\"", Path::new("x.json")).is_err());
    }
}
