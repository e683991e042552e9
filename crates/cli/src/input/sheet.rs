//! Spreadsheets (.xlsx, .xlsm, .xls, .ods): the first sheet, or the one named with `--sheet`.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};

use super::table::{Table, TableRow};

/// Reads one sheet as a table: its first non-blank row is the header.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Table, String> {
    let mut book = open_workbook_auto(path).map_err(|e| format!("not a readable workbook: {e}"))?;
    let names = book.sheet_names();
    let chosen = match sheet {
        None => names.first().cloned().ok_or("the workbook has no sheet")?,
        Some(s) => pick(&names, s)?,
    };
    let range = book
        .worksheet_range(&chosen)
        .map_err(|e| format!("sheet {chosen:?}: {e}"))?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let mut table = Table::default();
    let mut header_seen = false;
    for (i, row) in range.rows().enumerate() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        if !header_seen {
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            table.header = cells;
            header_seen = true;
        } else {
            table.rows.push(TableRow {
                line: first_row + i + 1,
                cells,
            });
        }
    }
    Ok(table)
}

/// The sheet named `s`, else the `s`-th (from 1).
fn pick(names: &[String], s: &str) -> Result<String, String> {
    if let Some(n) = names
        .iter()
        .find(|n| n.as_str() == s || n.eq_ignore_ascii_case(s))
    {
        return Ok(n.clone());
    }
    match s.parse::<usize>() {
        Ok(i) if (1..=names.len()).contains(&i) => Ok(names[i - 1].clone()),
        _ => Err(format!(
            "no sheet {s:?}; the workbook has {}",
            names
                .iter()
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// A cell as text: whole numbers without a decimal point (national id numbers are often stored
/// as numbers), dates as YYYY-MM-DD.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => serial_to_iso(dt.as_f64()).unwrap_or_else(|| dt.as_f64().to_string()),
    }
}

/// An Excel date serial (days since 1899-12-30) as YYYY-MM-DD.
pub(super) fn serial_to_iso(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Days from 1970-01-01, then the civil-from-days algorithm (H. Hinnant).
    let z = serial.floor() as i64 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials() {
        assert_eq!(serial_to_iso(25_569.0).as_deref(), Some("1970-01-01"));
        assert_eq!(serial_to_iso(29_221.0).as_deref(), Some("1980-01-01"));
        assert_eq!(serial_to_iso(45_351.5).as_deref(), Some("2024-02-29"));
        assert_eq!(serial_to_iso(-3.0), None);
    }

    #[test]
    fn whole_numbers_lose_the_decimal_point() {
        assert_eq!(cell_text(&Data::Float(12345678901.0)), "12345678901");
        assert_eq!(cell_text(&Data::Float(1.5)), "1.5");
    }

    #[test]
    fn sheet_by_name_or_number() {
        let names = vec!["Müşteriler".to_string(), "Notlar".to_string()];
        assert_eq!(pick(&names, "notlar").unwrap(), "Notlar");
        assert_eq!(pick(&names, "1").unwrap(), "Müşteriler");
        assert!(pick(&names, "3").unwrap_err().contains("Müşteriler"));
    }
}
