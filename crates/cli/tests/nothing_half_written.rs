//! Nothing half-written, nothing world-readable: a batch killed while it writes leaves no file
//! at its `--output` path, and the files and folders namesake creates (store, index cache,
//! outputs, audit export, checkpoint key) are owner-only on Unix.

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;

/// Whether a temporary output for `name` exists in `dir`.
fn temp_output(dir: &Path, name: &str) -> bool {
    std::fs::read_dir(dir).unwrap().flatten().any(|e| {
        let f = e.file_name().to_string_lossy().into_owned();
        f.starts_with(&format!(".{name}.")) && f.ends_with(".tmp")
    })
}

#[test]
fn killed_batch_leaves_no_output_file() {
    let Some(un) = list_file("un_sc_consolidated_2026-02-27.xml") else {
        return;
    };
    let env = Env::sqlite("killed_batch").unwrap();
    let csv = subjects_csv(&env.path("big.csv"), 60_000, &[], 5);
    let out = env.path("results.jsonl");
    let mut child = env
        .cmd()
        .args(["screen", "--no-audit", "--list"])
        .arg(&un)
        .arg("--input")
        .arg(&csv)
        .arg("--output")
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn namesake");
    // Kill it once it has started writing its output.
    let deadline = Instant::now() + Duration::from_secs(600);
    while !temp_output(env.home.path(), "results.jsonl") {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the batch ended before it was seen writing; make the input larger"
        );
        assert!(Instant::now() < deadline, "the batch never started writing");
        std::thread::sleep(Duration::from_millis(1));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the batch finished writing before it could be killed; make the input larger"
    );
    child.kill().expect("kill -9");
    child.wait().unwrap();
    assert!(
        !out.exists(),
        "a killed batch left a partial file at the --output path"
    );
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn files_namesake_creates_are_owner_only() {
    let Some(un) = list_file("un_sc_consolidated_2026-02-27.xml") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    let db = data.join("store").join("namesake.db");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_namesake"))
            .env("NAMESAKE_HOME", &data)
            .env("NAMESAKE_OFFLINE", "1")
            .arg("--database")
            .arg(&db)
            .args(args)
            .output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "namesake {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&["import", un.to_str().unwrap()]);
    let csv = subjects_csv(&home.path().join("in.csv"), 20, &[], 1);
    let out = home.path().join("out.csv");
    run(&[
        "screen",
        "--list",
        un.to_str().unwrap(),
        "--input",
        csv.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    let export = home.path().join("audit.jsonl");
    run(&["audit", "export", "--output", export.to_str().unwrap()]);
    assert_eq!(mode(&data), 0o700, "the data folder");
    assert_eq!(mode(db.parent().unwrap()), 0o700, "the store's folder");
    assert_eq!(mode(&db), 0o600, "the database");
    for f in std::fs::read_dir(db.parent().unwrap()).unwrap().flatten() {
        assert_eq!(mode(&f.path()), 0o600, "{}", f.path().display());
    }
    let cache = data.join("cache");
    assert_eq!(mode(&cache), 0o700, "the index cache folder");
    let cached: Vec<_> = std::fs::read_dir(&cache).unwrap().flatten().collect();
    assert!(!cached.is_empty(), "no index was cached");
    for f in cached {
        assert_eq!(mode(&f.path()), 0o600, "{}", f.path().display());
    }
    assert_eq!(mode(&out), 0o600, "the batch output");
    assert_eq!(mode(&export), 0o600, "the audit export");
}
