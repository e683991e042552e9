//! Issue 19, list identity, as a compliance engineer met it: importing OFAC's consolidated
//! non-SDN list after the SDN list must not take the SDN list out of screening; a file whose
//! content is another list than the code it would be recorded under, or that drops most of a
//! list, is refused unless forced; hits name the list by code and full name, `--as` included.

mod common;

use common::Env;
use serde_json::Value;

/// A file of `shared/data/lists`; under `CI` a missing file fails the test.
fn list(name: &str) -> Option<String> {
    let found = common::list_file(name);
    if found.is_none() && std::env::var_os("CI").is_some() {
        panic!("CI is set and shared/data/lists/{name} was not found (set NAMESAKE_DATA)");
    }
    found.map(|p| p.display().to_string())
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}):\n{s}"))
}

fn current_lists(env: &Env) -> Vec<String> {
    let v = json(&env.ok(0, &["lists", "--json"]));
    let mut out: Vec<String> = v
        .as_array()
        .expect("array")
        .iter()
        .filter(|r| r["current"] == true)
        .map(|r| r["list"].as_str().unwrap_or("").to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn importing_ofac_consolidated_after_sdn_keeps_both_and_baghdadi_found() {
    let (Some(sdn), Some(cons)) = (
        list("ofac_sdn.csv"),
        list("ofac_consolidated_nonsdn_2026-01-08.xml"),
    ) else {
        return;
    };
    let env = Env::sqlite("identity").expect("env");
    let out = env.ok(0, &["import", &sdn]);
    assert!(out.starts_with("ofac-sdn: version"), "{out}");
    let out = env.ok(0, &["import", &cons]);
    assert!(out.starts_with("ofac-cons: version"), "{out}");
    assert_eq!(current_lists(&env), ["ofac-cons", "ofac-sdn"]);

    let hits = json(&env.ok(
        1,
        &["screen", "Abu Bakr al-Baghdadi", "--json", "--no-audit"],
    ));
    let text = hits.to_string();
    let sdn_hit = hits["hits"]
        .as_array()
        .or_else(|| hits.as_array())
        .and_then(|a| a.iter().find(|h| h["list"] == "ofac-sdn"))
        .unwrap_or_else(|| panic!("no SDN hit for al-Baghdadi: {text}"));
    assert!(sdn_hit["entity_id"].as_str().unwrap().starts_with("ofac:"));
    assert_eq!(
        sdn_hit["list_name"],
        "OFAC Specially Designated Nationals and Blocked Persons List"
    );
    let table = env.ok(1, &["screen", "Abu Bakr al-Baghdadi", "--no-audit"]);
    assert!(
        table.contains(
            "list: OFAC Specially Designated Nationals and Blocked Persons List (ofac-sdn)"
        ),
        "{table}"
    );
}

#[test]
fn consolidated_content_under_the_sdn_code_is_refused_unless_forced() {
    let (Some(sdn), Some(cons)) = (
        list("ofac_sdn.csv"),
        list("ofac_consolidated_nonsdn_2026-01-08.xml"),
    ) else {
        return;
    };
    let env = Env::sqlite("identity_force").expect("env");
    env.ok(0, &["import", &sdn]);
    let (code, _, err) = env.run(&["import", &cons, "--as", "ofac-sdn"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not recorded as ofac-sdn"), "{err}");
    assert!(err.contains("ofac-cons"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(current_lists(&env), ["ofac-sdn"]);
    // Still the SDN version: 8,976 entities.
    let v = json(&env.ok(0, &["lists", "--json"]));
    assert_eq!(v[0]["entity_count"], 8976, "{v}");

    let (code, _, err) = env.run(&["import", &cons, "--as", "ofac-sdn", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("--force"),
        "the forced import says what it overrode: {err}"
    );
}

#[test]
fn own_list_that_loses_most_entries_is_refused_unless_forced() {
    let env = Env::sqlite("identity_shrink").expect("env");
    let full = env.path("blocklist.csv");
    let mut rows = String::from("id,name\n");
    for i in 0..10 {
        rows.push_str(&format!("B-{i},Person Number{i} Blocked\n"));
    }
    std::fs::write(&full, &rows).unwrap();
    env.ok(0, &["import", full.to_str().unwrap()]);
    std::fs::write(&full, "id,name\nB-1,Person Number1 Blocked\n").unwrap();
    let (code, _, err) = env.run(&["import", full.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("holds 1 entities where the current version of blocklist holds 10"),
        "{err}"
    );
    env.ok(0, &["import", full.to_str().unwrap(), "--force"]);
}

#[test]
fn as_name_is_shown_on_hits() {
    let Some(un) = list("un_sc_consolidated_2026-02-27.xml") else {
        return;
    };
    let env = Env::sqlite("identity_as").expect("env");
    let out = env.ok(0, &["import", &un, "--as", "un-mirror"]);
    assert!(out.starts_with("un-mirror: version"), "{out}");
    let table = env.ok(1, &["screen", "Abu Bakr al-Baghdadi", "--no-audit"]);
    assert!(
        table.contains("list: UN Security Council Consolidated List (un-mirror)"),
        "{table}"
    );
    // Content that is not the list stored under that name is refused.
    let Some(sdn) = list("ofac_sdn.csv") else {
        return;
    };
    let (code, _, err) = env.run(&["import", &sdn, "--as", "un-mirror"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("which holds the un list"), "{err}");
}
