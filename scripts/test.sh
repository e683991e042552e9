#!/usr/bin/env bash
# The project's whole test suite: what CI runs (.ci/run calls this) and what a developer runs.
# Format check, lints with warnings denied, every test (unit, integration over the real lists in
# ../shared/data when present, doc tests), and the fuzz targets built. The store's tests run
# on SQLite and on PostgreSQL: scripts/with-postgres.sh installs PostgreSQL if needed (root,
# apt-get), starts a server on loopback for the tests and stops it afterwards;
# scripts/with-chromium.sh installs Chromium and chromedriver for the UI's browser test.
# scripts/python-tests.sh builds the Python wheel and runs its tests (pytest, Spark in local[2]).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "format"
cargo fmt --all -- --check

step "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "yente-client (for the end-to-end test of namesake serve; the test skips without it)"
python3 -m pip install --quiet yente-client 2>/dev/null || pip install --quiet yente-client 2>/dev/null \
  || echo "yente-client not installed: the yente-client test will be skipped"

step "tests (the store's on SQLite and on a throw-away PostgreSQL server; the UI's in headless Chromium)"
scripts/with-postgres.sh scripts/with-chromium.sh cargo test --workspace --locked

step "Python package: wheel, pytest, Spark (scripts/python-tests.sh)"
# Python's results are compared with the `namesake` binary the tests above just built.
target=${CARGO_TARGET_DIR:-target}
NAMESAKE_BIN="$(cd "$target" && pwd)/debug/namesake" bash scripts/python-tests.sh

step "fuzz targets build"
cargo build --manifest-path fuzz/Cargo.toml --locked --bins
