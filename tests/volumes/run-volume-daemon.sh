#!/usr/bin/env bash
# run-volume-daemon.sh TESTBED TEST-PROGRAM [ARGS...]
#
# Runs test-volume-daemon against a real libvirtd on qemu:///system.
#   - not root, or libvirtd/virtlogd/virsh/qemu-img missing and not
#     installable: TAP "1..0 # SKIP reason", exit 0
#   - libvirtd not running: `TESTBED start`; if that fails it is a failure
#     ("Bail out!"), never a skip
#   - afterwards libvirtd is stopped again only if this script started it
#     and it is still that same process (another suite, e.g. 'daemon', may
#     have restarted it: then it is theirs and is left alone); a libvirtd
#     that was running before is never stopped
#   - the pools vsm-voltest-<pid>[-b] and /var/tmp/vsm-voltest-<pid> of
#     the test program are removed when it dies without cleaning up, and
#     so are those of earlier runs whose process is gone
#
# TAP goes to stdout; everything else to stderr.

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
log() { echo "[run-volume-daemon] $*" >&2; }

[ "$(id -u)" = 0 ] || skip "not root: the volume daemon tests need libvirtd on qemu:///system"
[ -x "$testbed" ] || bail "testbed script not found or not executable: $testbed"
[ -x "$program" ] || bail "test program not found: $program"

have_binaries() {
    command -v libvirtd >/dev/null && command -v virtlogd >/dev/null &&
        command -v virsh >/dev/null && command -v qemu-img >/dev/null
}

# pid of a live (non-zombie) process called NAME
live_pid() {
    local p state
    for p in $(pgrep -x "$1" 2>/dev/null); do
        state=$(sed -n 's/^[0-9]* (.*) \(.\).*/\1/p' "/proc/$p/stat" 2>/dev/null)
        if [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

if ! have_binaries; then
    "$testbed" install || log "warning: '$testbed install' failed"
    have_binaries || skip "libvirtd, virtlogd, virsh or qemu-img are missing and could not be installed"
fi

# One run of this suite at a time (several build directories may run it).
mkdir -p /run/vsm-testbed
exec 8>/run/vsm-testbed/volume-daemon.lock
flock -w 600 8 || bail "another run of the volume daemon tests holds /run/vsm-testbed/volume-daemon.lock"

# The 'daemon' suite kills and restarts libvirtd on purpose; meson never
# runs it beside this one (is_parallel: false), but another build directory
# may. Let it finish first (at most 5 minutes).
for _ in $(seq 1 300); do
    pgrep -x test-daemon >/dev/null 2>&1 || break
    [ "${waited:-0}" = 0 ] && log "waiting for a running test-daemon (it restarts libvirtd) to finish"
    waited=1
    sleep 1
done

libvirtd_before=$(live_pid libvirtd || true)
virtlogd_before=$(live_pid virtlogd || true)
started_pid=

# remove_run PID: the pools and the directory of the test process PID
remove_run() {
    local pid=$1 name
    for name in "vsm-voltest-$pid" "vsm-voltest-$pid-b"; do
        if virsh -q -c "$URI" pool-info "$name" >/dev/null 2>&1; then
            log "removing pool $name"
            for vol in $(virsh -q -c "$URI" vol-list "$name" 2>/dev/null | awk '{print $1}'); do
                virsh -q -c "$URI" vol-delete --pool "$name" "$vol" >/dev/null 2>&1
            done
            virsh -q -c "$URI" pool-destroy "$name" >/dev/null 2>&1
            virsh -q -c "$URI" pool-undefine "$name" >/dev/null 2>&1
        fi
    done
    if [ -d "/var/tmp/vsm-voltest-$pid" ]; then
        log "removing /var/tmp/vsm-voltest-$pid"
        rm -rf --one-file-system -- "/var/tmp/vsm-voltest-$pid"
    fi
}

sweep_stale() {
    local name pid dir
    for name in $(virsh -q -c "$URI" pool-list --all --name 2>/dev/null); do
        [[ $name =~ ^vsm-voltest-([0-9]+)(-b)?$ ]] || continue
        pid=${BASH_REMATCH[1]}
        [ -d "/proc/$pid" ] || remove_run "$pid"
    done
    for dir in /var/tmp/vsm-voltest-*; do
        [[ $dir =~ ^/var/tmp/vsm-voltest-([0-9]+)$ ]] || continue
        pid=${BASH_REMATCH[1]}
        [ -d "/proc/$pid" ] || remove_run "$pid"
    done
}

finish() {
    local rc=$? now
    trap - EXIT INT TERM
    if [ -n "${test_pid:-}" ]; then
        kill -TERM "$test_pid" 2>/dev/null
        wait "$test_pid" 2>/dev/null
    fi
    if "$testbed" reachable; then
        [ -n "${last_pid:-}" ] && remove_run "$last_pid"
        sweep_stale
    fi
    if [ -n "$started_pid" ]; then
        now=$(live_pid libvirtd || true)
        if [ "$now" = "$started_pid" ]; then
            log "stopping libvirtd (pid $started_pid), which this script started"
            "$testbed" stop || log "warning: could not stop libvirtd"
            if [ -z "$virtlogd_before" ]; then
                "$testbed" stop --all || log "warning: could not stop virtlogd"
            fi
        else
            log "libvirtd is no longer the one this script started (${now:-none} != $started_pid): leaving it alone"
        fi
    else
        log "libvirtd was running before (pid $libvirtd_before): leaving it running"
    fi
    exit "$rc"
}
trap finish EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

if [ -z "$libvirtd_before" ] || ! "$testbed" reachable; then
    errlog=$(mktemp)
    if ! "$testbed" start 2> >(tee "$errlog" >&2); then
        sleep 0.2
        reason=$(sed -n 's/^\[vsm-testbed\] ERROR: //p' "$errlog" | tail -n 1)
        rm -f "$errlog"
        bail "libvirtd could not be started: ${reason:-see the log above}"
    fi
    rm -f "$errlog"
    [ -z "$libvirtd_before" ] && started_pid=$(live_pid libvirtd || true)
fi

sweep_stale

export VSM_TESTBED="$testbed"
"$program" --tap "$@" &
test_pid=$!
last_pid=$test_pid
wait "$test_pid"
rc=$?
test_pid=
exit "$rc"
