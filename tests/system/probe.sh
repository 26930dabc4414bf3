#!/usr/bin/env bash
# probe.sh - a stand-in "test program" for test-runner.sh: it runs under
# run-system-test.sh like a real suite and reports what it sees.
#   VSM_PROBE_OUT   file it writes KEY=VALUE lines to:
#                     dir=VSM_PRIVATE_DIR  pid=its own pid
#                     daemon=libvirtd's pid  virtlogd=virtlogd's pid
#                     leaked=descriptors of the daemons that point at the
#                            probe's own stdout (the runner's pipe) or at
#                            VSM_PROBE_MARKER (a file the runner had open)
#   VSM_PROBE_HANG  1: after reporting, sleep (with a child) until killed
# Prints one TAP result: ok when the daemon answered on VSM_PRIVATE_URI.
set -u

out=${VSM_PROBE_OUT:?}
daemon_pid=$("$VSM_PRIVATE_DAEMON" pid "$VSM_PRIVATE_DIR")
virtlogd_pid=$(cat "$VSM_PRIVATE_DIR/root/run/virtlogd.pid" 2>/dev/null)
mine=$(readlink /proc/$$/fd/1)
leaked=
for p in $daemon_pid $virtlogd_pid; do
    for fd in /proc/"$p"/fd/*; do
        t=$(readlink "$fd" 2>/dev/null) || continue
        if [ "$t" = "$mine" ] || { [ -n "${VSM_PROBE_MARKER:-}" ] && [ "$t" = "$VSM_PROBE_MARKER" ]; }; then
            leaked="$leaked $p:${fd##*/}=$t"
        fi
    done
done
{
    echo "dir=$VSM_PRIVATE_DIR"
    echo "pid=$$"
    echo "daemon=$daemon_pid"
    echo "virtlogd=$virtlogd_pid"
    echo "leaked=${leaked# }"
} >"$out.tmp" && mv "$out.tmp" "$out"

echo "1..1"
if virsh -q -c "$VSM_PRIVATE_URI" pool-list --all >/dev/null; then
    echo "ok 1 - the private daemon answers"
else
    echo "not ok 1 - the private daemon does not answer"
fi
if [ "${VSM_PROBE_HANG:-0}" = 1 ]; then
    sleep 600 &
    wait
fi
