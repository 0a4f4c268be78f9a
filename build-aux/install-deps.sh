#!/bin/sh
# Installs what Keika needs to build, run and test on Debian 12. With --run,
# also what a person needs to read every title: fonts for Japanese, Chinese
# and Korean (the Flatpak runtime has them already; the tests do not need
# them).
set -eu

packages="
  meson ninja-build pkg-config gcc
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libsoup-3.0-dev libjson-glib-dev libcjson-dev libsecret-1-dev libsqlite3-dev
  gettext itstool desktop-file-utils appstream yelp-tools flatpak-builder
  xvfb xauth dbus dbus-x11 gnome-keyring libx11-dev
  fonts-cantarell fonts-dejavu-core adwaita-icon-theme
  python3 python3-graphql-core
"
if [ "${1:-}" = "--run" ]; then
  packages="$packages fonts-noto-cjk"
fi

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Installing:$missing (needs root)" >&2
    SUDO=sudo
  else
    SUDO=
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -q --no-install-recommends $missing
fi
