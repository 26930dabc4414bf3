# vsm-system-lib.sh - sourced by run-system-test.sh and by the suites'
# setup hooks (tests/system/*-setup.sh): the one place that knows how a
# system test finds its tools, runs daemons and cleans up after itself.
#
# Conventions every helper keeps:
#   - TAP goes to stdout, everything else to stderr as "[system NAME] ...";
#   - a daemon is started with spawn_daemon: every inherited file descriptor
#     closed, stdin from /dev/null, output to a log in the fixture, a session
#     of its own; it is recorded in the fixture (state/NAME.pid) and found
#     again by that file, never by process name;
#   - cleanup works from the fixture directory alone (the runner's trap,
#     its reaper after a kill -9, and the next run's sweep all call the
#     same fixture_cleanup DIR);
#   - every wait is bounded, and a lock wait names the holder.
# shellcheck shell=bash

export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

VSM_SYS_BASE=${VSM_SYS_BASE:-/var/tmp}
VSM_SYS_LOCKS=${VSM_SYS_LOCKS:-/run/vsm-tests}
VSM_SYS_NAME=${VSM_SYS_NAME:-system}

# now_ms, alive PID, close_fds
# shellcheck source=build-aux/vsm-daemon-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../build-aux/vsm-daemon-lib.sh"

log()  { printf '[system %s] %s\n' "$VSM_SYS_NAME" "$*" >&2; }
skip() { echo "1..0 # SKIP $*"; exit 0; }
bail() { echo "Bail out! $*"; log "FAILED: $*"; exit 1; }

# require_commands PACKAGE-HINT CMD...: fail the suite (never skip) when a
# tool is missing; packages are installed by build-aux/run-tests.sh, never
# inside a test
require_commands() {
    local hint=$1 c missing=()
    shift
    for c in "$@"; do command -v "$c" >/dev/null || missing+=("$c"); done
    [ ${#missing[@]} = 0 ] && return 0
    bail "missing: ${missing[*]} (build-aux/run-tests.sh installs them: $hint)"
}

# ------------------------------------------------------------------ state

# record DIR NAME VALUE / recorded DIR NAME: small facts a cleanup needs
record()   { mkdir -p "$1/state" && printf '%s\n' "$3" >"$1/state/$2"; }
recorded() { cat "$1/state/$2" 2>/dev/null; }

# spawn_daemon DIR NAME LOG CMD...: run CMD as a daemon of the fixture DIR,
# with no inherited descriptor, in a session of its own. A CMD that forks
# into the background itself must be followed by record_daemon once its
# pid is known; otherwise its pid is recorded here.
spawn_daemon() {
    local dir=$1 name=$2 logf=$3 pid
    shift 3
    ( close_fds; exec setsid "$@" </dev/null >>"$logf" 2>&1 ) &
    pid=$!
    record "$dir" "$name.pid" "$pid"
    echo "$pid"
}

record_daemon() { record "$1" "$2.pid" "$3"; }

# stop_recorded DIR NAME [SIGNAL]: stop the daemon NAME of the fixture DIR if
# its recorded pid is still that program (checked by its executable's name
# stored beside it), SIGKILL after 10 s
stop_recorded() {
    local dir=$1 name=$2 sig=${3:-TERM} pid exe i
    pid=$(recorded "$dir" "$name.pid") || return 0
    exe=$(recorded "$dir" "$name.exe")
    if alive "$pid" && { [ -z "$exe" ] || [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$exe" ]; }; then
        kill -"$sig" "$pid" 2>/dev/null
        for i in $(seq 1 200); do alive "$pid" || break; sleep 0.05; done
        if alive "$pid"; then
            log "$name (pid $pid) ignored SIG$sig for 10 s: SIGKILL"
            kill -KILL "$pid" 2>/dev/null
            for i in $(seq 1 100); do alive "$pid" || break; sleep 0.05; done
        fi
        log "stopped $name (pid $pid)"
    fi
    rm -f "$dir/state/$name.pid"
}

# ------------------------------------------------------------------ locks

# lock_bounded NAME SECONDS: take the machine-wide lock NAME on fd 7, waiting
# at most SECONDS; on time-out, fail naming the holder. unlock releases it.
lock_bounded() {
    local name=$1 secs=$2 f holder
    mkdir -p "$VSM_SYS_LOCKS"
    f=$VSM_SYS_LOCKS/$name.lock
    exec 7>>"$f"
    if ! flock -w "$secs" 7; then
        holder=$(cat "$f.holder" 2>/dev/null)
        bail "lock $f still held after ${secs} s by: ${holder:-unknown} ($(fuser "$f" 2>/dev/null | xargs -r ps -o pid=,args= -p 2>/dev/null | head -n 3 | tr '\n' ';'))"
    fi
    echo "pid $$ ($VSM_SYS_NAME) since $(date -Is)" >"$f.holder"
}
unlock() { exec 7>&-; }

# ------------------------------------------------------------------ cleanup

# fixture_pids DIR: live processes whose environment has
# VSM_PRIVATE_DIR=DIR (everything the test and the setup hook started),
# but not this shell. Read with builtins only: no helper process of this
# scan is itself listed.
fixture_pids() {
    local dir=$1 p kv
    for p in /proc/[0-9]*; do
        [ "${p#/proc/}" = $$ ] || [ "${p#/proc/}" = "$BASHPID" ] && continue
        while IFS= read -r -d '' kv; do
            if [ "$kv" = "VSM_PRIVATE_DIR=$dir" ]; then
                alive "${p#/proc/}" && echo "${p#/proc/}"
                break
            fi
        done 2>/dev/null <"$p/environ"
    done
}

# end_fixture_processes DIR: SIGTERM them, SIGKILL after 10 s; fails if any
# had to be ended (a test or setup must stop what it starts)
end_fixture_processes() {
    local dir=$1 pids i
    pids=$(fixture_pids "$dir")
    [ -z "$pids" ] && return 0
    log "ending processes the test left: $(for p in $pids; do printf '%s(%s) ' "$(cat "/proc/$p/comm" 2>/dev/null)" "$p"; done)"
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null
    for i in $(seq 1 100); do [ -z "$(fixture_pids "$dir")" ] && return 1; sleep 0.1; done
    pids=$(fixture_pids "$dir")
    # shellcheck disable=SC2086
    [ -n "$pids" ] && kill -KILL $pids 2>/dev/null
    return 1
}

# fixture_cleanup DIR: end everything the fixture DIR started and remove
# it. Idempotent; needs nothing but DIR (and the setup hook it names).
fixture_cleanup() {
    local dir=$1 hook daemon m l p rc=0
    [ -d "$dir" ] || return 0
    hook=$(recorded "$dir" setup-hook)
    if [ -n "$hook" ] && [ -r "$hook" ]; then
        # shellcheck source=/dev/null
        . "$hook"
        declare -F suite_cleanup >/dev/null && { suite_cleanup "$dir" || rc=1; }
    fi
    daemon=$(recorded "$dir" daemon-script)
    if [ -x "$daemon" ]; then
        "$daemon" stop "$dir" || rc=1
        "$daemon" reap "$dir" || rc=1
    fi
    for p in $(ls "$dir/state" 2>/dev/null | sed -n 's/\.pid$//p'); do
        stop_recorded "$dir" "$p" KILL
    done
    end_fixture_processes "$dir" || rc=1
    # mounts under DIR made outside the daemon's namespace, loop devices
    # backed by files in DIR
    awk -v d="$dir/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do
        log "unmounting $m"; umount "$m" 2>/dev/null || umount -l "$m"
    done
    losetup -n -O NAME,BACK-FILE 2>/dev/null | awk -v d="$dir/" 'index($2, d) == 1 {print $1}' | while read -r l; do
        losetup -d "$l" && log "detached $l"
    done
    # nothing may still use DIR
    for p in /proc/[0-9]*; do
        alive "${p#/proc/}" || continue
        [ "${p#/proc/}" = $$ ] && continue
        case "$(readlink "$p/cwd" 2>/dev/null)/" in "$dir"/*)
            log "ERROR: process ${p#/proc/} still works in $dir: $(tr '\0' ' ' <"$p/cmdline")"
            kill -KILL "${p#/proc/}" 2>/dev/null; rc=1 ;;
        esac
    done
    rm -rf --one-file-system -- "$dir" || { log "could not remove $dir"; rc=1; }
    return $rc
}

# sweep_stale: fixtures of runs whose runner and reaper are both gone
# (a machine rebooted, or both were killed)
sweep_stale() {
    local d owner reaper
    for d in "$VSM_SYS_BASE"/vsm-sys-*; do
        [ -d "$d" ] || continue
        owner=$(cat "$d/owner" 2>/dev/null)
        reaper=$(recorded "$d" reaper)
        alive "$owner" && continue
        alive "$reaper" && continue
        log "removing the fixture of an earlier run: $d"
        fixture_cleanup "$d"
    done
}

# ------------------------------------------------------------------ guests

# guest_type URI: "kvm" when /dev/kvm is usable and the daemon offers KVM,
# else "qemu" (TCG); VSM_TEST_FORCE_TCG=1 forces TCG. Prints the reason.
guest_type() {
    local uri=$1
    if [ "${VSM_TEST_FORCE_TCG:-0}" = 1 ]; then
        log "guests: TCG (VSM_TEST_FORCE_TCG=1)"; echo qemu; return
    fi
    if [ ! -c /dev/kvm ]; then
        log "guests: TCG (no /dev/kvm on this machine)"; echo qemu; return
    fi
    if ! ( exec 3<>/dev/kvm ) 2>/dev/null; then
        log "guests: TCG (/dev/kvm cannot be opened)"; echo qemu; return
    fi
    if ! timeout 60 virsh -q -c "$uri" domcapabilities --virttype kvm --arch x86_64 >/dev/null 2>&1; then
        log "guests: TCG (libvirt offers no KVM domain here)"; echo qemu; return
    fi
    log "guests: KVM (/dev/kvm is usable)"
    echo kvm
}
