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
