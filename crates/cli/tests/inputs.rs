//! Customer files as users make them (issue 19, item 7; issue 17, item 3): the same 1,000
//! customers as UTF-8 CSV, as semicolon-separated Windows-1254 text with Turkish column names,
//! as tab-separated text, as .xlsx and as Parquet give identical results; the CSV, xlsx and
//! Parquet outputs read back (calamine, parquet) with one row per hit.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use calamine::{open_workbook, Data, Reader, Xlsx};

/// The shared test data: `$NAMESAKE_DATA` or `shared/data` above the repository. Missing data
/// fails under CI and skips (saying so) elsewhere.
fn shared(rel: &str) -> Option<PathBuf> {
    let candidates = std::env::var_os("NAMESAKE_DATA")
        .map(PathBuf::from)
        .into_iter()
        .chain(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .ancestors()
                .map(|a| a.join("shared").join("data")),
        );
    for d in candidates {
        let p = d.join(rel);
        if p.is_file() {
            return Some(p);
        }
    }
    if std::env::var_os("CI").is_some() {
        panic!("shared/data/{rel} not found (looked in $NAMESAKE_DATA and shared/data above the repository)");
    }
    eprintln!("skipping: shared/data/{rel} not found");
    None
}

const ENGLISH: [&str; 8] = [
    "full_name",
    "first_name",
    "middle_name",
    "last_name",
    "gender",
    "date_of_birth",
    "place_of_birth",
    "nationality",
];
const TURKISH: [&str; 8] = [
    "Ad Soyad",
    "Ad",
    "İkinci Ad",
    "Soyad",
    "Cinsiyet",
    "Doğum Tarihi",
    "Doğum Yeri",
    "Uyruk",
];

/// 1,000 customers: the UN-listed people of the evaluation set (hits) and people on no list,
/// each with an id; only rows Windows-1254 can hold, so that every variant has the same rows.
fn customers() -> Option<Vec<Vec<String>>> {
    let mut out = Vec::new();
    for f in ["positives_un_untreated.csv", "negatives_us.csv"] {
        let path = shared(&format!("eval/{f}"))?;
        let mut rdr = csv::Reader::from_path(&path).expect("read eval file");
        for rec in rdr.records() {
            let rec: Vec<String> = rec.expect("eval row").iter().map(String::from).collect();
            let (_, _, lossy) = encoding_rs::WINDOWS_1254.encode(&rec.join(""));
            if lossy {
                continue;
            }
            let mut row = vec![format!("C{:04}", out.len() + 1)];
            row.extend(rec);
            out.push(row);
            if out.len() == 1000 {
                return Some(out);
            }
        }
    }
    Some(out)
}

fn header(names: &[&str; 8], id: &str) -> Vec<String> {
    std::iter::once(id.to_string())
        .chain(names.iter().map(|s| s.to_string()))
        .collect()
}

fn write_delimited(path: &Path, header: &[String], rows: &[Vec<String>], delim: u8) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delim)
        .from_writer(Vec::new());
    w.write_record(header).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    let bytes = w.into_inner().unwrap();
    std::fs::write(path, &bytes).unwrap();
    bytes
}

fn write_xlsx(path: &Path, header: &[String], rows: &[Vec<String>]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Müşteriler").unwrap();
    for (r, row) in std::iter::once(header)
        .chain(rows.iter().map(|r| r.as_slice()))
        .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

fn write_parquet(path: &Path, header: &[String], rows: &[Vec<String>]) {
    use arrow_array::{ArrayRef, RecordBatch, StringArray};
    use arrow_schema::{DataType, Field, Schema};
    let schema = Arc::new(Schema::new(
        header
            .iter()
            .map(|h| Field::new(h, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    ));
    let columns: Vec<ArrayRef> = (0..header.len())
        .map(|c| {
            let col: StringArray = rows
                .iter()
                .map(|r| Some(r[c].as_str()).filter(|s| !s.is_empty()))
                .collect();
            Arc::new(col) as ArrayRef
        })
        .collect();
    let batch = RecordBatch::try_new(schema.clone(), columns).unwrap();
    let file = std::fs::File::create(path).unwrap();
    let mut w = parquet::arrow::ArrowWriter::try_new(file, schema, None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

struct Run {
    home: tempfile::TempDir,
    list: PathBuf,
}

impl Run {
    fn screen(&self, extra: &[&str]) -> (i32, String, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_namesake"))
            .env("NAMESAKE_HOME", self.home.path())
            // Progress lines every millisecond: stderr is a pipe here, as in a batch job's log.
            .env("NAMESAKE_PROGRESS_SECS", "0.001")
            .env("NAMESAKE_OFFLINE", "1")
            .env("LANG", "C")
            .env_remove("NAMESAKE_DATABASE")
            .arg("--database")
            .arg(self.home.path().join("store.db"))
            .args(["screen", "--no-audit", "--list"])
            .arg(&self.list)
            .args(extra)
            .output()
            .expect("run namesake");
        let r = (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        assert!(!r.2.contains("panicked"), "{extra:?} panicked: {}", r.2);
        r
    }

    fn path(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }
}

/// The JSON lines without the fields that name where a row was in its file.
fn results(jsonl: &str) -> Vec<serde_json::Value> {
    jsonl
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).expect("json line");
            v.as_object_mut().unwrap().remove("line");
            v
        })
        .collect()
}

#[test]
fn same_customers_in_every_format_give_identical_hits() {
    let (Some(list), Some(rows)) = (
        shared("lists/un_sc_consolidated_2026-02-27.xml"),
        customers(),
    ) else {
        return;
    };
    assert_eq!(rows.len(), 1000);
    let run = Run {
        home: tempfile::tempdir().unwrap(),
        list,
    };
    let en = header(&ENGLISH, "id");
    let tr = header(&TURKISH, "Müşteri No");
    write_delimited(&run.path("utf8.csv"), &en, &rows, b',');
    let semi = write_delimited(&run.path("tmp.csv"), &tr, &rows, b';');
    let (cp1254, _, lossy) = encoding_rs::WINDOWS_1254.encode(std::str::from_utf8(&semi).unwrap());
    assert!(!lossy);
    std::fs::write(run.path("excel_tr.csv"), &cp1254).unwrap();
    write_delimited(&run.path("tabs.tsv"), &en, &rows, b'\t');
    write_xlsx(&run.path("customers.xlsx"), &tr, &rows);
    write_parquet(&run.path("customers.parquet"), &en, &rows);

    let mut reference: Option<Vec<serde_json::Value>> = None;
    for f in [
        "utf8.csv",
        "excel_tr.csv",
        "tabs.tsv",
        "customers.xlsx",
        "customers.parquet",
    ] {
        let input = run.path(f);
        let (code, out, err) = run.screen(&["--input", input.to_str().unwrap()]);
        assert_eq!(code, 1, "{f}: exit {code}\n{err}");
        let got = results(&out);
        assert_eq!(got.len(), 1000, "{f}: {err}");
        match &reference {
            None => {
                let hits = got
                    .iter()
                    .filter(|v| v["hits"].as_array().is_some_and(|h| !h.is_empty()))
                    .count();
                assert!(
                    hits >= 500,
                    "only {hits} rows with hits from the UN-listed people"
                );
                assert_eq!(got[0]["input"]["name"], rows[0][1].as_str());
                reference = Some(got);
            }
            Some(r) => {
                for (i, (a, b)) in r.iter().zip(&got).enumerate() {
                    assert_eq!(a, b, "{f}: row {} differs from utf8.csv", i + 1);
                }
            }
        }
        assert!(
            err.contains("screened 1000 rows"),
            "{f}: no summary:\n{err}"
        );
        assert!(
            err.contains(" of 1000 rows ("),
            "{f}: no progress line:\n{err}"
        );
    }
    check_tabular_outputs(&run, reference.as_deref().unwrap());
}

/// `--output` as .csv, .xlsx and .parquet: one row per hit, the same hits as the JSON lines.
fn check_tabular_outputs(run: &Run, jsonl: &[serde_json::Value]) {
    let expected: Vec<(String, String, f64)> = jsonl
        .iter()
        .flat_map(|v| {
            let id = v["id"].as_str().unwrap().to_string();
            v["hits"].as_array().unwrap().iter().map(move |h| {
                (
                    id.clone(),
                    h["entity_id"].as_str().unwrap().to_string(),
                    h["score"].as_f64().unwrap(),
                )
            })
        })
        .collect();
    assert!(!expected.is_empty());
    let input = run.path("utf8.csv");
    for ext in ["csv", "xlsx", "parquet"] {
        let out = run.path(&format!("hits.{ext}"));
        let (code, _, err) = run.screen(&[
            "--input",
            input.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 1, "{ext}: {err}");
        let got = match ext {
            "csv" => read_csv_hits(&out),
            "xlsx" => read_xlsx_hits(&out),
            _ => read_parquet_hits(&out),
        };
        assert_eq!(got, expected, "{ext} output differs from the JSON lines");
    }
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

fn read_csv_hits(p: &Path) -> Vec<(String, String, f64)> {
    let mut rdr = csv::Reader::from_path(p).unwrap();
    let h: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let (i, e, s) = (col(&h, "id"), col(&h, "entity_id"), col(&h, "score"));
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            (r[i].to_string(), r[e].to_string(), r[s].parse().unwrap())
        })
        .collect()
}

fn read_xlsx_hits(p: &Path) -> Vec<(String, String, f64)> {
    let mut book: Xlsx<_> = open_workbook(p).expect("calamine opens the xlsx output");
    let range = book.worksheet_range("hits").expect("sheet hits");
    let mut rows = range.rows();
    let h: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let (i, e, s) = (col(&h, "id"), col(&h, "entity_id"), col(&h, "score"));
    rows.map(|r| {
        let score = match &r[s] {
            Data::Float(f) => *f,
            other => panic!("score cell {other:?} is not a number"),
        };
        (r[i].to_string(), r[e].to_string(), score)
    })
    .collect()
}

fn read_parquet_hits(p: &Path) -> Vec<(String, String, f64)> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::Float64Type;
    let file = std::fs::File::open(p).unwrap();
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let mut out = Vec::new();
    for b in reader {
        let b = b.unwrap();
        let id = b.column_by_name("id").unwrap().as_string::<i32>().clone();
        let ent = b
            .column_by_name("entity_id")
            .unwrap()
            .as_string::<i32>()
            .clone();
        let score = b
            .column_by_name("score")
            .unwrap()
            .as_primitive::<Float64Type>()
            .clone();
        for r in 0..b.num_rows() {
            out.push((
                id.value(r).to_string(),
                ent.value(r).to_string(),
                score.value(r),
            ));
        }
    }
    out
}

#[test]
fn an_empty_file_says_so() {
    let home = tempfile::tempdir().unwrap();
    let p = home.path().join("empty.csv");
    std::fs::write(&p, "").unwrap();
    // The input is read before the lists, so any existing file does as a list here.
    let out = Command::new(env!("CARGO_BIN_EXE_namesake"))
        .env("NAMESAKE_HOME", home.path())
        .env("LANG", "C")
        .args(["screen", "--no-audit", "--list"])
        .arg(&p)
        .arg("--input")
        .arg(&p)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("the file is empty"), "{err}");
}

#[test]
fn a_file_without_a_name_column_names_what_it_found() {
    let home = tempfile::tempdir().unwrap();
    let p = home.path().join("c.csv");
    std::fs::write(&p, "musteri_kodu;unvani;dogum\n1;Ali Veli;1990\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_namesake"))
        .env("NAMESAKE_HOME", home.path())
        .env("LANG", "C")
        .args(["screen", "--no-audit", "--list"])
        .arg(&p)
        .arg("--input")
        .arg(&p)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("\"unvani\"") && err.contains("ad_soyad"),
        "{err}"
    );
}
