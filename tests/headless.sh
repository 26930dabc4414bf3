#!/bin/sh
# Runs a GUI test in its own Xvfb server and D-Bus session.
# Usage: headless.sh PROGRAM [ARGS...]
set -e
exec xvfb-run -a -s '-screen 0 1400x900x24 -noreset' dbus-run-session -- "$@"
