#!/usr/bin/env bash
# run-attach-kvm.sh TESTBED TEST-PROGRAM [ARGS...]
#
# Runs the KVM attach tests against a real libvirtd on qemu:///system:
#   - prints a TAP "1..0 # SKIP reason" and exits 0 only when the machine
#     cannot run KVM guests: not root, /dev/kvm missing, or a kernel
#     without KVM
#   - everything else that goes wrong (libvirtd will not install or start)
#     is a failure ("Bail out!"), never a skip
#   - `TESTBED install`, then `TESTBED start` (which also gives /dev/kvm
#     the usual root:kvm 0660 when there is no udev)
#   - installs xorriso with apt-get when it is missing (the tests make two
#     small ISO images; without it they use dummy .iso files)
#   - removes domains, pools and directories named vsm-test-<pid>-attach*
#     left by earlier runs whose process is gone
#   - runs TEST-PROGRAM --tap
#   - afterwards stops libvirtd again only if this script started it, and
#     never a daemon someone else started
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
log() { echo "[run-attach-kvm] $*" >&2; }
now_ms() { local t; t=$(date +%s%N); echo $((t / 1000000)); }

[ "$(id -u)" = 0 ] || skip "not root: the KVM attach tests start libvirtd for qemu:///system"
if [ ! -e /dev/kvm ]; then
    if [ -r /proc/misc ] && ! grep -qw kvm /proc/misc && [ ! -d /sys/module/kvm ]; then
        skip "the kernel has no KVM support"
    fi
    skip "/dev/kvm is missing"
fi
[ -c /dev/kvm ] || skip "/dev/kvm is not a character device"
[ -x "$testbed" ] || bail "testbed script not found or not executable: $testbed"
[ -x "$program" ] || bail "test program not found: $program"

# ------------------------------------------------------------ install
t0=$(now_ms)
if ! "$testbed" install; then
    if ! command -v libvirtd >/dev/null || ! command -v virsh >/dev/null; then
        bail "libvirtd could not be installed"
    fi
    log "warning: '$testbed install' failed; the daemon binaries exist, going on"
fi
if ! command -v xorriso >/dev/null && ! command -v genisoimage >/dev/null; then
    log "installing xorriso"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends xorriso >&2 \
        || { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends xorriso >&2; } \
        || log "warning: xorriso could not be installed: the tests use dummy ISO files"
fi
log "install step: $(( $(now_ms) - t0 )) ms"

# ------------------------------------------------------------ start
# alive NAME: true if a non-zombie process called NAME exists
alive() {
    local p state
    for p in $(pgrep -x "$1" 2>/dev/null); do
        state=$(sed -n 's/^[0-9]* (.*) \(.\).*/\1/p' "/proc/$p/stat" 2>/dev/null)
        [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ] && return 0
    done
    return 1
}

libvirtd_before=0
virtlogd_before=0
alive libvirtd && libvirtd_before=1
alive virtlogd && virtlogd_before=1

V() { timeout 60 virsh -q -c "$URI" "$@"; }

# Fixtures of earlier runs whose test process is gone.
sweep_stale() {
    local name pid dir
    for name in $(V list --all --name 2>/dev/null); do
        [[ $name =~ ^vsm-test-([0-9]+)-attach(-.*)?$ ]] || continue
        pid=${BASH_REMATCH[1]}
        [ -d "/proc/$pid" ] && continue
        log "removing stale domain $name"
        V destroy "$name" >/dev/null 2>&1
        V undefine "$name" >/dev/null 2>&1
    done
    for name in $(V pool-list --all --name 2>/dev/null); do
        [[ $name =~ ^vsm-test-([0-9]+)-attach$ ]] || continue
        pid=${BASH_REMATCH[1]}
        [ -d "/proc/$pid" ] && continue
        log "removing stale pool $name"
        V pool-destroy "$name" >/dev/null 2>&1
        V pool-undefine "$name" >/dev/null 2>&1
    done
    for dir in /var/tmp/vsm-test-*-attach; do
        [ -d "$dir" ] || continue
        [[ $dir =~ ^/var/tmp/vsm-test-([0-9]+)-attach$ ]] || continue
        pid=${BASH_REMATCH[1]}
        [ -d "/proc/$pid" ] && continue
        log "removing stale directory $dir"
        rm -rf --one-file-system -- "$dir"
    done
}

# shellcheck disable=SC2317  # called through the EXIT trap
finish() {
    local rc=$?
    trap - EXIT INT TERM
    # let a dying test program's cleanup finish first
    [ -n "${test_pid:-}" ] && wait "$test_pid" 2>/dev/null
    if "$testbed" reachable; then
        sweep_stale
    fi
    if [ "$libvirtd_before" = 0 ]; then
        # `stop` without VSM_FORCE only stops a libvirtd the testbed started
        log "libvirtd was not running before the tests: stopping the one the testbed started"
        if [ "$virtlogd_before" = 0 ]; then
            "$testbed" stop --all || log "warning: could not stop libvirtd/virtlogd"
        else
            "$testbed" stop || log "warning: could not stop libvirtd"
        fi
    else
        log "libvirtd was running before the tests: leaving it running"
    fi
    exit "$rc"
}
trap finish EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

t0=$(now_ms)
errlog=$(mktemp)
if ! "$testbed" start 2> >(tee "$errlog" >&2); then
    sleep 0.2   # let tee flush
    reason=$(sed -n 's/^\[vsm-testbed\] ERROR: //p' "$errlog" | tail -n 1)
    rm -f "$errlog"
    bail "libvirtd could not be started: ${reason:-see the log above}"
fi
rm -f "$errlog"
log "libvirtd answers after $(( $(now_ms) - t0 )) ms"

sweep_stale

# ------------------------------------------------------------ run
VSM_TESTBED="$testbed" "$program" --tap "$@" &
test_pid=$!
wait "$test_pid"
rc=$?
test_pid=
exit "$rc"
