# shellcheck shell=bash
# Shared by .ci/run, .ci/site and .ci/relock (sourced, not run). Bash.
#   apt_install PKG...     Debian packages, waiting for another install's lock
#   python_ok              python3 is 3.11+ and can make a virtual environment
#   venv_sync LOCK [MORE]  .venv holds exactly LOCK (or already MORE, a lock that
#                          holds all of LOCK), and metsi18n from this folder, editable

apt_retry() {
  # apt-get, waiting up to 10 minutes for the package manager's locks. Install
  # waits through DPkg::Lock::Timeout; update does not honour it (apt 2.6 fails at
  # once on /var/lib/apt/lists/lock), so a failure on a lock is retried.
  local deadline=$((SECONDS + 600)) err
  err=$(mktemp)
  until DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@" 2>"$err"; do
    if grep -q 'Could not get lock' "$err" && [ "$SECONDS" -lt "$deadline" ]; then
      sleep 5
    else
      cat "$err" >&2
      rm -f "$err"
      return 1
    fi
  done
  rm -f "$err"
}

apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "error: missing system packages; install them with: sudo apt-get install $*" >&2
    exit 2
  fi
  apt_retry update -qq
  apt_retry install -y -qq "$@" >/dev/null
}

python_ok() {
  if ! command -v python3 >/dev/null 2>&1; then
    echo "error: python3 not found; install Python 3.11 or newer" >&2
    exit 2
  fi
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "error: metsi18n needs Python 3.11 or newer; python3 is $(python3 -V 2>&1)" >&2
    exit 2
  fi
  # Debian and Ubuntu ship ensurepip, which venv needs, in a package of its own.
  if ! python3 -c 'import ensurepip' 2>/dev/null; then
    local pkg
    pkg="python$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt_install "$pkg"
    fi
    if ! python3 -c 'import ensurepip' 2>/dev/null; then
      echo "error: python3 cannot make a virtual environment (no ensurepip); install it with: sudo apt-get install $pkg" >&2
      exit 2
    fi
  fi
}

venv_sync() {
  # The lock is installed into a new .venv whenever .venv was made from another
  # lock or Python, so .venv never keeps a package the lock does not name.
  local lock=$1 stamp=.venv/metsi18n-lock fresh=true candidate
  python_ok
  if [ -x .venv/bin/python ] && [ -f "$stamp" ]; then
    for candidate in "$@"; do
      [ "$(cat "$stamp")" = "$(lock_stamp "$candidate")" ] && fresh=false
    done
  fi
  if $fresh; then
    rm -rf .venv
    python3 -m venv .venv
    # Hash-checking mode: every package, dependencies included, must be in the lock
    # with a matching hash, and only wheels are taken (nothing is built).
    .venv/bin/python -m pip install -q --require-hashes --only-binary :all: -r "$lock"
    lock_stamp "$lock" >"$stamp"
  fi
  # metsi18n itself: built by the locked hatchling, no download, no dependency.
  .venv/bin/python -m pip install -q --no-build-isolation --no-deps -e .
  # shellcheck disable=SC1091
  . .venv/bin/activate
}

lock_stamp() {
  python3 -c 'import sys; print(sys.executable, sys.version.replace("\n", " "))'
  sha256sum "$1" | cut -d' ' -f1
}
