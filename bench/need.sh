# shellcheck shell=bash
# Sourced by the benchmark scripts: need COMMAND DEBIAN-PACKAGE installs the package when the command is missing (as
# root, with apt-get), or exits saying what to install; need_python MODULE DEBIAN-PACKAGE does the same for a module
# of Debian's Python 3 (/usr/bin/python3: Debian installs its modules there, whatever python3 comes first on the PATH).
need() {
  command -v "$1" >/dev/null 2>&1 && return
  install_package "$2" "$1"
}

need_python() {
  /usr/bin/python3 -c "import $1" 2>/dev/null && return
  install_package "$2" "the Python module $1"
}

install_package() { # install_package DEBIAN-PACKAGE WHAT-IS-MISSING
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing $1 ..." >&2
    apt-get install -y -qq "$1" >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq "$1" >/dev/null; }
  else
    echo "missing $2: install the $1 package" >&2; exit 1
  fi
}
