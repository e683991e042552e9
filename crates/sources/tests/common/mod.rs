//! Locates the shared test data (`shared/data`), which is not part of the repository.
#![allow(dead_code)]

use std::path::PathBuf;

/// The `shared/data` directory: `$NAMESAKE_DATA` if set, else the first ancestor of the crate
/// directory that holds `shared/data/README.md`. `None` (and a note on stderr) when absent, so
/// tests pass trivially on a fresh clone without the data.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("NAMESAKE_DATA") {
        let dir = PathBuf::from(dir);
        if dir.join("README.md").is_file() {
            return Some(dir);
        }
    }
    let mut here = Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    while let Some(dir) = here {
        let candidate = dir.join("shared").join("data");
        if candidate.join("README.md").is_file() {
            return Some(candidate);
        }
        here = dir.parent().map(PathBuf::from);
    }
    eprintln!("skipping: ../shared/data not found");
    None
}

/// A file under `shared/data/lists`, or `None` when the data is absent.
pub fn list_file(name: &str) -> Option<PathBuf> {
    let path = data_dir()?.join("lists").join(name);
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("skipping: {} not found", path.display());
        None
    }
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
