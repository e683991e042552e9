//! Regression tests for parser panics on non-ASCII text at positions the parsers once sliced by
//! byte (issue 13): a Canada date of birth `日本-1970` aborted `namesake lists` with exit 101, and
//! names with "İ" (whose lowercase is longer) were cut at offsets found in their lowercase form.
//! Each crafted record must be parsed or skipped with a message, never panic.

use std::path::Path;

use namesake_sources::{au_dfat, canada, uk_ofsi};

fn canada_record(dob: &str, entity: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><data-set>
<record><Country>Russia / Russie</Country><LastName>Doe</LastName><GivenName>John</GivenName>
<DateOfBirthOrShipBuildDate>{dob}</DateOfBirthOrShipBuildDate><Schedule>1, Part 1</Schedule><Item>8</Item>
<DateOfListing>2022-02-24</DateOfListing></record>
<record><Country>Russia / Russie</Country><EntityOrShip>{entity}</EntityOrShip><Schedule>1</Schedule><Item>9</Item>
<DateOfListing>2022-02-24</DateOfListing></record>
</data-set>"#
    )
}

#[test]
fn canada_dob_with_cjk_before_a_year_range_does_not_panic() {
    let xml = canada_record("日本-1970", "Plain Entity");
    let p = canada::parse_bytes(xml.as_bytes(), Path::new("ca.xml")).expect("parses");
    assert_eq!(p.entities.len(), 2, "skipped: {:?}", p.skipped);
    let person = &p.entities[0];
    assert!(person.birth_dates.is_empty(), "no date read from 日本-1970");
    assert!(
        person.remarks.iter().any(|r| r.contains("日本-1970")),
        "the unread date is kept as a remark: {:?}",
        person.remarks
    );
}

#[test]
fn canada_dob_label_after_dotted_capital_i_does_not_panic() {
    // "İİİİ" lowercases to more bytes, which moved the "dob:" offset past the original's end.
    let dob = format!("{} alt DOB: 12/05/1970", "İ".repeat(20));
    let xml = canada_record(&dob, "Plain Entity");
    let p = canada::parse_bytes(xml.as_bytes(), Path::new("ca.xml")).expect("parses");
    assert_eq!(p.entities.len(), 2);
    let dates = &p.entities[0].birth_dates;
    assert_eq!(
        dates.len(),
        1,
        "the date after the label is read: {dates:?}"
    );
    assert_eq!(dates[0].years(), (1970, 1970));
}

#[test]
fn canada_also_known_as_after_dotted_capital_i_does_not_panic() {
    let entity = "İSTANBUL İHRACAT ß 日本 (also known as Istanbul Export)";
    let xml = canada_record("1970", entity);
    let p = canada::parse_bytes(xml.as_bytes(), Path::new("ca.xml")).expect("parses");
    let e = &p.entities[1];
    assert_eq!(e.names[0].full, "İSTANBUL İHRACAT ß 日本");
    assert!(e.names.iter().any(|n| n.full == "Istanbul Export"));
}

const UK_HEADER: &str = "Last Updated,13/04/2018\n\
Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,DOB,Town of Birth,Country of Birth,Nationality,Passport Details,NI Number,Position,Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,Regime,Listed On,Last Updated,Group ID\n";

#[test]
fn uk_row_with_non_ascii_dates_and_identifiers_does_not_panic() {
    let row = "İĞNE,ß,日本,,,,,日本-1970,İstanbul,Türkiye,1) İİ 2) ß,Passport No: İ1234567 (İİİ (Türkiye),,,,,,,,,,,,Individual,Primary name,Syria,日本/01/2016,01/04/2016,7\n";
    let csv = format!("{UK_HEADER}{row}");
    let p = uk_ofsi::parse_bytes(csv.as_bytes(), Path::new("uk.csv")).expect("parses");
    assert_eq!(p.entities.len(), 1, "skipped: {:?}", p.skipped);
    let e = &p.entities[0];
    assert!(e.birth_dates.is_empty());
    assert!(
        e.remarks.iter().any(|r| r == "DOB: 日本-1970"),
        "{:?}",
        e.remarks
    );
}

fn write_au_xlsx(path: &Path, rows: &[[&str; 5]]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let header = [
        "Reference",
        "Name of Individual or Entity",
        "Type",
        "Name Type",
        "Date of Birth",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn australia_row_with_non_ascii_dates_does_not_panic() {
    let dir = std::env::temp_dir().join(format!("namesake-au-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("au.xlsx");
    write_au_xlsx(
        &path,
        &[
            ["1", "İBRAHİM ß", "Individual", "Primary Name", "日本-1970"],
            [
                "1",
                "İBRAHİM",
                "Individual",
                "Alias",
                "İİİİİİ alt DOB: 1971",
            ],
            [
                "2",
                "日本 Trading",
                "Entity",
                "Primary Name",
                "a) 日本 b) ß-1970",
            ],
        ],
    );
    let p = au_dfat::parse_bytes(&std::fs::read(&path).unwrap(), &path).expect("parses");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(p.entities.len(), 2, "skipped: {:?}", p.skipped);
    let e = &p.entities[0];
    assert!(
        e.remarks.iter().any(|r| r == "DOB: 日本-1970"),
        "{:?}",
        e.remarks
    );
    assert_eq!(e.birth_dates.len(), 1, "1971 read after the label");
}
