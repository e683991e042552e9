//! OFAC's legacy CSV files: the SDN list (`sdn.csv` with `add.csv`, `alt.csv`,
//! `sdn_comments.csv`) and the consolidated non-SDN lists (`cons_prim.csv` with `cons_add.csv`,
//! `cons_alt.csv`, `cons_comments.csv`).
//!
//! No header; `-0-` means empty; Latin-1 bytes. Individuals are written "LAST, First"; dates of
//! birth, places of birth, nationalities, gender, identity documents, vessel data and weak
//! a.k.a.s hide in the Remarks column, whose long texts continue in the comments file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use namesake_model::country::to_alpha2;
use namesake_model::{
    Address, DateSpec, Entity, Gender, IdKind, Identifier, ListInfo, Name, NameKind, NameParts,
    Schema,
};

use crate::textutil::{clean, skipped};
use crate::{ListFormat, ParsedList, Result, Skipped, SourceError};

/// Entity id prefix (`ofac:9639`): OFAC uids are unique across the SDN and non-SDN lists, so
/// an entity keeps its id whichever list it is on. The list code is `ofac-sdn` or `ofac-cons`,
/// decided from the content ([`list_info`]).
pub const LIST_CODE: &str = "ofac";

/// What an OFAC file is, from its entries (SDN or consolidated non-SDN), with the entities
/// labelled with that list's code.
pub(crate) fn list_info(
    entities: &mut [Entity],
    format: &str,
    published: Option<String>,
) -> ListInfo {
    let list = crate::identity::ofac_publication(entities);
    for e in entities.iter_mut() {
        e.list = list.code.to_string();
    }
    ListInfo {
        code: list.code.into(),
        name: list.name.into(),
        format: format.into(),
        published,
    }
}

/// The OFAC legacy CSV set.
pub struct OfacCsv;

fn decode(bytes: &[u8]) -> String {
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    text.into_owned()
}

fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

fn field(rec: &csv::StringRecord, i: usize) -> Option<String> {
    let v = clean(rec.get(i)?);
    (!v.is_empty() && v != "-0-").then_some(v)
}

fn is_main_row(rec: &csv::StringRecord) -> bool {
    rec.len() == 12
        && rec
            .get(0)
            .is_some_and(|f| !f.trim().is_empty() && f.trim().bytes().all(|b| b.is_ascii_digit()))
}

/// The companion files of a main file, by OFAC's official names and prefixed copies of them.
fn companions(path: &Path) -> [Option<PathBuf>; 3] {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    let find = |cands: Vec<String>| cands.into_iter().map(|c| dir.join(c)).find(|p| p.is_file());
    let (add, alt, com) = if let Some(prefix) = lower
        .strip_suffix("sdn.csv")
        .map(|_| &name[..name.len() - 7])
    {
        (
            vec![format!("{prefix}sdn_add.csv"), format!("{prefix}add.csv")],
            vec![format!("{prefix}sdn_alt.csv"), format!("{prefix}alt.csv")],
            vec![
                format!("{prefix}sdn_comments.csv"),
                format!("{prefix}comments.csv"),
            ],
        )
    } else if let Some(prefix) = lower
        .strip_suffix("prim.csv")
        .map(|_| &name[..name.len() - 8])
    {
        (
            vec![format!("{prefix}add.csv")],
            vec![format!("{prefix}alt.csv")],
            vec![format!("{prefix}comments.csv")],
        )
    } else {
        (vec![], vec![], vec![])
    };
    [find(add), find(alt), find(com)]
}

impl ListFormat for OfacCsv {
    fn id(&self) -> &'static str {
        "ofac-csv"
    }
    fn lists(&self) -> &'static [crate::KnownList] {
        &[crate::identity::OFAC_SDN, crate::identity::OFAC_CONS]
    }
    fn detect(&self, _path: &Path, head: &[u8]) -> bool {
        let text = decode(head);
        let first = text.lines().next().unwrap_or("");
        let mut r = reader(first);
        r.records()
            .next()
            .and_then(|r| r.ok())
            .is_some_and(|rec| is_main_row(&rec))
    }
    fn parse(&self, path: &Path) -> Result<ParsedList> {
        let read = |p: &Path| {
            std::fs::read(p).map_err(|source| SourceError::Io {
                path: p.to_path_buf(),
                source,
            })
        };
        let main = read(path)?;
        let [add, alt, com] = companions(path);
        let add = add.as_deref().map(read).transpose()?;
        let alt = alt.as_deref().map(read).transpose()?;
        let com = com.as_deref().map(read).transpose()?;
        parse_set(&main, add.as_deref(), alt.as_deref(), com.as_deref(), path)
    }
    fn inputs(&self, path: &Path) -> Vec<PathBuf> {
        let mut v = vec![path.to_path_buf()];
        v.extend(companions(path).into_iter().flatten());
        v
    }
}

/// Parses a main file alone from memory (fuzzing).
pub fn parse_bytes(data: &[u8], path: &Path) -> Result<ParsedList> {
    parse_set(data, None, None, None, path)
}

/// Parses a main file with its companions.
pub fn parse_set(
    main: &[u8],
    add: Option<&[u8]>,
    alt: Option<&[u8]>,
    comments: Option<&[u8]>,
    path: &Path,
) -> Result<ParsedList> {
    let mut skipped_records: Vec<Skipped> = Vec::new();
    // Continuations of long remarks, by entry number.
    let mut more: HashMap<String, String> = HashMap::new();
    if let Some(c) = comments {
        for rec in reader(&decode(c)).records().flatten() {
            if let (Some(id), Some(t)) = (rec.get(0).map(|s| s.trim().to_string()), rec.get(1)) {
                more.entry(id).or_default().push_str(t);
            }
        }
    }
    let text = decode(main);
    let mut entities: Vec<Entity> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, rec) in reader(&text).records().enumerate() {
        let line = i + 1;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                skipped_records.push(skipped(
                    path,
                    format!("line {line}"),
                    format!("unreadable CSV row: {e}"),
                ));
                continue;
            }
        };
        if rec.len() == 1
            && rec.get(0).is_some_and(|f| {
                f.trim_matches(|c: char| c == '\u{1a}' || c.is_whitespace())
                    .is_empty()
            })
        {
            continue; // trailing end-of-file mark
        }
        if !is_main_row(&rec) {
            skipped_records.push(skipped(
                path,
                format!("line {line}"),
                format!(
                    "expected 12 columns starting with an entry number, found {}",
                    rec.len()
                ),
            ));
            continue;
        }
        match entry(&rec, &more) {
            Ok(e) => {
                index.insert(e.key.clone(), entities.len());
                entities.push(e);
            }
            Err(reason) => skipped_records.push(skipped(path, format!("line {line}"), reason)),
        }
    }
    if entities.is_empty() && !skipped_records.is_empty() {
        return Err(SourceError::Malformed {
            path: path.to_path_buf(),
            message: "no OFAC entry could be read".into(),
        });
    }
    if let Some(alt) = alt {
        for rec in reader(&decode(alt)).records().flatten() {
            let (Some(id), Some(kind), Some(name)) =
                (field(&rec, 0), field(&rec, 2), field(&rec, 3))
            else {
                continue;
            };
            let Some(&ei) = index.get(&id) else { continue };
            let e = &mut entities[ei];
            let person = e.schema == Schema::Person;
            let k = match kind.to_ascii_lowercase().as_str() {
                "fka" => NameKind::Former,
                _ => NameKind::Alias,
            };
            let mut n = person_name(&name, person, k);
            if field(&rec, 4).is_some_and(|r| r.to_ascii_lowercase().contains("weak")) {
                n = n.weak();
            }
            e.add_name(n);
        }
    }
    if let Some(add) = add {
        for rec in reader(&decode(add)).records().flatten() {
            let Some(id) = field(&rec, 0) else { continue };
            let Some(&ei) = index.get(&id) else { continue };
            let parts: Vec<String> = (2..=4).filter_map(|i| field(&rec, i)).collect();
            if parts.is_empty() {
                continue;
            }
            let country = field(&rec, 4).and_then(|c| to_alpha2(&c)).map(String::from);
            let e = &mut entities[ei];
            if let Some(c) = &country {
                e.add_country(c);
            }
            let mut full = parts.join(", ");
            if let Some(r) = field(&rec, 5) {
                full.push_str(&format!(" ({r})"));
            }
            e.addresses.push(Address {
                full,
                city: field(&rec, 3),
                country,
            });
        }
    }
    Ok(ParsedList {
        info: list_info(&mut entities, "ofac-csv", None),
        entities,
        skipped: skipped_records,
    })
}

/// "LAST, First Middle" → "First Middle LAST" with parts, for individuals.
pub(crate) fn person_name(raw: &str, person: bool, kind: NameKind) -> Name {
    if person {
        if let Some((last, first)) = raw.split_once(", ") {
            let mut n = Name::new(format!("{} {}", first.trim(), last.trim()), kind);
            n.parts = NameParts {
                given: Some(first.trim().to_string()),
                family: Some(last.trim().to_string()),
                ..Default::default()
            };
            return n;
        }
    }
    Name::new(raw, kind)
}

fn entry(
    rec: &csv::StringRecord,
    more: &HashMap<String, String>,
) -> std::result::Result<Entity, String> {
    let key = field(rec, 0).ok_or("no entry number")?;
    let name = field(rec, 1).ok_or_else(|| format!("entry {key}: no name"))?;
    let schema = match field(rec, 2).map(|t| t.to_ascii_lowercase()).as_deref() {
        Some("individual") => Schema::Person,
        Some("vessel") => Schema::Vessel,
        Some("aircraft") => Schema::Aircraft,
        _ => Schema::Organization,
    };
    let mut e = Entity::new(LIST_CODE, &key, schema);
    e.names.push(person_name(
        &name,
        schema == Schema::Person,
        NameKind::Primary,
    ));
    if let Some(p) = field(rec, 3) {
        for prog in p
            .split(']')
            .map(|s| s.trim().trim_start_matches('[').trim())
            .filter(|s| !s.is_empty())
        {
            e.programs.push(prog.to_string());
        }
    }
    if let Some(t) = field(rec, 4) {
        e.facts.insert("title".into(), t);
    }
    if let Some(cs) = field(rec, 5) {
        e.identifiers.push(Identifier::new(IdKind::CallSign, cs));
    }
    for (i, k) in [
        (6, "vessel_type"),
        (7, "tonnage"),
        (8, "gross_registered_tonnage"),
        (10, "vessel_owner"),
    ] {
        if let Some(v) = field(rec, i) {
            e.facts.insert(k.into(), v);
        }
    }
    if let Some(flag) = field(rec, 9) {
        match to_alpha2(&flag) {
            Some(c) => e.add_country(c),
            None => {
                e.facts.insert("vessel_flag".into(), flag);
            }
        }
    }
    let mut remarks = rec
        .get(11)
        .map(|s| s.trim().to_string())
        .filter(|s| s != "-0-")
        .unwrap_or_default();
    if let Some(cont) = more.get(&key) {
        remarks.push_str(cont);
    }
    let remarks = clean(&remarks);
    if !remarks.is_empty() {
        apply_remarks(&mut e, &remarks);
        e.remarks.push(remarks);
    }
    Ok(e)
}

/// Splits remarks at top-level `;` (not inside quotes or brackets).
fn items(remarks: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote = false;
    let mut depth = 0i32;
    let chars: Vec<char> = remarks.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            // A quote opens after a space or at the start and closes before ; . , or the end.
            '\'' if !quote && (i == 0 || chars[i - 1] == ' ') => quote = true,
            '\'' if quote
                && chars
                    .get(i + 1)
                    .is_none_or(|n| matches!(n, ';' | '.' | ',' | ' ' | ')')) =>
            {
                quote = false
            }
            '(' => depth += 1,
            ')' => depth -= 1,
            ';' if !quote && depth <= 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out.into_iter()
        .map(|s| s.trim().trim_end_matches('.').trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Identifier labels in remarks, longest first, and their kinds.
pub(crate) const ID_LABELS: [(&str, IdKind); 22] = [
    ("Vessel Registration Identification", IdKind::Imo),
    ("National ID No.", IdKind::NationalId),
    ("Passport", IdKind::Passport),
    ("Cedula No.", IdKind::NationalId),
    ("Tax ID No.", IdKind::Tax),
    ("NIT #", IdKind::Tax),
    ("RFC", IdKind::Tax),
    ("C.U.R.P.", IdKind::NationalId),
    ("D.N.I.", IdKind::NationalId),
    ("SSN", IdKind::NationalId),
    ("Identification Number", IdKind::NationalId),
    ("Personal ID Card", IdKind::NationalId),
    ("Registration ID", IdKind::Registration),
    ("Registration Number", IdKind::Registration),
    ("Company Number", IdKind::Registration),
    ("Business Registration Document #", IdKind::Registration),
    ("RUC #", IdKind::Registration),
    ("Folio Mercantil No.", IdKind::Registration),
    ("MMSI", IdKind::Mmsi),
    ("IMO", IdKind::Imo),
    ("SWIFT/BIC", IdKind::Swift),
    ("Aircraft Tail Number", IdKind::AircraftRegistration),
];

fn quoted(s: &str) -> Option<String> {
    let a = s.find('\'')?;
    let b = s.rfind('\'')?;
    (b > a + 1).then(|| s[a + 1..b].trim().to_string())
}

pub(crate) fn apply_remarks(e: &mut Entity, remarks: &str) {
    for item in items(remarks) {
        let it = item.trim_start_matches("alt. ").trim();
        if let Some(d) = it.strip_prefix("DOB ") {
            if let Ok(d) = DateSpec::parse(d) {
                e.add_birth_date(d);
            }
        } else if let Some(p) = it.strip_prefix("POB ") {
            e.birth_places.push(p.trim().to_string());
        } else if let Some(c) = it.strip_prefix("nationality ") {
            if let Some(c) = to_alpha2(c) {
                e.add_nationality(c);
            }
        } else if let Some(c) = it.strip_prefix("citizen ") {
            if let Some(c) = to_alpha2(c) {
                e.add_citizenship(c);
            }
        } else if let Some(g) = it.strip_prefix("Gender ") {
            e.gender = Gender::parse(g);
        } else if it.starts_with("a.k.a.") || it.starts_with("f.k.a.") || it.starts_with("n.k.a.") {
            if let Some(n) = quoted(it) {
                let kind = if it.starts_with("f.k.a.") {
                    NameKind::Former
                } else {
                    NameKind::Alias
                };
                let person = e.schema == Schema::Person;
                e.add_name(person_name(&n, person, kind).weak());
            }
        } else if let Some(rest) = it.strip_prefix("Linked To: ") {
            let v = e.facts.entry("linked_to".into()).or_default();
            if !v.is_empty() {
                v.push_str("; ");
            }
            v.push_str(rest);
        } else if let Some((label, kind)) = ID_LABELS.iter().find(|(l, _)| it.starts_with(l)) {
            let rest = it[label.len()..].trim();
            let rest = rest.strip_prefix("IMO").unwrap_or(rest).trim();
            let number = rest
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_end_matches(',')
                .to_string();
            // Most BICs are letters only (HAVIGB2L has a digit, BKBPIRTH none).
            let needs_digit = *kind != IdKind::Swift;
            if number.is_empty() || (needs_digit && !number.bytes().any(|b| b.is_ascii_digit())) {
                continue;
            }
            let mut id = Identifier::new(kind.clone(), number);
            if let (Some(a), Some(b)) = (rest.find('('), rest.find(')')) {
                if a < b {
                    id.country = to_alpha2(&rest[a + 1..b]).map(String::from);
                }
            }
            let tail = rest.split_once(')').map(|(_, t)| t.trim()).unwrap_or("");
            if !tail.is_empty() {
                id.note = Some(tail.to_string());
            }
            e.identifiers.push(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remarks_facts() {
        let mut e = Entity::new("ofac", "1", Schema::Person);
        apply_remarks(
            &mut e,
            "DOB 01 Jan 1962; alt. DOB 1963; POB Shati, Libya; nationality Iran; citizen Iraq; Gender Male; Passport A123456 (Iran) expires 2010; a.k.a. 'ABU X; Y'; Linked To: SOMETHING.",
        );
        assert_eq!(e.birth_dates.len(), 2);
        assert_eq!(e.nationalities, ["ir"]);
        assert_eq!(e.citizenships, ["iq"]);
        assert_eq!(e.gender, Some(Gender::Male));
        assert_eq!(e.identifiers[0].value, "A123456");
        assert_eq!(e.identifiers[0].country.as_deref(), Some("ir"));
        assert_eq!(e.names[0].full, "ABU X; Y");
        assert_eq!(e.facts["linked_to"], "SOMETHING");
    }

    #[test]
    fn swift_bic_of_letters_only_is_kept() {
        let mut e = Entity::new("ofac", "2", Schema::Organization);
        apply_remarks(
            &mut e,
            "SWIFT/BIC BKBPIRTH; Website www.example.ir; SWIFT/BIC HAVIGB2L.",
        );
        let bics: Vec<&str> = e
            .identifiers
            .iter()
            .filter(|i| i.kind == IdKind::Swift)
            .map(|i| i.value.as_str())
            .collect();
        assert_eq!(bics, ["BKBPIRTH", "HAVIGB2L"]);
    }

    #[test]
    fn person_names_in_natural_order() {
        let n = person_name("ALTUN, Ozgur", true, NameKind::Primary);
        assert_eq!(n.full, "Ozgur ALTUN");
        assert_eq!(n.parts.family.as_deref(), Some("ALTUN"));
        assert_eq!(
            person_name("ACME, LTD.", false, NameKind::Primary).full,
            "ACME, LTD."
        );
    }

    #[test]
    fn garbage_does_not_panic() {
        for s in [
            &b"1,\"x\""[..],
            b"\xff\xfe,,,,",
            b"",
            b"12,\"A, B\",individual,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,\"DOB",
        ] {
            let _ = parse_bytes(s, Path::new("t.csv"));
        }
    }

    proptest::proptest! {
        #[test]
        fn remark_helpers_never_panic(s in "[0-9a-zA-Zİıßẞ日本Σς()\\[\\];:,./' \\-]{0,40}", any in "\\PC{0,60}") {
            for t in [&s, &any] {
                let _ = quoted(t);
                let mut e = Entity::new("us", "1", Schema::Person);
                apply_remarks(&mut e, t);
            }
        }
    }
}
