#!/usr/bin/env bash
# vsm-private-daemon.sh - a private libvirtd/virtlogd pair that tests own.
#
# Usage: build-aux/vsm-private-daemon.sh COMMAND DIR
#
#   start    start the pair whose state lives in DIR, unless it already
#            runs; wait (VSM_START_TIMEOUT s, default 90) until libvirtd
#            answers on its socket
#   stop     SIGTERM libvirtd (SIGKILL after VSM_STOP_TIMEOUT s, default
#            20), then end every process left in its mount namespaces
#            (virtlogd, guests, FUSE helpers): nothing of DIR keeps running
#   kill9    SIGKILL libvirtd only and wait until it is gone (its guests,
#            virtlogd and state stay, as on a real host whose daemon crashed)
#   reap     SIGKILL every process in every mount namespace DIR's daemons
#            ever had (for cleanup after a crash; needs no live libvirtd)
#   restart  stop libvirtd (if running) and start it again
#   status   exit 0 if it runs and answers, 3 if not
#   pid      print libvirtd's pid (exit 1 if it does not run)
#   uri      print the URI clients use:
#              qemu:///system?socket=DIR/sock/libvirt-sock
#
# The daemons run as root in their own mount namespace (unshare -m with
# private propagation), where directories under DIR are bind-mounted over
# every place libvirtd and virtlogd keep state or configuration:
#
#   DIR/root/etc        over /etc/libvirt       (pool, domain configs and
#                                                our qemu.conf)
#   DIR/root/run        over /run/libvirt       (driver state, virtlogd's
#                                                socket and pid file)
#   DIR/root/lib        over /var/lib/libvirt   (qemu, swtpm state)
#   DIR/root/cache      over /var/cache/libvirt (qemu capabilities; seeded
#                                                from and saved to
#                                                VSM_PRIVATE_CACHE, default
#                                                /var/tmp/vsm-private-cache,
#                                                so only the first daemon
#                                                of a machine probes QEMU)
#   DIR/root/log        over /var/log/libvirt   (guest logs)
#
# so the pair sees none of the system daemon's pools, networks or domains,
# shares no socket, pid file or lock with any other libvirtd or virtlogd, and
# leaves every other daemon untouched. The qemu driver runs guests as root
# (DIR/root/etc/qemu.conf), so nothing on the machine (/dev/kvm's mode) is
# changed for them. Clients in the normal namespace reach the daemon through
# DIR/sock (outside those mounts). Each daemon is started with every
# inherited file descriptor closed and in a session of its own, so no test
# runner's pipe or lock outlives the runner in a daemon. The daemon is found
# by DIR/daemon.pid checked against its command line, never by name; every
# mount namespace it ran in is listed in DIR/mntns, which is how `stop` and
# `reap` find the processes it left. Mounts it makes (fs, netfs, disk pools)
# exist only in its namespace: /proc/PID/mounts and /proc/PID/root show them.
#
# Log lines go to stderr as "[vsm-private-daemon] ...".

set -u -o pipefail
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

START_TIMEOUT=${VSM_START_TIMEOUT:-90}
STOP_TIMEOUT=${VSM_STOP_TIMEOUT:-20}
CACHE=${VSM_PRIVATE_CACHE:-/var/tmp/vsm-private-cache}

log() { printf '[vsm-private-daemon] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# now_ms, alive PID, close_fds
DAEMON_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/vsm-daemon-lib.sh
# shellcheck source=build-aux/vsm-daemon-lib.sh
. "$DAEMON_LIB"

usage() { sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0" >&2; }

cmd=${1:-}
dir=${2:-}
case $cmd in
    -h|--help|help) usage; exit 0 ;;
esac
if [ -z "$cmd" ] || [ -z "$dir" ]; then
    usage; exit 2
fi
case $dir in
    /*) ;;
    *) dir=$(pwd)/$dir ;;
esac
dir=${dir%/}

SOCK_DIR=$dir/sock
CONF=$dir/libvirtd.conf
LOGFILE=$dir/libvirtd.log
URI="qemu:///system?socket=$SOCK_DIR/libvirt-sock"

# ------------------------------------------------------------------ processes

# our_pid: the pid of DIR's libvirtd, checked against its command line so a
# recycled pid of someone else's process (the system daemon!) never matches
our_pid() {
    local pid
    [ -r "$dir/daemon.pid" ] || return 1
    pid=$(tr -dc '0-9' <"$dir/daemon.pid")
    alive "$pid" || return 1
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = libvirtd ] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-f $CONF " || return 1
    echo "$pid"
}

wait_gone() { # PID TIMEOUT_S
    local pid=$1 deadline=$(( $(now_ms) + $2 * 1000 ))
    while alive "$pid"; do
        [ "$(now_ms)" -ge "$deadline" ] && return 1
        sleep 0.02
    done
    return 0
}

answers() {
    timeout 10 virsh -q -c "$URI" pool-list --all --name >/dev/null 2>&1
}

# ns_pids: live processes in any mount namespace listed in DIR/mntns
ns_pids() {
    local p ns
    [ -s "$dir/mntns" ] || return 0
    for p in /proc/[0-9]*; do
        ns=$(readlink "$p/ns/mnt" 2>/dev/null) || continue
        if grep -qxF -- "$ns" "$dir/mntns"; then
            alive "${p#/proc/}" && echo "${p#/proc/}"
        fi
    done
}

# end_namespace SIGNAL WAIT_S: signal every process of our namespaces,
# SIGKILL what is left after WAIT_S seconds; fails if anything survives
end_namespace() {
    local sig=$1 wait_s=$2 pids deadline
    pids=$(ns_pids)
    [ -z "$pids" ] && return 0
    log "ending $(echo "$pids" | wc -w) process(es) of $dir's namespace: $(for p in $pids; do cat "/proc/$p/comm" 2>/dev/null; done | sort | uniq -c | awk '{printf "%s%s×%s", (NR>1?", ":""), $2, $1}')"
    # shellcheck disable=SC2086
    kill -"$sig" $pids 2>/dev/null
    # shellcheck disable=SC2086
    kill -CONT $pids 2>/dev/null
    deadline=$(( $(now_ms) + wait_s * 1000 ))
    while [ -n "$(ns_pids)" ] && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.05; done
    pids=$(ns_pids)
    if [ -n "$pids" ]; then
        # shellcheck disable=SC2086
        kill -KILL $pids 2>/dev/null
        deadline=$(( $(now_ms) + 10000 ))
        while [ -n "$(ns_pids)" ] && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.05; done
    fi
    pids=$(ns_pids)
    [ -z "$pids" ] || { log "processes of $dir's namespace do not die: $pids"; return 1; }
}

# ------------------------------------------------------------------ setup

write_conf() {
    mkdir -p "$SOCK_DIR" "$dir/root/etc" "$dir/root/run" "$dir/root/lib" \
             "$dir/root/cache" "$dir/root/log" || die "cannot create $dir"
    chmod 700 "$dir" "$SOCK_DIR"
    cat >"$CONF" <<EOF
# written by vsm-private-daemon.sh
unix_sock_dir = "$SOCK_DIR"
unix_sock_group = "root"
unix_sock_ro_perms = "0700"
unix_sock_rw_perms = "0700"
unix_sock_admin_perms = "0700"
auth_unix_ro = "none"
auth_unix_rw = "none"
listen_tls = 0
listen_tcp = 0
log_outputs = "3:file:$LOGFILE"
EOF
    # Guests run as root: the machine's /dev/kvm and files keep their modes.
    cat >"$dir/root/etc/qemu.conf" <<EOF
# written by vsm-private-daemon.sh
user = "root"
group = "root"
EOF
    if [ ! -e "$dir/root/cache/.seeded" ]; then
        [ -d "$CACHE/qemu" ] && cp -a "$CACHE/qemu" "$dir/root/cache/" 2>/dev/null
        touch "$dir/root/cache/.seeded"
    fi
}

# save_cache: keep the qemu capabilities this daemon probed (lazily, on its
# first use of the qemu driver) for the next daemon
save_cache() {
    [ -d "$dir/root/cache/qemu/capabilities" ] || return 0
    [ -d "$CACHE/qemu/capabilities" ] && return 0
    local tmp
    mkdir -p "$CACHE" && tmp=$(mktemp -d "$CACHE/.new-XXXXXX") || return 0
    if cp -a "$dir/root/cache/qemu" "$tmp/" && [ ! -e "$CACHE/qemu" ]; then
        mv "$tmp/qemu" "$CACHE/qemu" 2>/dev/null
    fi
    rm -rf "$tmp"
}

# The part that runs inside the new mount namespace. Everything mounted here
# disappears with the namespace once its last process exits.
# shellcheck disable=SC2016
inner_script='
d=$1
# no inherited descriptor (a runner'"'"'s pipe or lock) may outlive the runner here
. "$2"
close_fds
set -e
mount --make-rprivate /
for m in etc:/etc/libvirt run:/run/libvirt lib:/var/lib/libvirt cache:/var/cache/libvirt log:/var/log/libvirt; do
    src=$d/root/${m%%:*}
    dst=${m#*:}
    mkdir -p "$dst"
    mount --bind "$src" "$dst"
done
readlink /proc/$$/ns/mnt >>"$d/mntns"
# virtlogd of an earlier namespace of this DIR may still run (kill9 leaves
# it, with its guests): then it keeps serving, its socket is the same file
if ! virtlogd -d -p /run/libvirt/virtlogd.pid 2>>"$d/virtlogd.err"; then
    pid=$(cat /run/libvirt/virtlogd.pid 2>/dev/null || true)
    [ -n "$pid" ] && [ -d "/proc/$pid" ] || { echo "virtlogd did not start" >&2; exit 1; }
fi
exec libvirtd -f "$d/libvirtd.conf" -p "$d/libvirtd.pid"
'

cmd_start() {
    local pid t0 deadline
    [ "$(id -u)" = 0 ] || die "start must run as root"
    for b in libvirtd virtlogd virsh unshare setsid; do
        command -v "$b" >/dev/null || die "$b not found (build-aux/run-tests.sh installs the packages)"
    done
    if pid=$(our_pid); then
        log "already running (pid $pid)"
        answers && return 0
    else
        write_conf
        t0=$(now_ms)
        printf '\n==== %s vsm-private-daemon: start\n' "$(date -Is)" >>"$dir/stderr.log"
        # setsid: a session of its own, so a terminal's or meson's signals to
        # the runner's process group do not reach it; stdin/out from
        # /dev/null and a file; the inner script closes every other fd.
        setsid unshare -m --propagation private \
            bash -c "$inner_script" vsm-private-daemon "$dir" "$DAEMON_LIB" \
            </dev/null >>"$dir/stderr.log" 2>&1 &
        pid=$!
        echo "$pid" >"$dir/daemon.pid"
        # unshare and bash exec, so $! becomes libvirtd itself
        deadline=$(( t0 + 10000 ))
        until [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = libvirtd ]; do
            if ! alive "$pid" || [ "$(now_ms)" -ge "$deadline" ]; then
                tail -n 15 "$dir/stderr.log" "$LOGFILE" 2>/dev/null | sed 's/^/[vsm-private-daemon]   /' >&2
                die "libvirtd did not start"
            fi
            sleep 0.02
        done
        log "started libvirtd (pid $pid) for $dir"
    fi
    t0=${t0:-$(now_ms)}
    deadline=$(( $(now_ms) + START_TIMEOUT * 1000 ))
    while ! answers; do
        if ! alive "$pid"; then
            tail -n 15 "$dir/stderr.log" "$LOGFILE" 2>/dev/null | sed 's/^/[vsm-private-daemon]   /' >&2
            die "libvirtd (pid $pid) died while starting (see $LOGFILE)"
        fi
        [ "$(now_ms)" -lt "$deadline" ] || die "libvirtd (pid $pid) did not answer within ${START_TIMEOUT} s"
        sleep 0.05
    done
    log "$URI answers ($(( $(now_ms) - t0 )) ms)"
}

stop_libvirtd() {
    local pid
    if ! pid=$(our_pid); then
        rm -f "$dir/daemon.pid"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    # a test may have frozen it (SIGSTOP) and died before thawing it
    kill -CONT "$pid" 2>/dev/null || true
    if ! wait_gone "$pid" "$STOP_TIMEOUT"; then
        log "libvirtd (pid $pid) ignored SIGTERM for ${STOP_TIMEOUT} s: SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        wait_gone "$pid" 10 || die "libvirtd (pid $pid) does not die"
    fi
    rm -f "$dir/daemon.pid"
    log "stopped libvirtd (pid $pid)"
}

cmd_stop() {
    stop_libvirtd
    end_namespace TERM 10
    save_cache
}

cmd_kill9() {
    local pid t0
    if ! pid=$(our_pid); then
        log "not running, nothing to kill"
        rm -f "$dir/daemon.pid"
        return 0
    fi
    t0=$(now_ms)
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 30 || die "libvirtd (pid $pid) still exists 30 s after SIGKILL"
    rm -f "$dir/daemon.pid"
    log "killed libvirtd (pid $pid), gone after $(( $(now_ms) - t0 )) ms"
}

case $cmd in
    start)   cmd_start ;;
    stop)    cmd_stop ;;
    kill9)   cmd_kill9 ;;
    reap)    end_namespace KILL 5 ;;
    restart) stop_libvirtd; cmd_start ;;
    status)  our_pid >/dev/null && answers || exit 3 ;;
    pid)     our_pid ;;
    uri)     echo "$URI" ;;
    *) usage; log "unknown command: $cmd"; exit 2 ;;
esac
