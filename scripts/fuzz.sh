#!/usr/bin/env bash
# Runs every fuzz target for a while (default 30 s each): `bash scripts/fuzz.sh [SECONDS]`.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); RUSTC_BOOTSTRAP lets the stable toolchain take
# the sanitizer flags cargo-fuzz passes. Seeds: the real lists when ../shared/data is present.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-30}"
export RUSTC_BOOTSTRAP=1
data=../shared/data/lists
for target in $(cargo fuzz list); do
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus"
  case "$target" in
    un) cp -n "$data"/un_sc_*.xml "$corpus"/ 2>/dev/null || true ;;
    canada) cp -n "$data"/canada_*.xml "$corpus"/ 2>/dev/null || true ;;
    ofac_xml) cp -n "$data"/ofac_consolidated_*.xml "$corpus"/ 2>/dev/null || true ;;
    tr_wanted) cp -n "$data"/tr_*.json "$corpus"/ 2>/dev/null || true ;;
    ftm) cp -n "$data"/ftm_*.json "$corpus"/ 2>/dev/null || true ;;
    ofac_csv) cp -n "$data"/ofac_sdn*.csv "$data"/ofac_cons_*.csv "$corpus"/ 2>/dev/null || true ;;
    uk_ofsi) cp -n "$data"/uk_ofsi_*.csv "$corpus"/ 2>/dev/null || true ;;
    us_csl) cp -n "$data"/us_csl_*.csv "$corpus"/ 2>/dev/null || true ;;
    us_dpl) cp -n "$data"/us_bis_dpl*.txt "$corpus"/ 2>/dev/null || true ;;
    au_dfat) cp -n "$data"/au_dfat_*.xlsx "$corpus"/ 2>/dev/null || true ;;
    payments_xml) cp -n crates/payments/tests/fixtures/*.xml "$corpus"/ ;;
    payments_mt) cp -n crates/payments/tests/fixtures/*.fin "$corpus"/ ;;
  esac
  echo "== $target ($secs s)"
  # The DONE line carries the coverage (cov, ft) and the corpus size; a crash prints ERROR.
  cargo fuzz run "$target" "$corpus" -- -max_total_time="$secs" -rss_limit_mb=4096 -max_len=65536 2>&1 \
    | grep -E "DONE|^Done|ERROR|SUMMARY|Test unit written" | tail -4
done
