#!/usr/bin/env bash
# run-daemon-tests.sh TESTBED TEST-PROGRAM [ARGS...]
#
# Runs the daemon test program against a real libvirtd on qemu:///system:
#   - not root, or libvirtd/virtlogd missing and not installable: prints a
#     TAP "1..0 # SKIP reason" and exits 0
#   - otherwise `TESTBED install` and `TESTBED start`; if libvirtd cannot be
#     started that is a failure ("Bail out!", exit 1), never a skip
#   - runs TEST-PROGRAM --tap with VSM_TESTBED set
#   - afterwards stops libvirtd (and virtlogd) again unless they were
#     already running before, and removes leftovers of earlier runs that
#     were killed (pools and directories vsm-test-<pid>* of dead pids)
#
# TAP goes to stdout; everything else goes to stderr.

set -u -o pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 TESTBED TEST-PROGRAM [ARGS...]" >&2
    exit 2
fi
testbed=$1
program=$2
shift 2

export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
URI=qemu:///system

skip() { echo "1..0 # SKIP $*"; exit 0; }
bail() { echo "Bail out! $*"; exit 1; }
log() { echo "[run-daemon-tests] $*" >&2; }

[ "$(id -u)" = 0 ] || skip "not root: the daemon tests start libvirtd for qemu:///system"
[ -x "$testbed" ] || bail "testbed script not found or not executable: $testbed"
[ -x "$program" ] || bail "test program not found: $program"

have_binaries() {
    command -v libvirtd >/dev/null && command -v virtlogd >/dev/null && command -v virsh >/dev/null
}

# alive NAME: true if a non-zombie process called NAME exists
alive() {
    local p state
    for p in $(pgrep -x "$1" 2>/dev/null); do
        state=$(sed -n 's/^[0-9]* (.*) \(.\).*/\1/p' "/proc/$p/stat" 2>/dev/null)
        [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ] && return 0
    done
    return 1
}

# ------------------------------------------------------------ install
if ! "$testbed" install; then
    if have_binaries; then
        log "warning: '$testbed install' failed; the daemon binaries exist, going on"
    else
        skip "libvirtd/virtlogd are not installed and could not be installed"
    fi
fi
have_binaries || skip "libvirtd, virtlogd or virsh not found after '$testbed install'"

# ------------------------------------------------------------ start
libvirtd_before=0
virtlogd_before=0
alive libvirtd && libvirtd_before=1
alive virtlogd && virtlogd_before=1

# Pools and directories of earlier runs whose test process is gone.
sweep_stale() {
    local name pid dir
    for name in $(virsh -q -c "$URI" pool-list --all --name 2>/dev/null); do
        [[ $name =~ ^vsm-test-([0-9]+)(-.*)?$ ]] || continue
        pid=${BASH_REMATCH[1]}
        [ -d "/proc/$pid" ] && continue
        log "removing stale pool $name"
        virsh -q -c "$URI" pool-destroy "$name" >/dev/null 2>&1
        virsh -q -c "$URI" pool-undefine "$name" >/dev/null 2>&1
    done
    for dir in /var/tmp/vsm-test-*; do
        [ -d "$dir" ] || continue
        [[ $dir =~ ^/var/tmp/vsm-test-([0-9]+)(-.*)?$ ]] || continue
        pid=${BASH_REMATCH[1]}
        [ -d "/proc/$pid" ] && continue
        log "removing stale directory $dir"
        rm -rf --one-file-system -- "$dir"
    done
}

finish() {
    local rc=$?
    trap - EXIT INT TERM
    # let a dying test program's cleanup finish first
    [ -n "${test_pid:-}" ] && wait "$test_pid" 2>/dev/null
    if "$testbed" reachable; then
        sweep_stale
    fi
    if [ "$libvirtd_before" = 0 ]; then
        log "libvirtd was not running before the tests: stopping it"
        VSM_FORCE=1 "$testbed" stop || log "warning: could not stop libvirtd"
    else
        log "libvirtd was running before the tests: leaving it running"
        # the tests kill -9 and restart it: make sure it is back
        "$testbed" reachable || "$testbed" start || log "warning: could not restart libvirtd"
    fi
    if [ "$virtlogd_before" = 0 ] && [ "$libvirtd_before" = 0 ]; then
        VSM_FORCE=1 "$testbed" stop --all || log "warning: could not stop virtlogd"
    fi
    exit "$rc"
}
trap finish EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

errlog=$(mktemp)
if ! "$testbed" start 2> >(tee "$errlog" >&2); then
    sleep 0.2   # let tee flush
    reason=$(sed -n 's/^\[vsm-testbed\] ERROR: //p' "$errlog" | tail -n 1)
    rm -f "$errlog"
    bail "libvirtd could not be started: ${reason:-see the log above}"
fi
rm -f "$errlog"

sweep_stale

# ------------------------------------------------------------ run
export VSM_TESTBED="$testbed"
"$program" --tap "$@" &
test_pid=$!
wait "$test_pid"
rc=$?
test_pid=
exit "$rc"
