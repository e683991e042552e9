//! One party on several lists (issue 16): two lists carrying one vessel under the same IMO
//! number give one hit naming both, in the table, the JSON and the CSV batch output;
//! `--separate-lists` gives one hit per list entry.

use std::path::Path;
use std::process::Command;

/// Two own lists, each carrying the vessel under its own id and a slightly different name.
fn fleets(dir: &Path) -> (String, String) {
    let a = dir.join("fleet-a.csv");
    let b = dir.join("fleet-b.csv");
    std::fs::write(&a, "id,name,type,imo\nA1,Ocean Star,vessel,9123456\n").unwrap();
    std::fs::write(
        &b,
        "id,name,type,imo\nZ9,Ocean Starr,vessel,9123456\nZ10,Blue Harbour,vessel,9876543\n",
    )
    .unwrap();
    (a.display().to_string(), b.display().to_string())
}

fn namesake(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_namesake"));
    c.env("NAMESAKE_HOME", home)
        .env("NAMESAKE_OFFLINE", "1")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("NAMESAKE_DATABASE")
        .arg("--database")
        .arg(home.join("store.db"))
        .args(["screen", "--no-audit"]);
    c
}

fn run(c: &mut Command) -> (i32, String, String) {
    let o = c.output().expect("run namesake");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn one_vessel_on_two_lists_is_one_hit_naming_both() {
    let home = tempfile::tempdir().unwrap();
    let (a, b) = fleets(home.path());
    let (code, out, err) =
        run(namesake(home.path()).args(["--json", "Ocean Star", "--list", &a, &b]));
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{out}");
    assert_eq!(
        hits[0]["entity_id"], "fleet-a:A1",
        "the better-matching entry stands"
    );
    assert_eq!(hits[0]["also_on"][0]["entity_id"], "fleet-b:Z9", "{out}");
    assert_eq!(hits[0]["also_on"][0]["list"], "fleet-b");

    let (_, table, _) = run(namesake(home.path()).args(["Ocean Star", "--list", &a, &b]));
    assert!(table.contains("also on: fleet-b:Z9"), "{table}");

    let (_, out, err) = run(namesake(home.path()).args([
        "--json",
        "--separate-lists",
        "Ocean Star",
        "--list",
        &a,
        &b,
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("{err}"));
    let ids: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["entity_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["fleet-a:A1", "fleet-b:Z9"]);
}

#[test]
fn the_csv_output_has_an_also_on_column() {
    let home = tempfile::tempdir().unwrap();
    let (a, b) = fleets(home.path());
    let input = home.path().join("subjects.csv");
    std::fs::write(&input, "id,name\nS1,Ocean Starr\n").unwrap();
    let output = home.path().join("hits.csv");
    let (code, _, err) = run(namesake(home.path())
        .args(["--list", &a, &b, "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&output));
    assert_eq!(code, 1, "{err}");
    let csv = std::fs::read_to_string(&output).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header.last(), Some(&"also_on"), "{csv}");
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 1, "one hit for the party: {csv}");
    // The exact name's entry stands for the party; the other list's entry ends the row.
    assert!(rows[0].contains(",fleet-b:Z9,"), "{csv}");
    assert!(rows[0].ends_with(",fleet-a:A1"), "{csv}");
}
