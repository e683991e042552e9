//! Helpers shared by the readers added for the EU, UK Sanctions List and US lists: header columns
//! read by name (case-insensitive, unknown ones ignored, a missing required one named in the
//! error), UN reference numbers, and identifier kinds from publishers' labels.

use std::collections::HashMap;
use std::path::Path;

use namesake_model::{Entity, IdKind, Identifier};

use crate::textutil::non_empty;
use crate::{Skipped, SourceError};

/// Column positions by header name (lower case, whitespace collapsed).
#[derive(Debug, Clone, Default)]
pub(crate) struct Columns(HashMap<String, usize>);

impl Columns {
    /// Reads a header record. A byte-order mark before the first name is dropped.
    pub fn new<'a>(header: impl IntoIterator<Item = &'a str>) -> Self {
        let mut map = HashMap::new();
        for (i, h) in header.into_iter().enumerate() {
            let name = key(h.trim_start_matches('\u{feff}'));
            // The first of two equal headers wins, as a person reading the file would expect.
            map.entry(name).or_insert(i);
        }
        Columns(map)
    }

    /// Whether the header has this column.
    pub fn has(&self, name: &str) -> bool {
        self.0.contains_key(&key(name))
    }

    /// The first of `required` that the header lacks, as an error naming it.
    pub fn require(&self, path: &Path, required: &[&str], what: &str) -> crate::Result<()> {
        match required.iter().find(|r| !self.has(r)) {
            Some(missing) => Err(SourceError::Malformed {
                path: path.to_path_buf(),
                message: format!("no `{missing}` column in the header: not {what}"),
            }),
            None => Ok(()),
        }
    }

    /// The cleaned value of a column in `row`; `None` when the column is absent or the cell empty.
    pub fn get(&self, row: &csv::StringRecord, name: &str) -> Option<String> {
        self.0
            .get(&key(name))
            .and_then(|&i| row.get(i))
            .and_then(non_empty)
    }
}

fn key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A data row of a CSV list, or `None`: for a blank row, and for one the CSV reader cannot read,
/// which is reported as skipped at its line.
pub(crate) fn readable_row(
    result: csv::Result<csv::StringRecord>,
    path: &Path,
    skipped: &mut Vec<Skipped>,
) -> Option<csv::StringRecord> {
    match result {
        Ok(row) => (!row.iter().all(|f| f.trim().is_empty())).then_some(row),
        Err(e) => {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            skipped.push(crate::textutil::skipped(
                path,
                format!("line {line}"),
                e.to_string(),
            ));
            None
        }
    }
}

/// The line of a CSV record (1-based), for messages.
pub(crate) fn line_of(row: &csv::StringRecord) -> u64 {
    row.position().map(|p| p.line()).unwrap_or(0)
}

/// A UN Security Council reference number in its canonical form: two capital letters, `i`
/// (individual) or `e` (entity), a dot and three digits (`QDi.015`). Accepts the case and
/// spacing variants other lists print ("QDI.015", "QDi. 015", "QDi 015"); `None` otherwise.
pub(crate) fn un_reference(text: &str) -> Option<String> {
    let chars: Vec<char> = text.trim().chars().filter(|c| !c.is_whitespace()).collect();
    let letters: Vec<char> = chars.iter().take(3).copied().collect();
    if letters.len() < 3 || !letters.iter().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let kind = letters[2].to_ascii_lowercase();
    if kind != 'i' && kind != 'e' {
        return None;
    }
    let rest: String = chars.iter().skip(3).collect();
    let digits = rest.trim_start_matches(['.', ',']);
    if digits.len() != 3 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(format!(
        "{}{}{kind}.{digits}",
        letters[0].to_ascii_uppercase(),
        letters[1].to_ascii_uppercase()
    ))
}

/// Every UN reference number quoted in free text ("UN Ref QDi.015", "UN REF:KPi.067").
pub(crate) fn un_references_in(text: &str) -> Vec<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '.' | ':' | ';' | '(' | ')' | ','))
        .filter(|w| !w.is_empty())
        .collect();
    let mut found = Vec::new();
    // "QDi.015" is two words here, the letters and the digits.
    for pair in words.windows(2) {
        if let Some(r) = un_reference(&format!("{}.{}", pair[0], pair[1])) {
            if !found.contains(&r) {
                found.push(r);
            }
        }
    }
    found
}

/// Adds a UN reference identifier unless the entity has it.
pub(crate) fn add_un_reference(entity: &mut Entity, text: &str) {
    for r in un_references_in(text) {
        push_identifier(entity, Identifier::new(IdKind::UnReference, r));
    }
}

/// Adds the UN reference numbers a free-text note quotes after a "UN Ref" label ("UN Ref
/// QDi.015", "UN REF:KPi.067"); other references in the note (to associates) are left alone.
pub(crate) fn add_labelled_un_references(entity: &mut Entity, text: &str) {
    // ASCII lower-casing keeps byte offsets, so `at` is a boundary in `text` too.
    let lower = text.to_ascii_lowercase();
    let Some(at) = lower.find("un ref") else {
        return;
    };
    let rest = text.get(at + "un ref".len()..).unwrap_or_default();
    // The reference comes right after the label, within its first few words.
    let head: String = rest
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(r) = un_references_in(&head).into_iter().next() {
        push_identifier(entity, Identifier::new(IdKind::UnReference, r));
    }
}

/// Adds the UN reference number a note opens with, as the UN's own notices print an entry's
/// ("QDi.349 Passport no.: …"); a reference further in names an associate and is left alone.
pub(crate) fn add_leading_un_reference(entity: &mut Entity, text: &str) {
    let words: Vec<&str> = text.split_whitespace().take(2).collect();
    let clean = |s: &str| un_reference(s.trim_end_matches([',', ';', ':']));
    // "QDi.349" or "QDi. 349": the reference is the first word or the first two.
    let found = words
        .first()
        .and_then(|w| clean(w))
        .or_else(|| clean(&words.join(" ")));
    if let Some(r) = found {
        push_identifier(entity, Identifier::new(IdKind::UnReference, r));
    }
}

/// Adds an identifier unless one of the same kind and value is there.
pub(crate) fn push_identifier(entity: &mut Entity, id: Identifier) {
    if id.value.is_empty() {
        return;
    }
    let n = id.normalized();
    if !entity
        .identifiers
        .iter()
        .any(|i| i.kind == id.kind && i.normalized() == n)
    {
        entity.identifiers.push(id);
    }
}

/// The identifier kind a publisher's label names ("Passport", "National identification card",
/// "Tax ID No.", "SWIFT/BIC", "IMO number"…); `Other(label)` for the rest.
pub(crate) fn id_kind(label: &str) -> IdKind {
    let l = label.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| l.contains(w));
    // Short codes only as whole words ("INN", "TIN"), not inside others ("continent").
    let word = |words: &[&str]| {
        l.split(|c: char| !c.is_alphanumeric())
            .any(|t| words.contains(&t))
    };
    if has(&["passport"]) {
        IdKind::Passport
    } else if word(&["imo"]) {
        IdKind::Imo
    } else if has(&["mmsi"]) {
        IdKind::Mmsi
    } else if has(&["call sign"]) {
        IdKind::CallSign
    } else if has(&["swift"]) || word(&["bic"]) {
        IdKind::Swift
    } else if has(&["aircraft", "tail number", "serial no"]) {
        IdKind::AircraftRegistration
    } else if has(&["tax", "v.a.t"]) || word(&["vat", "inn", "tin", "nit", "rfc", "kpp"]) {
        IdKind::Tax
    } else if has(&[
        "national",
        "identity",
        "identification",
        "id card",
        "cedula",
        "cédula",
        "personal",
    ]) {
        IdKind::NationalId
    } else if has(&[
        "registration",
        "regnumber",
        "matricula",
        "business",
        "ogrn",
        "company",
    ]) {
        IdKind::Registration
    } else {
        IdKind::Other(label.trim().to_string())
    }
}

/// A stable key for a record the publisher gives no id: FNV-1a of its identifying text, in hex.
pub(crate) fn stable_key(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Makes `key` unique among the keys seen so far by appending `~2`, `~3`… to repeats.
pub(crate) fn unique_key(seen: &mut HashMap<String, usize>, key: String) -> String {
    let n = seen.entry(key.clone()).or_insert(0);
    *n += 1;
    if *n > 1 {
        format!("{key}~{n}")
    } else {
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_un_references() {
        assert_eq!(un_reference("QDi.015").as_deref(), Some("QDi.015"));
        assert_eq!(un_reference("KPI.067").as_deref(), Some("KPi.067"));
        assert_eq!(un_reference("TAe. 010").as_deref(), Some("TAe.010"));
        assert_eq!(un_reference("QD.015"), None);
        assert_eq!(un_reference("EU.27.28"), None);
        assert_eq!(
            un_references_in("UN Ref QDe.004. Emir for t; UN REF:IRi.038 and UN Ref.KPI.067."),
            vec!["QDe.004", "IRi.038", "KPi.067"]
        );
        assert_eq!(un_references_in("UN Ref QDi. 015"), vec!["QDi.015"]);
    }

    #[test]
    fn a_note_opening_with_a_un_reference_is_the_entrys_own() {
        let refs = |text: &str| {
            let mut e = Entity::new("au", "1", namesake_model::Schema::Person);
            add_leading_un_reference(&mut e, text);
            e.identifiers
                .into_iter()
                .map(|i| i.value)
                .collect::<Vec<_>>()
        };
        assert_eq!(refs("QDi.349 Passport no.: A2062513"), vec!["QDi.349"]);
        assert_eq!(refs("QDi. 349 Passport"), vec!["QDi.349"]);
        // An associate's reference later in the note is not the entry's.
        assert!(refs("Leader of Al-Qaida (QDe.004).").is_empty());
        assert!(refs("").is_empty());
    }

    #[test]
    fn columns_by_name() {
        let c = Columns::new(["\u{feff}Name", " Unique  ID "]);
        assert!(c.has("name") && c.has("UNIQUE ID"));
        let err = c
            .require(Path::new("x.csv"), &["Name", "Regime Name"], "a list")
            .unwrap_err();
        assert!(err.to_string().contains("`Regime Name`"), "{err}");
    }

    #[test]
    fn id_kinds_from_labels() {
        assert_eq!(id_kind("Passport"), IdKind::Passport);
        assert_eq!(id_kind("Tax ID No."), IdKind::Tax);
        assert_eq!(id_kind("SWIFT/BIC"), IdKind::Swift);
        assert_eq!(id_kind("National identification card"), IdKind::NationalId);
        assert_eq!(id_kind("Registration ID"), IdKind::Registration);
        assert_eq!(id_kind("Website"), IdKind::Other("Website".into()));
    }
}
