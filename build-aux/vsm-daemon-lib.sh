# vsm-daemon-lib.sh - sourced by the scripts that start or find daemons
# (vsm-private-daemon.sh, vsm-testbed.sh, tests/system/vsm-system-lib.sh):
# the few process helpers they share.
# shellcheck shell=bash

now_ms() { local t; t=$(date +%s%N); echo $((t / 1000000)); }

# alive PID: a live (non-zombie) process (PID 1 may not reap re-parented
# daemons on machines without systemd: a zombie counts as gone)
alive() {
    local state
    [[ ${1:-} =~ ^[0-9]+$ ]] || return 1
    state=$(sed -n 's/^[0-9]* (.*) \(.\).*/\1/p' "/proc/$1/stat" 2>/dev/null)
    [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# close_fds: close every descriptor above 2 of this (sub)shell; call it in
# the subshell that is about to exec a daemon, so the daemon holds no pipe
# or lock of whoever started it
close_fds() {
    local fd
    for fd in /proc/$BASHPID/fd/*; do
        fd=${fd##*/}
        [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"
    done
    return 0
}
