#!/usr/bin/env bash
# run-tests.sh - install what the test suite needs, then run it in three
# stages and print one summary line "N passed, N failed, N skipped" (the sum
# of all stages); exits non-zero if any test of any stage failed.
#
#   plain     normal build, every suite (unit, integration, gui, system,
#             data, ...)
#   asan      a second build with -Dsanitize_all=true (AddressSanitizer +
#             UndefinedBehaviorSanitizer + LeakSanitizer), every suite
#             again under meson's 'sanitize' test setup
#   valgrind  the plain build's unit and integration suites under
#             valgrind memcheck ('valgrind' test setup): any memory error or
#             definite leak fails the test
#
# Usage: build-aux/run-tests.sh [extra meson test arguments]
#   (the extra arguments go to the plain and asan stages, e.g. --suite unit)
#   VSM_TEST_STAGES  comma-separated stages to run (default: plain,asan,valgrind)
#   VSM_BUILD_DIR    plain build directory (default: build-tests); the asan
#                    stage builds in VSM_BUILD_DIR-asan
#   VSM_SKIP_DEPS=1  do not install packages
#   VSM_DEBIAN_SOURCES  where Debian's source tarballs for the Flatpak
#                    manifest's checksum test go (default:
#                    VSM_BUILD_DIR-debian-sources)
set -uo pipefail

log() { printf '[run-tests] %s\n' "$*" >&2; }

SRC_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${VSM_BUILD_DIR:-build-tests}
case $BUILD_DIR in /*) ;; *) BUILD_DIR=$SRC_DIR/$BUILD_DIR ;; esac
ASAN_DIR=$BUILD_DIR-asan
STAGES=${VSM_TEST_STAGES:-plain,asan,valgrind}

for s in ${STAGES//,/ }; do
    case $s in
        plain|asan|valgrind) ;;
        *) log "unknown stage '$s' in VSM_TEST_STAGES (plain, asan, valgrind)"; exit 2 ;;
    esac
done
want() { case ",$STAGES," in *",$1,"*) return 0 ;; esac; return 1; }

# Everything every suite needs, installed here and only here (no test
# installs anything): the build, Xvfb and D-Bus for the GUI suites, and
# for the real-daemon suites libvirtd/virtlogd, QEMU, parted/e2fsprogs,
# tgt and glusterfs (the wizard's real pools), xorriso (ISO images), and
# libvirt's Spanish messages with an es_ES.UTF-8 locale (error handling
# must not depend on the language of libvirt's messages),
# flatpak-builder (with flatpak) for the data suite's offline checks of the
# Flatpak manifest, and for the ssh suite an sshd, ssh, nc (libvirt's proxy
# for ?socket=) and useradd.
PKGS=(build-essential meson ninja-build pkg-config gettext python3
      libglib2.0-dev libgtk-4-dev libadwaita-1-dev libvirt-dev libvirt-glib-1.0-dev
      libxml2-dev libxml2-utils libvirt-clients libxtst-dev
      xvfb xauth dbus dbus-x11 at-spi2-core fonts-cantarell adwaita-icon-theme
      desktop-file-utils appstream imagemagick valgrind
      libvirt-daemon-system libvirt-daemon-driver-qemu
      libvirt-daemon-driver-storage-iscsi-direct qemu-system-x86 qemu-utils
      qemu-block-extra parted e2fsprogs util-linux procps psmisc iproute2
      tgt glusterfs-server glusterfs-client xorriso locales libvirt-l10n
      flatpak-builder
      openssh-server openssh-client netcat-openbsd passwd)
POLICY_RC=/usr/sbin/policy-rc.d

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
        # No init script may start a daemon during the install (the tests
        # run private daemons of their own; a system libvirtd, tgtd or
        # glusterd is not theirs to start): a temporary policy-rc.d says no.
        policy_backup=
        if [ -e "$POLICY_RC" ]; then
            policy_backup=$(mktemp "$POLICY_RC.vsm-XXXXXX") && cp -p "$POLICY_RC" "$policy_backup"
        fi
        restore_policy() {
            if [ -n "$policy_backup" ]; then mv -f "$policy_backup" "$POLICY_RC"; else rm -f "$POLICY_RC"; fi
        }
        trap restore_policy EXIT
        printf '#!/bin/sh\n# temporary, written by run-tests.sh\nexit 101\n' >"$POLICY_RC"
        chmod 755 "$POLICY_RC"
        apt-get update -q >&2 || { log "apt-get update failed"; exit 1; }
        apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 \
            || { log "apt-get install failed"; exit 1; }
        restore_policy
        trap - EXIT
    fi
fi

if [ "${VSM_SKIP_DEPS:-0}" != 1 ] && [ "$(id -u)" = 0 ] && command -v localedef >/dev/null &&
   ! locale -a 2>/dev/null | grep -ix 'es_ES.utf-\?8' >/dev/null; then
    log "generating the es_ES.UTF-8 locale"
    localedef -i es_ES -f UTF-8 es_ES.UTF-8 || { log "localedef es_ES.UTF-8 failed"; exit 1; }
fi

# The data suite's flatpak-sources test compares the Flatpak manifest's
# checksums with Debian's orig tarballs of the same upstream files. Fetch
# them (Debian's archive only, into a private apt state beside the build
# directory: the machine's apt configuration is not touched); if that fails
# the test says so and skips the parts that need them.
export VSM_DEBIAN_SOURCES=${VSM_DEBIAN_SOURCES:-$BUILD_DIR-debian-sources}
log "fetching Debian's source tarballs for the Flatpak manifest into $VSM_DEBIAN_SOURCES"
python3 "$SRC_DIR/build-aux/check-flatpak-sources.py" --fetch "$VSM_DEBIAN_SOURCES" \
        "$SRC_DIR/flatpak/io.github.virtstorage.VirtStorage.json" >&2 \
    || log "fetching Debian's source tarballs failed: flatpak-sources reports what it could not check"

# The real-daemon suites each run a private libvirtd/virtlogd pair
# (tests/system/run-system-test.sh); nothing here starts a daemon.

# count TESTLOG-JSON: prints "passed failed skipped" of one meson test run
count() {
    python3 - "$1" <<'PY'
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
print(passed, len(res) - passed - skipped, skipped)
PY
}

# build DIR [MESON SETUP OPTIONS...]: configure (once) and compile
build() {
    local dir=$1; shift
    if [ ! -f "$dir/build.ninja" ]; then
        meson setup "$dir" "$SRC_DIR" "$@" >&2 || { log "meson setup of $dir failed"; return 1; }
    elif [ $# -gt 0 ]; then
        meson configure "$dir" "$@" >&2 || { log "meson configure of $dir failed"; return 1; }
    fi
    meson compile -C "$dir" >&2 || { log "build of $dir failed"; return 1; }
}

total_p=0 total_f=0 total_s=0 rc=0
summary=()

# stage NAME DIR TESTLOG-NAME SETUP-OPTIONS -- MESON-TEST-ARGS...
stage() {
    local name=$1 dir=$2 logname=$3; shift 3
    local setup_opts=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do setup_opts+=("$1"); shift; done
    shift
    local start=$SECONDS p f s
    log "=== stage $name: build in $dir"
    rm -f "$dir/meson-logs/$logname"
    if build "$dir" "${setup_opts[@]}"; then
        log "=== stage $name: meson test $*"
        meson test -C "$dir" --print-errorlogs --num-processes 2 "$@" >&2 || rc=1
        read -r p f s < <(count "$dir/meson-logs/$logname")
    else
        p=0 f=1 s=0 rc=1
    fi
    local took=$((SECONDS - start))
    total_p=$((total_p + p)) total_f=$((total_f + f)) total_s=$((total_s + s))
    summary+=("$(printf '%-9s %4d passed, %d failed, %d skipped in %dm%02ds' \
                 "$name" "$p" "$f" "$s" $((took / 60)) $((took % 60)))")
    log "=== stage $name: $p passed, $f failed, $s skipped in ${took} s"
}

if want plain; then
    stage plain "$BUILD_DIR" testlog.json -- "$@"
fi
if want asan; then
    stage asan "$ASAN_DIR" testlog-sanitize.json -Dsanitize_all=true -- --setup sanitize "$@"
fi
if want valgrind; then
    if command -v valgrind >/dev/null; then
        stage valgrind "$BUILD_DIR" testlog-valgrind.json -- \
            --setup valgrind --suite unit --suite integration
    else
        log "valgrind is not installed: the valgrind stage fails"
        total_f=$((total_f + 1)) rc=1
        summary+=("valgrind  not installed")
    fi
fi

for line in "${summary[@]}"; do log "$line"; done
echo "$total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" -eq 0 ] || rc=1
exit $rc
