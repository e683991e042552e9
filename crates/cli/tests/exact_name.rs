//! Issue 19: `screen "Eric Badege" --dob 1990 --nationality TR` gave no hit: an exact match of a
//! UN-listed name fell under the threshold on date and nationality alone (1.00 − 0.32 − 0.06).
//! It is now shown, marked "exact name; evidence disagrees"; `--no-exact-name-floor` drops it.

mod common;

use common::Env;

#[test]
fn exact_listed_name_with_a_wrong_birth_year_is_shown_and_flagged() {
    let Some(un) = common::list_file("un_sc_consolidated_2026-02-27.xml") else {
        return;
    };
    let env = Env::sqlite("exact_name").expect("env");
    let un = un.to_str().unwrap();
    let args = [
        "screen",
        "--no-audit",
        "--list",
        un,
        "Eric Badege",
        "--dob",
        "1990",
        "--nationality",
        "TR",
        "--json",
    ];
    let (code, out, err) = env.run(&args);
    assert_eq!(code, 1, "an exact listed name is an alert: {out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let hit = v["hits"]
        .as_array()
        .and_then(|h| h.iter().find(|h| h["entity_id"] == "un:CDi.001"))
        .unwrap_or_else(|| panic!("un:CDi.001 among the hits: {out}"));
    assert_eq!(hit["exact_name_floor"], true, "{hit}");
    assert_eq!(hit["note"], "exact name; evidence disagrees", "{hit}");
    assert!(
        hit["score"].as_f64().unwrap() < 0.7,
        "ranked by its evidence: {hit}"
    );

    let mut strict = args.to_vec();
    strict.push("--no-exact-name-floor");
    let (code, out, _) = env.run(&strict);
    assert!(!out.contains("un:CDi.001"), "{out}");
    assert_eq!(code, 0, "{out}");
}

#[test]
fn limit_zero_is_refused() {
    let env = Env::sqlite("limit_zero").expect("env");
    let (code, _, err) = env.run(&["screen", "--no-audit", "X", "--limit", "0"]);
    assert_eq!(code, 2, "{err}");
}
