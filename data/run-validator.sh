#!/bin/sh
# Runs a validator and fails unless it both succeeds and stays quiet.
#
#   run-validator.sh quiet     TOOL ARGS…  any output at all fails
#   run-validator.sh appstream TOOL ARGS…  an error (E:) or warning (W:) line fails
#   run-validator.sh warnings  TOOL ARGS…  a "warning" anywhere in stderr fails
#
# The tool's exit status always counts: a validator that fails fails the test.

set -u

if [ $# -lt 2 ]; then
  echo "usage: $0 quiet|appstream|warnings TOOL [ARGS…]" >&2
  exit 2
fi

mode=$1
shift

out=$(mktemp) || exit 99
err=$(mktemp) || exit 99
trap 'rm -f "$out" "$err"' EXIT

"$@" >"$out" 2>"$err"
status=$?

cat "$out"
cat "$err" >&2

if [ $status -ne 0 ]; then
  echo "FAIL: $1 exited with status $status" >&2
  exit 1
fi

case $mode in
  quiet)
    if [ -s "$out" ] || [ -s "$err" ]; then
      echo "FAIL: $1 printed diagnostics (see above)" >&2
      exit 1
    fi
    ;;
  appstream)
    if grep -Eq '^[[:space:]]*[EW]:' "$out" "$err"; then
      echo "FAIL: $1 reported errors or warnings (see above)" >&2
      exit 1
    fi
    ;;
  warnings)
    if grep -iq 'warning' "$err"; then
      echo "FAIL: $1 printed warnings (see above)" >&2
      exit 1
    fi
    ;;
  *)
    echo "unknown mode: $mode" >&2
    exit 2
    ;;
esac

echo "PASS: $*"
exit 0
