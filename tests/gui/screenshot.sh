#!/bin/sh
# Takes real X screenshots of the application on the demo connection, in
# English and in Spanish, for a person to look at:
#   OUTDIR/screenshot.png  OUTDIR/screenshot-es.png
#
# Usage: screenshot.sh APP DEMO_XML OUTDIR [LOCALEDIR]
# Exit status: 0 ok, 1 failure, 77 skipped (ImageMagick's `import` missing).
#
# Each language runs in its own Xvfb and D-Bus session (tests/headless.sh).
# Spanish uses the catalog built in OUTDIR/po (through VSM_LOCALEDIR) or,
# failing that, the one installed in LOCALEDIR.
# There is no window manager: the window sits at +0+0 and the rest of the
# root window is black.
set -u

if [ "${VSM_SCREENSHOT_INNER:-0}" = 1 ]; then
  # Inside Xvfb: start the app, wait for its window, wait 4 s, shoot.
  app=$1 uri=$2 out=$3 log=$4
  "$app" -c "$uri" >"$log" 2>&1 &
  pid=$!
  i=0
  if command -v xwininfo >/dev/null 2>&1; then
    until xwininfo -root -tree 2>/dev/null | grep -q '"Virt Storage"'; do
      i=$((i + 1))
      if [ $i -gt 200 ] || ! kill -0 $pid 2>/dev/null; then
        echo "the main window did not appear" >&2
        kill $pid 2>/dev/null
        cat "$log" >&2
        exit 1
      fi
      sleep 0.1
    done
  fi
  sleep 4
  if ! kill -0 $pid 2>/dev/null; then
    echo "the application exited before the screenshot:" >&2
    cat "$log" >&2
    exit 1
  fi
  import -window root "$out"
  rc=$?
  kill $pid 2>/dev/null
  wait $pid 2>/dev/null
  exit $rc
fi

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
  echo "usage: $0 APP DEMO_XML OUTDIR [LOCALEDIR]" >&2
  exit 1
fi
app=$1 demo=$2 outdir=$3 localedir=${4:-}

if ! command -v import >/dev/null 2>&1; then
  echo "SKIP: ImageMagick's 'import' is not installed (apt-get install -y --no-install-recommends imagemagick)"
  exit 77
fi
if [ ! -x "$app" ]; then
  echo "the application $app is not built" >&2
  exit 1
fi

here=$(cd "$(dirname "$0")" && pwd)
headless=$here/../headless.sh
demo=$(cd "$(dirname "$demo")" && pwd)/$(basename "$demo")
uri="test://$demo"
min_bytes=20480
status=0

# LANGUAGE is ignored under the C locale.
case "${LANG:-C}" in
  C|POSIX) lang=C.UTF-8 ;;
  *) lang=$LANG ;;
esac

# Translations: the catalogs built in OUTDIR/po (the app reads them when
# VSM_LOCALEDIR points there), else the installed ones in LOCALEDIR.
if [ -f "$outdir/po/es/LC_MESSAGES/virt-storage.mo" ]; then
  VSM_LOCALEDIR=$outdir/po
  export VSM_LOCALEDIR
  echo "# Spanish catalog: $VSM_LOCALEDIR/es/LC_MESSAGES/virt-storage.mo (built)"
elif [ -n "$localedir" ] && [ -f "$localedir/es/LC_MESSAGES/virt-storage.mo" ]; then
  echo "# Spanish catalog: $localedir/es/LC_MESSAGES/virt-storage.mo (installed)"
else
  echo "# note: no Spanish catalog built or installed:" \
       "the es screenshot shows only GTK's and libadwaita's own strings in Spanish"
fi

for language in en es; do
  if [ $language = en ]; then
    out=$outdir/screenshot.png
  else
    out=$outdir/screenshot-$language.png
  fi
  log=$outdir/screenshot-$language.log
  rm -f "$out"
  echo "# $language: $app -c $uri -> $out"
  VSM_SCREENSHOT_INNER=1 LANG=$lang LANGUAGE=$language \
    "$headless" "$0" "$app" "$uri" "$out" "$log"
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "FAIL: screenshot ($language) exited with $rc" >&2
    status=1
    continue
  fi
  if [ ! -s "$out" ]; then
    echo "FAIL: $out was not written" >&2
    status=1
    continue
  fi
  size=$(wc -c <"$out")
  echo "# $out: $size bytes"
  if [ "$size" -le $min_bytes ]; then
    echo "FAIL: $out is only $size bytes (a blank screen?); expected more than $min_bytes" >&2
    status=1
  fi
  if command -v identify >/dev/null 2>&1; then
    colors=$(identify -format '%k' "$out" 2>/dev/null || echo 0)
    echo "# $out: $(identify -format '%wx%h' "$out" 2>/dev/null), $colors colours"
    if [ "${colors:-0}" -lt 16 ]; then
      echo "FAIL: $out has only $colors colours (nothing drawn?)" >&2
      status=1
    fi
  fi
  if grep -E -q 'CRITICAL|WARNING' "$log"; then
    echo "# warnings from the application ($language):"
    grep -E 'CRITICAL|WARNING' "$log" | sed 's/^/#   /'
  fi
done
exit $status
