#!/usr/bin/env bash
# check-po.sh - check that the translations are complete and valid.
#
# Usage: build-aux/check-po.sh [SRCDIR]
#
# SRCDIR defaults to the source tree this script lives in. Registered in
# po/meson.build as the test `po-complete` (suite `data`):
#
#   meson test -C build po-complete
#
# (a) extracts a fresh POT into a temporary directory, with the xgettext
#     invocation of meson's i18n.gettext(preset: 'glib') and po/POTFILES.in,
#     merges every po/<lang>.po of po/LINGUAS with it (msgmerge, in the
#     temporary directory: po/ is never modified) and fails when a message is
#     untranslated or fuzzy; it also fails when xgettext extracted nothing from
#     a file that has translatable strings (e.g. missing ITS rules);
# (b) runs msgfmt --check --check-format on every po/<lang>.po;
# (c) fails when a file with translatable strings is missing from
#     POTFILES.in: src/** containing _( N_( C_( NC_( or ngettext (,
#     ui/**/*.ui containing translatable="yes", data/*.in.in and
#     data/*.gschema.xml; fails when POTFILES.in lists a file that does not
#     exist or is not sorted (LC_ALL=C sort).
#
# To fix: `ninja -C build virt-storage-pot virt-storage-update-po`, translate
# po/<lang>.po, and add new files to po/POTFILES.in in sorted order.
#
# Exit status: 0 ok, 1 problems found, 77 (skipped) when gettext is missing.

set -uo pipefail

SRCDIR=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
SRCDIR=$(cd "$SRCDIR" && pwd) || { echo "check-po: no source directory $1" >&2; exit 1; }
PODIR=$SRCDIR/po
POTFILES=$PODIR/POTFILES.in
PACKAGE=virt-storage

XGETTEXT=${XGETTEXT:-xgettext}
MSGMERGE=${MSGMERGE:-msgmerge}
MSGATTRIB=${MSGATTRIB:-msgattrib}
MSGFMT=${MSGFMT:-msgfmt}

export LC_ALL=C.UTF-8

for tool in "$XGETTEXT" "$MSGMERGE" "$MSGATTRIB" "$MSGFMT"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "check-po: SKIP: $tool not found (install gettext)"
        exit 77
    fi
done

failed=0
fail() { printf 'check-po: FAIL: %s\n' "$*"; failed=1; }
note() { printf 'check-po: %s\n' "$*"; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/check-po.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

# Entries of a PO file other than the header, one per line:
#   <first location>: “msgid” (msgctxt …)
list_entries() {
    awk 'BEGIN { RS = ""; FS = "\n" }
    {
        loc = ""; ctx = ""; id = ""; field = ""; header = 0
        for (i = 1; i <= NF; i++) {
            line = $i
            if (line ~ /^#: /) { if (loc == "") { split(substr(line, 4), a, " "); loc = a[1] } continue }
            if (line ~ /^#/) continue
            if (line ~ /^msgctxt /) { field = "ctx"; ctx = substr(line, 10, length(line) - 10); continue }
            if (line ~ /^msgid /) {
                field = "id"; id = substr(line, 8, length(line) - 8)
                if (id == "" && i < NF && $(i + 1) ~ /^msgstr/) header = 1
                continue
            }
            if (line ~ /^msgid_plural / || line ~ /^msgstr/) { field = ""; continue }
            if (line ~ /^"/) {
                s = substr(line, 2, length(line) - 2)
                if (field == "id") id = id s; else if (field == "ctx") ctx = ctx s
            }
        }
        if (header) next
        if (length(id) > 90) id = substr(id, 1, 87) "..."
        printf "    %s: \342\200\234%s\342\200\235%s\n", (loc == "" ? "?" : loc), id, (ctx == "" ? "" : " (context \"" ctx "\")")
    }' "$1"
}

# ---------------------------------------------------------------- (c) POTFILES.in

if [ ! -f "$POTFILES" ]; then
    fail "$POTFILES does not exist"
    exit 1
fi

grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$POTFILES" | sed 's/[[:space:]]*$//' > "$TMP/listed"

while IFS= read -r f; do
    [ -f "$SRCDIR/$f" ] || fail "po/POTFILES.in lists $f, which does not exist (remove it from po/POTFILES.in)"
done < "$TMP/listed"

if ! LC_ALL=C sort -c "$TMP/listed" 2>/dev/null; then
    fail "po/POTFILES.in is not sorted; expected order (LC_ALL=C sort):"
    LC_ALL=C sort "$TMP/listed" | sed 's/^/    /'
fi
dups=$(LC_ALL=C sort "$TMP/listed" | uniq -d)
[ -z "$dups" ] || fail "po/POTFILES.in lists these files more than once: $dups"

(
    cd "$SRCDIR" || exit 1
    [ -d src ] && grep -rlE '(^|[^A-Za-z0-9_])(N|C|NC)?_ ?\(|ngettext ?\(' src
    [ -d ui ] && find ui -name '*.ui' -type f -exec grep -l 'translatable="yes"' {} +
    find data -maxdepth 1 -type f \( -name '*.in.in' -o -name '*.gschema.xml' \)
) 2>/dev/null | LC_ALL=C sort -u > "$TMP/needed"

missing=$(LC_ALL=C comm -23 "$TMP/needed" <(LC_ALL=C sort -u "$TMP/listed"))
if [ -n "$missing" ]; then
    fail "these files have translatable strings but are missing from po/POTFILES.in:"
    printf '    %s\n' $missing
fi

# ---------------------------------------------------------------- (a) fresh POT

# Same invocation as `meson --internal gettext pot` with preset 'glib'.
GLIB_PRESET_ARGS=(
    --from-code=UTF-8 --add-comments
    --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2
    --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3
    --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format
    --flag=g_dngettext:2:pass-c-format
    --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format
    --flag=g_string_append_printf:2:c-format --flag=g_error_new:3:c-format
    --flag=g_set_error:4:c-format --flag=g_markup_printf_escaped:1:c-format
    --flag=g_log:3:c-format --flag=g_print:1:c-format --flag=g_printerr:1:c-format
    --flag=g_printf:1:c-format --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format
    --flag=g_snprintf:3:c-format
)

# Only the files that exist, so that one stale entry does not hide the rest.
while IFS= read -r f; do [ -f "$SRCDIR/$f" ] && printf '%s\n' "$f"; done < "$TMP/listed" > "$TMP/POTFILES"
LC_ALL=C sort -u "$TMP/POTFILES" > "$TMP/POTFILES.sorted"

if ! "$XGETTEXT" --package-name="$PACKAGE" -p "$TMP" -f "$TMP/POTFILES" -D "$SRCDIR" -k_ \
        -o "$PACKAGE.pot" "${GLIB_PRESET_ARGS[@]}" 2> "$TMP/xgettext.err"; then
    sed 's/^/    /' "$TMP/xgettext.err"
    fail "xgettext failed"
    exit 1
fi
grep -v -i 'warning' "$TMP/xgettext.err" | sed 's/^/    xgettext: /' || true
POT=$TMP/$PACKAGE.pot
if [ ! -f "$POT" ]; then
    # xgettext writes no file when no string was found at all
    fail "xgettext extracted no string at all from the files of po/POTFILES.in"
    exit 1
fi
n_pot=$(grep -c '^msgid ' "$POT")
note "fresh POT: $((n_pot - 1)) messages from $(wc -l < "$TMP/POTFILES") files"

# Every file that should have strings must have given at least one.
grep '^#: ' "$POT" | tr ' ' '\n' | grep -v '^#:$' | sed 's/:[0-9]*$//' | LC_ALL=C sort -u > "$TMP/extracted"
not_extracted=$(LC_ALL=C comm -23 <(LC_ALL=C comm -12 "$TMP/needed" "$TMP/POTFILES.sorted") "$TMP/extracted")
if [ -n "$not_extracted" ]; then
    fail "xgettext extracted no string from these files (check the gettext ITS rules for their type, e.g. /usr/share/gettext/its/):"
    printf '    %s\n' $not_extracted
fi
stale=$(LC_ALL=C comm -23 "$TMP/POTFILES.sorted" <(LC_ALL=C sort -u "$TMP/needed" "$TMP/extracted"))
[ -z "$stale" ] || note "warning: no translatable string in $(echo $stale) (listed in po/POTFILES.in)"

# ---------------------------------------------------------------- (a) + (b) per language

if [ ! -f "$PODIR/LINGUAS" ]; then
    fail "po/LINGUAS does not exist"
    exit 1
fi
langs=$(sed 's/#.*//' "$PODIR/LINGUAS" | tr -s ' \t' '\n\n' | grep -v '^$')
[ -n "$langs" ] || note "warning: po/LINGUAS lists no language"

for lang in $langs; do
    po=$PODIR/$lang.po
    if [ ! -f "$po" ]; then
        fail "po/LINGUAS lists $lang but po/$lang.po does not exist"
        continue
    fi

    if ! "$MSGFMT" --check --check-format -o /dev/null "$po" 2> "$TMP/msgfmt.err"; then
        fail "po/$lang.po: msgfmt --check --check-format failed:"
        sed 's/^/    /' "$TMP/msgfmt.err"
        continue
    fi

    if ! "$MSGMERGE" --quiet --previous -o "$TMP/$lang.po" "$po" "$POT" 2> "$TMP/msgmerge.err"; then
        fail "po/$lang.po: msgmerge failed:"
        sed 's/^/    /' "$TMP/msgmerge.err"
        continue
    fi

    "$MSGATTRIB" --untranslated --no-obsolete -o "$TMP/$lang.untranslated.po" "$TMP/$lang.po"
    "$MSGATTRIB" --only-fuzzy --no-obsolete -o "$TMP/$lang.fuzzy.po" "$TMP/$lang.po"
    untranslated=$( [ -f "$TMP/$lang.untranslated.po" ] && list_entries "$TMP/$lang.untranslated.po")
    fuzzy=$( [ -f "$TMP/$lang.fuzzy.po" ] && list_entries "$TMP/$lang.fuzzy.po")

    if [ -n "$untranslated" ]; then
        fail "po/$lang.po: $(printf '%s\n' "$untranslated" | wc -l) untranslated message(s):"
        printf '%s\n' "$untranslated"
    fi
    if [ -n "$fuzzy" ]; then
        fail "po/$lang.po: $(printf '%s\n' "$fuzzy" | wc -l) fuzzy message(s) (new or changed source strings; review and remove the fuzzy flag):"
        printf '%s\n' "$fuzzy"
    fi

    if "$MSGFMT" --check --check-format -o /dev/null "$TMP/$lang.po" 2> "$TMP/msgfmt.err"; then
        :
    else
        fail "po/$lang.po merged with the current sources does not pass msgfmt --check:"
        sed 's/^/    /' "$TMP/msgfmt.err"
    fi

    # The course's terms (README, Architecture, po/): a storage pool is a "pool"
    # in Spanish, never a "grupo" (which stays for LVM's "grupo de
    # volúmenes", a file's "grupo propietario", the "grupo Unix" an NFS disk
    # is opened as and a "grupo de descriptores" of files passed to libvirt).
    if [ "$lang" = es ]; then
        wrong=$("$MSGATTRIB" --no-obsolete --no-wrap "$TMP/$lang.po" 2>/dev/null |
                sed -n '/^msgstr/,/^$/p' |
                sed -E 's/grupos? de volúmenes|grupo propietario|de usuario o de grupo|grupos? Unix|grupos? de descriptores//gI' |
                grep -iE '(^|[^[:alpha:]])grupos?([^[:alpha:]]|$)' || true)
        if [ -n "$wrong" ]; then
            fail "po/es.po: a storage pool is \"pool\" (pool de almacenamiento), not \"grupo\":"
            printf '    %s\n' "$wrong"
        fi
    fi

    if [ -z "$untranslated" ] && [ -z "$fuzzy" ]; then
        stats=$("$MSGFMT" --statistics -o /dev/null "$TMP/$lang.po" 2>&1)
        note "po/$lang.po: complete ($stats)"
    fi
done

if [ "$failed" = 0 ]; then
    note "OK"
    exit 0
fi
note "to fix: ninja -C <builddir> $PACKAGE-pot $PACKAGE-update-po, translate po/<lang>.po, keep po/POTFILES.in complete and sorted"
exit 1
