#!/usr/bin/env bash
# vsm-private-daemon.sh - a second, private libvirtd that tests may kill.
#
# Usage: build-aux/vsm-private-daemon.sh COMMAND DIR
#
#   start    start a private libvirtd whose state lives in DIR, unless it
#            already runs; wait (VSM_START_TIMEOUT s, default 60) until it
#            answers on its socket
#   stop     SIGTERM it, SIGKILL after VSM_STOP_TIMEOUT s (default 20);
#            wait until it is gone
#   kill9    SIGKILL it and wait until it is gone (its state stays in DIR,
#            as /run and /etc stay on a real host)
#   restart  stop (if running) and start
#   status   exit 0 if it runs and answers, 3 if not
#   pid      print its pid (exit 1 if it does not run)
#   uri      print the URI clients use:
#              qemu:///system?socket=DIR/sock/libvirt-sock
#
# The daemon runs as root in its own mount namespace (unshare -m with
# private propagation), where directories under DIR are bind-mounted over
# every place libvirtd keeps driver state or configuration:
#
#   DIR/root/etc        over /etc/libvirt       (pool, network, ... configs)
#   DIR/root/run        over /run/libvirt       (driver locks, pool status)
#   DIR/root/lib        over /var/lib/libvirt   (qemu, dnsmasq, swtpm state)
#   DIR/root/cache      over /var/cache/libvirt (a copy of the host's qemu
#                                                capabilities cache, so the
#                                                qemu driver need not re-probe)
#   DIR/root/log        over /var/log/libvirt
#
# so it sees none of the system daemon's pools, networks or domains, starts
# no network (none is defined), needs no virtlogd (storage only) and leaves
# the system daemon untouched. Its sockets are in DIR/sock (outside those
# mounts, so clients in the normal namespace reach them); its config is
# DIR/libvirtd.conf, its pid file DIR/libvirtd.pid, its log DIR/libvirtd.log.
# State survives kill9/restart; `stop` does not remove DIR (the caller does).
#
# Log lines go to stderr as "[vsm-private-daemon] ...".

set -u -o pipefail
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

START_TIMEOUT=${VSM_START_TIMEOUT:-60}
STOP_TIMEOUT=${VSM_STOP_TIMEOUT:-20}

log() { printf '[vsm-private-daemon] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

now_ms() { local t; t=$(date +%s%N); echo $((t / 1000000)); }

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

# alive PID: a live (non-zombie) libvirtd
alive() {
    local pid=$1 comm state
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
    [ "$comm" = libvirtd ] || return 1
    state=$(sed -n 's/^[0-9]* (.*) \(.\).*/\1/p' "/proc/$pid/stat" 2>/dev/null)
    [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# our_pid: the pid of DIR's libvirtd, checked against its command line so a
# recycled pid of someone else's process (the system daemon!) never matches
our_pid() {
    local pid
    [ -r "$dir/daemon.pid" ] || return 1
    pid=$(tr -dc '0-9' <"$dir/daemon.pid")
    alive "$pid" || return 1
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
    # The qemu capabilities cache, copied once, so the qemu driver does not
    # probe every emulator again (the copy is ours to overwrite).
    if [ ! -e "$dir/root/cache/.copied" ]; then
        if [ -d /var/cache/libvirt ]; then
            cp -a /var/cache/libvirt/. "$dir/root/cache/" 2>/dev/null || true
        fi
        touch "$dir/root/cache/.copied"
    fi
}

# The part that runs inside the new mount namespace. Everything mounted here
# disappears with the namespace when the daemon exits.
inner_script='
set -e
d=$1
mount --make-rprivate /
for m in etc:/etc/libvirt run:/run/libvirt lib:/var/lib/libvirt cache:/var/cache/libvirt log:/var/log/libvirt; do
    src=$d/root/${m%%:*}
    dst=${m#*:}
    mkdir -p "$dst"
    mount --bind "$src" "$dst"
done
exec libvirtd -f "$d/libvirtd.conf" -p "$d/libvirtd.pid"
'

cmd_start() {
    local pid t0 deadline
    [ "$(id -u)" = 0 ] || die "start must run as root"
    command -v libvirtd >/dev/null || die "libvirtd not found (run build-aux/vsm-testbed.sh install)"
    command -v unshare >/dev/null || die "unshare not found (util-linux)"
    if pid=$(our_pid); then
        log "already running (pid $pid)"
        answers && return 0
    else
        write_conf
        t0=$(now_ms)
        printf '\n==== %s vsm-private-daemon: start\n' "$(date -Is)" >>"$dir/stderr.log"
        # setsid: its own session, so a terminal's or meson's signals to our
        # process group do not reach it; stdin/out from /dev/null and a file.
        setsid unshare -m --propagation private \
            bash -c "$inner_script" vsm-private-daemon "$dir" \
            </dev/null >>"$dir/stderr.log" 2>&1 9>&- &
        pid=$!
        echo "$pid" >"$dir/daemon.pid"
        # unshare and bash exec, so $! becomes libvirtd itself
        deadline=$(( t0 + 5000 ))
        while ! alive "$pid"; do
            if ! kill -0 "$pid" 2>/dev/null || [ "$(now_ms)" -ge "$deadline" ]; then
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

cmd_stop() {
    local pid
    if ! pid=$(our_pid); then
        log "not running"
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
    restart) cmd_stop; cmd_start ;;
    status)  our_pid >/dev/null && answers || exit 3 ;;
    pid)     our_pid ;;
    uri)     echo "$URI" ;;
    *) usage; log "unknown command: $cmd"; exit 2 ;;
esac
