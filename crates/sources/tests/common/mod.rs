//! Locates the shared test data (`shared/data`), which is not part of the repository, through
//! `namesake-testdata`: missing data fails the test under CI and skips it with a note elsewhere.
#![allow(dead_code)]

use std::path::PathBuf;

/// The `shared/data` directory, or `None` (not in CI) when absent.
pub fn data_dir() -> Option<PathBuf> {
    namesake_testdata::shared_data_dir()
}

/// A file under `shared/data/lists`, or `None` (not in CI) when absent.
pub fn list_file(name: &str) -> Option<PathBuf> {
    namesake_testdata::require_list(name)
}

/// A file under `shared/data/lists`: `None` with a skip note when absent, except under CI
/// (`CI` set), where a missing file fails the test with the path it looked for.
pub fn real_list(name: &str) -> Option<PathBuf> {
    let found = list_file(name);
    if found.is_none() && std::env::var_os("CI").is_some() {
        panic!("CI is set but shared/data/lists/{name} was not found (set NAMESAKE_DATA)");
    }
    found
}

/// A fixture written for these tests, under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}
