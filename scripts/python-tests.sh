#!/usr/bin/env bash
# The Python package's tests (crates/python): what scripts/test.sh runs after the Rust tests.
#
# 1. A venv of tools ($CARGO_TARGET_DIR/py-venv): maturin, pytest, pyarrow, pandas, polars,
#    pyspark from PyPI (pip's cache and PIP_FIND_LINKS make reruns quick). pandas < 3: PySpark
#    does not support pandas 3 yet (it warns).
# 2. Java for Spark: Debian's openjdk-17-jre-headless, installed with apt-get when `java` is
#    missing and we are root (CI); otherwise the Spark tests skip (or fail under CI).
# 3. The wheel, built in release mode by maturin (abi3, one wheel for CPython ≥ 3.9), installed
#    in that venv; and in a fresh venv of its own, where the README's Python example must run.
# 4. The `namesake` binary the tests compare Python's results with (NAMESAKE_BIN, else a
#    release build), then pytest.
#
#   bash scripts/python-tests.sh            # everything
#   bash scripts/python-tests.sh -k spark   # arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== python: %s (at %ss)\n' "$*" "$SECONDS"; }
target=${CARGO_TARGET_DIR:-$PWD/target}
mkdir -p "$target"
target=$(cd "$target" && pwd)
export CARGO_TARGET_DIR=$target

make_venv() {
    if ! python3 -m venv --clear "$1" 2>/dev/null; then
        if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
            echo "python-tests: installing python3-venv (apt-get)" >&2
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -qq >&2 && apt-get install -y -qq python3-venv python3-pip >&2
            python3 -m venv --clear "$1"
        else
            echo "python-tests: python3 -m venv failed; install python3-venv" >&2
            return 1
        fi
    fi
}

step "tools venv (maturin, pytest, pyarrow, pandas, polars, pyspark)"
venv=$target/py-venv
[[ -x $venv/bin/python ]] || make_venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade \
    "maturin>=1.5,<2" "pytest>=7" "pyarrow>=14" "pandas>=1.5,<3" "polars>=0.20" "pyspark>=3.4"

step "Java for Spark"
if ! command -v java >/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "python-tests: installing openjdk-17-jre-headless (apt-get)" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq openjdk-17-jre-headless >&2
    else
        echo "python-tests: no java; install openjdk-17-jre-headless (the Spark tests skip, or fail under CI)" >&2
    fi
fi
command -v java >/dev/null && java -version 2>&1 | head -1

step "wheel (maturin build --release)"
rm -rf "$target/wheels"
"$venv/bin/maturin" build --release --locked --manifest-path crates/python/Cargo.toml \
    --out "$target/wheels" --interpreter "$venv/bin/python"
wheel=$(ls "$target"/wheels/namesake-*.whl)
"$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps "$wheel"

step "the README's example in a fresh venv with only the wheel"
fresh=$target/py-fresh
make_venv "$fresh"
"$fresh/bin/python" -m pip install --quiet "$wheel"
if [[ ! -d ../shared/data/lists && -z ${CI:-} ]]; then
    echo "skipped: ../shared/data is not beside the repository"
else
"$fresh/bin/python" - <<'PY'
import re, subprocess, sys
readme = open("README.md", encoding="utf-8").read()
example = next(b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "namesake.Index" in b)
print(example, end="")
out = subprocess.run([sys.executable, "-c", example], capture_output=True, text=True)
print(out.stdout, out.stderr, sep="", end="")
if out.returncode != 0 or not re.search(r"^un:QDi\.", out.stdout, re.M):
    sys.exit("the README's example did not print the UN entity")
PY
fi

step "the namesake binary the results are compared with"
if [[ -z ${NAMESAKE_BIN:-} ]]; then
    cargo build --release --locked -p namesake-cli
    export NAMESAKE_BIN=$target/release/namesake
fi
echo "$NAMESAKE_BIN"

step "pytest"
cd crates/python
"$venv/bin/python" -m pytest tests -p no:cacheprovider -ra "$@"
echo "python-tests: done in ${SECONDS}s"
