//! Australia DFAT Consolidated List, xlsx.
//!
//! One row per name: `Reference` "123" is the primary row and "123a", "123b"… its aliases and
//! original-script names, so rows are grouped by the reference's leading number into one entity
//! (`au:123`). Columns are read by header name: `Name of Individual or Entity`, `Type`,
//! `Name Type` (Primary Name / aka / Original Script / Formerly known as), `Date of Birth` (text
//! with several dates, a year number, or an Excel serial date), `Place of Birth`, `Citizenship`,
//! `Address`, `Additional Information`, `Listing Information`, `Committees`, `Control Date`.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use namesake_model::{Address, DateSpec, Entity, ListInfo, Name, NameKind, PartialDate, Schema};

use crate::textutil::{
    add_remark, clean, countries_in, excel_serial_to_date, non_empty, parse_dates, set_primary,
    skipped, split_enumerated,
};
use crate::{ListFormat, ParsedList, Result, SourceError};

/// The list code in entity ids.
pub const LIST_CODE: &str = "au";

/// Header cells that identify the DFAT list.
const REQUIRED: [&str; 3] = ["Reference", "Name of Individual or Entity", "Name Type"];

/// Australia's DFAT Consolidated List, xlsx.
#[derive(Debug, Clone, Copy, Default)]
pub struct AuDfatXlsx;

impl ListFormat for AuDfatXlsx {
    fn id(&self) -> &'static str {
        "au-dfat-xlsx"
    }
    fn lists(&self) -> &'static [crate::KnownList] {
        &[crate::identity::AU]
    }

    /// An xlsx is a zip archive whose first 8 KiB say nothing about the sheet, so a zip file is
    /// opened and its header row checked.
    fn detect(&self, path: &Path, head: &[u8]) -> bool {
        if !head.starts_with(b"PK\x03\x04") {
            return false;
        }
        let Ok(data) = std::fs::read(path) else {
            return false;
        };
        first_sheet(&data)
            .ok()
            .and_then(|range| range.rows().next().map(header_map))
            .is_some_and(|h| {
                REQUIRED
                    .iter()
                    .all(|r| h.contains_key(&r.to_ascii_lowercase()))
            })
    }

    fn parse(&self, path: &Path) -> Result<ParsedList> {
        let data = crate::read_file(path)?;
        parse_bytes(&data, path)
    }
}

fn first_sheet(data: &[u8]) -> std::result::Result<calamine::Range<Data>, String> {
    let mut wb: Xlsx<Cursor<&[u8]>> = calamine::open_workbook_from_rs(Cursor::new(data))
        .map_err(|e: calamine::XlsxError| e.to_string())?;
    wb.worksheet_range_at(0)
        .ok_or_else(|| "the workbook has no sheet".to_string())?
        .map_err(|e| e.to_string())
}

fn header_map(row: &[Data]) -> HashMap<String, usize> {
    row.iter()
        .enumerate()
        .map(|(i, c)| (clean(&c.to_string()).to_ascii_lowercase(), i))
        .collect()
}

/// A row's cells by header name.
struct Row<'a> {
    cells: &'a [Data],
    cols: &'a HashMap<String, usize>,
}

impl Row<'_> {
    fn cell(&self, name: &str) -> Option<&Data> {
        self.cols
            .get(&name.to_ascii_lowercase())
            .and_then(|&i| self.cells.get(i))
            .filter(|c| !matches!(c, Data::Empty))
    }
    /// The cell as cleaned text ("NA" and blanks are `None`); numbers without a fraction print
    /// as integers.
    fn text(&self, name: &str) -> Option<String> {
        let s = match self.cell(name)? {
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            other => other.to_string(),
        };
        non_empty(&s)
    }
}

/// Parses the list from memory. Never panics; rows that cannot be read are skipped.
pub fn parse_bytes(data: &[u8], path: &Path) -> Result<ParsedList> {
    let range = first_sheet(data).map_err(|message| SourceError::Malformed {
        path: path.to_path_buf(),
        message: format!("not a readable xlsx workbook: {message}"),
    })?;
    let mut rows = range.rows();
    let cols = rows.next().map(header_map).unwrap_or_default();
    if let Some(missing) = REQUIRED
        .iter()
        .find(|r| !cols.contains_key(&r.to_ascii_lowercase()))
    {
        return Err(SourceError::Malformed {
            path: path.to_path_buf(),
            message: format!("no `{missing}` column: not the DFAT consolidated list"),
        });
    }
    let mut parsed = ParsedList {
        info: ListInfo {
            code: LIST_CODE.to_string(),
            name: "Australia DFAT Consolidated List".to_string(),
            format: "au-dfat-xlsx".to_string(),
            published: None,
        },
        entities: Vec::new(),
        skipped: Vec::new(),
    };
    let mut by_ref: HashMap<String, usize> = HashMap::new();
    // Row 1 is the header; spreadsheet rows are numbered from 1.
    for (i, cells) in rows.enumerate() {
        let row_no = i + 2;
        let row = Row { cells, cols: &cols };
        if cells.iter().all(|c| c.to_string().trim().is_empty()) {
            continue;
        }
        let reference = row.text("Reference").unwrap_or_default();
        let base: String = reference.chars().take_while(char::is_ascii_digit).collect();
        if base.is_empty() {
            parsed.skipped.push(skipped(
                path,
                format!("row {row_no}"),
                format!("reference {reference:?} does not start with a number"),
            ));
            continue;
        }
        let idx = *by_ref.entry(base.clone()).or_insert_with(|| {
            parsed
                .entities
                .push(Entity::new(LIST_CODE, &base, Schema::Unknown));
            parsed.entities.len() - 1
        });
        if let Err(reason) = add_row(&mut parsed.entities[idx], &row) {
            parsed
                .skipped
                .push(skipped(path, format!("row {row_no}"), reason));
        }
    }
    parsed.entities.retain(|e| !e.names.is_empty());
    Ok(parsed)
}

fn add_row(entity: &mut Entity, row: &Row<'_>) -> std::result::Result<(), String> {
    let name = row
        .text("Name of Individual or Entity")
        .ok_or("row has no name")?;
    if entity.schema == Schema::Unknown {
        if let Some(t) = row.text("Type") {
            entity.schema = t.parse().unwrap_or(Schema::Unknown);
        }
    }
    let name_type = row
        .text("Name Type")
        .unwrap_or_default()
        .to_ascii_lowercase();
    match name_type.as_str() {
        "primary name" => set_primary(entity, Name::new(name, NameKind::Primary)),
        "original script" => entity.add_name(Name::new(name, NameKind::OriginalScript)),
        "formerly known as" | "previously listed as" | "fka" => {
            entity.add_name(Name::new(name, NameKind::Former))
        }
        _ => entity.add_name(Name::new(name, NameKind::Alias)),
    }

    if let Some(cell) = row.cell("Date of Birth") {
        add_birth_dates(entity, cell);
    }
    if let Some(pob) = row.text("Place of Birth") {
        for place in split_enumerated(&pob) {
            if !entity.birth_places.contains(&place) {
                entity.birth_places.push(place);
            }
        }
    }
    if let Some(c) = row.text("Citizenship") {
        let (codes, unknown) = countries_in(&c);
        for code in codes {
            entity.add_citizenship(code);
        }
        for u in unknown {
            add_remark(entity, format!("Citizenship: {u}"));
        }
    }
    if let Some(a) = row.text("Address") {
        for full in split_enumerated(&a) {
            let country = full
                .rsplit(',')
                .next()
                .and_then(|last| namesake_model::country::to_alpha2(last.trim()));
            if let Some(c) = country {
                entity.add_country(c);
            }
            let address = Address {
                full,
                city: None,
                country: country.map(str::to_string),
            };
            if !entity.addresses.contains(&address) {
                entity.addresses.push(address);
            }
        }
    }
    if let Some(info) = row.text("Additional Information") {
        crate::columns::add_labelled_un_references(entity, &info);
        crate::columns::add_leading_un_reference(entity, &info);
        add_remark(entity, info);
    }
    if let Some(listing) = row.text("Listing Information") {
        if entity.listed_on.is_none() {
            entity.listed_on = first_date_after_on(&listing);
        }
        crate::columns::add_labelled_un_references(entity, &listing);
        add_remark(entity, listing);
    }
    if let Some(c) = row.text("Committees") {
        if !entity.programs.contains(&c) {
            entity.programs.push(c);
        }
    }
    if let Some(d) = row.cell("Control Date").and_then(cell_date) {
        entity
            .facts
            .entry("control_date".to_string())
            .or_insert_with(|| d.to_string());
    }
    Ok(())
}

/// A date cell: a date-typed cell or a serial number.
fn cell_date(cell: &Data) -> Option<PartialDate> {
    match cell {
        Data::DateTime(dt) => excel_serial_to_date(dt.as_f64()),
        Data::Float(f) => excel_serial_to_date(*f),
        Data::Int(i) => excel_serial_to_date(*i as f64),
        Data::DateTimeIso(s) | Data::String(s) => DateSpec::parse(s)
            .ok()
            .filter(DateSpec::is_single)
            .map(|d| d.from),
        _ => None,
    }
}

/// Dates of birth: a number from 1000 to 2200 is a year, any other number an Excel serial date,
/// text is read by [`parse_dates`]; what cannot be read goes to the remarks.
fn add_birth_dates(entity: &mut Entity, cell: &Data) {
    let number = match cell {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        Data::DateTime(dt) => Some(dt.as_f64()),
        _ => None,
    };
    if let Some(n) = number {
        let date = if n.fract() == 0.0 && (1000.0..=2200.0).contains(&n) {
            Some(PartialDate::year(n as i32))
        } else {
            excel_serial_to_date(n)
        };
        match date {
            Some(d) => entity.add_birth_date(DateSpec::single(d)),
            None => add_remark(entity, format!("DOB: {n}")),
        }
        return;
    }
    let Some(text) = non_empty(&cell.to_string()) else {
        return;
    };
    let found = parse_dates(&text);
    for d in found.dates {
        entity.add_birth_date(d);
    }
    for u in found.unparsed {
        add_remark(entity, format!("DOB: {u}"));
    }
}

/// The listing date in "Listed by UN 1267 Committee on 25 January 2001 (amended on …)".
fn first_date_after_on(text: &str) -> Option<PartialDate> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if !w.trim_end_matches(':').eq_ignore_ascii_case("on") {
            continue;
        }
        for len in [3usize, 1] {
            let Some(slice) = words.get(i + 1..i + 1 + len) else {
                continue;
            };
            let candidate = slice.join(" ");
            let candidate = candidate.trim_end_matches([',', ')', ';', '.']);
            if let Ok(d) = DateSpec::parse(candidate) {
                if d.is_single() && d.from.day.is_some() {
                    return Some(d.from);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_listing_dates() {
        assert_eq!(
            first_date_after_on(
                "Listed by UN 1267 Committee on 25 January 2001 (amended on 20 December 2005)"
            ),
            PartialDate::ymd(2001, 1, 25)
        );
        assert_eq!(
            first_date_after_on("Listed on: 12/05/2014."),
            PartialDate::ymd(2014, 5, 12)
        );
        assert_eq!(first_date_after_on("Listed by the Minister"), None);
    }

    #[test]
    fn numbers_are_years_or_serials() {
        let mut e = Entity::new("au", "1", Schema::Person);
        add_birth_dates(&mut e, &Data::Float(1969.0));
        add_birth_dates(&mut e, &Data::Float(18798.0));
        add_birth_dates(&mut e, &Data::String("a) 1970 b) 12 Dec. 1965".to_string()));
        let got: Vec<String> = e.birth_dates.iter().map(|d| d.to_string()).collect();
        assert_eq!(got, vec!["1969", "1951-06-19", "1970", "1965-12-12"]);
    }

    #[test]
    fn rejects_non_workbooks() {
        assert!(parse_bytes(b"not a zip", Path::new("x.xlsx")).is_err());
        assert!(parse_bytes(b"PK\x03\x04 truncated", Path::new("x.xlsx")).is_err());
    }

    proptest::proptest! {
        #[test]
        fn date_helpers_never_panic(s in "[0-9a-zA-Zİıßẞ日本Σς()\\[\\];:,./' \\-]{0,40}", any in "\\PC{0,40}") {
            for t in [&s, &any] {
                let _ = first_date_after_on(t);
                let mut e = Entity::new("au", "1", Schema::Person);
                add_birth_dates(&mut e, &Data::String(t.clone()));
                let _ = cell_date(&Data::String(t.clone()));
            }
        }
    }
}
