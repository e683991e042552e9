//! Where tests find what the repository does not hold: the shared data (`../shared/data`, the
//! real lists and eval sets) and a PostgreSQL server. One rule for every test in the workspace:
//! when something is missing and the environment variable `CI` is set, the test FAILS with the
//! path or variable it looked for; otherwise it prints why it skips to stderr and the caller
//! returns. A test can never pass in CI by not running.
//!
//! ```
//! # fn body(_: std::path::PathBuf) {}
//! let Some(un) = namesake_testdata::require_list("un_sc_consolidated_2026-02-27.xml") else {
//!     return; // not in CI: skipped, with the reason on stderr
//! };
//! body(un);
//! ```
#![warn(missing_docs)]

use std::path::{Path, PathBuf};

mod tls;
pub use tls::TestCerts;

/// Overrides the data folder (e.g. a scratch copy with a file renamed away, to check that CI
/// fails). `NAMESAKE_DATA` is read too, for the tests that used it before.
pub const DATA_ENV: &str = "NAMESAKE_TEST_DATA";
/// The PostgreSQL URL `scripts/with-postgres.sh` sets.
pub const POSTGRES_ENV: &str = "NAMESAKE_TEST_POSTGRES_URL";
/// The CA certificate of the test PostgreSQL server's TLS certificate (`scripts/with-postgres.sh`
/// sets it; the server's certificate is valid for `localhost` and `127.0.0.1`).
pub const POSTGRES_CA_ENV: &str = "NAMESAKE_TEST_POSTGRES_CA";

/// Whether a missing input fails the test (the `CI` environment variable is set and not empty).
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// Reports a missing input: panics under CI, prints a skip reason otherwise (the caller then
/// returns).
pub fn skip(what: &str) {
    if in_ci() {
        panic!("CI is set and a required test input is missing: {what}");
    }
    eprintln!("skipping: {what} not found (set CI to make this a failure)");
}

/// [`skip`], as `None` for `let … else` callers.
pub fn missing<T>(what: &str) -> Option<T> {
    skip(what);
    None
}

/// The shared data folder (it holds `lists/`): `$NAMESAKE_TEST_DATA`, `$NAMESAKE_DATA`, else
/// the first `shared/data` among the ancestors of this crate's folder.
pub fn shared_data_dir() -> Option<PathBuf> {
    for var in [DATA_ENV, "NAMESAKE_DATA"] {
        if let Some(dir) = std::env::var_os(var).filter(|v| !v.is_empty()) {
            let dir = PathBuf::from(dir);
            // An explicit folder is used as given, so a broken one is reported, not replaced.
            return if dir.join("lists").is_dir() {
                Some(dir)
            } else {
                missing(&format!("{var}={}/lists", dir.display()))
            };
        }
    }
    let found = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared").join("data"))
        .find(|d| d.join("lists").is_dir());
    found.or_else(|| missing("../shared/data (or $NAMESAKE_TEST_DATA)"))
}

/// A file (or folder) under the shared data folder, e.g. `"eval/un_positives.csv"`.
pub fn require_file(rel: &str) -> Option<PathBuf> {
    let path = shared_data_dir()?.join(rel);
    if path.exists() {
        Some(path)
    } else {
        missing(&path.display().to_string())
    }
}

/// A file of `shared/data/lists`.
pub fn require_list(name: &str) -> Option<PathBuf> {
    require_file(&format!("lists/{name}"))
}

/// The test PostgreSQL server's URL (`$NAMESAKE_TEST_POSTGRES_URL`; scripts/with-postgres.sh
/// sets it).
pub fn require_postgres_url() -> Option<String> {
    match std::env::var(POSTGRES_ENV) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => missing(&format!(
            "{POSTGRES_ENV} (run the tests under scripts/with-postgres.sh)"
        )),
    }
}

/// The test PostgreSQL server's URL and the CA file of its TLS certificate
/// (`$NAMESAKE_TEST_POSTGRES_CA`; scripts/with-postgres.sh sets both).
pub fn require_postgres_tls() -> Option<(String, PathBuf)> {
    let url = require_postgres_url()?;
    match std::env::var_os(POSTGRES_CA_ENV) {
        Some(ca) if !ca.is_empty() => Some((url, PathBuf::from(ca))),
        _ => missing(&format!(
            "{POSTGRES_CA_ENV} (run the tests under scripts/with-postgres.sh, which turns TLS on)"
        )),
    }
}

/// `url` with `params` (`sslmode=require`, …) added to its query string.
pub fn with_params(url: &str, params: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{params}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_fails_under_ci_and_skips_otherwise() {
        match std::panic::catch_unwind(|| require_file("no/such/file.csv")) {
            Ok(found) => {
                assert!(!in_ci(), "under CI a missing file must panic");
                assert!(found.is_none());
            }
            Err(panic) => {
                assert!(in_ci(), "outside CI a missing file is a skip, not a panic");
                let msg = panic.downcast_ref::<String>().cloned().unwrap_or_default();
                assert!(msg.contains("file.csv") || msg.contains("data"), "{msg}");
            }
        }
    }
}
