# wizard-storage-setup.sh - the setup hook of the wizard-daemon suite
# (run-system-test.sh --setup): real storage behind the New Pool wizard.
#
# suite_setup DIR exports, per case, what it set up, or WIZ_<CASE>_SKIP with
# the reason the machine cannot (the test then reports that case skipped):
#   WIZ_FS_DEV            blank 64 MiB image on a loop device (fs, ext4)
#   WIZ_FSDATA_DEV        64 MiB of ext4 holding keep.txt ("course data") on
#                         a loop device (fs on a formatted device)
#   WIZ_DISK_DEV          blank 64 MiB image on a loop device (disk, GPT)
#   WIZ_ISCSI_IQN, WIZ_ISCSI_INITIATOR, WIZ_ISCSI_PORT
#                         a tgtd of our own (its own control port and a free
#                         portal port on 127.0.0.1) with one 64 MiB LUN
#   WIZ_GLUSTER_VOL       a one-brick gluster volume of a glusterd we start
#                         (netfs with format glusterfs; needs FUSE)
#   WIZ_PREFIX, WIZ_DIR   the pool name prefix and the scratch directory
# suite_cleanup DIR undoes all of it from DIR's records alone. Two runs of
# the suite take turns (a bounded lock, held until the runner exits). Nothing here
# touches a tgtd or glusterd that the suite did not start: with a foreign
# glusterd running the gluster case is skipped with that reason.
# shellcheck shell=bash

WIZ_IQN_BASE=iqn.2024-01.io.github.virtstorage
WIZ_HOSTS_LINE="127.0.0.1 vsm-wiz-gluster # vsm system tests"

wiz_have_fs()   { grep -qw "$1" /proc/filesystems; }

wiz_backend_ok() {
    local caps
    caps=$(timeout 60 virsh -q -c "$VSM_PRIVATE_URI" pool-capabilities 2>/dev/null)
    grep -q "<pool type='$1' supported='yes'>" <<<"$caps"
}

# wiz_free_port FIRST: the first TCP port from FIRST on that nobody listens on
wiz_free_port() {
    local p=$1
    while [ "$p" -lt $(( $1 + 100 )) ]; do
        if ! ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; then echo "$p"; return 0; fi
        p=$((p + 1))
    done
    return 1
}

wiz_loop() { # IMAGE SIZE -> device
    truncate -s "$2" "$1" && losetup -f --show "$1"
}

wiz_setup_loops() {
    local dir=$1 dev
    if [ ! -e /dev/loop-control ] || ! losetup -f >/dev/null 2>&1; then
        export WIZ_FS_SKIP="the kernel has no free loop devices" WIZ_DISK_SKIP="the kernel has no free loop devices"
        return 0
    fi
    if ! wiz_have_fs ext4; then
        export WIZ_FS_SKIP="the kernel has no ext4"
    elif dev=$(wiz_loop "$dir/work/fs.img" 64M); then
        export WIZ_FS_DEV=$dev; log "fs: blank 64 MiB image on $dev"
    else
        bail "losetup failed for the fs image"
    fi
    if [ -z "${WIZ_FS_SKIP:-}" ]; then
        mkdir -p "$dir/work/fsdata-seed" && printf 'course data\n' >"$dir/work/fsdata-seed/keep.txt" &&
            truncate -s 64M "$dir/work/fsdata.img" &&
            mkfs.ext4 -q -F -d "$dir/work/fsdata-seed" "$dir/work/fsdata.img" >/dev/null \
            || bail "mkfs.ext4 -d failed for the formatted fs image"
        dev=$(losetup -f --show "$dir/work/fsdata.img") || bail "losetup failed for the formatted fs image"
        export WIZ_FSDATA_DEV=$dev; log "fs: ext4 with data, 64 MiB, on $dev"
    fi
    if dev=$(wiz_loop "$dir/work/disk.img" 64M); then
        export WIZ_DISK_DEV=$dev; log "disk: blank 64 MiB image on $dev"
    else
        bail "losetup failed for the disk image"
    fi
}

wiz_setup_tgt() {
    local dir=$1 ctl port pid i iqn=$WIZ_IQN_BASE:$WIZ_PREFIX
    wiz_backend_ok iscsi-direct || { export WIZ_ISCSI_SKIP="libvirtd has no iscsi-direct storage backend (libvirt-daemon-driver-storage-iscsi-direct)"; return 0; }
    # our own control socket (/var/run/tgtd/socket.N) and portal port
    ctl=$(( 100 + $$ % 800 ))
    while [ -e "/var/run/tgtd/socket.$ctl" ]; do ctl=$((ctl + 1)); done
    port=$(wiz_free_port 3261) || bail "no free TCP port for tgtd"
    pid=$(spawn_daemon "$dir" tgtd "$dir/tgtd.log" tgtd -f -C "$ctl" --iscsi "portal=127.0.0.1:$port")
    record "$dir" tgtd.exe tgtd
    record "$dir" tgt-control "$ctl"
    for i in $(seq 1 100); do tgtadm -C "$ctl" --lld iscsi --mode target --op show >/dev/null 2>&1 && break; sleep 0.1; done
    tgtadm -C "$ctl" --lld iscsi --mode target --op show >/dev/null 2>&1 \
        || bail "our tgtd (pid $pid, control port $ctl) does not answer: $(tail -n 3 "$dir/tgtd.log")"
    truncate -s 64M "$dir/work/lun1.img"
    tgtadm -C "$ctl" --lld iscsi --mode target --op new --tid 1 --targetname "$iqn" &&
        tgtadm -C "$ctl" --lld iscsi --mode logicalunit --op new --tid 1 --lun 1 --backing-store "$dir/work/lun1.img" &&
        tgtadm -C "$ctl" --lld iscsi --mode target --op bind --tid 1 --initiator-address 127.0.0.1 ||
        bail "tgtadm could not create the target"
    export WIZ_ISCSI_IQN=$iqn WIZ_ISCSI_INITIATOR=$iqn-initiator WIZ_ISCSI_PORT=$port
    log "iscsi: our tgtd (pid $pid) serves $iqn on 127.0.0.1:$port with a 64 MiB LUN"
}

# a name for this host that resolves to loopback (gluster refuses the
# literal localhost / 127.0.0.1 as a brick host)
wiz_gluster_host() {
    local dir=$1 h; h=$(hostname)
    if [[ $(getent hosts "$h" | awk '{print $1}') =~ ^127\. ]]; then echo "$h"; return; fi
    if ! grep -qxF "$WIZ_HOSTS_LINE" /etc/hosts; then
        echo "$WIZ_HOSTS_LINE" >>/etc/hosts
        record "$dir" hosts-line 1
    fi
    echo vsm-wiz-gluster
}

wiz_setup_gluster() {
    local dir=$1 h i pid vol=$WIZ_PREFIX-gv
    if [ ! -c /dev/fuse ] || ! wiz_have_fs fuse; then
        export WIZ_GLUSTER_SKIP="the kernel has no FUSE (/dev/fuse), so no glusterfs mounts"; return 0
    fi
    if pid=$(pgrep -xo glusterd); then
        export WIZ_GLUSTER_SKIP="a glusterd the tests did not start runs (pid $pid); the tests leave it alone"; return 0
    fi
    pid=$(spawn_daemon "$dir" glusterd "$dir/glusterd.log" glusterd -N --log-file="$dir/glusterd-own.log")
    record "$dir" glusterd.exe glusterd
    for i in $(seq 1 150); do timeout 10 gluster --mode=script pool list >/dev/null 2>&1 && break; sleep 0.1; done
    timeout 30 gluster --mode=script pool list >/dev/null 2>&1 || bail "our glusterd (pid $pid) does not answer"
    h=$(wiz_gluster_host "$dir")
    mkdir -p "$dir/work/brick"
    record "$dir" gluster-volume "$vol"
    timeout 60 gluster --mode=script volume create "$vol" "$h:$dir/work/brick" force >&2 || bail "gluster volume create failed"
    timeout 60 gluster --mode=script volume start "$vol" >&2 || bail "gluster volume start failed"
    for i in $(seq 1 100); do
        [[ $(timeout 10 gluster --mode=script volume status "$vol" 2>/dev/null) =~ \ Y\ +[0-9] ]] && break
        sleep 0.1
    done
    export WIZ_GLUSTER_VOL=$vol
    log "gluster: our glusterd (pid $pid), volume $vol on brick $h:$dir/work/brick"
}

suite_setup() {
    local dir=$1
    require_commands "parted e2fsprogs tgt glusterfs-server glusterfs-client iproute2" \
        parted mkfs.ext4 tgtd tgtadm glusterd gluster mount.glusterfs ss
    export WIZ_PREFIX=vsm-wiz-$$ WIZ_DIR=$dir/work
    # glusterd is one per machine: two runs of this suite (two build
    # directories) take turns; the lock goes with the runner
    lock_bounded wizard-storage 900
    wiz_setup_loops "$dir"
    wiz_setup_tgt "$dir"
    wiz_setup_gluster "$dir"
}

suite_cleanup() {
    local dir=$1 vol ctl tmp
    vol=$(recorded "$dir" gluster-volume)
    if [ -n "$vol" ] && alive "$(recorded "$dir" glusterd.pid)"; then
        timeout 60 gluster --mode=script volume stop "$vol" force >/dev/null 2>&1
        timeout 60 gluster --mode=script volume delete "$vol" >/dev/null 2>&1 && log "deleted gluster volume $vol"
    fi
    stop_recorded "$dir" glusterd
    ctl=$(recorded "$dir" tgt-control)
    if [ -n "$ctl" ] && alive "$(recorded "$dir" tgtd.pid)"; then
        # tgtd ignores SIGTERM; this stops it and removes its targets
        tgtadm -C "$ctl" --lld iscsi --mode target --op delete --force --tid 1 >/dev/null 2>&1
        tgtadm -C "$ctl" --lld iscsi --mode system --op delete >/dev/null 2>&1
    fi
    stop_recorded "$dir" tgtd
    if [ "$(recorded "$dir" hosts-line)" = 1 ]; then
        tmp=$(mktemp /etc/hosts.vsm-XXXXXX) && grep -vxF "$WIZ_HOSTS_LINE" /etc/hosts >"$tmp"
        cat "$tmp" >/etc/hosts && rm -f "$tmp"
        rm -f "$dir/state/hosts-line"
    fi
    return 0
}
