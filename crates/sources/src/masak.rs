//! Türkiye's MASAK asset-freeze lists (Law 6415 on the prevention of the financing of
//! terrorism; Law 7262 on the proliferation of weapons of mass destruction), as the published
//! tables: xlsx workbooks or CSV exports.
//!
//! Columns are found by their Turkish header names, wherever the header row is (the tables
//! open with a title row or two): `ADI SOYADI-ÜNVANI` (the name, or a company's title),
//! `UYRUĞU` (nationality), `DOĞUM TARİHİ` (date of birth), `DOĞUM YERİ`,
//! `KULLANDIĞI BİLİNEN DİĞER İSİMLERİ` (other names known to be used), `RESMİ GAZETE
//! TARİH-SAYISI` (the Official Gazette date and issue of the decision), and where present
//! `SIRA NO`, `ANNE ADI`, `BABA ADI`, `PASAPORT NO`, `KİMLİK NO`, `ÖRGÜTÜ`.
//!
//! The legal basis of each entry — Law 6415 Art. 5 (UN Security Council decisions), Art. 6
//! (requests of foreign states), Art. 7 (domestic decisions), or Law 7262 — is read from a
//! basis column when the table has one (`DAYANAK`, `KANUN`, `MADDE`…), else from the sheet's
//! name or title rows, else from the file name (`masak_6415_7.xlsx`), and kept as the entity's programme and
//! the `legal_basis` fact. Entities are keyed `masak:<basis>/<row number or SIRA NO>`.
//!
//! MASAK publishes each decision's table under its own file: the manifest `namesake update`
//! keeps of the tables it downloaded ([`crate::masak_set`]) is detected and read here too, as
//! one list. Legacy `.xls` workbooks are read like xlsx.
//!
//! No sample of the real publication was available when this was written: the parser follows
//! the published column list and is tested on fixtures in that layout.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xls, Xlsx};
use namesake_model::country::to_alpha2;
use namesake_model::{DateSpec, Entity, IdKind, Identifier, ListInfo, Name, NameKind, Schema};

use crate::textutil::{clean, excel_serial_to_date, skipped};
use crate::{ListFormat, ParsedList, Result, SourceError};

/// List code.
pub const LIST_CODE: &str = "masak";

/// MASAK tables, xlsx or CSV.
pub struct MasakTable;

/// Folds Turkish header text for comparison: upper-case ASCII without diacritics or dotted İ,
/// spaces collapsed, punctuation as spaces.
pub(crate) fn fold_header(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            'İ' | 'I' | 'ı' | 'i' => 'I',
            'Ğ' | 'ğ' => 'G',
            'Ü' | 'ü' => 'U',
            'Ş' | 'ş' => 'S',
            'Ö' | 'ö' => 'O',
            'Ç' | 'ç' => 'C',
            '\u{307}' => continue,
            c if c.is_alphanumeric() => c.to_ascii_uppercase(),
            _ => ' ',
        };
        out.push(c);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The columns namesake reads.
#[derive(Debug, Default, Clone)]
struct Columns {
    name: Option<usize>,
    nationality: Option<usize>,
    dob: Option<usize>,
    pob: Option<usize>,
    aliases: Option<usize>,
    gazette: Option<usize>,
    number: Option<usize>,
    mother: Option<usize>,
    father: Option<usize>,
    passport: Option<usize>,
    national_id: Option<usize>,
    organisation: Option<usize>,
    basis: Option<usize>,
}

impl Columns {
    fn from_header(cells: &[String]) -> Option<Columns> {
        let mut c = Columns::default();
        for (i, h) in cells.iter().enumerate() {
            let f = fold_header(h);
            let slot = if f.starts_with("ADI SOYADI") || f == "ADI SOYADI UNVANI" || f == "UNVANI" {
                &mut c.name
            } else if f.starts_with("UYRUG") {
                &mut c.nationality
            } else if f.starts_with("DOGUM TARIHI") {
                &mut c.dob
            } else if f.starts_with("DOGUM YERI") {
                &mut c.pob
            } else if f.contains("DIGER ISIM") || f.starts_with("TAKMA AD") {
                &mut c.aliases
            } else if f.contains("RESMI GAZETE") {
                &mut c.gazette
            } else if f == "SIRA NO" || f == "SIRA" || f == "NO" {
                &mut c.number
            } else if f.starts_with("ANNE AD") {
                &mut c.mother
            } else if f.starts_with("BABA AD") {
                &mut c.father
            } else if f.starts_with("PASAPORT") {
                &mut c.passport
            } else if f.contains("KIMLIK") {
                &mut c.national_id
            } else if f.starts_with("ORGUT") {
                &mut c.organisation
            } else if f.contains("DAYANAK") || f.starts_with("KANUN") || f.starts_with("MADDE") {
                &mut c.basis
            } else {
                continue;
            };
            slot.get_or_insert(i);
        }
        c.name.is_some().then_some(c)
    }
}

/// The legal basis named in a text (a basis cell, a sheet name or a file name), if any.
pub fn legal_basis(text: &str) -> Option<String> {
    let f = fold_header(text);
    if f.contains("7262") {
        return Some("Law 7262".into());
    }
    let words: Vec<&str> = f.split(' ').collect();
    // "6415 SAYILI KANUN 5 MADDE", "MADDE 6", "7 NCI MADDE", "6415 7", "ART 5".
    let article = words.iter().enumerate().find_map(|(i, w)| {
        let n = match *w {
            "5" | "6" | "7" => *w,
            _ => return None,
        };
        let near = |j: usize| {
            words
                .get(j)
                .is_some_and(|x| x.starts_with("MADDE") || x.starts_with("ART") || *x == "MD")
        };
        let after_law = i > 0 && words[i - 1] == "6415";
        let ordinal_then_article = words
            .get(i + 1)
            .is_some_and(|x| matches!(*x, "NCI" | "INCI" | "NCU" | "UNCU" | "CI" | "CU"))
            && near(i + 2);
        (near(i + 1) || (i > 0 && near(i - 1)) || after_law || ordinal_then_article).then_some(n)
    });
    match article {
        Some(n) => Some(format!("Law 6415 Art. {n}")),
        None if f.contains("6415") => Some("Law 6415".into()),
        None if f.contains("BMGK") || f.contains("BIRLESMIS MILLETLER") => {
            Some("Law 6415 Art. 5".into())
        }
        None if f.contains("YABANCI ULKE") => Some("Law 6415 Art. 6".into()),
        None => None,
    }
}

/// A table: sheet name and rows of cell texts.
type Table = (String, Vec<Vec<String>>);

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTime(dt) => excel_serial_to_date(dt.as_f64())
            .map(|d| d.to_string())
            .unwrap_or_default(),
        other => other.to_string(),
    }
}

/// The sheets of an xlsx workbook, or of a legacy .xls one (MASAK's older tables).
fn xlsx_tables(data: &[u8]) -> std::result::Result<Vec<Table>, String> {
    if is_xls(data) {
        let wb: Xls<Cursor<&[u8]>> = calamine::open_workbook_from_rs(Cursor::new(data))
            .map_err(|e: calamine::XlsError| e.to_string())?;
        return sheet_tables(wb);
    }
    let wb: Xlsx<Cursor<&[u8]>> = calamine::open_workbook_from_rs(Cursor::new(data))
        .map_err(|e: calamine::XlsxError| e.to_string())?;
    sheet_tables(wb)
}

fn sheet_tables<'a, R>(mut wb: R) -> std::result::Result<Vec<Table>, String>
where
    R: Reader<Cursor<&'a [u8]>>,
    R::Error: std::fmt::Display,
{
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(|e| e.to_string())?;
        let rows = range
            .rows()
            .map(|r| r.iter().map(cell_text).collect())
            .collect();
        out.push((name, rows));
    }
    Ok(out)
}

fn csv_table(data: &[u8]) -> std::result::Result<Table, String> {
    let text = match std::str::from_utf8(data) {
        Ok(t) => t.trim_start_matches('\u{feff}').to_string(),
        // Turkish exports from Excel are Windows-1254 when not UTF-8.
        Err(_) => encoding_rs::WINDOWS_1254.decode(data).0.into_owned(),
    };
    let first = text.lines().next().unwrap_or("");
    let delim = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for r in rdr.records() {
        let r = r.map_err(|e| e.to_string())?;
        rows.push(r.iter().map(String::from).collect());
    }
    Ok((String::new(), rows))
}

fn find_header(rows: &[Vec<String>]) -> Option<(usize, Columns)> {
    rows.iter()
        .take(20)
        .enumerate()
        .find_map(|(i, r)| Columns::from_header(r).map(|c| (i, c)))
}

fn is_xlsx(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || is_xls(head)
}

/// An OLE compound file: a legacy Excel workbook.
fn is_xls(head: &[u8]) -> bool {
    head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

impl ListFormat for MasakTable {
    fn id(&self) -> &'static str {
        "masak"
    }
    fn lists(&self) -> &'static [crate::KnownList] {
        &[crate::identity::MASAK]
    }
    fn detect(&self, path: &Path, head: &[u8]) -> bool {
        if crate::masak_set::is_manifest(head) {
            return true;
        }
        if is_xlsx(head) {
            let Ok(data) = std::fs::read(path) else {
                return false;
            };
            return xlsx_tables(&data).is_ok_and(|ts| {
                ts.iter().any(|(_, rows)| {
                    find_header(rows)
                        .is_some_and(|(_, c)| c.gazette.is_some() || c.aliases.is_some())
                })
            });
        }
        let text = match std::str::from_utf8(head) {
            Ok(t) => t.to_string(),
            Err(e) => {
                // The head may end inside a character; anything else is not UTF-8.
                if e.error_len().is_none() {
                    String::from_utf8_lossy(&head[..e.valid_up_to()]).into_owned()
                } else {
                    encoding_rs::WINDOWS_1254.decode(head).0.into_owned()
                }
            }
        };
        let f = fold_header(&text);
        f.contains("ADI SOYADI") && (f.contains("RESMI GAZETE") || f.contains("UYRUGU"))
    }
    fn parse(&self, path: &Path) -> Result<ParsedList> {
        let data = crate::read_file(path)?;
        if crate::masak_set::is_manifest(&data) {
            return crate::masak_set::parse_set(&data, path);
        }
        parse_bytes(&data, path)
    }
    fn inputs(&self, path: &Path) -> Vec<std::path::PathBuf> {
        crate::masak_set::inputs(path)
    }
}

/// Parses a MASAK table (xlsx or CSV, told apart by content) from memory.
pub fn parse_bytes(data: &[u8], path: &Path) -> Result<ParsedList> {
    parse_bytes_with_basis(data, path, None)
}

/// [`parse_bytes`] for a table whose legal basis is known from where it was published (the
/// article page MASAK links it from): `basis` is used for a sheet whose title rows and name
/// state none, before the file name.
pub fn parse_bytes_with_basis(data: &[u8], path: &Path, basis: Option<&str>) -> Result<ParsedList> {
    let malformed = |message: String| SourceError::Malformed {
        path: path.to_path_buf(),
        message,
    };
    let tables = if is_xlsx(data) {
        xlsx_tables(data)
            .map_err(|m| malformed(format!("not a readable Excel workbook (xlsx or xls): {m}")))?
    } else {
        vec![csv_table(data).map_err(|m| malformed(format!("not a readable CSV table: {m}")))?]
    };
    let file_basis = basis.map(String::from).or_else(|| {
        path.file_name()
            .and_then(|n| legal_basis(&n.to_string_lossy()))
    });
    let mut entities: Vec<Entity> = Vec::new();
    let mut skipped_records = Vec::new();
    let mut any_header = false;
    let mut seen = std::collections::HashSet::new();
    for (sheet, rows) in &tables {
        let Some((h, cols)) = find_header(rows) else {
            continue;
        };
        any_header = true;
        // The basis of a table: its title rows, else its sheet's name, else the file's name.
        let title: String = rows[..h]
            .iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        let sheet_basis = legal_basis(&title)
            .or_else(|| legal_basis(sheet))
            .or_else(|| file_basis.clone());
        for (i, row) in rows.iter().enumerate().skip(h + 1) {
            let at = if sheet.is_empty() {
                format!("row {}", i + 1)
            } else {
                format!("sheet {sheet:?} row {}", i + 1)
            };
            // Blank lines in the table (at most a sequence number) are no records.
            if row
                .iter()
                .enumerate()
                .all(|(j, c)| c.trim().is_empty() || Some(j) == cols.number)
            {
                continue;
            }
            match entry(row, &cols, i + 1, sheet_basis.as_deref()) {
                Ok(e) if !seen.insert(e.id.clone()) => {
                    skipped_records.push(skipped(path, at, format!("duplicate key {}", e.key)))
                }
                Ok(e) => entities.push(e),
                Err(reason) => skipped_records.push(skipped(path, at, reason)),
            }
        }
    }
    if !any_header {
        return Err(malformed(
            "no header row with an \"ADI SOYADI-ÜNVANI\" column: not a MASAK table".into(),
        ));
    }
    Ok(ParsedList {
        info: ListInfo {
            code: LIST_CODE.into(),
            name: "MASAK asset-freeze decisions (Law 6415 / Law 7262)".into(),
            format: "masak".into(),
            published: None,
        },
        entities,
        skipped: skipped_records,
    })
}

/// Legal-form words that make a title an organisation's.
const ORG_WORDS: &[&str] = &[
    "LTD",
    "STI",
    "AS",
    "A S",
    "SIRKETI",
    "HOLDING",
    "VAKFI",
    "DERNEGI",
    "COMPANY",
    "CORPORATION",
    "LIMITED",
    "LLC",
    "INC",
    "GROUP",
    "BANK",
    "FOUNDATION",
    "ORGANIZATION",
    "ORGUTU",
    "TIC",
    "SAN",
];

fn entry(
    row: &[String],
    cols: &Columns,
    line: usize,
    sheet_basis: Option<&str>,
) -> std::result::Result<Entity, String> {
    let get = |c: Option<usize>| {
        c.and_then(|i| row.get(i))
            .map(|s| clean(s))
            .filter(|s| !s.is_empty() && s != "-")
    };
    let name = get(cols.name).ok_or("no name in ADI SOYADI-ÜNVANI")?;
    let basis = get(cols.basis)
        .and_then(|b| legal_basis(&b))
        .or_else(|| sheet_basis.map(String::from));
    let number = get(cols.number).unwrap_or_else(|| line.to_string());
    let basis_key = basis
        .as_deref()
        .map(|b| {
            b.trim_start_matches("Law ")
                .replace(" Art. ", "-")
                .replace(' ', "")
        })
        .unwrap_or_else(|| "x".into());
    let dob = get(cols.dob);
    let padded = format!(" {} ", fold_header(&name));
    let org = ORG_WORDS.iter().any(|w| padded.contains(&format!(" {w} ")));
    let schema = if dob.is_some()
        || cols
            .mother
            .and_then(|i| row.get(i))
            .is_some_and(|s| !s.trim().is_empty())
    {
        Schema::Person
    } else if org {
        Schema::Organization
    } else {
        Schema::Person
    };
    let mut e = Entity::new(LIST_CODE, &format!("{basis_key}/{number}"), schema);
    e.names.push(Name::new(name, NameKind::Primary));
    if let Some(a) = get(cols.aliases) {
        for alias in a
            .split([';', ',', '/'])
            .map(clean)
            .filter(|s| !s.is_empty())
        {
            e.add_name(Name::new(alias, NameKind::Alias));
        }
    }
    if let Some(d) = dob {
        for part in d
            .split([';', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            match DateSpec::parse(part) {
                Ok(d) => e.add_birth_date(d),
                Err(_) => {
                    e.facts
                        .insert("unparsed_birth_date".into(), part.to_string());
                }
            }
        }
    }
    if let Some(p) = get(cols.pob) {
        e.birth_places.push(p);
    }
    if let Some(n) = get(cols.nationality) {
        for c in n
            .split([',', ';', '/'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            match to_alpha2(c) {
                Some(code) => e.add_nationality(code),
                None => {
                    e.facts.insert("nationality_text".into(), n.clone());
                }
            }
        }
    }
    for (c, kind) in [
        (cols.passport, IdKind::Passport),
        (cols.national_id, IdKind::NationalId),
    ] {
        if let Some(v) = get(c) {
            e.identifiers.push(Identifier::new(kind, v));
        }
    }
    for (c, fact) in [
        (cols.mother, "mother_name"),
        (cols.father, "father_name"),
        (cols.organisation, "organisation"),
        (cols.gazette, "official_gazette"),
    ] {
        if let Some(v) = get(c) {
            e.facts.insert(fact.into(), v);
        }
    }
    if let Some(b) = basis {
        e.programs.push(b.clone());
        e.facts.insert("legal_basis".into(), b);
    }
    // The Official Gazette "DD.MM.YYYY-NNNNN" dates the decision: the listing date.
    if let Some(g) = get(cols.gazette) {
        let date: String = g
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '/')
            .collect();
        if let Ok(d) = DateSpec::parse(&date) {
            if d.is_single() {
                e.listed_on = Some(d.from);
            }
        }
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_basis_forms() {
        assert_eq!(
            legal_basis("6415 sayılı Kanun 5. madde").as_deref(),
            Some("Law 6415 Art. 5")
        );
        assert_eq!(legal_basis("MADDE 6").as_deref(), Some("Law 6415 Art. 6"));
        assert_eq!(legal_basis("6415 7nci madde").as_deref(), Some("Law 6415"));
        assert_eq!(
            legal_basis("7 nci madde").as_deref(),
            Some("Law 6415 Art. 7")
        );
        assert_eq!(
            legal_basis("masak_6415_7.xlsx").as_deref(),
            Some("Law 6415 Art. 7")
        );
        assert_eq!(
            legal_basis("7262 sayılı Kanun").as_deref(),
            Some("Law 7262")
        );
        assert_eq!(
            legal_basis("BMGK kararları").as_deref(),
            Some("Law 6415 Art. 5")
        );
        assert_eq!(legal_basis("liste"), None);
    }

    #[test]
    fn csv_with_title_row_semicolons_and_turkish_headers() {
        let csv = "6415 SAYILI KANUNUN 7. MADDESİ KAPSAMINDA MALVARLIĞI DONDURULANLAR;;;;;\n\
                   SIRA NO;ADI SOYADI-ÜNVANI;UYRUĞU;DOĞUM TARİHİ;KULLANDIĞI BİLİNEN DİĞER İSİMLERİ;RESMİ GAZETE TARİH-SAYISI\n\
                   1;Özgür ALTUN;TÜRKİYE;12.03.1980;Abu Yasir al-Turki;15.04.2021-31455\n\
                   2;ÖRNEK TİCARET LTD. ŞTİ.;;;;15.04.2021-31455\n\
                   3;;;;;\n\
                   4;;;;x;\n";
        let p = parse_bytes(csv.as_bytes(), Path::new("liste.csv")).unwrap();
        assert_eq!(p.entities.len(), 2, "{:?}", p.skipped);
        assert_eq!(p.skipped.len(), 1);
        assert_eq!(p.skipped[0].location, "row 6");
        let a = &p.entities[0];
        assert_eq!(a.id, "masak:6415-7/1");
        assert_eq!(a.nationalities, vec!["tr".to_string()]);
        assert_eq!(a.names[1].full, "Abu Yasir al-Turki");
        assert_eq!(a.facts["legal_basis"], "Law 6415 Art. 7");
        assert_eq!(a.birth_dates.len(), 1);
        assert!(a.listed_on.is_some());
        assert_eq!(p.entities[1].schema, Schema::Organization);
    }

    #[test]
    fn windows_1254_csv() {
        let text = "ADI SOYADI-ÜNVANI,UYRUĞU,DOĞUM TARİHİ,RESMİ GAZETE TARİH-SAYISI\nİlhan ŞAHİN,Suriye,1975,01.01.2020-1\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1254.encode(text);
        let p = parse_bytes(&bytes, Path::new("7262.csv")).unwrap();
        assert_eq!(p.entities[0].names[0].full, "İlhan ŞAHİN");
        assert_eq!(p.entities[0].nationalities, vec!["sy".to_string()]);
        assert_eq!(p.entities[0].facts["legal_basis"], "Law 7262");
    }

    #[test]
    fn no_header_is_an_error() {
        assert!(parse_bytes(b"a,b,c\n1,2,3\n", Path::new("x.csv")).is_err());
        assert!(parse_bytes(b"PK\x03\x04garbage", Path::new("x.xlsx")).is_err());
        let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1garbage";
        let err = parse_bytes(ole, Path::new("x.xls"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a readable Excel workbook"), "{err}");
    }
}
