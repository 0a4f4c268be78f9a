#!/bin/sh
# Installs the dependencies, builds and installs Keika, and launches it.
set -eu
cd "$(dirname "$0")/.."

build-aux/install-deps.sh --run
[ -d _build ] || meson setup _build --prefix=/usr/local
meson compile -C _build
meson install -C _build --quiet
exec /usr/local/bin/keika "$@"
