//! The audit record of a hit on a party carried by two lists names both entries (the hit's
//! entity and, under `also_on`, the other list's), on SQLite and PostgreSQL, and the chain
//! still verifies.

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
    [audit_names_every_list_entry_of_a_linked_party]
);
suite!(
    postgres,
    crate::common::Env::postgres,
    [audit_names_every_list_entry_of_a_linked_party]
);

fn audit_names_every_list_entry_of_a_linked_party(env: &Env) {
    let a = env.path("fleet-a.csv");
    let b = env.path("fleet-b.csv");
    std::fs::write(&a, "id,name,type,imo\nA1,Ocean Star,vessel,9123456\n").unwrap();
    std::fs::write(
        &b,
        "id,name,type,imo\nZ9,Ocean Starr,vessel,9123456\nZ10,Blue Harbour,vessel,9876543\n",
    )
    .unwrap();
    env.ok(0, &["import", a.to_str().unwrap(), b.to_str().unwrap()]);
    env.ok(1, &["screen", "--by", "ayse", "Ocean Star"]);
    env.ok(
        1,
        &["screen", "--by", "ayse", "--separate-lists", "Ocean Star"],
    );

    let export = env.ok(0, &["audit", "export"]);
    let records: Vec<Value> = export
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .filter(|r: &Value| r["kind"] == "screen")
        .collect();
    assert_eq!(records.len(), 2, "{export}");
    let hits = records[0]["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 1, "one hit for the party: {}", records[0]);
    assert_eq!(hits[0]["entity_id"], "fleet-a:A1");
    assert_eq!(hits[0]["also_on"], serde_json::json!(["fleet-b:Z9"]));

    // One hit per entry: each names the other.
    let hits = records[1]["hits"].as_array().expect("hits");
    let pairs: Vec<(&str, &Value)> = hits
        .iter()
        .map(|h| (h["entity_id"].as_str().unwrap_or_default(), &h["also_on"]))
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("fleet-a:A1", &serde_json::json!(["fleet-b:Z9"])),
            ("fleet-b:Z9", &serde_json::json!(["fleet-a:A1"])),
        ]
    );
    let verified = env.ok(0, &["audit", "verify"]);
    assert!(verified.contains("intact"), "{verified}");
}
