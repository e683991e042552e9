//! Decisions as a user meets them (issue 19, item 9), on SQLite and PostgreSQL: `decide`
//! refuses an entity no screening reported for the subject (the README's old example), accepts
//! it with `--force` saying so, names who screened and decided; `decisions list|export|revoke`
//! keep the whole history, and a revoked false positive alerts again.

mod common;

use common::*;
use serde_json::Value;

macro_rules! suite {
    ($engine:ident, $open:path, [$($case:ident),* $(,)?]) => {
        mod $engine {
            $(
                #[test]
                fn $case() {
                    let Some(env) = $open(stringify!($case)) else { return };
                    super::$case(&env);
                }
            )*
        }
    };
}

suite!(
    sqlite,
    crate::common::Env::sqlite,
    [
        decide_refuses_an_entity_that_was_never_a_hit,
        revoked_false_positive_alerts_again_and_stays_in_the_log,
    ]
);
suite!(
    postgres,
    crate::common::Env::postgres,
    [
        decide_refuses_an_entity_that_was_never_a_hit,
        revoked_false_positive_alerts_again_and_stays_in_the_log,
    ]
);

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

/// Imports the UN list; returns false (skipped) when it is absent outside CI.
fn import_un(env: &Env) -> bool {
    let Some(un) = list_file("un_sc_consolidated_2026-02-27.xml") else {
        return false;
    };
    env.ok(0, &["import", un.to_str().unwrap()]);
    true
}

/// Screens `name` for subject `id`; returns the entity ids hit and whether each is suppressed.
fn screen(env: &Env, id: &str, name: &str, code: i32) -> Vec<(String, bool)> {
    let out = json(&env.ok(
        code,
        &["screen", "--json", "--subject-id", id, name, "--by", "ayse"],
    ));
    out["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["entity_id"].as_str().unwrap().to_string(),
                h["suppressed"] == true,
            )
        })
        .collect()
}

fn decisions(env: &Env) -> Vec<Value> {
    json(&env.ok(0, &["decisions", "list", "--json"]))
        .as_array()
        .unwrap()
        .clone()
}

fn decide_refuses_an_entity_that_was_never_a_hit(env: &Env) {
    if !import_un(env) {
        return;
    }
    let hits = screen(env, "C-17", "YILMAZ, Adem", 1);
    let hit = hits.first().expect("a hit").0.clone();
    // An entity of the list, but not a hit for this customer: refused, saying how to proceed.
    let other = "un:QDi.015";
    assert!(hits.iter().all(|(e, _)| e != other), "{hits:?}");
    let args = [
        "decide",
        "id:C-17",
        other,
        "--false-positive",
        "--reason",
        "born 1990",
    ];
    let (code, _, err) = env.run(&args);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("never reported as a hit") && err.contains("--force"),
        "{err}"
    );
    // Another subject's hit is not this subject's.
    let (code, _, err) = env.run(&["decide", "id:C-99", &hit, "--true-match", "--reason", "x"]);
    assert_eq!(code, 2, "{err}");
    assert!(decisions(env).is_empty(), "nothing recorded when refused");

    // The real hit: recorded, naming the screening that reported it.
    let out = env.ok(
        0,
        &[
            "decide",
            "id:C-17",
            &hit,
            "--true-match",
            "--reason",
            "same passport",
            "--by",
            "mehmet",
        ],
    );
    // The import before it is a record of the chain too, so the screening's number varies.
    assert!(
        out.contains("hit in audit record ") && out.contains(" (screen)"),
        "{out}"
    );
    // --force records the other, with a warning and a note in the record.
    let mut forced = args.to_vec();
    forced.push("--force");
    let (code, _, err) = env.run(&forced);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("never reported as a hit"), "{err}");
    let log = decisions(env);
    assert_eq!(log.len(), 2);
    assert_eq!(log[0]["by"], "mehmet");
    assert_eq!(log[0]["status"], "in_force");
    assert!(
        log[1]["reason"].as_str().unwrap().contains("--force"),
        "{}",
        log[1]
    );
    assert!(!log[0]["reason"].as_str().unwrap().contains("--force"));
    // `screen --by` names who screened in the audit log.
    let export = env.ok(0, &["audit", "export"]);
    let audit = export
        .lines()
        .map(json)
        .find(|r| r["kind"] == "screen")
        .expect("the screening's record");
    assert_eq!(audit["who"], "ayse");
}

fn revoked_false_positive_alerts_again_and_stays_in_the_log(env: &Env) {
    if !import_un(env) {
        return;
    }
    let name = "YILMAZ, Adem";
    let entity = screen(env, "C-17", name, 1)[0].0.clone();
    env.ok(
        0,
        &[
            "decide",
            "id:C-17",
            &entity,
            "--false-positive",
            "--reason",
            "other person",
        ],
    );
    assert!(screen(env, "C-17", name, 0)
        .iter()
        .any(|(e, s)| e == &entity && *s));
    let id = decisions(env)[0]["id"].as_i64().unwrap().to_string();

    let out = env.ok(
        0,
        &[
            "decisions",
            "revoke",
            &id,
            "--reason",
            "wrong customer file",
            "--by",
            "lead",
        ],
    );
    assert!(out.contains("revoked"), "{out}");
    // The hit alerts again.
    assert!(screen(env, "C-17", name, 1)
        .iter()
        .any(|(e, s)| e == &entity && !*s));
    // Both records are kept, each with its status.
    let log = decisions(env);
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!(
        (log[0]["verdict"].as_str(), log[0]["status"].as_str()),
        (Some("false_positive"), Some("revoked"))
    );
    assert_eq!(
        (
            log[1]["verdict"].as_str(),
            log[1]["status"].as_str(),
            log[1]["by"].as_str()
        ),
        (Some("revoked"), Some("revocation"), Some("lead"))
    );
    // Neither can be revoked (again).
    let (code, _, err) = env.run(&["decisions", "revoke", &id, "--reason", "again"]);
    assert_eq!(code, 2);
    assert!(err.contains("no longer in force"), "{err}");
    let rid = log[1]["id"].as_i64().unwrap().to_string();
    let (code, _, err) = env.run(&["decisions", "revoke", &rid, "--reason", "again"]);
    assert_eq!(code, 2);
    assert!(err.contains("itself a revocation"), "{err}");

    // Export: CSV that a reader opens, and JSON.
    let csv_path = env.path("decisions.csv");
    env.ok(
        0,
        &[
            "decisions",
            "export",
            "--output",
            csv_path.to_str().unwrap(),
        ],
    );
    let mut rdr = csv::Reader::from_path(&csv_path).unwrap();
    let head = rdr.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    let col = |r: &csv::StringRecord, c: &str| {
        r.get(head.iter().position(|h| h == c).unwrap())
            .unwrap()
            .to_string()
    };
    assert_eq!(col(&rows[1], "reason"), "wrong customer file");
    assert_eq!(col(&rows[0], "status"), "revoked");
    assert_eq!(col(&rows[1], "entity_id"), entity);
    let exported = json(&env.ok(0, &["decisions", "export", "--format", "json"]));
    assert_eq!(exported.as_array().unwrap().len(), 2);
}
