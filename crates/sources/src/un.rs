//! The UN Security Council Consolidated List (XML).
//!
//! `CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL` and `ENTITIES/ENTITY`, keyed by REFERENCE_NUMBER
//! (`un:QDi.015`). Every field is read: name parts, the name in original script, aliases with
//! their quality (alias strings that pack several spellings become separate names), dates of birth
//! (EXACT, APPROXIMATELY, BETWEEN; full date, year, or year range), places of birth, nationalities,
//! documents, addresses, designations, titles, listing date and comments.

use std::path::Path;

use namesake_model::country::to_alpha2;
use namesake_model::{
    Address, DateSpec, Entity, Gender, IdKind, Identifier, ListInfo, Name, NameKind, NameParts,
    PartialDate, Schema,
};

use crate::textutil::{clean, is_non_latin};
use crate::xmlrec::{read_records, Node, Records, Shape};
use crate::{ListFormat, ParsedList, Result};

/// List code.
pub const LIST_CODE: &str = "un";

/// The UN XML format.
pub struct UnXml;

impl ListFormat for UnXml {
    fn id(&self) -> &'static str {
        "un-xml"
    }
    fn lists(&self) -> &'static [crate::KnownList] {
        &[crate::identity::UN]
    }
    fn detect(&self, _path: &Path, head: &[u8]) -> bool {
        let h = String::from_utf8_lossy(head);
        h.contains("<CONSOLIDATED_LIST")
    }
    fn parse(&self, path: &Path) -> Result<ParsedList> {
        let data = crate::read_file(path)?;
        parse_bytes(&data, path)
    }
}

/// Parses a UN list from memory; `path` is used in messages.
pub fn parse_bytes(data: &[u8], path: &Path) -> Result<ParsedList> {
    let shape = Shape {
        root: "CONSOLIDATED_LIST",
        records: &["INDIVIDUAL", "ENTITY"],
        not_this: "no CONSOLIDATED_LIST root element: not a UN Security Council list",
    };
    let Records {
        read: entities,
        skipped: skipped_records,
        walk: w,
    } = read_records(data, path, &shape, record)?;
    let published = w
        .root_attrs
        .iter()
        .find(|(k, _)| k == "dateGenerated")
        .map(|(_, v)| v.chars().take(10).collect());
    Ok(ParsedList {
        info: ListInfo {
            code: LIST_CODE.into(),
            name: "UN Security Council Consolidated List".into(),
            format: "un-xml".into(),
            published,
        },
        entities,
        skipped: skipped_records,
    })
}

fn record(n: &Node) -> std::result::Result<Entity, String> {
    let key = n.text_of("REFERENCE_NUMBER").ok_or("no REFERENCE_NUMBER")?;
    let person = n.name == "INDIVIDUAL";
    let mut e = Entity::new(
        LIST_CODE,
        &key,
        if person {
            Schema::Person
        } else {
            Schema::Organization
        },
    );

    let parts: Vec<String> = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
        .iter()
        .filter_map(|p| n.text_of(p))
        .collect();
    if parts.is_empty() {
        return Err(format!("{key}: no name"));
    }
    let mut primary = Name::new(parts.join(" "), NameKind::Primary);
    if person {
        primary.parts = NameParts {
            given: parts.first().cloned(),
            middle: (parts.len() > 2).then(|| parts[1..parts.len() - 1].join(" ")),
            family: (parts.len() > 1).then(|| parts[parts.len() - 1].clone()),
            patronymic: None,
        };
    }
    e.names.push(primary);
    if let Some(orig) = n.text_of("NAME_ORIGINAL_SCRIPT") {
        e.add_name(Name::new(orig, NameKind::OriginalScript));
    }

    let alias_tag = if person {
        "INDIVIDUAL_ALIAS"
    } else {
        "ENTITY_ALIAS"
    };
    for a in n.all(alias_tag) {
        let Some(raw) = a.text_of("ALIAS_NAME") else {
            continue;
        };
        let quality = a
            .text_of("QUALITY")
            .unwrap_or_default()
            .to_ascii_lowercase();
        for (text, script_kind) in split_alias(&raw) {
            let kind = if quality.contains("f.k.a") || quality.contains("fka") {
                NameKind::Former
            } else if script_kind {
                NameKind::OriginalScript
            } else {
                NameKind::Alias
            };
            let mut name = Name::new(text, kind);
            if quality == "low" {
                name = name.weak();
            }
            e.add_name(name);
        }
        if let Some(d) = a.text_of("DATE_OF_BIRTH") {
            match DateSpec::parse(&d) {
                Ok(d) => e.add_birth_date(d),
                Err(_) => e.remarks.push(format!("DOB (alias): {d}")),
            }
        }
    }

    if let Some(g) = n.text_of("GENDER") {
        e.gender = Gender::parse(&g);
    }
    for v in n.values("NATIONALITY", "VALUE") {
        match to_alpha2(&v) {
            Some(c) => e.add_nationality(c),
            None => e.remarks.push(format!("Nationality: {v}")),
        }
    }
    if let Some(t) = n.text_of("UN_LIST_TYPE") {
        e.programs.push(t);
    }
    for v in n.values("LIST_TYPE", "VALUE") {
        if !e.programs.contains(&v) {
            e.programs.push(v);
        }
    }
    if let Some(d) = n.text_of("LISTED_ON") {
        e.listed_on = DateSpec::parse(&d).ok().map(|d| d.from);
    }
    if let Some(c) = n.text_of("COMMENTS1") {
        // Banks' SWIFT/BIC codes are given only in the comments ("SWIFT/BIC: KUDBKPPY").
        for bic in swift_codes(&c) {
            e.identifiers.push(Identifier::new(IdKind::Swift, bic));
        }
        e.remarks.push(c);
    }
    let titles = n.values("TITLE", "VALUE");
    if !titles.is_empty() {
        e.facts.insert("title".into(), titles.join("; "));
    }
    let designations = n.values("DESIGNATION", "VALUE");
    if !designations.is_empty() {
        e.facts
            .insert("designation".into(), designations.join("; "));
    }

    for d in n.all("INDIVIDUAL_DATE_OF_BIRTH") {
        match birth_date(d) {
            Some(spec) => e.add_birth_date(spec),
            None => {
                let note = [d.text_of("NOTE"), d.text_of("TYPE_OF_DATE")]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                if !note.is_empty() {
                    e.remarks.push(format!("DOB: {note}"));
                }
            }
        }
    }
    for p in n.all("INDIVIDUAL_PLACE_OF_BIRTH") {
        let place: Vec<String> = ["CITY", "STATE_PROVINCE", "COUNTRY"]
            .iter()
            .filter_map(|k| p.text_of(k))
            .collect();
        if !place.is_empty() {
            e.birth_places.push(place.join(", "));
        }
    }
    for d in n.all("INDIVIDUAL_DOCUMENT") {
        if let Some(id) = document(d) {
            e.identifiers.push(id);
        }
    }
    let addr_tag = if person {
        "INDIVIDUAL_ADDRESS"
    } else {
        "ENTITY_ADDRESS"
    };
    for a in n.all(addr_tag) {
        let parts: Vec<String> = ["STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"]
            .iter()
            .filter_map(|k| a.text_of(k))
            .collect();
        if parts.is_empty() {
            continue;
        }
        let country = a
            .text_of("COUNTRY")
            .and_then(|c| to_alpha2(&c))
            .map(String::from);
        if let Some(c) = &country {
            e.add_country(c);
        }
        let mut full = parts.join(", ");
        if let Some(note) = a.text_of("NOTE") {
            full.push_str(&format!(" ({note})"));
        }
        e.addresses.push(Address {
            full,
            city: a.text_of("CITY"),
            country,
        });
    }
    Ok(e)
}

fn birth_date(d: &Node) -> Option<DateSpec> {
    let kind = d
        .text_of("TYPE_OF_DATE")
        .unwrap_or_default()
        .to_ascii_uppercase();
    let approximate = kind.starts_with("APPROX");
    let mut spec = if let Some(date) = d.text_of("DATE") {
        DateSpec::parse(&date).ok()?
    } else if let (Some(a), Some(b)) = (d.text_of("FROM_YEAR"), d.text_of("TO_YEAR")) {
        DateSpec::year_range(a.parse().ok()?, b.parse().ok()?)
    } else if let Some(y) = d.text_of("YEAR") {
        DateSpec::single(PartialDate::year(y.parse().ok()?))
    } else {
        return None;
    };
    spec.approximate |= approximate;
    Some(spec)
}

fn document(d: &Node) -> Option<Identifier> {
    let number = d.text_of("NUMBER")?;
    let label = d.text_of("TYPE_OF_DOCUMENT").unwrap_or_default();
    let l = label.to_ascii_lowercase();
    let kind = if l.contains("passport") {
        IdKind::Passport
    } else if l.contains("national")
        || l.contains("identity")
        || l.contains("id card")
        || l.contains("identification")
    {
        IdKind::NationalId
    } else if l.contains("tax") {
        IdKind::Tax
    } else if l.contains("registration") {
        IdKind::Registration
    } else {
        IdKind::Other(if label.is_empty() {
            "document".into()
        } else {
            label.clone()
        })
    };
    let mut id = Identifier::new(kind, number);
    id.country = d
        .text_of("ISSUING_COUNTRY")
        .or_else(|| d.text_of("COUNTRY_OF_ISSUE"))
        .and_then(|c| to_alpha2(&c))
        .map(String::from);
    let note: Vec<String> = [
        d.text_of("TYPE_OF_DOCUMENT2"),
        d.text_of("DATE_OF_ISSUE").map(|x| format!("issued {x}")),
        d.text_of("NOTE"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !note.is_empty() {
        id.note = Some(note.join("; "));
    }
    Some(id)
}

/// Words that mark a parenthesised note rather than a name.
const NOTE_WORDS: [&str; 10] = [
    "previously",
    "formerly",
    "listed",
    "born",
    "also",
    "approximately",
    "possibly",
    "located",
    "as of",
    "spelling",
];

/// Splits an alias string that packs several spellings:
/// `أبو بكر البغدادي (Abu Bakr al-Baghdadi al-Husayni al-Quraishi; Abu Bakr al-Baghdadi)`
/// → the Arabic name (marked original script) and the two Latin spellings. Returns
/// `(name, is_non_latin)`.
pub(crate) fn split_alias(raw: &str) -> Vec<(String, bool)> {
    let raw = clean(raw);
    let mut outside = String::new();
    let mut groups: Vec<String> = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in raw.chars() {
        match c {
            '(' | '[' => {
                if depth == 0 {
                    cur.clear();
                } else {
                    cur.push(c);
                }
                depth += 1;
            }
            ')' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    groups.push(std::mem::take(&mut cur));
                } else {
                    cur.push(c);
                }
            }
            _ if depth > 0 => cur.push(c),
            _ => outside.push(c),
        }
    }
    if depth > 0 {
        // Unbalanced: keep the text as one name.
        outside.push_str(&cur);
    }
    let mut out: Vec<(String, bool)> = Vec::new();
    let push = |s: &str, out: &mut Vec<(String, bool)>| {
        let s = clean(s.trim_matches(|c: char| c == ',' || c == ';' || c.is_whitespace()));
        if s.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !out.iter().any(|(o, _)| o == &s)
        {
            let nl = is_non_latin(&s);
            out.push((s, nl));
        }
    };
    for part in outside.split(';') {
        push(part, &mut out);
    }
    for g in groups {
        let lower = g.to_lowercase();
        if NOTE_WORDS.iter().any(|w| lower.contains(w)) {
            continue;
        }
        for part in g.split(';') {
            push(part, &mut out);
        }
    }
    out
}

/// SWIFT/BIC codes written after "SWIFT" in free text ("SWIFT: DCBKKPPY.", "SWIFT/BIC:
/// KUDBKPPY"): eight or eleven letters and digits whose 5th and 6th are a country's letters.
pub(crate) fn swift_codes(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("SWIFT") {
        let rest = text.get(at + 5..).unwrap_or("");
        let rest = rest.strip_prefix("/BIC").unwrap_or(rest);
        let rest = rest.trim_start_matches(|c: char| c == ':' || c.is_whitespace());
        let code: String = rest
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let country_ok = code
            .get(4..6)
            .is_some_and(|c| c.bytes().all(|b| b.is_ascii_uppercase()));
        if (code.len() == 8 || code.len() == 11) && country_ok && !out.contains(&code) {
            out.push(code);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swift_codes_in_comments_become_identifiers() {
        assert_eq!(
            swift_codes("Daedong Credit Bank. SWIFT: DCBKKPPY. Other SWIFT/BIC: KUDBKPPY"),
            ["DCBKKPPY", "KUDBKPPY"]
        );
        assert!(swift_codes("SWIFT transfers were made").is_empty());
    }

    #[test]
    fn alias_strings_with_several_spellings() {
        let v = split_alias(
            "أبو بكر البغدادي (Abu Bakr al-Baghdadi al-Husayni al-Quraishi; Abu Bakr al-Baghdadi)",
        );
        let names: Vec<&str> = v.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "أبو بكر البغدادي",
                "Abu Bakr al-Baghdadi al-Husayni al-Quraishi",
                "Abu Bakr al-Baghdadi"
            ]
        );
        assert!(v[0].1 && !v[1].1);
        let v = split_alias("Abu Ali (previously listed as)");
        assert_eq!(v.len(), 1);
        assert_eq!(
            split_alias("X; Y Z").len(),
            1,
            "one-letter fragments are no names"
        );
        assert!(split_alias("").is_empty());
    }

    #[test]
    fn garbage_does_not_panic() {
        for s in [
            &b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><REFERENCE_NUMBER>x"[..],
            b"\xff\xfe<<<",
            b"",
        ] {
            let _ = parse_bytes(s, Path::new("t.xml"));
        }
    }
}
