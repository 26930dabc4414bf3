#!/usr/bin/env bash
# run-no-data-loss.sh TESTBED TEST-PROGRAM [ARGS...]
#
# Runs test-no-data-loss (under tests/headless.sh, it drives the real
# window) against the real libvirtd on qemu:///system.
#   - not root: TAP "1..0 # SKIP reason", exit 0
#   - libvirtd not reachable: `TESTBED start`; if that fails it is a
#     failure ("Bail out!"), never a skip. A libvirtd this script started
#     is stopped again only if it is still that same process; one that was
#     running before is never touched.
#   - pools vsm-safe-<pid>[-suffix] and /var/tmp/vsm-safe-<pid> of test
#     processes that are gone (a crashed run) are removed
#
# TAP goes to stdout; everything else to stderr.

set -u -o pipefail

if [ $# -lt 3 ]; then
    echo "usage: $0 TESTBED HEADLESS TEST-PROGRAM [ARGS...]" >&2
    exit 2
fi
testbed=$1
headless=$2
program=$3
shift 3

export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
URI=qemu:///system

skip() { echo "1..0 # SKIP $*"; exit 0; }
bail() { echo "Bail out! $*"; exit 1; }
log() { echo "[run-no-data-loss] $*" >&2; }

[ "$(id -u)" = 0 ] || skip "not root: the no-data-loss tests need libvirtd on qemu:///system"
[ -x "$testbed" ] || bail "testbed script not found or not executable: $testbed"
[ -x "$program" ] || bail "test program not found: $program"

if ! command -v libvirtd >/dev/null || ! command -v virsh >/dev/null; then
    "$testbed" install || log "warning: '$testbed install' failed"
    command -v libvirtd >/dev/null && command -v virsh >/dev/null ||
        skip "libvirtd or virsh is missing and could not be installed"
fi

# The 'daemon' suite kills and restarts libvirtd on purpose; let a run of
# it (from another build directory) finish first, at most 5 minutes.
for _ in $(seq 1 300); do
    pgrep -x test-daemon >/dev/null 2>&1 || break
    sleep 1
done

live_libvirtd() {
    local p state
    for p in $(pgrep -x libvirtd 2>/dev/null); do
        state=$(sed -n 's/^[0-9]* (.*) \(.\).*/\1/p' "/proc/$p/stat" 2>/dev/null)
        if [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

remove_run() {
    local pid=$1 name
    for name in $(virsh -q -c "$URI" pool-list --all --name 2>/dev/null); do
        case "$name" in
            "vsm-safe-$pid"|"vsm-safe-$pid"-*)
                log "removing pool $name"
                virsh -q -c "$URI" pool-destroy "$name" >/dev/null 2>&1
                virsh -q -c "$URI" pool-undefine "$name" >/dev/null 2>&1
                ;;
        esac
    done
    if [ -d "/var/tmp/vsm-safe-$pid" ]; then
        log "removing /var/tmp/vsm-safe-$pid"
        rm -rf --one-file-system -- "/var/tmp/vsm-safe-$pid"
    fi
}

sweep_stale() {
    local name pid dir
    for name in $(virsh -q -c "$URI" pool-list --all --name 2>/dev/null); do
        [[ $name =~ ^vsm-safe-([0-9]+)(-.*)?$ ]] || continue
        pid=${BASH_REMATCH[1]}
        [ -d "/proc/$pid" ] || remove_run "$pid"
    done
    for dir in /var/tmp/vsm-safe-*; do
        [[ $dir =~ ^/var/tmp/vsm-safe-([0-9]+)$ ]] || continue
        pid=${BASH_REMATCH[1]}
        [ -d "/proc/$pid" ] || remove_run "$pid"
    done
}

before=$(live_libvirtd || true)
started=

finish() {
    local rc=$? now
    trap - EXIT INT TERM
    if [ -n "${test_pid:-}" ]; then
        kill -TERM "$test_pid" 2>/dev/null
        wait "$test_pid" 2>/dev/null
    fi
    "$testbed" reachable && sweep_stale
    if [ -n "$started" ]; then
        now=$(live_libvirtd || true)
        if [ "$now" = "$started" ]; then
            log "stopping libvirtd (pid $started), which this script started"
            "$testbed" stop || log "warning: could not stop libvirtd"
        fi
    fi
    exit "$rc"
}
trap finish EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

if [ -z "$before" ] || ! "$testbed" reachable; then
    "$testbed" start || bail "libvirtd could not be started (see the log above)"
    [ -z "$before" ] && started=$(live_libvirtd || true)
fi
sweep_stale

"$headless" "$program" --tap "$@" &
test_pid=$!
wait "$test_pid"
rc=$?
test_pid=
exit "$rc"
