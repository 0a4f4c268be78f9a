#!/bin/sh
# Checks po/POTFILES.in against the source tree.
#
# Every file under src/ and data/ that holds translatable strings must be
# listed, and every file listed must exist. Files that cannot hold strings
# (binary files) are named in the output rather than passed over in silence.
#
#   check-potfiles.sh [SOURCE_ROOT]

set -u

root=${1:-$(dirname "$0")/..}
cd "$root" || { echo "FAIL: cannot enter $root" >&2; exit 1; }

potfiles=po/POTFILES.in
if [ ! -f "$potfiles" ]; then
  echo "FAIL: $potfiles does not exist" >&2
  exit 1
fi

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

# The listed files: no comments or blank lines, no "[type: …]" prefixes,
# no surrounding whitespace.
sed -e 's/#.*$//' -e 's/^[[:space:]]*\[[^]]*\][[:space:]]*//' \
    -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$potfiles" \
  | grep -v '^$' >"$tmp/listed-raw"
sort "$tmp/listed-raw" >"$tmp/listed"

# C: _(), N_(), C_(), NC_(), Q_() and the gettext family, with or without
# a space before the parenthesis (GNU style).
c_marks='(^|[^[:alnum:]_])(_|N_|C_|NC_|Q_)[[:space:]]*\(|(^|[^[:alnum:]_])(g_dngettext|g_dgettext|g_dcgettext|g_dpgettext2?|ngettext|dngettext|dcngettext|dgettext|dcgettext|gettext|pgettext|npgettext)[[:space:]]*\('
# GtkBuilder: any value GtkBuilder reads as true.
ui_marks='translatable="([yY]([eE][sS])?|[tT]([rR][uU][eE])?|1)"'
other_marks='(^|[^[:alnum:]_])(_|N_|C_|NC_|Q_)[[:space:]]*\([[:space:]]*"'
desktop_marks='^(Name|GenericName|Comment|Keywords)(\[[^]]*\])?='
xml_marks='<(name|summary|description|p|li|caption)[[:space:]>]'

has_strings () {
  case $1 in
    *.c|*.h)
      grep -Eq "$c_marks" "$1" ;;
    *.ui)
      grep -Eq "$ui_marks" "$1" ;;
    *.desktop|*.desktop.in|*.desktop.in.in)
      grep -Eq "$desktop_marks" "$1" ;;
    *.metainfo.xml|*.metainfo.xml.in|*.appdata.xml|*.appdata.xml.in|*.gschema.xml)
      grep -Eq "$xml_marks" "$1" ;;
    *)
      # Any other text file: a marked string literal or a translatable
      # attribute means strings that xgettext should see.
      grep -Eq "$other_marks" "$1" || grep -Eq "$ui_marks" "$1" ;;
  esac
}

failed=0
checked=0
binary=0
: >"$tmp/found"

find src data -type f 2>/dev/null | LC_ALL=C sort >"$tmp/all"
while IFS= read -r f; do
  if [ -s "$f" ] && ! grep -Iq '' "$f"; then
    echo "not text, no strings to check: $f"
    binary=$((binary + 1))
    continue
  fi
  checked=$((checked + 1))
  if has_strings "$f"; then
    echo "$f" >>"$tmp/found"
  fi
done <"$tmp/all"

echo "checked $checked text files under src/ and data/ ($binary binary files named above)"

while IFS= read -r f; do
  if grep -Fxq "$f" "$tmp/listed"; then
    echo "listed: $f"
  else
    echo "FAIL: $f has translatable strings but is missing from $potfiles" >&2
    failed=1
  fi
done <"$tmp/found"

while IFS= read -r f; do
  if [ ! -f "$f" ]; then
    echo "FAIL: $potfiles names $f, which does not exist" >&2
    failed=1
  elif ! grep -Fxq "$f" "$tmp/found"; then
    echo "note: $f is listed but has no translatable strings yet"
  fi
done <"$tmp/listed"

uniq -d "$tmp/listed" | while IFS= read -r f; do
  echo "FAIL: $potfiles names $f more than once" >&2
done
if [ -n "$(uniq -d "$tmp/listed")" ]; then
  failed=1
fi

if [ $failed -ne 0 ]; then
  exit 1
fi
echo "PASS: $potfiles lists every file with translatable strings"
