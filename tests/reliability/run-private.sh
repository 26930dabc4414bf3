#!/usr/bin/env bash
# run-private.sh DAEMON-SCRIPT PROGRAM [ARGS...]
#
# Runs a reliability test against a private libvirtd that it may kill and
# restart at will (build-aux/vsm-private-daemon.sh), never the shared
# system daemon:
#   - not root, or libvirtd not installed and not installable, or no mount
#     namespaces: TAP "1..0 # SKIP reason", exit 0
#   - makes a fresh state directory under /var/tmp, starts the private
#     daemon in it and checks that it is isolated (it sees no pool, network
#     or domain at all, while the system daemon keeps its own)
#   - runs PROGRAM ARGS --tap with VSM_PRIVATE_DAEMON (the script),
#     VSM_PRIVATE_DIR and VSM_PRIVATE_URI set
#   - always (trap, also when the test fails, crashes or meson times it out)
#     kills the private daemon, checks that no process of it is left, and
#     removes the directory
#
# TAP goes to stdout; everything else goes to stderr.

set -u -o pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 DAEMON-SCRIPT PROGRAM [ARGS...]" >&2
    exit 2
fi
daemon=$1
shift

export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

skip() { echo "1..0 # SKIP $*"; exit 0; }
bail() { echo "Bail out! $*"; exit 1; }
log() { echo "[run-private] $*" >&2; }

[ "$(id -u)" = 0 ] || skip "not root: the reliability tests run a private libvirtd"
[ -x "$daemon" ] || bail "daemon script not found or not executable: $daemon"

if ! command -v libvirtd >/dev/null || ! command -v virsh >/dev/null; then
    testbed=$(dirname "$daemon")/vsm-testbed.sh
    [ -x "$testbed" ] && "$testbed" install >&2
    command -v libvirtd >/dev/null && command -v virsh >/dev/null \
        || skip "libvirtd/virsh are not installed and could not be installed"
fi
unshare -m --propagation private true 2>/dev/null \
    || skip "this kernel or container does not allow mount namespaces (unshare -m)"

# Leftovers of runs that were killed before their trap ran.
for old in /var/tmp/vsm-rel-*; do
    [ -d "$old" ] || continue
    if [ -r "$old/owner" ] && [ -d "/proc/$(cat "$old/owner")" ]; then
        continue
    fi
    "$daemon" kill9 "$old" >/dev/null 2>&1
    log "removing stale $old"
    rm -rf --one-file-system -- "$old"
done

dir=$(mktemp -d /var/tmp/vsm-rel-XXXXXX) || bail "mktemp failed"
echo $$ >"$dir/owner"

finish() {
    local rc=$? pid
    trap - EXIT INT TERM
    [ -n "${test_pid:-}" ] && kill -TERM "$test_pid" 2>/dev/null && wait "$test_pid" 2>/dev/null
    # Isolation, the other way round: the pools the test made on the
    # private daemon (all named vsm-rel-*) never reached the system one.
    if [ -n "${uri:-}" ] && sys_pools=$(timeout 10 virsh -q -c qemu:///system pool-list --all --name 2>/dev/null); then
        leaked=$(echo "$sys_pools" | grep '^vsm-rel-')
        if [ -n "$leaked" ]; then
            log "ERROR: the system libvirtd shows pools of the private one: $leaked"
            rc=1
        fi
    fi
    pid=$("$daemon" pid "$dir" 2>/dev/null)
    # its state is thrown away with $dir: no need for a graceful stop
    "$daemon" kill9 "$dir" || log "warning: could not kill the private libvirtd"
    if [ -n "$pid" ] && [ -d "/proc/$pid" ] && \
       ! grep -q '^State:.*[ZX]' "/proc/$pid/status" 2>/dev/null; then
        log "ERROR: private libvirtd (pid $pid) still runs after kill9"
        rc=1
    fi
    # no process may keep using the state directory
    for p in /proc/[0-9]*; do
        if [ "$(readlink "$p/cwd" 2>/dev/null)" = "$dir" ] || \
           tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -qF -- "$dir/libvirtd.conf"; then
            grep -q '^State:.*[ZX]' "$p/status" 2>/dev/null && continue
            log "ERROR: process ${p#/proc/} is left behind: $(tr '\0' ' ' <"$p/cmdline")"
            rc=1
        fi
    done
    if [ "$rc" != 0 ] && [ -r "$dir/libvirtd.log" ]; then
        log "last lines of the private libvirtd's log:"
        grep -v ' : virGDBus\| : udevGetDMIData\| dmidecode' "$dir/libvirtd.log" | tail -n 20 | sed 's/^/[run-private]   /' >&2
    fi
    rm -rf --one-file-system -- "$dir"
    exit "$rc"
}
trap finish EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

errlog=$dir/start-errors
if ! "$daemon" start "$dir" 2> >(tee "$errlog" >&2); then
    sleep 0.2
    bail "the private libvirtd could not be started: $(sed -n 's/^\[vsm-private-daemon\] ERROR: //p' "$errlog" | tail -n 1)"
fi
uri=$("$daemon" uri "$dir")

# Isolation: a fresh private daemon has nothing defined at all.
for what in pool-list net-list list; do
    out=$(virsh -q -c "$uri" "$what" --all --name 2>&1) || bail "virsh $what on $uri failed: $out"
    [ -z "$(echo "$out" | sed '/^$/d')" ] || bail "the private libvirtd is not isolated: $what shows: $out"
done
sys_pid=$(pgrep -xo libvirtd)
priv_pid=$("$daemon" pid "$dir")
[ -n "$priv_pid" ] && [ "$priv_pid" != "$sys_pid" ] || bail "cannot tell the private libvirtd from the system one"
log "private libvirtd pid $priv_pid, state in $dir, URI $uri"

export VSM_PRIVATE_DAEMON=$daemon VSM_PRIVATE_DIR=$dir VSM_PRIVATE_URI=$uri
"$@" --tap &
test_pid=$!
wait "$test_pid"
rc=$?
test_pid=
exit "$rc"
