#!/usr/bin/env bash
# vsm-testbed.sh - run the machine's libvirt daemon (qemu:///system) for
# Virt Storage on a machine without systemd (containers, micro-VMs), to use
# the app against it. Must run as root. The tests and benchmarks never use
# this: they run private daemons of their own (vsm-private-daemon.sh).
#
# Usage: build-aux/vsm-testbed.sh COMMAND
#
#   install    apt-get install (only what is missing) the libvirt/QEMU packages;
#              init scripts are kept from auto-starting with a temporary
#              /usr/sbin/policy-rc.d that exits 101
#   start      start virtlogd and libvirtd if they are not running, then wait
#              (VSM_START_TIMEOUT seconds, default 90) until
#              `virsh -c qemu:///system version` answers. Without udev it also
#              gives /dev/kvm the usual root:kvm 0660 (VSM_NO_KVM_FIX=1 skips)
#   stop       terminate the libvirtd this script started (SIGTERM, then
#              SIGKILL after VSM_STOP_TIMEOUT s, default 30); `stop --all` also
#              stops our virtlogd. A libvirtd someone else started is left
#              alone unless VSM_FORCE=1
#   kill9      kill -9 the running libvirtd and wait until it is gone
#   restart    stop libvirtd if it runs, start it again, wait until it answers
#   status     show the daemons and whether qemu:///system answers
#              (exit 0 if it answers, 3 if not)
#   reachable  exit 0 if qemu:///system answers, 1 if not (no output)
#
# Log lines go to stderr as "[vsm-testbed] ...". Every command is idempotent.
# Environment: VSM_URI (default qemu:///system), VSM_STATE_DIR (default
# /run/vsm-testbed), VSM_START_TIMEOUT, VSM_STOP_TIMEOUT, VSM_FORCE,
# VSM_LIBVIRTD_LOG (default /var/log/libvirt/vsm-libvirtd.log).

set -u -o pipefail

URI=${VSM_URI:-qemu:///system}
STATE_DIR=${VSM_STATE_DIR:-/run/vsm-testbed}
START_TIMEOUT=${VSM_START_TIMEOUT:-90}
STOP_TIMEOUT=${VSM_STOP_TIMEOUT:-30}
LIBVIRTD_LOG=${VSM_LIBVIRTD_LOG:-/var/log/libvirt/vsm-libvirtd.log}
LIBVIRTD_PIDFILE=/run/libvirtd.pid
VIRTLOGD_PIDFILE=/run/virtlogd.pid
POLICY_RC=/usr/sbin/policy-rc.d

PACKAGES=(libvirt-daemon-system libvirt-clients libvirt-daemon-driver-qemu
          qemu-system-x86 qemu-utils qemu-block-extra parted e2fsprogs
          util-linux procps)

log() { printf '[vsm-testbed] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# now_ms, alive PID, close_fds
# shellcheck source=build-aux/vsm-daemon-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/vsm-daemon-lib.sh"
secs_since() { # start_ms -> "1.234"
    local d=$(( $(now_ms) - $1 ))
    printf '%d.%03d' $((d / 1000)) $((d % 1000))
}

need_root() { [ "$(id -u)" = 0 ] || die "'$1' must run as root"; }

# ------------------------------------------------------------------ processes

# pid_alive PID NAME: true if PID is a live (non-zombie) process called NAME
pid_alive() {
    [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] && alive "$1"
}

# daemon_pid NAME PIDFILE: print the pid of the running daemon, or fail
daemon_pid() {
    local name=$1 pidfile=$2 pid p
    if [ -r "$pidfile" ]; then
        pid=$(tr -dc '0-9' <"$pidfile")
        if pid_alive "$pid" "$name"; then echo "$pid"; return 0; fi
    fi
    # no usable pid file (started with another -p, or file removed)
    for p in $(pgrep -x "$name" 2>/dev/null); do
        if pid_alive "$p" "$name"; then echo "$p"; return 0; fi
    done
    return 1
}

libvirtd_pid() { daemon_pid libvirtd "$LIBVIRTD_PIDFILE"; }
virtlogd_pid() { daemon_pid virtlogd "$VIRTLOGD_PIDFILE"; }

# ours NAME PID: was PID recorded by this script when it started NAME?
ours() { [ -r "$STATE_DIR/$1.pid" ] && [ "$(cat "$STATE_DIR/$1.pid")" = "$2" ]; }
record() { mkdir -p "$STATE_DIR" && echo "$2" >"$STATE_DIR/$1.pid"; }
forget() { rm -f "$STATE_DIR/$1.pid"; }

# wait_gone NAME PID TIMEOUT_S: true once PID is gone
wait_gone() {
    local name=$1 pid=$2 limit=$(( $3 * 10 )) i=0
    while pid_alive "$pid" "$name"; do
        i=$((i + 1)); [ "$i" -gt "$limit" ] && return 1
        sleep 0.1
    done
    return 0
}

# serialize start/stop/restart/kill9 between concurrent invocations
take_lock() {
    mkdir -p "$STATE_DIR" || die "cannot create $STATE_DIR"
    exec 9>"$STATE_DIR/lock"
    flock -w 180 9 || die "another vsm-testbed command holds $STATE_DIR/lock"
}

reachable() { timeout 15 virsh -c "$URI" version >/dev/null 2>&1; }

# ------------------------------------------------------------------ install

pkg_installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

POLICY_BACKUP=""
restore_policy_rc() {
    if [ -n "$POLICY_BACKUP" ]; then
        mv -f "$POLICY_BACKUP" "$POLICY_RC"
    else
        rm -f "$POLICY_RC"
    fi
}

cmd_install() {
    need_root install
    command -v apt-get >/dev/null || die "apt-get not found: only Debian/Ubuntu are supported"
    local missing=() p t0
    for p in "${PACKAGES[@]}"; do pkg_installed "$p" || missing+=("$p"); done
    if [ ${#missing[@]} = 0 ]; then
        log "all ${#PACKAGES[@]} packages are already installed"
        return 0
    fi
    log "missing packages: ${missing[*]}"
    t0=$(now_ms)
    # keep init scripts from starting libvirtd/virtlogd during the install
    if [ -e "$POLICY_RC" ]; then
        POLICY_BACKUP=$(mktemp "$POLICY_RC.vsm-XXXXXX") || die "cannot back up $POLICY_RC"
        cp -p "$POLICY_RC" "$POLICY_BACKUP"
    fi
    trap restore_policy_rc EXIT
    printf '#!/bin/sh\n# temporary, written by vsm-testbed.sh install\nexit 101\n' >"$POLICY_RC"
    chmod 755 "$POLICY_RC"

    export DEBIAN_FRONTEND=noninteractive
    log "apt-get update"
    apt-get update -q >&2 || die "apt-get update failed"
    log "apt-get install -y --no-install-recommends ${missing[*]}"
    apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 \
        || die "apt-get install failed"
    restore_policy_rc; trap - EXIT

    for p in "${missing[@]}"; do pkg_installed "$p" || die "package $p is still not installed"; done
    log "installed ${#missing[@]} package(s) in $(secs_since "$t0") s"
    if libvirtd_pid >/dev/null; then
        log "note: libvirtd is running; run 'restart' so it loads new drivers/qemu binaries"
    fi
}

# ------------------------------------------------------------------ start/stop

start_virtlogd() {
    local pid
    if pid=$(virtlogd_pid); then
        log "virtlogd already running (pid $pid)"
        return 0
    fi
    command -v virtlogd >/dev/null || die "virtlogd not found: run '$0 install' first"
    # no inherited descriptor (our lock, a caller's pipe) may stay open in it
    ( close_fds; exec virtlogd -d </dev/null >/dev/null 2>&1 ) || die "virtlogd -d failed (exit $?)"
    local i
    for i in $(seq 1 50); do
        pid=$(virtlogd_pid) && break
        sleep 0.1
    done
    [ -n "${pid:-}" ] || die "virtlogd did not stay up"
    record virtlogd "$pid"
    log "started virtlogd (pid $pid)"
}

start_libvirtd() {
    local pid t0 rc
    t0=$(now_ms)
    if pid=$(libvirtd_pid); then
        log "libvirtd already running (pid $pid)"
    else
        command -v libvirtd >/dev/null || die "libvirtd not found: run '$0 install' first"
        mkdir -p "$(dirname "$LIBVIRTD_LOG")"
        printf '\n==== %s vsm-testbed: libvirtd -d\n' "$(date -Is)" >>"$LIBVIRTD_LOG"
        # with -d the parent only returns once the daemon initialised (or failed)
        ( close_fds
          LIBVIRT_LOG_OUTPUTS=${LIBVIRT_LOG_OUTPUTS:-"3:file:$LIBVIRTD_LOG"} \
              exec libvirtd -d </dev/null >/dev/null 2>>"$LIBVIRTD_LOG" )
        rc=$?
        if [ "$rc" != 0 ]; then
            log "libvirtd -d exited with status $rc; last lines of $LIBVIRTD_LOG:"
            tail -n 15 "$LIBVIRTD_LOG" | sed 's/^/[vsm-testbed]   /' >&2
            die "libvirtd could not be started"
        fi
        local i
        for i in $(seq 1 50); do
            pid=$(libvirtd_pid) && break
            sleep 0.1
        done
        if [ -z "${pid:-}" ]; then
            tail -n 15 "$LIBVIRTD_LOG" | sed 's/^/[vsm-testbed]   /' >&2
            die "libvirtd exited right after starting (see $LIBVIRTD_LOG)"
        fi
        record libvirtd "$pid"
        log "started libvirtd (pid $pid), log: $LIBVIRTD_LOG"
    fi

    log "waiting up to ${START_TIMEOUT} s for $URI"
    local deadline=$(( $(now_ms) + START_TIMEOUT * 1000 ))
    while ! reachable; do
        if ! pid_alive "$pid" libvirtd; then
            tail -n 15 "$LIBVIRTD_LOG" | sed 's/^/[vsm-testbed]   /' >&2
            forget libvirtd
            die "libvirtd (pid $pid) died while starting (see $LIBVIRTD_LOG)"
        fi
        if [ "$(now_ms)" -ge "$deadline" ]; then
            die "libvirtd (pid $pid) runs but $URI did not answer within ${START_TIMEOUT} s (see $LIBVIRTD_LOG)"
        fi
        sleep 0.1
    done
    log "$URI answers after $(secs_since "$t0") s ($(virsh -c "$URI" version 2>/dev/null | sed -n 's/^Running hypervisor: *//p'))"
}

# Without udev nobody gives /dev/kvm its usual root:kvm 0660 mode. Then the
# qemu user cannot open it: KVM guests fail to start, and libvirtd re-probes
# QEMU (~4 s) on every capabilities lookup ("KVM was enabled when probing
# ..., but it is not available now"), e.g. every `virsh version`.
fix_kvm_perms() {
    [ "${VSM_NO_KVM_FIX:-0}" = 1 ] && return 0
    if [ ! -c /dev/kvm ]; then
        log "no /dev/kvm: guests will need <domain type='qemu'> (TCG)"
        return 0
    fi
    getent group kvm >/dev/null 2>&1 || return 0
    id libvirt-qemu >/dev/null 2>&1 || return 0
    if runuser -u libvirt-qemu -- test -r /dev/kvm -a -w /dev/kvm 2>/dev/null; then
        return 0
    fi
    log "/dev/kvm is $(stat -c '%U:%G %a' /dev/kvm) and libvirt-qemu cannot open it (no udev): setting root:kvm 0660 (VSM_NO_KVM_FIX=1 skips this)"
    if ! { chgrp kvm /dev/kvm && chmod 0660 /dev/kvm; }; then
        log "warning: could not change /dev/kvm permissions"
    fi
}

cmd_start() {
    need_root start
    take_lock
    fix_kvm_perms
    start_virtlogd
    start_libvirtd
}

# terminate_pid NAME PID: SIGTERM, wait, SIGKILL if needed
terminate_pid() {
    local name=$1 pid=$2 t0
    t0=$(now_ms)
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone "$name" "$pid" "$STOP_TIMEOUT"; then
        log "$name (pid $pid) ignored SIGTERM for ${STOP_TIMEOUT} s, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        wait_gone "$name" "$pid" 10 || die "$name (pid $pid) does not die"
    fi
    forget "$name"
    log "stopped $name (pid $pid) in $(secs_since "$t0") s"
}

stop_libvirtd() { # force
    local pid
    if ! pid=$(libvirtd_pid); then
        log "libvirtd is not running"
        forget libvirtd
        return 0
    fi
    if ! ours libvirtd "$pid" && [ "${1:-0}" != 1 ]; then
        log "libvirtd (pid $pid) was not started by vsm-testbed; leaving it running (set VSM_FORCE=1 to stop it anyway)"
        return 0
    fi
    terminate_pid libvirtd "$pid"
}

cmd_stop() {
    need_root stop
    take_lock
    stop_libvirtd "${VSM_FORCE:-0}"
    if [ "${1:-}" = --all ]; then
        local pid
        if pid=$(virtlogd_pid); then
            if ours virtlogd "$pid" || [ "${VSM_FORCE:-0}" = 1 ]; then
                terminate_pid virtlogd "$pid"
            else
                log "virtlogd (pid $pid) was not started by vsm-testbed; leaving it running"
            fi
        else
            log "virtlogd is not running"; forget virtlogd
        fi
    fi
}

cmd_kill9() {
    need_root kill9
    take_lock
    local pid t0
    if ! pid=$(libvirtd_pid); then
        log "libvirtd is not running, nothing to kill"
        return 0
    fi
    t0=$(now_ms)
    log "kill -9 libvirtd (pid $pid)"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone libvirtd "$pid" 30 || die "libvirtd (pid $pid) still exists 30 s after SIGKILL"
    log "libvirtd (pid $pid) gone after $(secs_since "$t0") s"
    if reachable; then
        log "warning: $URI still answers (another daemon serves it)"
    fi
}

cmd_restart() {
    need_root restart
    take_lock
    local t0; t0=$(now_ms)
    stop_libvirtd 1
    fix_kvm_perms
    start_virtlogd
    start_libvirtd
    log "restart took $(secs_since "$t0") s"
}

cmd_status() {
    local pid rc=0 who
    if pid=$(virtlogd_pid); then
        who=$(ours virtlogd "$pid" && echo "started by vsm-testbed" || echo "not started by vsm-testbed")
        echo "virtlogd:  running (pid $pid, $who)"
    else
        echo "virtlogd:  not running"
    fi
    if pid=$(libvirtd_pid); then
        who=$(ours libvirtd "$pid" && echo "started by vsm-testbed" || echo "not started by vsm-testbed")
        echo "libvirtd:  running (pid $pid, $who)"
    else
        echo "libvirtd:  not running"
    fi
    if reachable; then
        echo "$URI: answers ($(virsh -c "$URI" version 2>/dev/null | sed -n 's/^Using library: *//p'))"
        echo "pools:     $(virsh -q -c "$URI" pool-list --all --name 2>/dev/null | sed '/^$/d' | paste -sd' ')"
        echo "domains:   $(virsh -q -c "$URI" list --all --name 2>/dev/null | sed '/^$/d' | paste -sd' ')"
    else
        echo "$URI: does not answer"
        rc=3
    fi
    local p missing=()
    for p in "${PACKAGES[@]}"; do pkg_installed "$p" || missing+=("$p"); done
    echo "packages:  ${#missing[@]} missing${missing[*]:+ (${missing[*]})}"
    return "$rc"
}

# ------------------------------------------------------------------ main

usage() { sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0" >&2; }

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
    install)   cmd_install ;;
    start)     cmd_start ;;
    stop)      cmd_stop "$@" ;;
    kill9)     cmd_kill9 ;;
    restart)   cmd_restart ;;
    status)    cmd_status ;;
    reachable) reachable ;;
    -h|--help|help) usage; exit 0 ;;
    *) usage; [ -n "$cmd" ] && log "unknown command: $cmd"; exit 2 ;;
esac
