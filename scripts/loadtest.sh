#!/usr/bin/env bash
# Load test of `namesake serve` on loopback: the UN and OFAC SDN lists, CONNS connections for
# DURATION seconds of single-name POST /match/default requests (wrk), while another loop POSTs
# /admin/reload every RELOAD_EVERY seconds. Prints requests/s, latency percentiles, non-2xx and
# socket errors, the reloads' statuses, and the server's CPU time per request (the machine may be
# shared). Exits 1 if any request or reload failed.
#
# The names rotate over a customer-like stream: every listed person's caption from the first
# LISTED (default 150) persons of each list, fetched through the API, and 1,600 common given and
# family name pairs that are on no list (NAMES=listed uses the listed names alone, a harder mix:
# long names cost the matcher more).
#
#   scripts/loadtest.sh                 # 64 connections (1 wrk thread), 30 s, reload every 3 s
#   DURATION=10 CONNS=32 scripts/loadtest.sh
#   NO_CACHE=1 scripts/loadtest.sh      # every reload re-parses the lists instead of loading the cache
#   STORE=postgres scripts/with-postgres.sh scripts/loadtest.sh   # store and audit log on PostgreSQL
#   BIN=path/to/namesake scripts/loadtest.sh   # that binary, no build
#
# Every screening is audited (the store's hash-chained log: SQLite in a scratch NAMESAKE_HOME, or
# PostgreSQL with STORE=postgres). After the run the server is stopped with SIGTERM (it flushes
# its audit queue), the log is exported and checked: one record per answered /match (wrk counts
# the answers it read; up to CONNS more may have been answered as wrk closed its connections), no
# request id twice, and `namesake audit verify` passes.
#
# Needs wrk (Debian: apt-get install -y wrk), curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-30}
CONNS=${CONNS:-64}
THREADS=${THREADS:-1}  # one wrk thread drives 64 connections; a second would take a core from the server
RELOAD_EVERY=${RELOAD_EVERY:-3}
LOG_LEVEL=${NAMESAKE_LOG:-info}

lists_dir=""
for d in "${LISTS_DIR:-}" ../shared/data/lists ../../shared/data/lists; do
  if [[ -n "$d" && -f "$d/ofac_sdn.csv" ]]; then lists_dir=$d; break; fi
done
[[ -n "$lists_dir" ]] || { echo "no lists: set LISTS_DIR to shared/data/lists" >&2; exit 2; }
UN="$lists_dir/un_sc_consolidated_2026-02-27.xml"
OFAC="$lists_dir/ofac_sdn.csv"
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 2; }

if [[ -n "${BIN:-}" ]]; then
  bin=$BIN  # a binary already built (BIN=…/debug/namesake checks the audit path, not the speed)
else
  echo "== build (release)"
  CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1} cargo build --release --locked -p namesake-cli
  bin=${CARGO_TARGET_DIR:-target}/release/namesake
fi

work=$(mktemp -d)
server_pid=""
reload_pid=""
cleanup() {
  touch "$work/stop" 2>/dev/null || true
  [[ -n "$reload_pid" ]] && wait "$reload_pid" 2>/dev/null || true
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [[ "${STORE:-sqlite}" == postgres ]]; then
  [[ -n "${NAMESAKE_TEST_POSTGRES_URL:-}" ]] || { echo "STORE=postgres: run under scripts/with-postgres.sh" >&2; exit 2; }
  export NAMESAKE_DATABASE="$NAMESAKE_TEST_POSTGRES_URL"
fi

key="loadtest-$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
cache_flag=()
[[ -n "${NO_CACHE:-}" ]] && cache_flag=(--no-cache)

echo "== start the server on $base (UN + OFAC SDN)"
NAMESAKE_API_KEYS="loadtest:admin:$key" NAMESAKE_HOME="$work/home" NAMESAKE_LOG="$LOG_LEVEL" \
  "$bin" serve --addr "127.0.0.1:$port" "${cache_flag[@]}" --list "$UN" "$OFAC" 2>"$work/server.log" &
server_pid=$!
started=$(date +%s.%N)
until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/readyz")" == 200 ]]; do
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 2; }
  sleep 0.2
done
printf 'index ready after %.1f s\n' "$(echo "$(date +%s.%N) - $started" | bc)"
auth=(-H "Authorization: ApiKey $key")
curl -s "${auth[@]}" "$base/v1/lists" | python3 -c '
import json, sys
d = json.load(sys.stdin)
for l in d["lists"]:
    print("  %s: %d entities, %d names (%s)" % (l["code"], l["entities"], l["names"], l["name"]))'

echo "== names: listed (from the API) and unlisted"
for list in un ofac-sdn; do
  curl -s "${auth[@]}" "$base/search/$list?schema=Person&limit=${LISTED:-150}&offset=0" \
    | python3 -c 'import json,sys; [print(r["caption"]) for r in json.load(sys.stdin)["results"]]'
done >"$work/names.txt"
listed=$(wc -l <"$work/names.txt")
if [[ "${NAMES:-mixed}" != listed ]]; then
  python3 - >>"$work/names.txt" <<'PY'
import random
first = ("James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara "
         "Richard Susan Joseph Jessica Thomas Sarah Carlos Maria Juan Ana Luis Sofia Ahmed Fatima "
         "Mohamed Aisha Wei Li Hiroshi Yuki Ivan Olga Dmitri Elena Mehmet Ayse Pierre Claire").split()
last = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
        "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris "
        "Sanchez Clark Ramirez Lewis Robinson Yilmaz Kaya Demir Sahin Ivanov Petrov Novak Kowalski "
        "Nguyen Tanaka").split()
names = [f"{f} {l}" for f in first for l in last]
random.Random(7).shuffle(names)
print("\n".join(names))
PY
fi
# Interleave listed and unlisted names (fixed seed).
python3 -c 'import random,sys; l=open(sys.argv[1]).read().split("\n"); l=[x for x in l if x]; random.Random(11).shuffle(l); open(sys.argv[1],"w").write("\n".join(l)+"\n")' "$work/names.txt"
echo "$(wc -l <"$work/names.txt") names, $listed of them listed"

echo "== reload loop: POST /admin/reload every ${RELOAD_EVERY}s"
# Polls a stop file, so that stopping it leaves no sleeping child behind.
(
  next=$(( $(date +%s) + RELOAD_EVERY ))
  while [[ ! -e "$work/stop" ]]; do
    if (( $(date +%s) >= next )); then
      code=$(curl -s -o "$work/reload.json" -w '%{http_code}' -X POST "${auth[@]}" "$base/admin/reload" || echo 000)
      echo "$code $(cat "$work/reload.json" 2>/dev/null)" >>"$work/reloads.txt"
      next=$(( $(date +%s) + RELOAD_EVERY ))
    fi
    sleep 0.2
  done
) >/dev/null 2>&1 &
reload_pid=$!

echo "== wrk: $CONNS connections, $THREADS threads, ${DURATION}s"
cpu_before=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
busy_before=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
TIMEFORMAT='%U %S'
{ time wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 5s --latency \
  -s scripts/loadtest/match.lua "$base" -- "$work/names.txt" "$key" >"$work/wrk.txt"; } 2>"$work/wrk.time"
cat "$work/wrk.txt"
cpu_after=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
busy_after=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat)
touch "$work/stop"
wait "$reload_pid" 2>/dev/null || true
reload_pid=""

rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.txt")
p50=$(awk '/^ +50%/ {print $2}' "$work/wrk.txt")
p99=$(awk '/^ +99%/ {print $2}' "$work/wrk.txt")
total=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$work/wrk.txt")
sockerr=$(awk -F'[ ,]+' '/Socket errors:/ {print $4+$6+$8+$10}' "$work/wrk.txt")
touch "$work/reloads.txt"
reloads=$(wc -l <"$work/reloads.txt")
reload_bad=$(awk '$1 != 200' "$work/reloads.txt" 2>/dev/null | wc -l)
reload_ms=$(python3 -c '
import json, sys
ms = []
for line in open(sys.argv[1]):
    code, _, body = line.partition(" ")
    try: ms.append(json.loads(body)["millis"])
    except Exception: pass
print(f"{min(ms)}-{max(ms)} ms" if ms else "n/a")' "$work/reloads.txt" 2>/dev/null || echo n/a)
server_errors=$(grep -v 'route=/readyz' "$work/server.log" | grep -c ' status=5' || true)

echo
echo "== summary"
echo "machine:          $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
echo "requests:         ${total:-0} in ${DURATION}s, $CONNS connections"
echo "requests/s:       ${rps:-0}"
hz=$(getconf CLK_TCK)
echo "server CPU:       $(python3 -c "import sys; c=(int(sys.argv[1])-int(sys.argv[2]))/int(sys.argv[3]); n=max(int(sys.argv[4]),1); print(f'{c:.1f} s, {c/n*1e6:.0f} us per request (reloads included)')" "$cpu_after" "$cpu_before" "$hz" "${total:-0}")"
python3 - "$cpu_before" "$cpu_after" "$busy_before" "$busy_after" "$hz" "$DURATION" "$(cat "$work/wrk.time")" <<'PY'
import sys
cb, ca, bb, ba, hz, dur = (int(x) for x in sys.argv[1:7])
wu, ws = (float(x) for x in sys.argv[7].split())
server, busy, wrk = (ca - cb) / hz, (ba - bb) / hz, wu + ws
other = max(busy - server - wrk, 0.0)
print(f"CPU (cores avg):  server {server / dur:.2f}, wrk {wrk / dur:.2f}, other processes {other / dur:.2f}")
PY
echo "load average:     $load_before before the run (other work on the machine)"
echo "latency p50/p99:  ${p50:-?} / ${p99:-?}"
echo "non-2xx:          ${non2xx:-0}"
echo "socket errors:    ${sockerr:-0}"
echo "reloads:          $reloads (failed: $reload_bad; each $reload_ms)"
echo "5xx in log:       $server_errors"
echo "store:            ${STORE:-sqlite} (audit on)"

echo "== audit log"
kill -TERM "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
server_pid=""
NAMESAKE_HOME="$work/home" "$bin" audit export --format jsonl --output "$work/audit.jsonl"
answered=$(( ${total:-0} - ${non2xx:-0} ))
audit_ok=0
python3 - "$work/audit.jsonl" "$answered" "$CONNS" <<'PY' || audit_ok=1
import collections, json, sys
path, answered, conns = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ids = collections.Counter()
for line in open(path):
    s = json.loads(line)["subject"]
    if isinstance(s, dict) and str(s.get("endpoint", "")).startswith("/match/"):
        ids[s.get("request_id")] += 1
records = sum(ids.values())
twice = [i for i, n in ids.items() if n > 1]
print(f"audit records:    {records} for /match; {answered} answers read by wrk "
      f"(+{records - answered} answered as wrk closed its connections)")
if twice:
    print(f"request ids recorded twice: {twice[:5]}")
sys.exit(0 if answered <= records <= answered + conns and not twice else 1)
PY
verified=0
NAMESAKE_HOME="$work/home" "$bin" audit verify || verified=1
if [[ $audit_ok != 0 || $verified != 0 ]]; then
  echo "FAIL: the audit log does not hold one intact record per answered screening"
  exit 1
fi
if [[ "${non2xx:-0}" != 0 || "${sockerr:-0}" != 0 || "$reload_bad" != 0 ]]; then
  echo "FAIL: errors during the load test"
  exit 1
fi
