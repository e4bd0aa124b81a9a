# shellcheck shell=bash
# Sourced by the benchmark scripts: need COMMAND DEBIAN-PACKAGE installs the package when the command is missing (as
# root, with apt-get), or exits saying what to install.
need() {
  command -v "$1" >/dev/null 2>&1 && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing $2 ..." >&2
    apt-get install -y -qq "$2" >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null; }
  else
    echo "missing $1: install the $2 package" >&2; exit 1
  fi
}
