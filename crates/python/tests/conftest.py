"""Shared fixtures: the shared test data, the command-line binary the results are compared
with, and the UN list's index.

Data or tools that are missing skip a test with the reason, except under CI (the environment
variable CI set), where they fail it: a test never passes by skipping in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import namesake

REPO = Path(__file__).resolve().parents[3]
UN_LIST = "lists/un_sc_consolidated_2026-02-27.xml"
UN_POSITIVES = "eval/positives_un_untreated.csv"


def missing(reason: str) -> None:
    """Skips, or fails under CI."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: missing data or tools fail the test)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    d = Path(os.environ.get("NAMESAKE_SHARED_DATA", REPO.parent / "shared" / "data"))
    if not (d / UN_LIST).exists():
        missing(f"the shared test data is not at {d}")
    return d


@pytest.fixture(scope="session")
def un_list(shared_data: Path) -> Path:
    return shared_data / UN_LIST


@pytest.fixture(scope="session")
def un_index(un_list: Path) -> namesake.Index:
    return namesake.Index.from_files([un_list])


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `namesake` binary: $NAMESAKE_BIN, else the release build, else the debug one."""
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    candidates = [os.environ.get("NAMESAKE_BIN")] + [
        str(target / p / "namesake") for p in ("release", "debug")
    ]
    for c in candidates:
        if c and Path(c).is_file():
            return Path(c)
    missing(f"no namesake binary (set NAMESAKE_BIN or build it: cargo build --release -p namesake-cli); looked in {target}")
    raise AssertionError("unreachable")


def run_cli(cli: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    """Runs the command line with its own data directory; exit 0 (no hit) or 1 (hits) expected."""
    env = dict(os.environ, NAMESAKE_HOME=str(home), NAMESAKE_OFFLINE="1")
    done = subprocess.run([str(cli), *args], env=env, capture_output=True, text=True)
    assert done.returncode in (0, 1), f"namesake {' '.join(args)} failed ({done.returncode}): {done.stderr}"
    return done


def java_available() -> bool:
    return shutil.which("java") is not None or bool(os.environ.get("JAVA_HOME"))
