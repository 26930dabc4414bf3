#!/usr/bin/env bash
# run-system-test.sh - the one runner of every real-daemon (system) suite.
#
# Usage: run-system-test.sh [OPTIONS] -- PROGRAM [ARGS...]
#   --name NAME     the suite's name (log prefix, fixture directory name)
#   --headless      run PROGRAM under tests/headless.sh (Xvfb + D-Bus)
#   --guests        the suite starts QEMU guests: pick KVM when /dev/kvm is
#                   usable, TCG otherwise (VSM_TEST_FORCE_TCG=1 forces TCG),
#                   say which, export VSM_TEST_GUEST_TYPE (kvm|qemu) and, for
#                   TCG, double VSM_TEST_TIMEOUT_SCALE
#   --setup FILE    a hook sourced here that defines suite_setup DIR (sets up
#                   what the suite needs and exports its variables) and
#                   suite_cleanup DIR (undoes it from DIR's records alone)
#
# What it does:
#   - not root: TAP "1..0 # SKIP reason" (the only skip); a missing tool or
#     a daemon that will not start fails the suite ("Bail out!")
#   - removes fixtures of earlier runs that were killed with their reaper
#   - makes a fixture directory /var/tmp/vsm-sys-NAME-XXXXXX and starts a
#     reaper (its own session, no inherited descriptors) that cleans the
#     fixture up if this runner dies without doing so, even by kill -9
#   - starts a private libvirtd/virtlogd pair in it
#     (build-aux/vsm-private-daemon.sh), checks that it is isolated (it
#     sees no pool, network or domain), and never starts, stops, reuses or
#     asks the machine's own libvirt daemons anything
#   - runs PROGRAM --tap with VSM_PRIVATE_DAEMON (the control script),
#     VSM_PRIVATE_DIR, VSM_PRIVATE_URI (the daemon's URI) and
#     VSM_TEST_WORK_DIR (scratch space inside the fixture) set
#   - always (trap on exit, TERM and INT; the reaper otherwise) ends the test
#     program, runs suite_cleanup, stops every process of the private
#     daemon's namespace and every process whose environment names the
#     fixture (what the test or the setup started), detaches loop devices
#     and removes the fixture; the suite fails if anything is left running
#
# TAP goes to stdout; everything else goes to stderr.

set -u -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
srcdir=$(cd "$here/../.." && pwd)
daemon=$srcdir/build-aux/vsm-private-daemon.sh
headless=$srcdir/tests/headless.sh
self=$here/run-system-test.sh

# ------------------------------------------------------------------ reaper
# run-system-test.sh --reap OWNER-PID DIR: wait until OWNER-PID is gone,
# then clean DIR up unless the owner did (it is gone then).
if [ "${1:-}" = --reap ]; then
    owner=$2 dir=$3
    VSM_SYS_NAME="reaper $(basename "$dir")"
    # shellcheck source=tests/system/vsm-system-lib.sh
    . "$here/vsm-system-lib.sh"
    close_fds
    tail --pid="$owner" -f /dev/null
    if [ -d "$dir" ]; then
        log "runner $owner died without cleaning up: cleaning up $dir"
        fixture_cleanup "$dir"
    fi
    exit 0
fi

name=system headless_run=0 guests=0 setup_hook=
while [ $# -gt 0 ]; do
    case $1 in
        --name) name=$2; shift 2 ;;
        --headless) headless_run=1; shift ;;
        --guests) guests=1; shift ;;
        --setup) setup_hook=$2; shift 2 ;;
        --) shift; break ;;
        *) echo "usage: $0 [--name NAME] [--headless] [--guests] [--setup FILE] -- PROGRAM [ARGS...]" >&2; exit 2 ;;
    esac
done
[ $# -ge 1 ] || { echo "usage: $0 [OPTIONS] -- PROGRAM [ARGS...]" >&2; exit 2; }
VSM_SYS_NAME=$name
# shellcheck source=tests/system/vsm-system-lib.sh
. "$here/vsm-system-lib.sh"

[ "$(id -u)" = 0 ] || skip "not root: the system tests run a private libvirtd, which needs root"
[ -x "$1" ] || bail "test program not found: $1"
[ -x "$daemon" ] || bail "not executable: $daemon"
require_commands "libvirt-daemon-system libvirt-clients qemu-utils util-linux" \
    libvirtd virtlogd virsh qemu-img unshare setsid flock losetup
[ "$headless_run" = 0 ] || require_commands "xvfb xauth dbus" xvfb-run dbus-run-session
[ "$guests" = 0 ] || require_commands "qemu-system-x86" qemu-system-x86_64
unshare -m --propagation private true 2>/dev/null \
    || bail "this kernel or container does not allow mount namespaces (unshare -m): the private libvirtd needs one"

t_start=$(now_ms)
sweep_stale

dir=$(mktemp -d "$VSM_SYS_BASE/vsm-sys-$name-XXXXXX") || bail "mktemp in $VSM_SYS_BASE failed"
echo $$ >"$dir/owner"
mkdir -p "$dir/work"
record "$dir" daemon-script "$daemon"
[ -n "$setup_hook" ] && record "$dir" setup-hook "$setup_hook"
( close_fds; exec setsid "$self" --reap $$ "$dir" </dev/null >/dev/null 2>&1 ) &
record "$dir" reaper $!

test_pid=
finish() {
    local rc=$? left i
    trap - EXIT INT TERM
    if [ -n "$test_pid" ] && alive "$test_pid"; then
        # the test runs in a process group of its own (with Xvfb, D-Bus)
        kill -TERM -- "-$test_pid" 2>/dev/null
        # a test's own cleanup (fixtures on the daemon) gets 60 s
        for i in $(seq 1 600); do alive "$test_pid" || break; sleep 0.1; done
        alive "$test_pid" && { log "the test program ignored SIGTERM: SIGKILL"; kill -KILL -- "-$test_pid"; }
        wait "$test_pid" 2>/dev/null
    fi
    if [ "$rc" != 0 ] && [ -r "$dir/libvirtd.log" ]; then
        log "last lines of the private libvirtd's log:"
        grep -v ' : virGDBus\| : udevGetDMIData\| dmidecode' "$dir/libvirtd.log" | tail -n 20 | sed 's/^/    /' >&2
    fi
    fixture_cleanup "$dir" || { log "ERROR: the fixture was not cleaned up completely"; rc=1; }
    left=$("$daemon" pid "$dir" 2>/dev/null)
    [ -z "$left" ] || { log "ERROR: the private libvirtd (pid $left) still runs"; rc=1; }
    [ ! -d "$dir" ] || { log "ERROR: $dir is still there"; rc=1; }
    log "done in $(( ($(now_ms) - t_start) / 1000 )) s, exit $rc"
    exit "$rc"
}
trap finish EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# ------------------------------------------------------------------ daemon
if ! "$daemon" start "$dir" 2>"$dir/start.err"; then
    sed 's/^/    /' "$dir/start.err" >&2
    bail "the private libvirtd could not be started: $(sed -n 's/^\[vsm-private-daemon\] ERROR: //p' "$dir/start.err" | tail -n 1)"
fi
cat "$dir/start.err" >&2
uri=$("$daemon" uri "$dir")
for what in pool-list net-list list; do
    out=$(timeout 30 virsh -q -c "$uri" "$what" --all --name 2>&1) || bail "virsh $what on $uri failed: $out"
    [ -z "$(echo "$out" | sed '/^$/d')" ] || bail "the private libvirtd is not isolated: $what shows: $out"
done
log "private libvirtd pid $("$daemon" pid "$dir"), fixture $dir"

export VSM_PRIVATE_DAEMON=$daemon VSM_PRIVATE_DIR=$dir VSM_PRIVATE_URI=$uri
export VSM_TEST_WORK_DIR=$dir/work

if [ "$guests" = 1 ]; then
    VSM_TEST_GUEST_TYPE=$(guest_type "$uri")
    export VSM_TEST_GUEST_TYPE
    if [ "$VSM_TEST_GUEST_TYPE" = qemu ]; then
        export VSM_TEST_TIMEOUT_SCALE=$(( ${VSM_TEST_TIMEOUT_SCALE:-1} * 2 ))
    fi
fi

if [ -n "$setup_hook" ]; then
    # shellcheck source=/dev/null
    . "$setup_hook"
    suite_setup "$dir" || bail "the setup of $name failed (see the lines above)"
fi

# ------------------------------------------------------------------ run
# a process group of its own, so that the trap can end all of it
# (7>&-: a setup hook's lock stays with the runner)
if [ "$headless_run" = 1 ]; then
    ( exec 7>&- setsid "$headless" "$@" --tap ) &
else
    ( exec 7>&- setsid "$@" --tap ) &
fi
test_pid=$!
wait "$test_pid"
rc=$?
test_pid=
exit "$rc"
