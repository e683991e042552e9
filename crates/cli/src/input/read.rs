//! Reading a customer file of any supported kind into subjects to screen: delimited text in any
//! common encoding, spreadsheets, Parquet.

use std::path::Path;

use encoding_rs::Encoding;

use super::table::Table;
use namesake_screening::BatchRow;

use super::{encoding, parquet_in, sheet, text, Columns};

/// How to read a customer file when detection is not wanted.
#[derive(Debug, Default, Clone)]
pub struct InputOptions {
    /// The field delimiter of a text file (detected when `None`).
    pub delimiter: Option<u8>,
    /// The text encoding (detected when `None`).
    pub encoding: Option<&'static Encoding>,
    /// The spreadsheet's sheet, by name or number from 1 (the first when `None`).
    pub sheet: Option<String>,
}

impl InputOptions {
    /// Reads the command line's `--delimiter`, `--encoding` and `--sheet`.
    pub fn parse(
        delimiter: Option<&str>,
        encoding: Option<&str>,
        sheet: Option<&str>,
    ) -> Result<InputOptions, String> {
        let delimiter = delimiter
            .map(|d| {
                text::delimiter_by_name(d)
                    .ok_or_else(|| format!("--delimiter: expected , ; | or tab, got {d:?}"))
            })
            .transpose()?;
        let encoding = encoding
            .map(|e| {
                encoding::by_label(e).ok_or_else(|| {
                    format!("--encoding: unknown encoding {e:?} (try utf-8, windows-1254, windows-1252, utf-16le)")
                })
            })
            .transpose()?;
        Ok(InputOptions {
            delimiter,
            encoding,
            sheet: sheet.map(String::from),
        })
    }
}

/// The kinds of customer file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// CSV, semicolon-separated or tab-separated text.
    Text,
    /// .xlsx, .xlsm, .xls or .ods.
    Spreadsheet,
    /// Apache Parquet.
    Parquet,
}

/// The file's kind, from its first bytes (a zip is a workbook, `PAR1` is Parquet, an OLE2
/// header is a legacy .xls), else from its extension.
pub fn kind_of(path: &Path, head: &[u8]) -> InputKind {
    if head.starts_with(b"PAR1") {
        return InputKind::Parquet;
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return InputKind::Spreadsheet;
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("xlsx" | "xlsm" | "xlsb" | "xls" | "ods") => InputKind::Spreadsheet,
        Some("parquet" | "pq") => InputKind::Parquet,
        _ => InputKind::Text,
    }
}

/// The subjects of a customer file, and what was noticed while reading it.
#[derive(Debug, Default)]
pub struct Subjects {
    /// One per data row, in file order, each with its line (text) or row number (sheet,
    /// Parquet).
    pub rows: Vec<BatchRow>,
    /// What the reader detected, for `NAMESAKE_VERBOSE` ("semicolon-separated, windows-1254").
    pub detected: String,
}

/// Reads a customer file. Errors say what is wrong and what would work: an empty file, a missing
/// name column (with the columns found and those accepted), undecodable text.
pub fn read_subjects(path: &Path, opts: &InputOptions) -> Result<Subjects, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("the file is empty: expected a header row (e.g. id,name,date_of_birth,nationality) and one row per subject".into());
    }
    let kind = kind_of(path, &bytes);
    let (table, detected) = match kind {
        InputKind::Text => {
            let decoded = encoding::decode(&bytes, opts.encoding)?;
            drop(bytes);
            let delimiter = opts.delimiter.unwrap_or_else(|| {
                if encoding::is_utf16(decoded.encoding) {
                    b'\t'
                } else {
                    text::detect_delimiter(&decoded.text)
                }
            });
            let t = text::read(&decoded.text, delimiter)?;
            let what = format!(
                "{}-separated text in {}",
                delimiter_name(delimiter),
                decoded.encoding.name()
            );
            (t, what)
        }
        InputKind::Spreadsheet => (
            sheet::read(path, opts.sheet.as_deref())?,
            "a spreadsheet".to_string(),
        ),
        InputKind::Parquet => (parquet_in::read(path)?, "Parquet".to_string()),
    };
    subjects_of(table, detected, opts.delimiter.is_some())
}

fn subjects_of(table: Table, detected: String, forced: bool) -> Result<Subjects, String> {
    if table.header.is_empty() {
        return Err("the file is empty: no header row".into());
    }
    let header = csv::StringRecord::from(table.header.clone());
    let cols = Columns::from_header(&header)
        .map_err(|e| with_delimiter_hint(e.to_string(), &table, forced))?;
    let mut out = Subjects {
        detected,
        ..Subjects::default()
    };
    for row in table.rows.iter().filter(|r| !Table::blank_row(r)) {
        out.rows
            .push(BatchRow::read(row.line, cols.subject(&row.cells)));
    }
    Ok(out)
}

/// A one-column header holding a delimiter is a file read with the wrong one.
fn with_delimiter_hint(e: String, table: &Table, forced: bool) -> String {
    if table.header.len() == 1 {
        for d in [";", ",", "\t", "|"] {
            if table.header[0].contains(d) {
                let shown = if d == "\t" { "tab" } else { d };
                let how = if forced { "" } else { " (detected otherwise)" };
                return format!(
                    "{e}; the header looks {shown:?}-separated{how}: try --delimiter {shown:?}"
                );
            }
        }
    }
    e
}

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b',' => "comma",
        b';' => "semicolon",
        b'\t' => "tab",
        b'|' => "pipe",
        _ => "custom",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn empty_file_says_so() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "empty.csv", b"\n \n");
        let e = read_subjects(&p, &InputOptions::default()).unwrap_err();
        assert!(e.contains("the file is empty"), "{e}");
    }

    #[test]
    fn missing_name_column_lists_found_and_accepted() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "c.csv", b"id;musteri;tarih\n1;Ali Veli;1990\n");
        let e = read_subjects(&p, &InputOptions::default()).unwrap_err();
        assert!(e.contains("\"musteri\"") && e.contains("ad_soyad"), "{e}");
    }

    #[test]
    fn wrong_delimiter_given_gets_a_hint() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "c.csv", b"id;name\n1;Ali Veli\n");
        let opts = InputOptions::parse(Some(","), None, None).unwrap();
        let e = read_subjects(&p, &opts).unwrap_err();
        assert!(e.contains("--delimiter \";\""), "{e}");
    }

    #[test]
    fn turkish_semicolon_windows_1254_file() {
        let d = tempfile::tempdir().unwrap();
        let text =
            "Müşteri No;Ad;Soyad;Doğum Tarihi;Uyruk\n7;İlhami;Balı;1980;TR\n\n8;Şule;Doğan;;\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1254.encode(text);
        let p = write(d.path(), "musteriler.csv", &bytes);
        let s = read_subjects(&p, &InputOptions::default()).unwrap();
        assert_eq!(s.rows.len(), 2);
        let lines: Vec<usize> = s.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 4]);
        let q = &s.rows[0].query;
        assert_eq!(q.first_name.as_deref(), Some("İlhami"));
        assert_eq!(q.last_name.as_deref(), Some("Balı"));
        assert_eq!(q.countries, vec!["tr"]);
        assert_eq!(s.rows[0].id.as_deref(), Some("7"));
        assert!(s.detected.contains("semicolon") && s.detected.contains("1254"));
    }

    #[test]
    fn kinds_by_content_then_extension() {
        assert_eq!(kind_of(Path::new("x.csv"), b"PAR1...."), InputKind::Parquet);
        assert_eq!(
            kind_of(Path::new("x"), b"PK\x03\x04"),
            InputKind::Spreadsheet
        );
        assert_eq!(kind_of(Path::new("x.ods"), b""), InputKind::Spreadsheet);
        assert_eq!(kind_of(Path::new("x.tsv"), b"id\tname"), InputKind::Text);
    }
}
