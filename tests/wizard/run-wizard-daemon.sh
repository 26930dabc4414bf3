#!/usr/bin/env bash
# run-wizard-daemon.sh TESTBED TEST-PROGRAM [ARGS...]
#
# Runs test-wizard-daemon (the New Pool wizard against a real libvirtd on
# qemu:///system, under tests/headless.sh) with real storage behind it:
#   - not root: TAP "1..0 # SKIP reason", exit 0
#   - installs what is missing (parted e2fsprogs util-linux tgt
#     glusterfs-server glusterfs-client libvirt-daemon-driver-storage-iscsi-direct,
#     and libvirtd itself through `TESTBED install`) with a temporary
#     /usr/sbin/policy-rc.d, so no init script starts anything
#   - starts libvirtd with `TESTBED start`; restarts it when the iscsi-direct
#     backend package is installed but `virsh pool-capabilities` says it is
#     unsupported (a libvirtd that predates the package)
#   - per case, sets up the storage and passes it in the environment, or
#     passes the reason it cannot (the test prints "ok N … # SKIP reason"):
#       WIZ_FS_DEV        blank 64 MiB image on a loop device (fs, ext4)
#       WIZ_DISK_DEV      blank 64 MiB image on a loop device (disk, GPT)
#       WIZ_ISCSI_IQN     tgt target on 127.0.0.1:3260 with one 64 MiB LUN,
#       WIZ_ISCSI_INITIATOR  and the initiator IQN to use (iscsi-direct)
#       WIZ_GLUSTER_VOL   a one-brick gluster volume served by glusterd on
#                         127.0.0.1 (netfs, format glusterfs; needs FUSE)
#     and WIZ_<CASE>_SKIP=reason instead when the kernel or the packages
#     cannot support a case
#   - removes everything afterwards, also when the test dies: its pools
#     (destroyed and undefined), mounts, loop devices, the tgt target, the
#     gluster volume and brick, the /etc/hosts line it added, and the
#     daemons it started (tgtd, glusterd, libvirtd; a libvirtd that was
#     running before is never stopped). Leftovers of earlier runs whose
#     process is gone are removed too.
#
# TAP goes to stdout; everything else to stderr.

set -u -o pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 TESTBED TEST-PROGRAM [ARGS...]" >&2
    exit 2
fi
testbed=$1
program=$2
shift 2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
headless=$here/../headless.sh

export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
URI=qemu:///system
RUN=vsm-wiz-$$
BASE=/var/tmp
DIR=$BASE/$RUN
IQN_BASE=iqn.2024-01.io.github.virtstorage
PKGS=(parted e2fsprogs util-linux tgt glusterfs-server glusterfs-client
      libvirt-daemon-driver-storage-iscsi-direct)

skip_all() { echo "1..0 # SKIP $*"; exit 0; }
bail() { echo "Bail out! $*"; exit 1; }
log() { echo "[run-wizard-daemon] $*" >&2; }
V() { timeout 60 virsh -q -c "$URI" "$@"; }

[ "$(id -u)" = 0 ] || skip_all "not root: the wizard daemon tests need libvirtd on qemu:///system, loop devices, tgt and gluster"
[ -x "$testbed" ] || bail "testbed script not found or not executable: $testbed"
[ -x "$program" ] || bail "test program not found: $program"
[ -x "$headless" ] || bail "tests/headless.sh not found"

# One run of this suite at a time (several build directories may run it).
mkdir -p /run/vsm-testbed
exec 8>/run/vsm-testbed/wizard-daemon.lock
flock -w 900 8 || bail "another run of the wizard daemon tests holds /run/vsm-testbed/wizard-daemon.lock"

# ------------------------------------------------------------------ probes

have_fs()   { grep -qw "$1" /proc/filesystems; }
have_loop() { [ -e /dev/loop-control ] && losetup -f >/dev/null 2>&1; }
have_fuse() { [ -c /dev/fuse ] && have_fs fuse; }
pkg_ok()    { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
# (no `cmd | grep -q` under pipefail: grep's early exit fails cmd with SIGPIPE)
backend_ok() { local caps; caps=$(V pool-capabilities 2>/dev/null); grep -q "<pool type='$1' supported='yes'>" <<<"$caps"; }

# pid of a live (non-zombie) process called NAME
live_pid() {
    local p state
    for p in $(pgrep -x "$1" 2>/dev/null); do
        state=$(sed -n 's/^[0-9]* (.*) \(.\).*/\1/p' "/proc/$p/stat" 2>/dev/null)
        if [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

# ------------------------------------------------------------------ install

POLICY_RC=/usr/sbin/policy-rc.d
policy_backup=
restore_policy() {
    if [ -n "$policy_backup" ]; then mv -f "$policy_backup" "$POLICY_RC"; policy_backup=; else rm -f "$POLICY_RC"; fi
}

install_packages() {
    local missing=() p rc
    for p in "${PKGS[@]}"; do pkg_ok "$p" || missing+=("$p"); done
    [ ${#missing[@]} = 0 ] && return 0
    log "installing: ${missing[*]}"
    if [ -e "$POLICY_RC" ]; then
        policy_backup=$(mktemp "$POLICY_RC.wiz-XXXXXX") && cp -p "$POLICY_RC" "$policy_backup"
    fi
    printf '#!/bin/sh\n# temporary, written by run-wizard-daemon.sh\nexit 101\n' >"$POLICY_RC"
    chmod 755 "$POLICY_RC"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q -o DPkg::Lock::Timeout=300 --no-install-recommends "${missing[@]}" >&2
    rc=$?
    if [ $rc != 0 ]; then
        log "apt-get install failed; apt-get update and retry"
        apt-get update -q -o DPkg::Lock::Timeout=300 >&2 &&
            apt-get install -y -q -o DPkg::Lock::Timeout=300 --no-install-recommends "${missing[@]}" >&2
        rc=$?
    fi
    restore_policy
    [ $rc = 0 ] || log "warning: apt-get install failed; the cases that need those packages are skipped"
    return 0
}

# ------------------------------------------------------------------ cleanup

etc_hosts_line="127.0.0.1 vsm-wiz-gluster # run-wizard-daemon.sh"

# cleanup_run RUN: everything a run named RUN (vsm-wiz-PID) may have left
cleanup_run() {
    local run=$1 dir=$BASE/$1 p m l tid vol brick
    if "$testbed" reachable; then
        for p in $(V pool-list --all --name 2>/dev/null | grep "^$run-"); do
            log "removing pool $p"
            V pool-destroy "$p" >/dev/null 2>&1
            V pool-undefine "$p" >/dev/null 2>&1
        done
    fi
    # mounts under the run's directory (a pool whose destroy failed)
    awk -v d="$dir/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do
        log "unmounting $m"; umount "$m" 2>/dev/null || umount -l "$m"
    done
    # the gluster volume (stopping it stops its brick process)
    vol=$run-gv
    if command -v gluster >/dev/null && timeout 30 gluster --mode=script volume info "$vol" >/dev/null 2>&1; then
        timeout 60 gluster --mode=script volume stop "$vol" force >/dev/null 2>&1
        timeout 60 gluster --mode=script volume delete "$vol" >/dev/null 2>&1 && log "deleted gluster volume $vol"
    fi
    # the tgt target
    if command -v tgtadm >/dev/null && tgtadm --lld iscsi --mode target --op show >/dev/null 2>&1; then
        tid=$(tgtadm --lld iscsi --mode target --op show |
              awk -v q="$IQN_BASE:$run" '$1 == "Target" && $3 == q {sub(":", "", $2); print $2}')
        if [ -n "$tid" ]; then
            tgtadm --lld iscsi --mode target --op delete --force --tid "$tid" && log "deleted tgt target $IQN_BASE:$run"
        fi
    fi
    # loop devices backed by the run's images
    losetup -n -O NAME,BACK-FILE 2>/dev/null | awk -v d="$dir/" 'index($2, d) == 1 {print $1}' | while read -r l; do
        losetup -d "$l" && log "detached $l"
    done
    if [ -d "$dir" ]; then
        rm -rf --one-file-system -- "$dir" && log "removed $dir"
    fi
}

sweep_stale() {
    local p pid runs=()
    if "$testbed" reachable; then
        for p in $(V pool-list --all --name 2>/dev/null); do
            [[ $p =~ ^vsm-wiz-([0-9]+)- ]] && runs+=("${BASH_REMATCH[1]}")
        done
    fi
    for p in "$BASE"/vsm-wiz-*; do
        [[ $p =~ /vsm-wiz-([0-9]+)$ ]] && runs+=("${BASH_REMATCH[1]}")
    done
    for pid in $(printf '%s\n' "${runs[@]}" | sort -u); do
        [ "$pid" = $$ ] && continue
        [ -d "/proc/$pid" ] && continue
        log "removing leftovers of an earlier run (pid $pid)"
        cleanup_run "vsm-wiz-$pid"
    done
}

libvirtd_before=$(live_pid libvirtd || true)
started_libvirtd=
started_tgtd=
started_glusterd=
added_hosts_line=

finish() {
    local rc=$? now
    trap - EXIT INT TERM
    if [ -n "${test_pid:-}" ]; then
        kill -TERM "$test_pid" 2>/dev/null
        wait "$test_pid" 2>/dev/null
    fi
    if [ -n "$policy_backup" ] || grep -q run-wizard-daemon "$POLICY_RC" 2>/dev/null; then restore_policy; fi
    cleanup_run "$RUN"
    sweep_stale
    if [ -n "$started_glusterd" ] && [ "$(live_pid glusterd || true)" = "$started_glusterd" ]; then
        if [ -z "$(timeout 30 gluster --mode=script volume list 2>/dev/null | grep -v '^No volumes present')" ]; then
            kill -TERM "$started_glusterd" 2>/dev/null && log "stopped glusterd (pid $started_glusterd)"
        else
            log "glusterd serves other volumes now: leaving it running"
        fi
    fi
    if [ -n "$started_tgtd" ] && tgtadm --lld iscsi --mode target --op show >/dev/null 2>&1; then
        if [ -z "$(tgtadm --lld iscsi --mode target --op show)" ]; then
            # tgtd ignores SIGTERM
            tgtadm --lld iscsi --mode system --op delete >/dev/null 2>&1 && log "stopped tgtd"
        else
            log "tgtd serves other targets now: leaving it running"
        fi
    fi
    if [ -n "$added_hosts_line" ]; then
        grep -vxF "$etc_hosts_line" /etc/hosts >/etc/hosts.wiz.$$ && cat /etc/hosts.wiz.$$ >/etc/hosts
        rm -f /etc/hosts.wiz.$$
    fi
    if [ -n "$started_libvirtd" ]; then
        now=$(live_pid libvirtd || true)
        if [ "$now" = "$started_libvirtd" ]; then
            log "stopping libvirtd (pid $started_libvirtd), which this script started"
            "$testbed" stop || log "warning: could not stop libvirtd"
        else
            log "libvirtd is no longer the one this script started (${now:-none} != $started_libvirtd): leaving it alone"
        fi
    elif [ -n "$libvirtd_before" ]; then
        log "libvirtd was running before this script: leaving it running"
    fi
    exit "$rc"
}
trap finish EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# ------------------------------------------------------------------ libvirtd

have_libvirt() { command -v libvirtd >/dev/null && command -v virtlogd >/dev/null && command -v virsh >/dev/null; }
if ! have_libvirt; then
    "$testbed" install 8>&- || log "warning: '$testbed install' failed"
    have_libvirt || skip_all "libvirtd, virtlogd or virsh are missing and could not be installed"
fi
install_packages

if [ -z "$libvirtd_before" ] || ! "$testbed" reachable; then
    # 8>&-: a daemon must not inherit the lock
    "$testbed" start 8>&- || bail "libvirtd could not be started (see the [vsm-testbed] lines above)"
    [ -z "$libvirtd_before" ] && started_libvirtd=$(live_pid libvirtd || true)
fi
if pkg_ok libvirt-daemon-driver-storage-iscsi-direct && ! backend_ok iscsi-direct; then
    log "the iscsi-direct backend is installed but libvirtd has not loaded it: restarting libvirtd"
    "$testbed" restart 8>&- || bail "libvirtd could not be restarted"
    [ -z "$libvirtd_before" ] && started_libvirtd=$(live_pid libvirtd || true)
fi

sweep_stale
mkdir -p "$DIR"

# ------------------------------------------------------------------ storage

# loop_for IMAGE SIZE: a blank image on a new loop device
loop_for() {
    truncate -s "$2" "$1" && losetup -f --show "$1"
}

if ! have_loop; then
    export WIZ_FS_SKIP="the kernel has no free loop devices"
    export WIZ_DISK_SKIP="the kernel has no free loop devices"
else
    if ! have_fs ext4; then
        export WIZ_FS_SKIP="the kernel has no ext4"
    elif ! command -v mkfs.ext4 >/dev/null; then
        export WIZ_FS_SKIP="mkfs.ext4 is missing (e2fsprogs could not be installed)"
    elif dev=$(loop_for "$DIR/fs.img" 64M); then
        export WIZ_FS_DEV=$dev
        log "fs: blank 64 MiB image on $dev"
    else
        export WIZ_FS_SKIP="losetup failed for the fs image"
    fi
    if ! command -v parted >/dev/null; then
        export WIZ_DISK_SKIP="parted is missing and could not be installed"
    elif dev=$(loop_for "$DIR/disk.img" 64M); then
        export WIZ_DISK_DEV=$dev
        log "disk: blank 64 MiB image on $dev"
    else
        export WIZ_DISK_SKIP="losetup failed for the disk image"
    fi
fi

setup_tgt() {
    local tid i
    command -v tgtd >/dev/null || { echo "tgt is not installed"; return 1; }
    backend_ok iscsi-direct || { echo "libvirtd has no iscsi-direct storage backend"; return 1; }
    if ! tgtadm --lld iscsi --mode target --op show >/dev/null 2>&1; then
        tgtd --iscsi portal=127.0.0.1:3260 >"$DIR/tgtd.log" 2>&1 </dev/null 8>&- || { echo "tgtd did not start"; return 1; }
        for i in $(seq 1 50); do tgtadm --lld iscsi --mode target --op show >/dev/null 2>&1 && break; sleep 0.1; done
        tgtadm --lld iscsi --mode target --op show >/dev/null 2>&1 || { echo "tgtd does not answer"; return 1; }
        started_tgtd=1
        log "started tgtd on 127.0.0.1:3260"
    fi
    tid=$(tgtadm --lld iscsi --mode target --op show | awk '/^Target [0-9]+:/ {sub(":", "", $2); if ($2 > m) m = $2} END {print m + 1}')
    truncate -s 64M "$DIR/lun1.img"
    tgtadm --lld iscsi --mode target --op new --tid "$tid" --targetname "$IQN_BASE:$RUN" &&
        tgtadm --lld iscsi --mode logicalunit --op new --tid "$tid" --lun 1 --backing-store "$DIR/lun1.img" &&
        tgtadm --lld iscsi --mode target --op bind --tid "$tid" --initiator-address 127.0.0.1 ||
        { echo "tgtadm could not create the target"; return 1; }
    log "iscsi: tgt target $IQN_BASE:$RUN (tid $tid) with a 64 MiB LUN"
}
# not in $(…): setup_tgt sets started_tgtd
why=$(mktemp)
if setup_tgt >"$why"; then
    export WIZ_ISCSI_IQN=$IQN_BASE:$RUN WIZ_ISCSI_INITIATOR=$IQN_BASE:$RUN-initiator
else
    export WIZ_ISCSI_SKIP=$(cat "$why")
fi
rm -f "$why"

# a name for this host that resolves to loopback (gluster refuses the
# literal localhost / 127.0.0.1 as a brick host)
gluster_host() {
    local h; h=$(hostname)
    if [[ $(getent hosts "$h" | awk '{print $1}') =~ ^127\. ]]; then echo "$h"; return; fi
    if ! grep -qxF "$etc_hosts_line" /etc/hosts; then
        echo "$etc_hosts_line" >>/etc/hosts
        added_hosts_line=1
    fi
    echo vsm-wiz-gluster
}

setup_gluster() {
    local h i vol=$RUN-gv
    command -v glusterd >/dev/null || { echo "glusterfs-server is not installed"; return 1; }
    command -v mount.glusterfs >/dev/null || { echo "glusterfs-client is not installed"; return 1; }
    have_fuse || { echo "the kernel has no FUSE (/dev/fuse), so no glusterfs mounts"; return 1; }
    if ! timeout 30 gluster --mode=script pool list >/dev/null 2>&1; then
        glusterd --log-file="$DIR/glusterd.log" </dev/null >/dev/null 2>&1 8>&- || { echo "glusterd did not start"; return 1; }
        for i in $(seq 1 100); do timeout 10 gluster --mode=script pool list >/dev/null 2>&1 && break; sleep 0.1; done
        started_glusterd=$(live_pid glusterd || true)
        timeout 30 gluster --mode=script pool list >/dev/null 2>&1 || { echo "glusterd does not answer"; return 1; }
        log "started glusterd (pid $started_glusterd)"
    fi
    gluster_host >"$DIR/gluster-host"
    h=$(cat "$DIR/gluster-host")
    mkdir -p "$DIR/brick"
    timeout 60 gluster --mode=script volume create "$vol" "$h:$DIR/brick" force >&2 || { echo "gluster volume create failed"; return 1; }
    timeout 60 gluster --mode=script volume start "$vol" >&2 || { echo "gluster volume start failed"; return 1; }
    for i in $(seq 1 100); do
        [[ $(timeout 10 gluster --mode=script volume status "$vol" 2>/dev/null) =~ \ Y\ +[0-9] ]] && break
        sleep 0.1
    done
    log "gluster: volume $vol on brick $h:$DIR/brick"
}
# not in $(…): setup_gluster sets started_glusterd and added_hosts_line
why=$(mktemp)
if setup_gluster >"$why"; then
    export WIZ_GLUSTER_VOL=$RUN-gv
else
    export WIZ_GLUSTER_SKIP=$(cat "$why")
fi
rm -f "$why"

export WIZ_PREFIX=$RUN WIZ_DIR=$DIR

"$headless" "$program" --tap "$@" &
test_pid=$!
wait "$test_pid"
rc=$?
test_pid=
exit "$rc"
