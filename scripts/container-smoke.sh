#!/usr/bin/env bash
# Smoke test of the container set-up: builds the image, starts PostgreSQL and `namesake serve`
# with docker-compose.yml, imports the UN list into the PostgreSQL store, screens a listed name
# over HTTP (yente's /match and the native /v1/screen), records and lists a decision, and checks
# the audit chain; then removes the containers and volumes.
#
#   scripts/container-smoke.sh                 # docker (or podman: CONTAINER_ENGINE=podman)
#   scripts/container-smoke.sh --local BIN     # the same steps against a built binary, no engine
#                                              # (SQLite, or $NAMESAKE_TEST_POSTGRES_URL if set)
#
# Needs curl and jq, and the shared data (../shared/data or $NAMESAKE_DATA) for the UN list.
set -euo pipefail
cd "$(dirname "$0")/.."

KEY=smoke-test-key-0123456789
PORT=${NAMESAKE_PORT:-18000}
DATA=${NAMESAKE_DATA:-../shared/data}
UN=$DATA/lists/un_sc_consolidated_2026-02-27.xml
[[ -f $UN ]] || { echo "container-smoke: $UN not found (set NAMESAKE_DATA)" >&2; exit 2; }
for tool in curl jq; do
    command -v "$tool" >/dev/null || { echo "container-smoke: $tool is needed" >&2; exit 2; }
done

fail() { echo "container-smoke: FAILED: $*" >&2; exit 1; }
step() { printf '== %s\n' "$*"; }

MODE=container
if [[ ${1:-} == --local ]]; then
    MODE=local
    BIN=$(realpath "${2:?--local needs the namesake binary}")
fi

if [[ $MODE == container ]]; then
    ENGINE=${CONTAINER_ENGINE:-}
    if [[ -z $ENGINE ]]; then
        for e in docker podman; do
            if command -v "$e" >/dev/null && "$e" info >/dev/null 2>&1; then ENGINE=$e; break; fi
        done
    fi
    [[ -n $ENGINE ]] || { echo "container-smoke: no running container engine (docker or podman); try --local BIN" >&2; exit 2; }
    export NAMESAKE_API_KEYS="smoke:admin:$KEY" NAMESAKE_PORT=$PORT NAMESAKE_OFFLINE=1
    PROJECT=namesake-smoke-$$
    compose() { "$ENGINE" compose -p "$PROJECT" "$@"; }
    cleanup() { compose down --volumes --remove-orphans >/dev/null 2>&1 || true; }
    trap cleanup EXIT
    # Commands run in a one-off container on the same store, the UN list mounted read-only.
    nsk() { compose run --rm -T -v "$(realpath "$UN"):/lists/un.xml:ro" namesake "$@"; }
    UN_IN=/lists/un.xml
    step "build the image"
    compose build namesake
    step "the runtime image runs as a non-root user"
    user=$("$ENGINE" run --rm --entrypoint id namesake:latest -u)
    [[ $user != 0 ]] || fail "the image runs as root"
    step "start PostgreSQL"
    compose up -d --wait postgres
    start_server() { compose up -d namesake; }
else
    WORK=$(mktemp -d)
    SERVER_PID=
    cleanup() {
        [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
        rm -rf "$WORK"
    }
    trap cleanup EXIT
    export NAMESAKE_HOME=$WORK NAMESAKE_OFFLINE=1 NAMESAKE_API_KEYS="smoke:admin:$KEY"
    export NAMESAKE_DATABASE=${NAMESAKE_TEST_POSTGRES_URL:-$WORK/namesake.db}
    nsk() { "$BIN" "$@"; }
    UN_IN=$UN
    start_server() {
        "$BIN" serve --addr "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
        SERVER_PID=$!
    }
fi

step "import the UN list into the store"
nsk import "$UN_IN" | tee /dev/stderr | grep -q "un: version" || fail "import"

step "start namesake serve"
start_server
for _ in $(seq 1 120); do
    curl -fsS "localhost:$PORT/readyz" >/dev/null 2>&1 && break
    sleep 1
done
curl -fsS "localhost:$PORT/readyz" >/dev/null || fail "/readyz never answered 200"

auth=(-H "Authorization: ApiKey $KEY" -H "Content-Type: application/json")
step "yente /match finds a listed name"
curl -fsS "${auth[@]}" -X POST "localhost:$PORT/match/default" \
    -d '{"queries": {"q1": {"schema": "Person", "properties": {"name": ["Abu Bakr al-Baghdadi"]}}}}' \
    | jq -e '.responses.q1.results | length > 0' >/dev/null || fail "/match found nothing"

step "native /v1/screen names the subject and the hit"
hit=$(curl -fsS "${auth[@]}" -X POST "localhost:$PORT/v1/screen" \
    -d '{"subjects": [{"id": "C-17", "names": ["YILMAZ, Adem"]}]}' \
    | jq -r '.. | objects | select(has("entity_id")) | .entity_id' | head -n1)
[[ $hit == un:* ]] || fail "/v1/screen returned no UN hit"

step "the hit is decided on the CLI, on the same store"
nsk decide id:C-17 "$hit" --false-positive --reason "smoke test" --by smoke
nsk decisions list | grep -q "in force" || fail "decisions list"

step "the audit log holds the HTTP screenings and checks"
nsk audit verify | tee /dev/stderr | grep -q "intact" || fail "audit verify"

echo "container-smoke ($MODE): all steps passed"
