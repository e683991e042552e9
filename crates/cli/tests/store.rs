//! The store through the `namesake` command, on SQLite and on PostgreSQL: list versions and
//! diffs, an import killed half-way, the audit chain against an edit made in SQL, decisions,
//! and re-screening 100,000 registered subjects.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Instant;

use common::*;
use serde_json::Value;

macro_rules! suite {
    ($engine:ident, $open:path, [$($case:ident),* $(,)?]) => {
        mod $engine {
            $(
                #[test]
                fn $case() {
                    let Some(env) = $open(stringify!($case)) else { return };
                    super::cases::$case(&env);
                }
            )*
        }
    };
}

macro_rules! all_cases {
    ($engine:ident, $open:path) => {
        suite!(
            $engine,
            $open,
            [
                import_records_versions_and_diff_lists_changes,
                ofac_consolidated_xml_two_versions_and_diff,
                killed_import_leaves_previous_version_serving,
                audit_verify_detects_a_record_edited_in_sql,
                false_positive_suppressed_until_entity_changes,
                rescreen_100k_subjects_touches_only_changed_entities,
                rescreen_with_unwritable_output_delivers_at_the_next_run,
                screening_without_lists_says_what_to_do,
            ]
        );
    };
}

all_cases!(sqlite, crate::common::Env::sqlite);
all_cases!(postgres, crate::common::Env::postgres);

/// Added, removed and changed entity ids between two list files, computed from the parsers
/// alone (not the store).
fn expected_diff(
    v1: &std::path::Path,
    v2: &std::path::Path,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let load = |p: &std::path::Path| -> BTreeMap<String, Value> {
        namesake_sources::load(p)
            .expect("parse")
            .entities
            .into_iter()
            .map(|e| (e.id.clone(), serde_json::to_value(&e).expect("json")))
            .collect()
    };
    let (a, b) = (load(v1), load(v2));
    let added = b.keys().filter(|k| !a.contains_key(*k)).cloned().collect();
    let removed = a.keys().filter(|k| !b.contains_key(*k)).cloned().collect();
    let changed = b
        .iter()
        .filter(|(k, v)| a.get(*k).is_some_and(|old| old != *v))
        .map(|(k, _)| k.clone())
        .collect();
    (added, removed, changed)
}

fn ids(v: &Value, field: &str, id: &str) -> Vec<String> {
    let mut out: Vec<String> = v[field]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e[id].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}):\n{s}"))
}

mod cases {
    use super::*;

    pub fn import_records_versions_and_diff_lists_changes(env: &Env) {
        let Some(un) = un_versions(env.home.path()) else {
            return;
        };
        let v1 = un.v1.to_str().unwrap();
        let v2 = un.v2.to_str().unwrap();
        assert!(env.ok(0, &["import", v1]).contains("version"));
        assert!(env.ok(0, &["import", v1]).contains("unchanged"));
        env.ok(0, &["import", v2]);
        let versions = json(&env.ok(0, &["lists", "--json"]));
        let vs = versions.as_array().unwrap();
        assert_eq!(vs.len(), 2, "{versions}");
        assert_eq!(vs[0]["list"], "un");
        assert_eq!(
            (vs[0]["current"].as_bool(), vs[1]["current"].as_bool()),
            (Some(false), Some(true))
        );

        let (added, removed, changed) = expected_diff(&un.v1, &un.v2);
        assert_eq!(
            (added.len(), removed.len(), changed.len()),
            (1, 1, 2),
            "the edit of the list"
        );
        let d = json(&env.ok(0, &["diff", "--json"]));
        let d = &d[0];
        assert_eq!(ids(d, "added", "id"), added);
        assert_eq!(ids(d, "removed", "id"), removed);
        assert_eq!(ids(d, "changed", "entity_id"), changed);
        // Field by field: the renamed entity changed its names, the other its remarks.
        let fields: Vec<Vec<String>> = d["changed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| ids(c, "fields", "field"))
            .collect();
        assert!(fields.contains(&vec!["names".to_string()]), "{fields:?}");
        assert!(
            fields.iter().any(|f| f.contains(&"remarks".to_string())),
            "{fields:?}"
        );

        let text = env.ok(0, &["diff"]);
        assert!(text.contains("1 added, 1 removed, 2 changed"), "{text}");
        assert!(
            text.lines()
                .any(|l| l.starts_with("+ ") && l.contains(&un.added)),
            "{text}"
        );
        assert!(
            text.lines()
                .any(|l| l.starts_with("- ") && l.contains(&un.removed)),
            "{text}"
        );
        assert!(
            text.contains("names: + ") && text.contains("names: - "),
            "{text}"
        );
        // Explicit list and versions give the same comparison.
        let first = vs[0]["id"].to_string();
        let second = vs[1]["id"].to_string();
        assert_eq!(env.ok(0, &["diff", "un", &first, &second]), text);
        assert_eq!(env.ok(0, &["diff", &first, &second]), text);

        // Screening without --list uses the current version.
        env.ok(1, &["screen", &un.added]);
        let out = env.ok(1, &["screen", "--json", &un.renamed.1]);
        assert!(out.contains("QUARTERMAINE-VOSS"), "{out}");
    }

    pub fn ofac_consolidated_xml_two_versions_and_diff(env: &Env) {
        let (Some(a), Some(b)) = (
            list_file("ofac_consolidated_nonsdn_2025-03-28.xml"),
            list_file("ofac_consolidated_nonsdn_2026-01-08.xml"),
        ) else {
            return;
        };
        // A detection failure is a parser regression, never a reason to skip.
        namesake_sources::detect(&a).expect("OFAC consolidated XML is detected");
        let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
        env.ok(0, &["import", a]);
        env.ok(0, &["import", b]);
        let versions = json(&env.ok(0, &["lists", "--json"]));
        assert_eq!(versions.as_array().unwrap().len(), 2, "{versions}");
        let (added, removed, changed) = expected_diff(a.as_ref(), b.as_ref());
        assert!(
            !(added.is_empty() && removed.is_empty() && changed.is_empty()),
            "the two files differ"
        );
        let d = json(&env.ok(0, &["diff", "--json"]));
        assert_eq!(ids(&d[0], "added", "id"), added);
        assert_eq!(ids(&d[0], "removed", "id"), removed);
        assert_eq!(ids(&d[0], "changed", "entity_id"), changed);
        let text = env.ok(0, &["diff"]);
        eprintln!("{}", text.lines().next().unwrap_or(""));
        assert!(
            text.contains(&format!(
                "{} added, {} removed, {} changed",
                added.len(),
                removed.len(),
                changed.len()
            )),
            "{text}"
        );
    }

    pub fn killed_import_leaves_previous_version_serving(env: &Env) {
        let Some(un) = un_versions(env.home.path()) else {
            return;
        };
        env.ok(0, &["import", un.v1.to_str().unwrap()]);
        let mut child = env
            .cmd()
            .args(["import", un.v2.to_str().unwrap()])
            .env(namesake_store::PAUSE_IMPORT_ENV, "120")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn import");
        let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
        let mut line = String::new();
        loop {
            line.clear();
            if stderr.read_line(&mut line).expect("read stderr") == 0 {
                panic!("the import ended before pausing inside its transaction");
            }
            if line.contains("pausing") {
                break;
            }
        }
        // The new version's entities are written, not committed. Kill -9.
        child.kill().expect("kill");
        child.wait().expect("wait");

        let versions = json(&env.ok(0, &["lists", "--json"]));
        assert_eq!(
            versions.as_array().unwrap().len(),
            1,
            "only the first version: {versions}"
        );
        // The first version still screens: its entity is found, the killed import's is not.
        env.ok(1, &["screen", &un.removed]);
        env.ok(0, &["screen", &un.added]);
        assert!(env.ok(0, &["audit", "verify"]).contains("intact"));
        // The same import runs through afterwards (no lock left behind).
        assert!(env
            .ok(0, &["import", un.v2.to_str().unwrap()])
            .contains("recorded"));
        env.ok(1, &["screen", &un.added]);
    }

    pub fn audit_verify_detects_a_record_edited_in_sql(env: &Env) {
        let Some(un) = un_versions(env.home.path()) else {
            return;
        };
        env.ok(0, &["import", un.v1.to_str().unwrap()]);
        let csv = subjects_csv(
            &env.path("batch.csv"),
            200,
            &[(3, &un.removed), (150, &un.remark_changed)],
            7,
        );
        let out = env.path("out.jsonl");
        env.ok(
            1,
            &[
                "screen",
                "--input",
                csv.to_str().unwrap(),
                "--output",
                out.to_str().unwrap(),
            ],
        );
        let lines = std::fs::read_to_string(&out).unwrap();
        let row3 = json(lines.lines().nth(3).unwrap());
        assert_eq!(row3["subject_key"], "id:C000003");
        assert!(!row3["hits"].as_array().unwrap().is_empty());
        // The import's record, then one per row.
        assert!(env
            .ok(0, &["audit", "verify"])
            .contains("intact: 201 record(s)"));

        let jsonl = env.ok(0, &["audit", "export"]);
        let mut records: Vec<Value> = jsonl.lines().map(json).collect();
        assert_eq!(records.len(), 201);
        assert_eq!(records.remove(0)["kind"], "list_import");
        assert_eq!(records[3]["subject"]["subject_key"], "id:C000003");
        assert_eq!(records[3]["kind"], "batch");
        assert_eq!(records[3]["list_versions"][0]["list"], "un");
        assert_eq!(records[3]["threshold"], 0.7);
        assert_eq!(
            records[3]["hits"],
            row3["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| serde_json::json!({"entity_id": h["entity_id"], "score": h["score"]}))
                .collect::<Value>()
        );
        let csv_out = env.path("audit.csv");
        env.ok(
            0,
            &[
                "audit",
                "export",
                "--format",
                "csv",
                "--output",
                csv_out.to_str().unwrap(),
            ],
        );
        let mut rdr = csv::Reader::from_path(&csv_out).unwrap();
        assert_eq!(rdr.records().count(), 201);

        // Someone with database rights lifts the guard and rewrites a record's hits.
        if env.is_postgres() {
            env.raw("DROP TRIGGER audit_log_no_change ON audit_log");
        } else {
            env.raw("DROP TRIGGER audit_log_no_update");
        }
        env.raw("UPDATE audit_log SET hits = '[]' WHERE seq = 5");
        let (code, _, err) = env.run(&["audit", "verify"]);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("broken at record 5") && err.contains("edited"),
            "{err}"
        );
    }

    pub fn false_positive_suppressed_until_entity_changes(env: &Env) {
        let Some(un) = un_versions(env.home.path()) else {
            return;
        };
        env.ok(0, &["import", un.v1.to_str().unwrap()]);
        let name = un.remark_changed.as_str();
        let first = json(&env.ok(1, &["screen", "--json", "--subject-id", "C-9", name]));
        assert_eq!(first["subject_key"], "id:C-9");
        let entity = first["hits"][0]["entity_id"].as_str().unwrap().to_string();
        assert!(first["hits"][0].get("suppressed").is_none());
        env.ok(
            0,
            &[
                "decide",
                "id:C-9",
                &entity,
                "--false-positive",
                "--reason",
                "born 30 years later",
                "--by",
                "analyst",
            ],
        );

        let again = json(
            &env.run(&["screen", "--json", "--subject-id", "C-9", name])
                .1,
        );
        let hit = again["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["entity_id"] == entity.as_str())
            .expect("still reported");
        assert_eq!(hit["suppressed"], true);
        // Another subject with the same name is not covered.
        let other = json(&env.ok(1, &["screen", "--json", "--subject-id", "C-10", name]));
        assert!(other["hits"][0].get("suppressed").is_none());
        // The audit log keeps the suppressed hit, marked.
        let audit: Vec<Value> = env.ok(0, &["audit", "export"]).lines().map(json).collect();
        // import, screening, decision, screening: the last screening of C-9 is the 4th.
        let rec = &audit[3];
        assert_eq!(audit[2]["kind"], "decision");
        assert_eq!(rec["subject"]["subject_key"], "id:C-9");
        assert!(rec["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["entity_id"] == entity.as_str() && h["suppressed"] == true));

        // The listed entity changes: the hit comes back.
        env.ok(0, &["import", un.v2.to_str().unwrap()]);
        let reopened = json(&env.ok(1, &["screen", "--json", "--subject-id", "C-9", name]));
        let hit = reopened["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["entity_id"] == entity.as_str())
            .expect("reported");
        assert!(hit.get("suppressed").is_none(), "{hit}");
        // Deciding an unknown entity is an error, not a silent record, even with --force.
        let (code, _, err) = env.run(&[
            "decide",
            "id:C-9",
            "un:NOPE",
            "--true-match",
            "--reason",
            "x",
            "--force",
        ]);
        assert_eq!(code, 2);
        assert!(err.contains("import its list first"), "{err}");
    }

    /// Issue 13: the run was committed before its alerts were written; a bad `--output` (or a
    /// crash after the commit, the same point) lost them for good.
    pub fn rescreen_with_unwritable_output_delivers_at_the_next_run(env: &Env) {
        let Some(un) = un_versions(env.home.path()) else {
            return;
        };
        env.ok(0, &["import", un.v1.to_str().unwrap()]);
        let csv = subjects_csv(&env.path("customers.csv"), 200, &[(7, &un.removed)], 7);
        env.ok(0, &["subjects", "import", csv.to_str().unwrap()]);
        let bad = env.path("no-such-folder/alerts.jsonl");
        let (code, _, err) = env.run(&["rescreen", "--output", bad.to_str().unwrap()]);
        assert_eq!(code, 2, "an unwritable output is an error: {err}");
        let good = env.path("alerts.jsonl");
        let (code, _, err) = env.run(&["rescreen", "--output", good.to_str().unwrap()]);
        assert_eq!(code, 1, "the undelivered alerts come back: {err}");
        assert!(err.contains("never delivered"), "{err}");
        let first = std::fs::read_to_string(&good).expect("alerts written");
        assert!(first.contains(&un.removed), "{first}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&good).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "outputs are private");
        }
        // Delivered now: the next run has nothing to say.
        let again = env.path("again.jsonl");
        env.ok(0, &["rescreen", "--output", again.to_str().unwrap()]);
        assert_eq!(std::fs::read_to_string(&again).expect("written"), "");
    }

    pub fn rescreen_100k_subjects_touches_only_changed_entities(env: &Env) {
        let Some(un) = un_versions(env.home.path()) else {
            return;
        };
        let v1 = un.v1.to_str().unwrap();
        env.ok(0, &["import", v1]);
        let planted = [
            (10usize, un.added.as_str()),
            (20, un.renamed.1.as_str()),
            (30, un.removed.as_str()),
            (40, un.remark_changed.as_str()),
        ];
        let csv = subjects_csv(&env.path("customers.csv"), 100_000, &planted, 42);
        let t = Instant::now();
        let out = env.ok(0, &["subjects", "import", csv.to_str().unwrap()]);
        assert!(out.contains("100000 registered"), "{out}");
        eprintln!("subjects import of 100,000: {:.2?}", t.elapsed());
        // These customers were screened in full before (batch): start from here.
        env.ok(0, &["rescreen", "--baseline"]);

        env.ok(0, &["import", un.v2.to_str().unwrap()]);
        let (added, _, changed) = expected_diff(&un.v1, &un.v2);
        let t = Instant::now();
        let (code, out, err) = env.run(&["rescreen", "--json"]);
        let took = t.elapsed();
        eprintln!("rescreen of 100,000 subjects after the update: {took:.2?}\n{err}");
        assert_eq!(code, 1, "new alerts exit 1: {err}");
        assert!(
            err.contains(&format!("against {} changed", added.len() + changed.len())),
            "{err}"
        );
        let alerts: Vec<Value> = out.lines().map(json).collect();
        let by_subject: BTreeMap<&str, (&str, &str)> = alerts
            .iter()
            .map(|a| {
                (
                    a["row_id"].as_str().unwrap(),
                    (
                        a["entity_id"].as_str().unwrap(),
                        a["reason"].as_str().unwrap(),
                    ),
                )
            })
            .collect();
        assert_eq!(
            by_subject.get("C000010").map(|x| x.1),
            Some("added"),
            "{alerts:?}"
        );
        assert_eq!(
            by_subject.get("C000020").map(|x| x.1),
            Some("changed"),
            "{alerts:?}"
        );
        assert_eq!(
            by_subject.get("C000040").map(|x| x.1),
            Some("changed"),
            "{alerts:?}"
        );
        assert!(
            !by_subject.contains_key("C000030"),
            "a removed entity raises no alert"
        );
        for a in &alerts {
            let id = a["entity_id"].as_str().unwrap().to_string();
            assert!(
                added.contains(&id) || changed.contains(&id),
                "alert on an unchanged entity: {a}"
            );
        }
        // Nothing changed since: nothing to screen.
        let (code, out, err) = env.run(&["rescreen", "--json"]);
        assert_eq!((code, out.as_str()), (0, ""), "{err}");
        assert!(err.contains("0 new alert"), "{err}");
        assert!(env.ok(0, &["audit", "verify"]).contains("intact"));
    }

    pub fn screening_without_lists_says_what_to_do(env: &Env) {
        let (code, _, err) = env.run(&["screen", "Jane Roe"]);
        assert_eq!(code, 2);
        assert!(err.contains("namesake import"), "{err}");
        let out = env.ok(0, &["lists"]);
        assert!(out.contains("no list imported"), "{out}");
    }
}

#[test]
fn garbage_database_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("namesake.db");
    std::fs::write(
        &db,
        b"this is not an SQLite database, just some bytes that someone wrote here".repeat(200),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_namesake"))
        .env("NAMESAKE_HOME", dir.path())
        .args(["--database", db.to_str().unwrap(), "lists"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(db.to_str().unwrap()) && err.contains("corrupted"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn default_store_lives_in_the_data_directory() {
    let Some(un) = list_file("un_sc_consolidated_2026-02-27.xml") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_namesake"))
        .env("NAMESAKE_HOME", dir.path())
        .env_remove("NAMESAKE_DATABASE")
        .args(["import", un.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("namesake.db").is_file());
}
