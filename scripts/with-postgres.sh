#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL server on loopback and NAMESAKE_TEST_POSTGRES_URL
# pointing at an empty database in it, with TLS on (a throw-away CA in NAMESAKE_TEST_POSTGRES_CA);
# stops the server and deletes its files afterwards.
#
#   scripts/with-postgres.sh cargo test -p namesake-store
#
# When NAMESAKE_TEST_POSTGRES_URL is already set, runs the command against that server instead.
# Installs PostgreSQL with apt-get when no initdb is found and we are root (CI). As root, the
# server runs as the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail

if [[ -n "${NAMESAKE_TEST_POSTGRES_URL:-}" ]]; then
    exec "$@"
fi

find_bin() {
    local name=$1 p
    if p=$(command -v "$name" 2>/dev/null); then echo "$p"; return 0; fi
    for p in /usr/lib/postgresql/*/bin/"$name"; do
        [[ -x $p ]] && { echo "$p"; return 0; }
    done
    return 1
}

if ! find_bin initdb >/dev/null || ! find_bin pg_ctl >/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "with-postgres: installing PostgreSQL (apt-get)" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq postgresql >&2
    else
        echo "with-postgres: PostgreSQL (initdb, pg_ctl) not found; install it (apt-get install postgresql) or set NAMESAKE_TEST_POSTGRES_URL" >&2
        exit 2
    fi
fi
INITDB=$(find_bin initdb)
PG_CTL=$(find_bin pg_ctl)
BINDIR=$(dirname "$(readlink -f "$PG_CTL")")

# Run server commands as `postgres` when we are root.
as_pg() {
    if [[ $(id -u) -eq 0 ]]; then
        if command -v runuser >/dev/null; then
            runuser -u postgres -- "$@"
        else
            su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
        fi
    else
        "$@"
    fi
}

if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
fi

DIR=$(mktemp -d "${TMPDIR:-/tmp}/namesake-pg.XXXXXX")
chmod 700 "$DIR"
if [[ $(id -u) -eq 0 ]]; then chown postgres "$DIR"; fi

# A free port: the first one nothing answers on.
PORT=${NAMESAKE_TEST_PG_PORT:-55432}
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do
    PORT=$((PORT + 1))
done

cleanup() {
    as_pg "$PG_CTL" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

# TLS: a throw-away CA and a server certificate for localhost and 127.0.0.1 (the store's tests
# connect with sslmode=require and verify-full against this CA).
if ! command -v openssl >/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "with-postgres: installing openssl (apt-get)" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq openssl >&2
    else
        echo "with-postgres: openssl not found (apt-get install openssl)" >&2
        exit 2
    fi
fi
mkdir "$DIR/tls"
(
    cd "$DIR/tls"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -subj "/CN=namesake test CA" -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" -keyout ca.key -out ca.crt
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -subj "/CN=localhost" -keyout server.key -out server.csr
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
        -extfile server.ext -out server.crt
    chmod 600 server.key
) >"$DIR/tls.log" 2>&1 || { cat "$DIR/tls.log" >&2; exit 2; }
chmod 755 "$DIR/tls"
chmod 644 "$DIR/tls/ca.crt"
if [[ $(id -u) -eq 0 ]]; then chown -R postgres "$DIR/tls"; fi

as_pg "$INITDB" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C >"$DIR/initdb.log" 2>&1 || {
    cat "$DIR/initdb.log" >&2; exit 2; }
as_pg "$PG_CTL" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c max_connections=200 -c ssl=on -c ssl_cert_file=$DIR/tls/server.crt -c ssl_key_file=$DIR/tls/server.key" start >/dev/null || {
    cat "$DIR/server.log" >&2; exit 2; }
"$BINDIR/createdb" -h 127.0.0.1 -p "$PORT" -U postgres namesake_test

export NAMESAKE_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PORT/namesake_test"
export NAMESAKE_TEST_POSTGRES_CA="$DIR/tls/ca.crt"
echo "with-postgres: PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (TLS on; CA $NAMESAKE_TEST_POSTGRES_CA)" >&2
set +e
"$@"
status=$?
set -e
exit $status
