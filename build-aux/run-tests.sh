#!/bin/sh
# Installs the dependencies, builds Keika twice (warnings as errors; then with
# AddressSanitizer and UndefinedBehaviorSanitizer) and runs every test headless.
# With --benchmark it also runs the benchmarks of the first build.
# The last line is "N passed, N failed"; it fails when a test failed or none ran.
set -u
cd "$(dirname "$0")/.."

benchmark=no
[ "${1:-}" = "--benchmark" ] && benchmark=yes

build-aux/install-deps.sh || exit 1

passed=0
failed=0

# Runs "meson test" for a build inside a fresh headless session and adds its
# results to the totals. The session bus activates nothing
# (tests/dbus-session.conf): a Keika installed on the machine stays out of it.
run_suite () {
  dir=$1; shift
  T=$(mktemp -d)
  mkdir -m700 "$T/home" "$T/run"
  HOME=$T/home XDG_RUNTIME_DIR=$T/run GDK_BACKEND=x11 GTK_A11Y=none GSK_RENDERER=cairo \
  dbus-run-session --config-file=tests/dbus-session.conf -- xvfb-run -a -s '-screen 0 1280x800x24 -nolisten tcp' sh -c \
    'echo -n keika | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
     exec meson test -C "$0" --print-errorlogs "$@"' "$dir" "$@"
  rm -rf "$T"
  counts=$(python3 - "$dir/meson-logs/testlog.json" <<'PY'
import json, sys
ok = bad = 0
try:
    with open(sys.argv[1]) as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)["result"]
            if r in ("OK", "EXPECTEDFAIL"):
                ok += 1
            elif r != "SKIP":
                bad += 1
except FileNotFoundError:
    pass
print(ok, bad)
PY
)
  passed=$((passed + ${counts% *}))
  failed=$((failed + ${counts#* }))
}

build () {
  dir=$1; shift
  if [ ! -d "$dir" ]; then
    meson setup "$dir" --werror "$@" || return 1
  fi
  meson compile -C "$dir"
}

if build _build-test; then
  rm -f _build-test/meson-logs/testlog.json
  run_suite _build-test
  if [ "$benchmark" = yes ]; then
    rm -f _build-test/meson-logs/testlog.json
    run_suite _build-test --benchmark
  fi
else
  echo "The build failed." >&2
  failed=$((failed + 1))
fi

if build _build-asan -Db_sanitize=address,undefined -Db_lundef=false; then
  rm -f _build-asan/meson-logs/testlog.json
  run_suite _build-asan --no-suite data
else
  echo "The sanitizer build failed." >&2
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
