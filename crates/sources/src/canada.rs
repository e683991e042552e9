//! Canada's Consolidated Autonomous Sanctions List (SEMA and JVCFOR), XML.
//!
//! The file is `data-set/record`, one record per listed person, entity or ship:
//! `Country` (the sanctions regime, not a nationality), `LastName`/`GivenName` (persons),
//! `EntityOrShip`, `TitleOrShip` (a person's title or a ship's type), `ShipIMONumber`,
//! `DateOfBirthOrShipBuildDate`, `Schedule`, `Item`, `DateOfListing` and `Aliases`, a free-text
//! field that packs several names separated by `;`, `,`, newlines or "or", sometimes labelled by
//! language ("Russian: …").
//!
//! Items are numbered per regime and schedule, so the key is `<regime>/<schedule>/<item>`
//! (`ca:Russia/1-P1/8`), or `<regime>/<item>` for regimes without schedules.

use std::collections::HashMap;
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader;

use namesake_model::{
    DateSpec, Entity, IdKind, Identifier, ListInfo, Name, NameKind, NameParts, NameQuality, Schema,
};

use crate::textutil::{add_remark, clean, is_non_latin, non_empty, parse_dates, skipped};
use crate::{ListFormat, ParsedList, Result, SourceError};

/// The list code in entity ids.
pub const LIST_CODE: &str = "ca";

/// Canada's Consolidated Autonomous Sanctions List, XML.
#[derive(Debug, Clone, Copy, Default)]
pub struct CanadaXml;

impl ListFormat for CanadaXml {
    fn id(&self) -> &'static str {
        "ca-xml"
    }
    fn lists(&self) -> &'static [crate::KnownList] {
        &[crate::identity::CA]
    }

    fn detect(&self, _path: &Path, head: &[u8]) -> bool {
        let head = String::from_utf8_lossy(head);
        head.contains("<data-set")
            && head.contains("<record")
            && (head.contains("<Item>") || head.contains("<EntityOrShip>"))
    }

    fn parse(&self, path: &Path) -> Result<ParsedList> {
        let data = crate::read_file(path)?;
        parse_bytes(&data, path)
    }
}

/// One `record` element: its child elements' text by element name.
type Record = HashMap<String, String>;

/// Parses the list from memory. Never panics; a broken XML document yields the records read
/// before the break, and an error only when not a single record could be read.
pub fn parse_bytes(data: &[u8], path: &Path) -> Result<ParsedList> {
    let mut reader = Reader::from_reader(data);
    let mut parsed = ParsedList {
        info: ListInfo {
            code: LIST_CODE.to_string(),
            name: "Canada Consolidated Autonomous Sanctions List".to_string(),
            format: "ca-xml".to_string(),
            published: None,
        },
        entities: Vec::new(),
        skipped: Vec::new(),
    };
    let mut seen_root = false;
    let mut record: Option<Record> = None;
    let mut field: Option<String> = None;
    let mut record_no = 0usize;
    let mut keys: HashMap<String, usize> = HashMap::new();
    let mut buf = Vec::new();
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(e) => {
                let message = format!("XML error at byte {}: {e}", reader.error_position());
                if parsed.entities.is_empty() {
                    return Err(SourceError::Malformed {
                        path: path.to_path_buf(),
                        message,
                    });
                }
                parsed
                    .skipped
                    .push(skipped(path, format!("record {}", record_no + 1), message));
                break;
            }
        };
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if name == "data-set" {
                    seen_root = true;
                } else if name == "record" {
                    record_no += 1;
                    record = Some(Record::new());
                } else if record.is_some() {
                    field = Some(name);
                }
            }
            Event::Empty(e) if e.local_name().as_ref() == b"record" => {
                record_no += 1;
                parsed
                    .skipped
                    .push(skipped(path, format!("record {record_no}"), "empty record"));
            }
            Event::Text(t) => {
                if let (Some(rec), Some(f)) = (record.as_mut(), field.as_ref()) {
                    let text = t.decode().unwrap_or_default();
                    rec.entry(f.clone()).or_default().push_str(&text);
                }
            }
            Event::CData(t) => {
                if let (Some(rec), Some(f)) = (record.as_mut(), field.as_ref()) {
                    let text = t.decode().unwrap_or_default();
                    rec.entry(f.clone()).or_default().push_str(&text);
                }
            }
            Event::GeneralRef(r) => {
                if let (Some(rec), Some(f)) = (record.as_mut(), field.as_ref()) {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c.to_string()),
                        _ => r.decode().ok().and_then(|n| {
                            quick_xml::escape::resolve_predefined_entity(&n).map(str::to_string)
                        }),
                    };
                    if let Some(s) = resolved {
                        rec.entry(f.clone()).or_default().push_str(&s);
                    }
                }
            }
            Event::End(e) => {
                if e.local_name().as_ref() == b"record" {
                    if let Some(rec) = record.take() {
                        match record_to_entity(&rec, &mut keys) {
                            Ok(entity) => parsed.entities.push(entity),
                            Err(reason) => parsed.skipped.push(skipped(
                                path,
                                format!("record {record_no}"),
                                reason,
                            )),
                        }
                    }
                } else {
                    field = None;
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !seen_root {
        return Err(SourceError::Malformed {
            path: path.to_path_buf(),
            message: "no <data-set> element: not a Canada sanctions list".to_string(),
        });
    }
    Ok(parsed)
}

/// Builds the stable key `<regime>/<schedule>/<item>`; a duplicate gets `~2`, `~3`… appended.
fn make_key(
    rec: &Record,
    keys: &mut HashMap<String, usize>,
) -> std::result::Result<String, String> {
    let regime = rec
        .get("Country")
        .map(|c| regime_slug(c))
        .filter(|s| !s.is_empty())
        .ok_or("no Country (regime)")?;
    let item = rec
        .get("Item")
        .and_then(|i| non_empty(i))
        .ok_or("no Item number")?;
    let item: String = item.chars().filter(|c| !c.is_whitespace()).collect();
    let key = match rec.get("Schedule").and_then(|s| non_empty(s)) {
        Some(s) => format!("{regime}/{}/{item}", schedule_slug(&s)),
        None => format!("{regime}/{item}"),
    };
    let n = keys.entry(key.clone()).or_insert(0);
    *n += 1;
    Ok(if *n == 1 { key } else { format!("{key}~{n}") })
}

/// The English half of a bilingual regime name ("Russia / Russie" → "Russia"), as a slug; a
/// regulation name with an upper-case abbreviation in brackets gives the abbreviation (JVCFOR).
fn regime_slug(country: &str) -> String {
    let english = english_part(country);
    if let Some(abbr) = bracketed_abbreviation(&english) {
        return abbr;
    }
    let mut slug = String::new();
    for word in english.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    slug
}

fn english_part(country: &str) -> String {
    let c = clean(country);
    match c.split_once(" / ") {
        Some((en, _)) => en.trim().to_string(),
        None => c,
    }
}

fn bracketed_abbreviation(s: &str) -> Option<String> {
    let start = s.find('(')?;
    let end = s[start..].find(')')? + start;
    let inner = &s[start + 1..end];
    (inner.len() >= 3 && inner.chars().all(|c| c.is_ascii_uppercase())).then(|| inner.to_string())
}

/// "1, Part 1.1" → "1-P1.1", "Part 2" → "P2", "1.1" → "1.1".
fn schedule_slug(s: &str) -> String {
    s.replace("Part ", "P")
        .replace("Part", "P")
        .split([',', ' '])
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn record_to_entity(
    rec: &Record,
    keys: &mut HashMap<String, usize>,
) -> std::result::Result<Entity, String> {
    let get = |k: &str| rec.get(k).and_then(|v| non_empty(v));
    let key = make_key(rec, keys)?;
    let last = get("LastName");
    let given = get("GivenName");
    let entity_name = get("EntityOrShip");
    let title_or_ship = get("TitleOrShip");
    let imo = get("ShipIMONumber");

    let mut entity;
    if last.is_some() || given.is_some() {
        entity = Entity::new(LIST_CODE, &key, Schema::Person);
        let full = [given.as_deref(), last.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let mut name = Name::new(full, NameKind::Primary);
        name.parts = NameParts {
            given: given.clone(),
            family: last.clone(),
            ..NameParts::default()
        };
        entity.add_name(name);
        if let Some(title) = &title_or_ship {
            add_remark(&mut entity, format!("Title: {title}"));
        }
    } else if let Some(raw) = &entity_name {
        let vessel = imo.is_some() || title_or_ship.is_some();
        let schema = if vessel {
            Schema::Vessel
        } else {
            Schema::Organization
        };
        entity = Entity::new(LIST_CODE, &key, schema);
        let (primary, aka) = split_also_known_as(raw);
        entity.add_name(Name::new(primary, NameKind::Primary));
        for a in aka {
            entity.add_name(Name::new(a, NameKind::Alias));
        }
        if let Some(t) = &title_or_ship {
            entity.facts.insert("vessel_type".to_string(), t.clone());
        }
    } else {
        return Err("record has neither LastName/GivenName nor EntityOrShip".to_string());
    }
    if let Some(imo) = imo {
        entity.identifiers.push(Identifier::new(
            IdKind::Imo,
            imo.trim_start_matches("IMO").trim(),
        ));
    }

    if let Some(aliases) = rec.get("Aliases") {
        let person = entity.schema == Schema::Person;
        for alias in split_aliases(aliases) {
            let kind = if is_non_latin(&alias) {
                NameKind::OriginalScript
            } else {
                NameKind::Alias
            };
            let mut name = Name::new(alias, kind);
            // A lone given name ("Sergei, Serhii SHERBAKOV") says little about a person.
            if person && !name.full.contains(' ') {
                name.quality = NameQuality::Weak;
            }
            entity.add_name(name);
        }
    }

    if let Some(dob) = get("DateOfBirthOrShipBuildDate") {
        let label = match entity.schema {
            Schema::Person => "DOB",
            Schema::Vessel => "Build date",
            _ => "Date",
        };
        let found = parse_dates(&dob);
        for d in found.dates {
            entity.add_birth_date(d);
        }
        for u in found.unparsed {
            add_remark(&mut entity, format!("{label}: {u}"));
        }
    }

    if let Some(country) = get("Country") {
        let english = english_part(&country);
        let program = if bracketed_abbreviation(&english).as_deref() == Some("JVCFOR") {
            "Canada JVCFOR".to_string()
        } else {
            format!("Canada SEMA: {english}")
        };
        entity.programs.push(program);
        entity.facts.insert("regime".to_string(), country);
    }
    if let Some(s) = get("Schedule") {
        entity.facts.insert("schedule".to_string(), s);
    }
    if let Some(i) = get("Item") {
        entity.facts.insert("item".to_string(), i);
    }
    if let Some(listed) = get("DateOfListing") {
        match DateSpec::parse(&listed) {
            Ok(d) if d.is_single() => entity.listed_on = Some(d.from),
            _ => add_remark(&mut entity, format!("Listed: {listed}")),
        }
    }
    Ok(entity)
}

/// "Baltex Ltd. (also known as Baltech LLC)" → ("Baltex Ltd.", ["Baltech LLC"]).
fn split_also_known_as(raw: &str) -> (String, Vec<String>) {
    const LABEL: &str = "(also known as";
    let text = clean(raw);
    // ASCII lowering keeps byte offsets, so `start` is a char boundary of `text` as well (full
    // lowering changes lengths: "İ" becomes two chars).
    let Some(start) = text.to_ascii_lowercase().find(LABEL) else {
        return (text, Vec::new());
    };
    let (before, after) = text.split_at(start);
    let primary = before.trim().to_string();
    let rest = after.get(LABEL.len()..).unwrap_or_default();
    let inner = rest.strip_suffix(')').unwrap_or(rest).trim();
    let aka = non_empty(inner).into_iter().collect();
    if primary.is_empty() {
        return (inner.to_string(), Vec::new());
    }
    (primary, aka)
}

/// Legal-form words that follow a comma inside one name ("Aerospace Systems Design Bureau, JSC").
const LEGAL_FORMS: &[&str] = &[
    "ltd",
    "limited",
    "inc",
    "llc",
    "co",
    "corp",
    "jsc",
    "pjsc",
    "ojsc",
    "cjsc",
    "ao",
    "pao",
    "oao",
    "zao",
    "ooo",
    "plc",
    "sa",
    "sarl",
    "sarlu",
    "gmbh",
    "llp",
    "lp",
    "fze",
    "fzco",
    "fzc",
    "pte ltd",
    "co ltd",
    "public joint stock company",
    "joint stock company",
];

/// Splits the packed `Aliases` field into names.
fn split_aliases(field: &str) -> Vec<String> {
    let text = clean(field);
    let mut out: Vec<String> = Vec::new();
    for fragment in split_top_level(&text) {
        let mut f = fragment.trim();
        for prefix in ["or ", "and ", "aka ", "AKA "] {
            if let Some(rest) = f.strip_prefix(prefix) {
                f = rest.trim();
            }
        }
        let f = strip_language_label(f);
        let Some(f) = non_empty(f.trim_matches([' ', ':'])) else {
            continue;
        };
        let bare = f.trim_end_matches('.').to_lowercase();
        if LEGAL_FORMS.contains(&bare.as_str()) {
            if let Some(prev) = out.last_mut() {
                prev.push_str(", ");
                prev.push_str(&f);
                continue;
            }
        }
        out.extend(split_or(&f));
    }
    out
}

/// Splits at `,` and `;` outside brackets and quotation marks.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut in_quote = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' | '«' | '“' | '„' => depth += 1,
            ')' | ']' | '»' | '”' => depth = (depth - 1).max(0),
            '"' => in_quote = !in_quote,
            ',' | ';' if depth == 0 && !in_quote => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Drops a leading "Russian:" / "Belarusian :" label.
fn strip_language_label(s: &str) -> &str {
    if let Some((label, rest)) = s.split_once(':') {
        let label = label.trim();
        if !label.is_empty()
            && label.chars().count() <= 15
            && label.chars().all(|c| c.is_alphabetic())
            && label.chars().next().is_some_and(char::is_uppercase)
        {
            return rest.trim();
        }
    }
    s
}

/// "Hanna Liavusik or Anna Leusik" → two names; "Galina Кніжонак or Кніжонак-Максімава" (an
/// alternative for one part only) stays whole.
fn split_or(s: &str) -> Vec<String> {
    let parts: Vec<&str> = s.split(" or ").collect();
    if parts.len() > 1 && parts.iter().all(|p| p.split_whitespace().count() >= 2) {
        parts.iter().filter_map(|p| non_empty(p)).collect()
    } else {
        vec![s.to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_packed_aliases() {
        assert_eq!(
            split_aliases("Siarhei Karcheusky, Belarusian: Сяргей Карчэўскi,  Russian\u{a0}: Сергей Карчевский"),
            vec!["Siarhei Karcheusky", "Сяргей Карчэўскi", "Сергей Карчевский"]
        );
        assert_eq!(
            split_aliases("Midas Ressources LLC; Midas; Мідас Ресурс САРЛЮ"),
            vec!["Midas Ressources LLC", "Midas", "Мідас Ресурс САРЛЮ"]
        );
        assert_eq!(
            split_aliases("Air Bagan Holdings Pte. Ltd., Air Bagan Limited"),
            vec!["Air Bagan Holdings Pte. Ltd.", "Air Bagan Limited"]
        );
        assert_eq!(
            split_aliases("Aerospace Systems Design Bureau, JSC"),
            vec!["Aerospace Systems Design Bureau, JSC"]
        );
        assert_eq!(
            split_aliases("OJSC “Minsk Plant, named after V.I. Kozlov”, METP"),
            vec!["OJSC “Minsk Plant, named after V.I. Kozlov”", "METP"]
        );
        assert_eq!(
            split_aliases("Hanna Borisovna Liavusik or Anna Borisovna Leusik"),
            vec!["Hanna Borisovna Liavusik", "Anna Borisovna Leusik"]
        );
        assert_eq!(
            split_aliases("Alexander, or Alexandr Valerievich Kalinin"),
            vec!["Alexander", "Alexandr Valerievich Kalinin"]
        );
    }

    #[test]
    fn keys_and_programs() {
        assert_eq!(regime_slug("Russia / Russie"), "Russia");
        assert_eq!(
            regime_slug("Myanmar (Burma) / Myanmar (Birmanie)"),
            "Myanmar-Burma"
        );
        assert_eq!(
            regime_slug("Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR) / Règlement (RJVDEC)"),
            "JVCFOR"
        );
        assert_eq!(schedule_slug("1, Part 1.1"), "1-P1.1");
        assert_eq!(schedule_slug("1,Part 3"), "1-P3");
        assert_eq!(schedule_slug("Part 2"), "P2");
    }

    #[test]
    fn reads_a_small_document() {
        let xml = r#"<?xml version="1.0"?><data-set>
<record><Country>Russia / Russie</Country><LastName>Doe </LastName><GivenName>John&#160;Q</GivenName>
<DateOfBirthOrShipBuildDate>1963 or 1964</DateOfBirthOrShipBuildDate><Schedule>1, Part 1</Schedule><Item>8</Item>
<DateOfListing>2022-02-24</DateOfListing><Aliases>Jon Doe; Джон Доу</Aliases></record>
<record><Country>Russia / Russie</Country><EntityOrShip>Sea &amp; Sky</EntityOrShip><TitleOrShip>Oil Tanker</TitleOrShip>
<ShipIMONumber>9123456</ShipIMONumber><Schedule>1.1</Schedule><Item>1</Item><DateOfListing>2025-02-21</DateOfListing></record>
<record><Country>Russia / Russie</Country><Item>2</Item></record>
</data-set>"#;
        let p = parse_bytes(xml.as_bytes(), Path::new("t.xml")).unwrap();
        assert_eq!(p.entities.len(), 2);
        assert_eq!(p.skipped.len(), 1);
        let e = &p.entities[0];
        assert_eq!(e.id, "ca:Russia/1-P1/8");
        assert_eq!(e.names[0].full, "John Q Doe");
        assert_eq!(e.names[0].parts.family.as_deref(), Some("Doe"));
        assert_eq!(e.names[2].kind, NameKind::OriginalScript);
        assert_eq!(e.birth_dates.len(), 2);
        assert_eq!(e.programs, vec!["Canada SEMA: Russia"]);
        let v = &p.entities[1];
        assert_eq!(v.schema, Schema::Vessel);
        assert_eq!(v.names[0].full, "Sea & Sky");
        assert_eq!(v.identifiers[0].kind, IdKind::Imo);
    }

    #[test]
    fn rejects_other_xml() {
        assert!(parse_bytes(b"<foo><bar/></foo>", Path::new("x.xml")).is_err());
        assert!(parse_bytes(b"\xff\xfe garbage", Path::new("x.xml")).is_err());
    }

    proptest::proptest! {
        /// Name helpers on text with letters whose lowercase changes length (İ) and CJK.
        #[test]
        fn name_helpers_never_panic(s in "[0-9a-zA-Zİıßẞ日本Σς()\\[\\];:,./' \\-]{0,40}", any in "\\PC{0,40}") {
            for t in [&s, &any] {
                let _ = split_also_known_as(t);
                let _ = split_aliases(t);
                let _ = regime_slug(t);
                let _ = schedule_slug(t);
                let _ = english_part(t);
            }
        }
    }
}
