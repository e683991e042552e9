//! Audit anchors through the `namesake` command, on SQLite and PostgreSQL: a signed checkpoint
//! catches the newest records deleted and a chain rewritten after an edit; decisions, imports
//! and `--no-audit` screenings leave records in the chain.

mod common;

use common::*;
use namesake_store::Store;
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
                checkpoint_catches_the_last_ten_records_deleted,
                checkpoint_catches_a_chain_rewritten_after_an_edit,
                decisions_imports_and_unaudited_runs_are_chained,
            ]
        );
    };
}

all_cases!(sqlite, crate::common::Env::sqlite);
all_cases!(postgres, crate::common::Env::postgres);

mod cases {
    use super::*;

    /// Imports the UN list and screens `n` subjects in a batch: 1 + n audit records.
    fn chain_of(env: &Env, n: usize) -> Option<UnVersions> {
        let un = un_versions(env.home.path())?;
        env.ok(0, &["import", un.v1.to_str().unwrap()]);
        let csv = subjects_csv(&env.path("batch.csv"), n, &[(2, &un.removed)], 11);
        let out = env.path("out.jsonl");
        let (code, _, err) = env.run(&[
            "screen",
            "--input",
            csv.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ]);
        assert!(code == 0 || code == 1, "batch failed: {err}");
        Some(un)
    }

    /// A key pair and a checkpoint of the chain as it is; returns (checkpoints, public key).
    fn anchor(env: &Env) -> (String, String) {
        let key = env.path("audit.key");
        env.ok(0, &["audit", "keygen", "--out", key.to_str().unwrap()]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&key).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "the secret key is readable by others");
        }
        let cp = env.path("checkpoints.jsonl");
        let cp = cp.to_str().unwrap().to_string();
        env.ok(
            0,
            &[
                "audit",
                "checkpoint",
                "--key",
                key.to_str().unwrap(),
                "--output",
                &cp,
            ],
        );
        let public = format!("{}.pub", key.display());
        let holds = env.ok(
            0,
            &["audit", "verify", "--checkpoint", &cp, "--key", &public],
        );
        assert!(holds.contains("1 signed checkpoint(s) hold"), "{holds}");
        (cp, public)
    }

    fn drop_guard(env: &Env) {
        if env.is_postgres() {
            env.raw("DROP TRIGGER audit_log_no_change ON audit_log");
        } else {
            env.raw("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
        }
    }

    pub fn checkpoint_catches_the_last_ten_records_deleted(env: &Env) {
        if chain_of(env, 30).is_none() {
            return;
        }
        let (cp, public) = anchor(env);
        drop_guard(env);
        env.raw("DELETE FROM audit_log WHERE seq > 21");
        // The plain chain check cannot tell: the shorter chain is whole.
        assert!(env
            .ok(0, &["audit", "verify"])
            .contains("intact: 21 record(s)"));
        let (code, _, err) = env.run(&["audit", "verify", "--checkpoint", &cp, "--key", &public]);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("truncated") && err.contains("covers 31 record(s), the log holds 21"),
            "{err}"
        );
    }

    pub fn checkpoint_catches_a_chain_rewritten_after_an_edit(env: &Env) {
        if chain_of(env, 12).is_none() {
            return;
        }
        let (cp, public) = anchor(env);
        drop_guard(env);
        // Clear record 4's hits and recompute every hash after it, without the key.
        let store = namesake_store::open(&env.db).unwrap();
        let mut records = store.audit_records(0, 100).unwrap();
        records[3].hits = "[]".into();
        for i in 3..records.len() {
            records[i].prev_hash = records[i - 1].hash.clone();
            records[i].hash = records[i].compute_hash();
            let r = &records[i];
            env.raw(&format!(
                "UPDATE audit_log SET hits = '{}', prev_hash = '{}', hash = '{}' WHERE seq = {}",
                r.hits, r.prev_hash, r.hash, r.seq
            ));
        }
        assert!(env
            .ok(0, &["audit", "verify"])
            .contains("intact: 13 record(s)"));
        let (code, _, err) = env.run(&["audit", "verify", "--checkpoint", &cp, "--key", &public]);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("rewritten: record 13"),
            "a rewritten chain passed: {err}"
        );
    }

    pub fn decisions_imports_and_unaudited_runs_are_chained(env: &Env) {
        let Some(un) = un_versions(env.home.path()) else {
            return;
        };
        env.ok(0, &["import", un.v1.to_str().unwrap()]);
        let csv = subjects_csv(&env.path("batch.csv"), 40, &[(5, &un.removed)], 3);
        env.ok(
            1,
            &[
                "screen",
                "--no-audit",
                "--input",
                csv.to_str().unwrap(),
                "--output",
                env.path("out.jsonl").to_str().unwrap(),
            ],
        );
        let hit = env.ok(1, &["screen", "--json", "--no-audit", &un.removed]);
        let entity = serde_json::from_str::<Value>(&hit).unwrap()["hits"][0]["entity_id"]
            .as_str()
            .unwrap()
            .to_string();
        env.ok(
            0,
            &[
                "decide",
                "id:C-1",
                &entity,
                "--true-match",
                "--reason",
                "same passport",
                "--by",
                "analyst",
                // The screenings above ran unaudited: no record shows the hit.
                "--force",
            ],
        );
        let records: Vec<Value> = env
            .ok(0, &["audit", "export"])
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let kinds: Vec<&str> = records
            .iter()
            .map(|r| r["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            ["list_import", "unaudited", "unaudited", "decision"],
            "{records:#?}"
        );
        assert_eq!(records[0]["list_versions"][0]["list"], "un");
        assert_eq!(records[1]["subject"]["screening"], "batch");
        assert_eq!(records[1]["subject"]["subjects"], 40);
        assert_eq!(records[2]["subject"]["subjects"], 1);
        assert_eq!(records[3]["who"], "analyst");
        assert_eq!(records[3]["subject"]["verdict"], "true_match");
        assert_eq!(records[3]["subject"]["entity_id"], entity.as_str());
        assert!(env
            .ok(0, &["audit", "verify"])
            .contains("intact: 4 record(s)"));
    }
}
