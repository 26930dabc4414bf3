#!/usr/bin/env bash
# test-runner.sh - TAP tests of run-system-test.sh itself, with probe.sh as
# the suite it runs: the promises every real-daemon suite relies on.
#   1 the runner ends, its stdout pipe reaches EOF, the fixture is gone
#   2 no daemon holds the runner's pipe or a descriptor the runner had open
#   3 a libvirtd the suite did not start (standing in for the machine's own
#     or another user's) keeps its pid and its state
#   4 kill -9 of the runner: the reaper removes the fixture, its daemon and
#     the test program within 30 s
#   5 a fixture whose runner and reaper were both killed is removed by the
#     next run
#   6 a lock wait is bounded and names the holder
#   7 VSM_TEST_FORCE_TCG=1 chooses TCG
# Root only (a TAP skip otherwise).
set -u -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
runner=$here/run-system-test.sh
probe=$here/probe.sh
daemon=$(cd "$here/../.." && pwd)/build-aux/vsm-private-daemon.sh

[ "$(id -u)" = 0 ] || { echo "1..0 # SKIP not root: the runner starts a private libvirtd"; exit 0; }

VSM_SYS_NAME=test-runner
# shellcheck source=tests/system/vsm-system-lib.sh
. "$here/vsm-system-lib.sh"

work=$(mktemp -d /var/tmp/vsm-runner-test-XXXXXX)
foreign=$work/foreign
cleanup() {
    "$daemon" stop "$foreign" >/dev/null 2>&1
    rm -rf --one-file-system -- "$work"
}
trap cleanup EXIT

n=0 failed=0
result() { # OK DESCRIPTION [DIAGNOSTIC]
    n=$((n + 1))
    if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; [ -n "${3:-}" ] && echo "# $3"; fi
}
val() { sed -n "s/^$2=//p" "$1" 2>/dev/null; }
wait_until() { # SECONDS COMMAND...
    local deadline=$(( $(now_ms) + $1 * 1000 )); shift
    until "$@"; do [ "$(now_ms)" -ge "$deadline" ] && return 1; sleep 0.1; done
}
gone() { ! alive "$1"; }

echo "1..7"

# a libvirtd of someone else's, running through all of this
"$daemon" start "$foreign" 2>/dev/null || { echo "Bail out! cannot start the stand-in foreign libvirtd"; exit 1; }
furi=$("$daemon" uri "$foreign")
virsh -q -c "$furi" pool-create-as foreign-pool dir --target "$work" >/dev/null
fpid=$("$daemon" pid "$foreign")

# 1 + 2: a normal run through a pipe, with an extra descriptor open
marker=$work/marker
: >"$marker"
t0=$(now_ms)
exec 9>"$marker"
tap=$(VSM_PROBE_OUT=$work/run1 VSM_PROBE_MARKER=$marker timeout 120 "$runner" --name runner-pipe -- "$probe" 2>"$work/run1.err")
rc=$?
exec 9>&-
took=$(( $(now_ms) - t0 ))
dir=$(val "$work/run1" dir)
dpid=$(val "$work/run1" daemon)
vpid=$(val "$work/run1" virtlogd)
ok=1
[ "$rc" = 0 ] && [[ $tap == *"ok 1 - the private daemon answers"* ]] && [ -n "$dir" ] && [ ! -d "$dir" ] &&
    [ -n "$dpid" ] && gone "$dpid" && [ -n "$vpid" ] && gone "$vpid" && ok=0
result $ok "the runner exits 0, its pipe reaches EOF (${took} ms), fixture and daemons are gone" \
    "rc=$rc dir=$dir daemon=$dpid virtlogd=$vpid; $(tail -n 5 "$work/run1.err" | tr '\n' ' ')"
leaked=$(val "$work/run1" leaked)
result "$([ -z "$leaked" ] && [ -n "$dpid" ] && echo 0 || echo 1)" \
    "libvirtd and virtlogd hold no descriptor of the runner (its stdout pipe, an open file)" "leaked: $leaked"

# 3
ok=1
fpools=$(virsh -q -c "$furi" pool-list --name 2>&1)
[ "$("$daemon" pid "$foreign")" = "$fpid" ] && grep -q "^foreign-pool *$" <<<"$fpools" && ok=0
result $ok "a libvirtd the suite did not start keeps its pid ($fpid) and its pool" "pools: $fpools"

# 4: kill -9 of the runner
VSM_PROBE_OUT=$work/run4 VSM_PROBE_HANG=1 "$runner" --name runner-kill9 -- "$probe" >/dev/null 2>"$work/run4.err" &
rpid=$!
wait_until 60 test -s "$work/run4"
dir=$(val "$work/run4" dir) dpid=$(val "$work/run4" daemon) ppid=$(val "$work/run4" pid)
kill -KILL "$rpid"; wait "$rpid" 2>/dev/null
t0=$(now_ms)
ok=1
if [ -n "$dir" ] && wait_until 30 test ! -d "$dir" && wait_until 10 gone "$dpid" && wait_until 10 gone "$ppid"; then ok=0; fi
result $ok "after kill -9 of the runner the reaper removed fixture, libvirtd and test program ($(( $(now_ms) - t0 )) ms)" \
    "dir=$dir exists=$([ -d "$dir" ] && echo yes || echo no) daemon=$dpid probe=$ppid"

# 5: runner and reaper both killed
VSM_PROBE_OUT=$work/run5 VSM_PROBE_HANG=1 "$runner" --name runner-stale -- "$probe" >/dev/null 2>"$work/run5.err" &
rpid=$!
wait_until 60 test -s "$work/run5"
dir=$(val "$work/run5" dir) dpid=$(val "$work/run5" daemon) ppid=$(val "$work/run5" pid)
reaper=$(recorded "$dir" reaper)
kill -KILL "$reaper" "$rpid" 2>/dev/null; wait "$rpid" 2>/dev/null
kill -KILL "$ppid" 2>/dev/null
sleep 0.2
still=$([ -d "$dir" ] && alive "$dpid" && echo yes || echo no)
VSM_PROBE_OUT=$work/run5b timeout 120 "$runner" --name runner-sweep -- "$probe" >/dev/null 2>"$work/run5b.err"
ok=1
[ "$still" = yes ] && [ ! -d "$dir" ] && gone "$dpid" && ok=0
result $ok "the next run removes a fixture whose runner and reaper were killed (and its libvirtd)" \
    "left before: $still; dir=$dir daemon=$dpid"

# 6: bounded lock wait naming the holder
( VSM_SYS_LOCKS=$work/locks; lock_bounded probe-lock 5; exec sleep 30 ) >/dev/null 2>&1 &
holder=$!
wait_until 10 test -s "$work/locks/probe-lock.lock.holder"
t0=$(now_ms)
msg=$( (VSM_SYS_LOCKS=$work/locks; lock_bounded probe-lock 1) 2>&1)
took=$(( $(now_ms) - t0 ))
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
ok=1
[[ $msg == *"Bail out! lock"*"held after 1 s by: pid "* ]] && [ "$took" -lt 5000 ] && ok=0
result $ok "a lock wait ends after its bound (${took} ms) and names the holder" "$msg"

# 7
t=$(VSM_TEST_FORCE_TCG=1 guest_type "$furi" 2>/dev/null)
result "$([ "$t" = qemu ] && echo 0 || echo 1)" "VSM_TEST_FORCE_TCG=1 chooses TCG (got '$t')"

exit $failed
