#!/usr/bin/env bash
# run-app.sh - build Virt Storage from this source tree and run it.
#
# Usage: build-aux/run-app.sh [APP ARGUMENTS...]
#
#   1. installs the Debian build dependencies that are missing (apt-get; as
#      root, or through sudo when available)
#   2. `meson setup` the build directory if it is not configured yet
#   3. `meson compile`
#   4. runs ./build/src/virt-storage with the given arguments, using the
#      GSettings schema compiled into the build directory
#
# It never starts libvirtd: without a reachable daemon the app falls back to
# its demo connection. Use build-aux/vsm-testbed.sh to run a real daemon.
#
# Environment:
#   VSM_BUILD_DIR      build directory (default: build, relative to the tree)
#   VSM_SKIP_DEPS=1    do not check or install packages
#   VSM_BUILD_ONLY=1   build, but do not run the app
#   VSM_MESON_ARGS     extra arguments for the first `meson setup` (the default
#                      configuration leaves the test suites out: -Dtests=false;
#                      build-aux/run-tests.sh builds them in its own directory)

set -euo pipefail

log() { printf '[run-app] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

SRC_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${VSM_BUILD_DIR:-build}
case $BUILD_DIR in /*) ;; *) BUILD_DIR=$SRC_DIR/$BUILD_DIR ;; esac

BUILD_DEPS=(build-essential meson ninja-build pkg-config gettext
            libglib2.0-dev libgtk-4-dev libadwaita-1-dev libvirt-dev
            libvirt-glib-1.0-dev libxml2-dev libvirt-clients)

pkg_installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

install_deps() {
    if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
        log "not a Debian-based system: skipping the package check; install the equivalents of: ${BUILD_DEPS[*]}"
        return 0
    fi
    local missing=() p
    for p in "${BUILD_DEPS[@]}"; do pkg_installed "$p" || missing+=("$p"); done
    if [ ${#missing[@]} = 0 ]; then
        log "build dependencies are installed"
        return 0
    fi
    local sudo=()
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null \
            || die "missing packages: ${missing[*]} (run as root: apt-get install --no-install-recommends ${missing[*]})"
        sudo=(sudo)
    fi
    log "installing missing packages: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 \
        || die "apt-get update failed"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 \
        || die "apt-get install failed"
}

[ "${VSM_SKIP_DEPS:-0}" = 1 ] || install_deps

cd "$SRC_DIR"
[ -f meson.build ] || die "no meson.build in $SRC_DIR"

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    # shellcheck disable=SC2086  # VSM_MESON_ARGS is a word list on purpose
    if [ -d "$BUILD_DIR/meson-private" ]; then
        log "build directory $BUILD_DIR is half configured: meson setup --wipe"
        meson setup --wipe "$BUILD_DIR" -Dtests=false ${VSM_MESON_ARGS:-} >&2 || die "meson setup failed"
    else
        log "meson setup $BUILD_DIR"
        meson setup "$BUILD_DIR" -Dtests=false ${VSM_MESON_ARGS:-} >&2 || die "meson setup failed"
    fi
fi

log "meson compile -C $BUILD_DIR"
meson compile -C "$BUILD_DIR" >&2 || die "build failed"

APP=$BUILD_DIR/src/virt-storage
[ -x "$APP" ] || die "$APP was not built"

if [ "${VSM_BUILD_ONLY:-0}" = 1 ]; then
    log "built $APP"
    exit 0
fi

# uninstalled run: use the schema that data/meson.build compiles into the build tree
if [ -f "$BUILD_DIR/data/gschemas.compiled" ]; then
    export GSETTINGS_SCHEMA_DIR="$BUILD_DIR/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
    # Translations built in the tree (the app binds them from VSM_LOCALEDIR).
    [ -d "$BUILD_DIR/po" ] && export VSM_LOCALEDIR=${VSM_LOCALEDIR:-$BUILD_DIR/po}
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    log "warning: neither DISPLAY nor WAYLAND_DISPLAY is set; GTK may fail to open a display"
fi

log "exec $APP $*"
exec "$APP" "$@"
