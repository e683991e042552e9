//! Delimited text: comma, semicolon (Excel's CSV where the decimal mark is a comma, as in
//! Türkiye) or tab, detected from the header line unless given.

use super::table::{Table, TableRow};

/// The delimiters tried, in order of preference on a tie.
const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];

/// The delimiter named on the command line: `,` `;` `|`, `tab` or `\t`.
pub fn delimiter_by_name(s: &str) -> Option<u8> {
    match s {
        "tab" | "\\t" | "\t" | "TAB" => Some(b'\t'),
        s if s.len() == 1 && s.is_ascii() && s != "\"" && s != "\n" => s.bytes().next(),
        _ => None,
    }
}

/// The candidate that occurs most often outside quotes in the first non-blank line (a comma
/// on a tie or when none occurs).
pub fn detect_delimiter(text: &str) -> u8 {
    let Some(line) = text.lines().find(|l| !l.trim().is_empty()) else {
        return b',';
    };
    let mut counts = [0usize; CANDIDATES.len()];
    let mut quoted = false;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                counts[i] += 1;
            }
        }
    }
    let mut best = 0;
    for i in 1..CANDIDATES.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    CANDIDATES[best]
}

/// Reads decoded text as a table with its first non-blank line as the header.
pub fn read(text: &str, delimiter: u8) -> Result<Table, String> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    // The csv crate's record position is where it started reading, before the blank lines it
    // skips: the record's own line is the first non-blank one from there.
    let lines: Vec<&str> = text.split('\n').collect();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |byte: u64| {
        let mut l = line_starts.partition_point(|&s| s as u64 <= byte);
        while l < lines.len() && lines[l - 1].trim().is_empty() {
            l += 1;
        }
        l
    };
    let mut table = Table::default();
    let mut header_seen = false;
    let mut last_multiline = None;
    for rec in rdr.records() {
        let rec = rec.map_err(|e| match e.position() {
            Some(p) => format!("line {}: {e}", line_of(p.byte())),
            None => e.to_string(),
        })?;
        let line = rec.position().map_or(0, |p| line_of(p.byte()));
        // A value with a line break, in the last record: perhaps a quote never closed.
        last_multiline = rec
            .iter()
            .any(|c| c.contains('\n'))
            .then(|| (line, rec.position().map_or(0, |p| p.byte() as usize)));
        let cells: Vec<String> = rec.iter().map(str::to_string).collect();
        if !header_seen {
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            table.header = cells;
            header_seen = true;
        } else {
            table.rows.push(TableRow { line, cells });
        }
    }
    if let Some((line, start)) = last_multiline {
        if unclosed_quote(text.get(start..).unwrap_or_default()) {
            return Err(format!(
                "line {line}: a quoted value is never closed, so the rest of the file would be read as one value; close the quote or remove it"
            ));
        }
    }
    Ok(table)
}

/// Whether the last record of a file, `last` (its text from its start to the end of the file),
/// holding a line break in a value, is a quote opened and never closed, which the csv reader
/// reads to the end of the file as one value: its quotes are then odd in number (a closed
/// quoted value holds an even number: its own two and the doubled ones).
fn unclosed_quote(last: &str) -> bool {
    last.matches('"').count() % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_the_three_delimiters() {
        assert_eq!(detect_delimiter("id,name,dob\n1,A,1990"), b',');
        assert_eq!(detect_delimiter("id;name;dob\n1;A;1990"), b';');
        assert_eq!(detect_delimiter("id\tname\tdob\n"), b'\t');
        // A comma inside a quoted header cell does not count.
        assert_eq!(detect_delimiter("\"id, the key\";name\n"), b';');
        assert_eq!(detect_delimiter("name\nA\n"), b',');
    }

    #[test]
    fn reads_rows_with_their_line_numbers() {
        let t = read("\nad;soyad\nAli;Veli\n\n\"Ay;şe\";Kaya\n", b';').unwrap();
        assert_eq!(t.header, vec!["ad", "soyad"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].line, 3);
        assert_eq!(t.rows[1].line, 5);
        assert_eq!(t.rows[1].cells, vec!["Ay;şe", "Kaya"]);
    }

    #[test]
    fn an_unclosed_quote_names_its_line() {
        let e = read("name;dob\nAli;1990\n\"Veli;1991\nAyşe;1992\n", b';').unwrap_err();
        assert!(
            e.starts_with("line 3: a quoted value is never closed"),
            "{e}"
        );
        // A closed quoted value may hold a line break, and a quote inside a value is a letter.
        let t = read("name;note\n\"Ali\";\"two\nlines\"\nO\"Brien;x\n", b';').unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].cells[0], "O\"Brien");
    }

    #[test]
    fn delimiter_names() {
        assert_eq!(delimiter_by_name("tab"), Some(b'\t'));
        assert_eq!(delimiter_by_name(";"), Some(b';'));
        assert_eq!(delimiter_by_name("ab"), None);
    }
}
