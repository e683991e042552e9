//! Re-screening delivers before it forgets: `rescreen` killed after its run is committed and
//! before its alerts are written, the next run emits the same alerts (SQLite and PostgreSQL).

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

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
                    super::$case(&env);
                }
            )*
        }
    };
}

suite!(
    sqlite,
    crate::common::Env::sqlite,
    [rescreen_killed_after_its_commit_point_emits_the_same_alerts_next_run]
);
suite!(
    postgres,
    crate::common::Env::postgres,
    [rescreen_killed_after_its_commit_point_emits_the_same_alerts_next_run]
);

fn rescreen_killed_after_its_commit_point_emits_the_same_alerts_next_run(env: &Env) {
    let Some(un) = un_versions(env.home.path()) else {
        return;
    };
    env.ok(0, &["import", un.v1.to_str().unwrap()]);
    let planted = [
        (4usize, un.removed.as_str()),
        (9, un.remark_changed.as_str()),
    ];
    let csv = subjects_csv(&env.path("customers.csv"), 300, &planted, 9);
    env.ok(0, &["subjects", "import", csv.to_str().unwrap()]);
    let out = env.path("alerts.jsonl");
    let mut child = env
        .cmd()
        .args(["rescreen", "--output", out.to_str().unwrap()])
        .env("NAMESAKE_TEST_PAUSE_DELIVERY", "120")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn rescreen");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    loop {
        line.clear();
        if stderr.read_line(&mut line).expect("read stderr") == 0 {
            panic!("rescreen ended before pausing after its commit");
        }
        if line.contains("pausing") {
            break;
        }
    }
    child.kill().expect("kill -9");
    child.wait().expect("wait");
    assert!(!out.exists(), "no alerts were written before the kill");

    // The committed run's alerts, still waiting for delivery.
    let store = namesake_store::open(&env.db).unwrap();
    let waiting: BTreeSet<(String, String)> = store
        .undelivered_alerts()
        .unwrap()
        .into_iter()
        .map(|a| (a.subject_key, a.entity_id))
        .collect();
    assert!(
        waiting.len() >= 2,
        "the planted subjects alert: {waiting:?}"
    );

    let (code, _, err) = env.run(&["rescreen", "--output", out.to_str().unwrap()]);
    assert_eq!(code, 1, "the killed run's alerts come back: {err}");
    assert!(err.contains("never delivered"), "{err}");
    let emitted: BTreeSet<(String, String)> = std::fs::read_to_string(&out)
        .expect("alerts written")
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["subject_key"].as_str().unwrap().to_string(),
                v["entity_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(emitted, waiting, "the next run emits the same alerts");
    assert!(store.undelivered_alerts().unwrap().is_empty());
}
