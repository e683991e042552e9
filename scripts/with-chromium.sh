#!/usr/bin/env bash
# Runs a command with Debian's headless Chromium and its WebDriver (chromedriver) at hand, for the
# UI's end-to-end tests (crates/server/tests/ui_browser.rs), and NAMESAKE_CHROMIUM and
# NAMESAKE_CHROMEDRIVER naming them. Installs `chromium` and `chromium-driver` with apt-get when
# they are missing and we are root (CI); otherwise says how to install them and runs the command
# anyway (the browser test then skips, or fails under CI).
#
#   scripts/with-chromium.sh cargo test -p namesake-server --test ui_browser
set -euo pipefail

find_bin() {
    local name p
    for name in "$@"; do
        if p=$(command -v "$name" 2>/dev/null); then echo "$p"; return 0; fi
    done
    return 1
}

if ! find_bin chromium chromium-browser >/dev/null || ! find_bin chromedriver >/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "with-chromium: installing chromium and chromium-driver (apt-get)" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq chromium chromium-driver >&2
    else
        echo "with-chromium: chromium or chromedriver not found; install them (apt-get install chromium chromium-driver)" >&2
    fi
fi

if p=$(find_bin chromium chromium-browser); then export NAMESAKE_CHROMIUM=$p; fi
if p=$(find_bin chromedriver); then export NAMESAKE_CHROMEDRIVER=$p; fi
exec "$@"
