//! What an analyst and a script see (issue 19, items 4, 6, 8, 11): arguments that would screen
//! nothing are refused; hits show what the list says of the entity; scores print rounded;
//! batches report progress and a summary; `diff --summary`; Turkish messages.

mod common;

use std::path::Path;
use std::process::Command;

use common::{list_file, un_versions, Env};

/// A small own list: ids, names, a date of birth, a nationality and a passport.
fn own_list(dir: &Path) -> String {
    let p = dir.join("blocklist.csv");
    std::fs::write(
        &p,
        "id,name,type,date_of_birth,nationality,place_of_birth,passport,program\n\
         B1,Adem Yılmaz,person,1978-11-04,Türkiye,Konya,U1234567,Internal\n\
         B2,Acme Trading LLC,organization,,,,,\n",
    )
    .unwrap();
    p.display().to_string()
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
        .arg(home.join("store.db"));
    c
}

fn run(c: &mut Command) -> (i32, String, String) {
    let o = c.output().expect("run namesake");
    let r = (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    );
    assert!(!r.2.contains("panicked"), "{}", r.2);
    r
}

#[test]
fn limit_zero_threshold_out_of_range_and_punctuation_names_exit_2_with_the_reason() {
    let home = tempfile::tempdir().unwrap();
    let list = own_list(home.path());
    let cases: [(&[&str], &str); 5] = [
        (&["--limit", "0", "Adem Yılmaz"], "--limit"),
        (&["--threshold", "1.5", "Adem Yılmaz"], "--threshold"),
        (&["--threshold=-0.1", "Adem Yılmaz"], "--threshold"),
        (&["--", "-- ., ;"], "no letter or digit"),
        (&["«»"], "no letter or digit"),
    ];
    for (args, reason) in cases {
        let (code, out, err) = run(namesake(home.path())
            .args(["screen", "--no-audit", "--list", &list])
            .args(args));
        assert_eq!(code, 2, "{args:?} exited {code}: {out}{err}");
        assert!(err.contains(reason), "{args:?}: {err}");
        assert!(!out.contains("no hit"), "{args:?} claimed no hit");
    }
}

#[test]
fn hits_show_the_listed_facts_and_a_rounded_score() {
    let home = tempfile::tempdir().unwrap();
    let list = own_list(home.path());
    // No date of birth or nationality in the query: the listed ones are still shown.
    let (code, out, err) = run(namesake(home.path()).args([
        "screen",
        "--no-audit",
        "--json",
        "--list",
        &list,
        "Adem Yilmaz",
    ]));
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let listed = &v["hits"][0]["listed"];
    assert_eq!(listed["dates_of_birth"], serde_json::json!(["1978-11-04"]));
    assert_eq!(listed["nationalities"], serde_json::json!(["tr"]));
    assert_eq!(listed["places_of_birth"], serde_json::json!(["Konya"]));
    assert!(
        listed["identifiers"][0]
            .as_str()
            .unwrap()
            .contains("U1234567"),
        "{listed}"
    );
    for h in v["hits"].as_array().unwrap() {
        let s = h["score"].to_string();
        let decimals = s.split_once('.').map_or(0, |(_, d)| d.len());
        assert!(decimals <= 3, "score printed as {s}");
    }
    let (_, table, _) =
        run(namesake(home.path()).args(["screen", "--no-audit", "--list", &list, "Adem Yilmaz"]));
    assert!(
        table.contains("born: 1978-11-04") && table.contains("U1234567"),
        "{table}"
    );
}

#[test]
fn turkish_wanted_list_hits_carry_the_photo_url() {
    let Some(list) = list_file("tr_interior_wanted_2024-03-04.json") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let (code, out, err) = run(namesake(home.path())
        .args(["screen", "--no-audit", "--json", "--list"])
        .arg(&list)
        .arg("İlhami Balı"));
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let url = v["hits"][0]["listed"]["photo_url"]
        .as_str()
        .unwrap_or_default();
    assert!(
        url.starts_with("https://www.terorarananlar.pol.tr/") && url.ends_with(".jpeg"),
        "{url}"
    );
}

#[test]
fn batch_rows_repeat_the_input_and_end_with_a_summary() {
    let home = tempfile::tempdir().unwrap();
    let list = own_list(home.path());
    let input = home.path().join("c.csv");
    std::fs::write(
        &input,
        "id,name,date_of_birth\nK1,Adem Yilmaz,1978\nK2,Jane Roe,\nK3,Bob Smith,31/31/1980\n",
    )
    .unwrap();
    let (code, out, err) = run(namesake(home.path())
        .args(["screen", "--no-audit", "--list", &list, "--input"])
        .arg(&input));
    assert_eq!(code, 1, "{err}");
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["id"], "K1");
    assert_eq!(first["input"]["name"], "Adem Yilmaz");
    assert_eq!(first["input"]["date_of_birth"], serde_json::json!(["1978"]));
    assert_eq!(first["line"], 2);
    assert!(
        err.contains("screened 3 rows")
            && err.contains("1 with hits")
            && err.contains("1 with warnings"),
        "{err}"
    );
}

#[test]
fn messages_and_headings_in_turkish() {
    let home = tempfile::tempdir().unwrap();
    let list = own_list(home.path());
    let (_, out, _) = run(namesake(home.path()).args([
        "--lang",
        "tr",
        "screen",
        "--no-audit",
        "--list",
        &list,
        "Adem Yilmaz",
    ]));
    assert!(out.contains("skor") && out.contains("düzey"), "{out}");
    let (_, out, _) = run(namesake(home.path()).env("LANG", "tr_TR.UTF-8").args([
        "screen",
        "--no-audit",
        "--list",
        &list,
        "Zzyzx Qwerty",
    ]));
    assert!(out.contains("eşleşme yok"), "{out}");
    let (code, _, err) = run(namesake(home.path()).env("LANG", "tr_TR.UTF-8").args([
        "screen",
        "--no-audit",
        "--limit",
        "0",
        "--list",
        &list,
        "Adem",
    ]));
    assert_eq!(code, 2);
    assert!(err.starts_with("hata:") && err.contains("en az 1"), "{err}");
    let (_, out, _) =
        run(namesake(home.path()).args(["screen", "--no-audit", "--list", &list, "Adem Yilmaz"]));
    assert!(out.contains("score") && out.contains("band"), "{out}");
}

#[test]
fn diff_summary_counts_instead_of_listing() {
    let Some(env) = Env::sqlite("diff_summary") else {
        return;
    };
    let Some(un) = un_versions(env.home.path()) else {
        return;
    };
    env.ok(0, &["import", un.v1.to_str().unwrap()]);
    env.ok(0, &["import", un.v2.to_str().unwrap()]);
    let out = env.ok(0, &["diff", "--summary"]);
    assert!(out.contains("added:   1 (person 1)"), "{out}");
    assert!(out.contains("removed: 1 (person 1)"), "{out}");
    assert!(out.contains("changed: 2"), "{out}");
    assert!(out.lines().count() < 10, "{out}");
    assert!(
        !out.contains("QUARTERMAINE"),
        "the summary lists entities:\n{out}"
    );
    let full = env.ok(0, &["diff"]);
    assert!(
        full.contains("ZEBULON QUARTERMAINE") && full.contains("summary:"),
        "{full}"
    );
}
