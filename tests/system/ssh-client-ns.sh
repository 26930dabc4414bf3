#!/bin/sh
# ssh-client-ns.sh PROGRAM [ARGS...] - runs PROGRAM (the ssh suite's test)
# in a mount namespace of its own where the fixture's client home
# ($VSM_SSH_CLIENT_HOME, see ssh-setup.sh) covers the user's home. ssh and
# ssh-keygen take ~ from the passwd entry, not from $HOME: this is how the
# test's known_hosts and keys stay in the fixture and the machine's ~/.ssh
# is never read or written. An ssh-agent of its own holds the fixture's
# agent key (keys/agent_ed25519, never under the client home) for the
# test's agent login; it is stopped when PROGRAM ends.
set -eu
home=$(getent passwd "$(id -un)" | cut -d: -f6)
exec unshare -m --propagation private sh -c '
    mount --bind "$1" "$2" || exit 1
    shift 2
    eval "$(ssh-agent -s -a "$VSM_SSH_DIR/agent.sock")" >/dev/null || exit 1
    if ! ssh-add -q "$VSM_SSH_DIR/keys/agent_ed25519" 2>/dev/null; then
        ssh-agent -k >/dev/null; exit 1
    fi
    trap "ssh-agent -k >/dev/null" EXIT
    trap "exit 143" TERM
    "$@"' sh "$VSM_SSH_CLIENT_HOME" "$home" "$@"
