#!/usr/bin/env bash
# run-tests.sh - install what the test suite needs, build, run every test
# suite (unit, integration, daemon, gui, data) and print one summary line
# "N passed, N failed, N skipped".
#
# Usage: build-aux/run-tests.sh [extra meson test arguments]
#   VSM_BUILD_DIR   build directory (default: build-tests)
#   VSM_SKIP_DEPS=1 do not install packages
set -uo pipefail

log() { printf '[run-tests] %s\n' "$*" >&2; }

SRC_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${VSM_BUILD_DIR:-build-tests}
case $BUILD_DIR in /*) ;; *) BUILD_DIR=$SRC_DIR/$BUILD_DIR ;; esac

PKGS=(build-essential meson ninja-build pkg-config gettext python3
      libglib2.0-dev libgtk-4-dev libadwaita-1-dev libvirt-dev libvirt-glib-1.0-dev
      libxml2-dev libxml2-utils libvirt-clients
      xvfb xauth dbus dbus-x11 at-spi2-core fonts-cantarell adwaita-icon-theme
      desktop-file-utils appstream imagemagick valgrind)

if [ "${VSM_SKIP_DEPS:-0}" != 1 ] && command -v apt-get >/dev/null; then
    missing=()
    for p in "${PKGS[@]}"; do
        [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        if [ "$(id -u)" != 0 ]; then
            log "missing packages: ${missing[*]}; run as root or install them"; exit 1
        fi
        log "installing: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q >&2 || { log "apt-get update failed"; exit 1; }
        apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 \
            || { log "apt-get install failed"; exit 1; }
    fi
fi

# The real-daemon suite installs and starts libvirtd itself
# (tests/daemon/run-daemon-tests.sh → build-aux/vsm-testbed.sh).

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    meson setup "$BUILD_DIR" "$SRC_DIR" >&2 || { log "meson setup failed"; exit 1; }
fi
meson compile -C "$BUILD_DIR" >&2 || { log "build failed"; echo "0 passed, 1 failed"; exit 1; }

meson test -C "$BUILD_DIR" --print-errorlogs --num-processes 2 "$@"
rc=$?

python3 - "$BUILD_DIR/meson-logs/testlog.json" <<'PY'
import json, sys
res = []
try:
    with open(sys.argv[1]) as f:
        for line in f:
            line = line.strip()
            if line:
                res.append(json.loads(line)["result"])
except FileNotFoundError:
    pass
passed = sum(r in ("OK", "EXPECTEDFAIL") for r in res)
skipped = res.count("SKIP")
failed = len(res) - passed - skipped
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $rc
