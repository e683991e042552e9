//! `namesake screen-payment` end to end over the payments crate's fixtures and the real lists.

use std::path::PathBuf;
use std::process::Command;

fn lists() -> Option<PathBuf> {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/lists");
    if d.is_dir() {
        return Some(d);
    }
    if std::env::var_os("CI").is_some() {
        panic!("test data missing in CI: {}", d.display());
    }
    eprintln!("skipped: {} not found", d.display());
    None
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../payments/tests/fixtures")
}

#[test]
fn a_folder_of_messages_gives_one_line_each_and_exit_1_when_held() {
    let Some(d) = lists() else { return };
    let home = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_namesake"))
        .env("NAMESAKE_HOME", home.path())
        .args(["screen-payment", "--no-audit"])
        .arg(fixtures())
        .arg("--list")
        .arg(d.join("un_sc_consolidated_2026-02-27.xml"))
        .arg(d.join("ofac_sdn.csv"))
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let files = std::fs::read_dir(fixtures()).expect("fixtures").count();
    assert_eq!(lines.len(), files);
    let held = lines.iter().filter(|l| l["decision"] == "hold").count();
    let passed = lines.iter().filter(|l| l["decision"] == "pass").count();
    assert_eq!((held, passed), (8, 6), "{lines:#?}");
}

#[test]
fn a_bad_message_is_reported_and_the_batch_goes_on_with_exit_2() {
    let Some(d) = lists() else { return };
    let home = tempfile::tempdir().expect("tempdir");
    let bad = home.path().join("bad.xml");
    std::fs::write(&bad, "<!DOCTYPE x [<!ENTITY a \"b\">]><Document/>").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_namesake"))
        .env("NAMESAKE_HOME", home.path())
        .args(["screen-payment", "--no-audit"])
        .arg(&bad)
        .arg(fixtures().join("pacs008_v10_clean_common_names.xml"))
        .arg("--list")
        .arg(d.join("un_sc_consolidated_2026-02-27.xml"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].contains("\"decision\":\"error\"") && lines[0].contains("DTD"),
        "{text}"
    );
    assert!(lines[1].contains("\"decision\":\"pass\""), "{text}");
}
