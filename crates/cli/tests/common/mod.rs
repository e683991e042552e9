//! Helpers for the CLI's store tests: the shared data, a database per engine, list versions
//! made by editing a real list, and a generator of registered subjects.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A file of `shared/data/lists`, or `None` (not in CI: skipped with a note) when absent.
pub fn list_file(name: &str) -> Option<PathBuf> {
    namesake_testdata::require_list(name)
}

/// A store for one test: an SQLite file, or a fresh schema on the PostgreSQL test server.
pub struct Env {
    /// `--database` value.
    pub db: String,
    /// `NAMESAKE_HOME` (index cache), also holding the SQLite file and test files.
    pub home: tempfile::TempDir,
    pg: Option<(String, String)>,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl Env {
    pub fn sqlite(_case: &str) -> Option<Env> {
        let home = tempfile::tempdir().expect("tempdir");
        let db = home.path().join("store.db").display().to_string();
        Some(Env { db, home, pg: None })
    }

    pub fn postgres(case: &str) -> Option<Env> {
        let url = namesake_testdata::require_postgres_url()?;
        let schema = format!(
            "cli_{case}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        )
        .to_lowercase();
        let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
        c.batch_execute(&format!("CREATE SCHEMA \"{schema}\""))
            .expect("create schema");
        let sep = if url.contains('?') { '&' } else { '?' };
        let db = format!("{url}{sep}options=-c%20search_path%3D{schema}");
        Some(Env {
            db,
            home: tempfile::tempdir().expect("tempdir"),
            pg: Some((url, schema)),
        })
    }

    /// The `namesake` binary with this store and home.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_namesake"));
        c.env("NAMESAKE_HOME", self.home.path())
            .env_remove("NAMESAKE_DATABASE")
            .env_remove("NAMESAKE_TEST_PAUSE_IMPORT")
            .env_remove("NAMESAKE_TEST_PAUSE_DELIVERY")
            .env("NAMESAKE_OFFLINE", "1")
            .arg("--database")
            .arg(&self.db);
        c
    }

    /// Runs `namesake ARGS`; returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd().args(args).output().expect("run namesake");
        let r = (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        assert!(
            !r.2.contains("panicked"),
            "namesake {args:?} panicked:\n{}",
            r.2
        );
        r
    }

    /// Runs and expects exit code `code`.
    pub fn ok(&self, code: i32, args: &[&str]) -> String {
        let (c, out, err) = self.run(args);
        assert_eq!(
            c, code,
            "namesake {args:?} exited {c}\nstdout:\n{out}\nstderr:\n{err}"
        );
        out
    }

    /// Runs SQL against the store behind namesake's back.
    pub fn raw(&self, sql: &str) {
        match &self.pg {
            Some((url, schema)) => {
                let mut c = postgres::Client::connect(url, postgres::NoTls).expect("connect");
                c.batch_execute(&format!("SET search_path TO \"{schema}\"; {sql}"))
                    .expect("raw sql");
            }
            None => rusqlite::Connection::open(&self.db)
                .expect("open")
                .execute_batch(sql)
                .expect("raw sql"),
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some((url, schema)) = &self.pg {
            if let Ok(mut c) = postgres::Client::connect(url, postgres::NoTls) {
                let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"));
            }
        }
    }
}

/// The entity blocks of a UN XML list.
fn blocks<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let Some(j) = rest[i..].find(&close) else {
            break;
        };
        out.push(&rest[i..i + j + close.len()]);
        rest = &rest[i + j + close.len()..];
    }
    out
}

/// The names the UN list gives one individual block (first + second name).
fn block_name(block: &str) -> String {
    let field = |t: &str| {
        let open = format!("<{t}>");
        block
            .find(&open)
            .and_then(|i| {
                block[i + open.len()..]
                    .find('<')
                    .map(|j| block[i + open.len()..i + open.len() + j].to_string())
            })
            .unwrap_or_default()
    };
    format!("{} {}", field("FIRST_NAME"), field("SECOND_NAME"))
        .trim()
        .to_string()
}

/// Two versions of the UN list: the real file, and an edit of it with one individual removed,
/// one added (`ZEBULON QUARTERMAINE`), one renamed and one with a changed remark.
pub struct UnVersions {
    pub v1: PathBuf,
    pub v2: PathBuf,
    /// The removed individual's name.
    pub removed: String,
    /// The added individual's name.
    pub added: String,
    /// The renamed individual: (old name, new name).
    pub renamed: (String, String),
    /// The individual whose remark changed.
    pub remark_changed: String,
}

pub fn un_versions(dir: &Path) -> Option<UnVersions> {
    let src = list_file("un_sc_consolidated_2026-02-27.xml")?;
    let xml = std::fs::read_to_string(&src).expect("read UN list");
    let people = blocks(&xml, "INDIVIDUAL");
    let (gone, renamed, remark, template) = (people[0], people[1], people[2], people[3]);
    let new_second = "QUARTERMAINE-VOSS";
    let renamed_new = renamed.replacen(
        &format!(
            "<SECOND_NAME>{}",
            block_name(renamed).split(' ').next_back().unwrap_or("")
        ),
        &format!("<SECOND_NAME>{new_second}"),
        1,
    );
    assert_ne!(renamed_new, renamed, "rename edit did not apply");
    let remark_new = remark.replacen("<COMMENTS1>", "<COMMENTS1>Amended 2026-03-01. ", 1);
    let remark_new = if remark_new == remark {
        remark.replacen(
            "<GENDER>",
            "<COMMENTS1>Amended 2026-03-01.</COMMENTS1>\n      <GENDER>",
            1,
        )
    } else {
        remark_new
    };
    let ref_start =
        template.find("<REFERENCE_NUMBER>").expect("reference") + "<REFERENCE_NUMBER>".len();
    let ref_end = ref_start + template[ref_start..].find('<').expect("reference end");
    let mut added = String::new();
    added.push_str(&template[..ref_start]);
    added.push_str("TSTi.001");
    added.push_str(&template[ref_end..]);
    let added = replace_tag(&added, "FIRST_NAME", "ZEBULON");
    let added = replace_tag(&added, "SECOND_NAME", "QUARTERMAINE");
    let added = replace_tag(&added, "THIRD_NAME", "");
    let added = replace_tag(&added, "DATAID", "99999901");
    let v2 = xml
        .replacen(gone, "", 1)
        .replacen(renamed, &renamed_new, 1)
        .replacen(remark, &remark_new, 1)
        .replacen("</INDIVIDUALS>", &format!("{added}\n  </INDIVIDUALS>"), 1);
    let v1p = dir.join("un_v1.xml");
    let v2p = dir.join("un_v2.xml");
    std::fs::copy(&src, &v1p).expect("copy");
    std::fs::write(&v2p, v2).expect("write v2");
    let old = block_name(renamed);
    let first = old
        .rsplit_once(' ')
        .map_or(old.clone(), |(f, _)| f.to_string());
    Some(UnVersions {
        v1: v1p,
        v2: v2p,
        removed: block_name(gone),
        added: "ZEBULON QUARTERMAINE".into(),
        renamed: (old, format!("{first} {new_second}")),
        remark_changed: block_name(remark),
    })
}

fn replace_tag(block: &str, tag: &str, value: &str) -> String {
    let open = format!("<{tag}>");
    match block.find(&open) {
        Some(i) => {
            let start = i + open.len();
            match block[start..].find('<') {
                Some(j) => format!("{}{value}{}", &block[..start], &block[start + j..]),
                None => block.to_string(),
            }
        }
        None => block.to_string(),
    }
}

/// SplitMix64, for reproducible subjects.
pub struct Rng(u64);
impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const SYLLABLES: &[&str] = &[
    "an", "bel", "cor", "dan", "el", "fen", "gar", "hol", "is", "jor", "kel", "lin", "mar", "nor",
    "ol", "pel", "quin", "ros", "sel", "tor", "ul", "ven", "wil", "yor", "zan", "berg", "son",
    "ley", "ton", "ford",
];

/// Writes a customer CSV (`id,name,date_of_birth,nationality`) of `n` made-up people, with the
/// `planted` names (no birth date or nationality, so only the name decides) at the given rows;
/// returns the path.
pub fn subjects_csv(path: &Path, n: usize, planted: &[(usize, &str)], seed: u64) -> PathBuf {
    use std::io::Write;
    let mut rng = Rng::new(seed);
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).expect("create subjects"));
    writeln!(w, "id,name,date_of_birth,nationality").expect("write");
    let word = |rng: &mut Rng| {
        let k = 2 + (rng.next() % 2) as usize;
        let mut s: String = (0..k).map(|_| rng.pick(SYLLABLES)).collect();
        if let Some(f) = s.get_mut(..1) {
            f.make_ascii_uppercase();
        }
        s
    };
    for i in 0..n {
        let first = word(&mut rng);
        let last = word(&mut rng);
        let year = 1940 + rng.next() % 65;
        let country = rng.pick(&["gb", "de", "fr", "tr", "us", "ng"]);
        match planted.iter().find(|(row, _)| *row == i) {
            Some((_, name)) => writeln!(w, "C{i:06},{name},,"),
            None => writeln!(w, "C{i:06},{first} {last},{year},{country}"),
        }
        .expect("write");
    }
    path.to_path_buf()
}
