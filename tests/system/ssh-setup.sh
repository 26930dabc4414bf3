# ssh-setup.sh - the setup hook of the ssh suite (run-system-test.sh --setup):
# an sshd of our own, so that qemu+ssh:// reaches the suite's private libvirtd.
#
# suite_setup DIR makes, under DIR/ssh:
#   keys/host_ed25519      the sshd's throwaway host key; keys/other_ed25519
#                          a second key (a host key that "changed");
#                          keys/agent_ed25519 the key ssh-client-ns.sh gives
#                          to an ssh-agent of the test's own
#   client/                the test's home: client/.ssh/id_ed25519 is its key
#                          (ssh-client-ns.sh mounts client/ over root's home
#                          for the test program, so the machine's ~/.ssh is
#                          never read or written)
#   authorized_keys/USER   the sshd's AuthorizedKeysFile (the test empties it
#                          for password logins)
#   password               the user's throwaway password (0600)
# a system user VSM_SSH_USER (its own group, home DIR/ssh/home, shell
# /bin/sh), and an sshd (its own config, 127.0.0.1 only, a free port, that
# user only, no PAM) whose pid is recorded. It lets the user through the
# fixture's directories to the private daemon's socket, which stays 0700
# root: the test hands it to the user's group when it needs to.
# Exports VSM_SSH_PORT, VSM_SSH_USER, VSM_SSH_DIR and VSM_SSH_CLIENT_HOME.
# suite_cleanup DIR stops the sshd and removes the user, from DIR's records.
# shellcheck shell=bash

VSM_SSH_USER=vsm-ssh-test

# ssh_free_port FIRST: the first TCP port from FIRST on that nobody listens on
ssh_free_port() {
    local p=$1
    while [ "$p" -lt $(( $1 + 100 )) ]; do
        if ! ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; then echo "$p"; return 0; fi
        p=$((p + 1))
    done
    return 1
}

ssh_remove_user() {
    if getent passwd "$VSM_SSH_USER" >/dev/null; then
        case "$(getent passwd "$VSM_SSH_USER" | cut -d: -f5)" in
            "vsm system test"*) userdel "$VSM_SSH_USER" && log "removed the user $VSM_SSH_USER" ;;
            *) log "ERROR: a user $VSM_SSH_USER that is not ours exists"; return 1 ;;
        esac
    fi
    return 0
}

suite_setup() {
    local dir=$1 s=$1/ssh port pw i
    require_commands "openssh-server openssh-client netcat-openbsd passwd" \
        /usr/sbin/sshd ssh ssh-keyscan ssh-keygen ssh-agent ssh-add nc useradd userdel chpasswd ss
    ssh_remove_user || return 1
    mkdir -p "$s/keys" "$s/client/.ssh" "$s/authorized_keys" "$s/home" || return 1
    chmod 0700 "$s/client" "$s/client/.ssh"
    useradd --system -M -d "$s/home" -s /bin/sh -U -c "vsm system test (ssh suite)" "$VSM_SSH_USER" || return 1
    record "$dir" ssh-user "$VSM_SSH_USER"
    chown "$VSM_SSH_USER:" "$s/home"
    pw=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
    ( umask 077; printf '%s' "$pw" >"$s/password" )
    printf '%s:%s\n' "$VSM_SSH_USER" "$pw" | chpasswd || return 1
    ssh-keygen -q -t ed25519 -N '' -C vsm-test-host -f "$s/keys/host_ed25519" || return 1
    ssh-keygen -q -t ed25519 -N '' -C vsm-test-other -f "$s/keys/other_ed25519" || return 1
    ssh-keygen -q -t ed25519 -N '' -C vsm-test-client -f "$s/client/.ssh/id_ed25519" || return 1
    ssh-keygen -q -t ed25519 -N '' -C vsm-test-agent -f "$s/keys/agent_ed25519" || return 1
    cp "$s/client/.ssh/id_ed25519.pub" "$s/authorized_keys/$VSM_SSH_USER"
    # the user reaches the daemon's socket directory (the socket stays 0700)
    chmod 0711 "$dir" "$dir/sock"

    port=$(ssh_free_port 40022) || { log "no free port for sshd"; return 1; }
    cat >"$s/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $s/keys/host_ed25519
PidFile $s/sshd.pid
AuthorizedKeysFile $s/authorized_keys/%u
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin no
AllowUsers $VSM_SSH_USER
AllowTcpForwarding no
X11Forwarding no
PrintMotd no
MaxAuthTries 6
LogLevel VERBOSE
CONF
    # sshd's privilege separation directory (made by its init script)
    if [ ! -d /run/sshd ]; then
        mkdir -m 0755 /run/sshd && record "$dir" ssh-made-run-sshd 1
    fi
    /usr/sbin/sshd -t -f "$s/sshd_config" || return 1
    record "$dir" sshd.exe sshd
    spawn_daemon "$dir" sshd "$s/sshd.log" /usr/sbin/sshd -D -e -f "$s/sshd_config" >/dev/null
    for i in $(seq 1 100); do
        ss -Hltn "sport = :$port" 2>/dev/null | grep -q . && break
        sleep 0.1
    done
    ss -Hltn "sport = :$port" 2>/dev/null | grep -q . || { log "sshd did not listen on $port"; cat "$s/sshd.log" >&2; return 1; }
    log "sshd pid $(recorded "$dir" sshd.pid) on 127.0.0.1:$port for $VSM_SSH_USER"
    export VSM_SSH_PORT=$port VSM_SSH_USER VSM_SSH_DIR=$s VSM_SSH_CLIENT_HOME=$s/client
}

suite_cleanup() {
    local dir=$1 rc=0
    stop_recorded "$dir" sshd
    if [ -n "$(recorded "$dir" ssh-user)" ]; then
        ssh_remove_user || rc=1
        rm -f "$dir/state/ssh-user"
    fi
    if [ -n "$(recorded "$dir" ssh-made-run-sshd)" ]; then
        rmdir /run/sshd 2>/dev/null
        rm -f "$dir/state/ssh-made-run-sshd"
    fi
    return $rc
}
