# Shared settings for test/wiki/*.sh (sourced, not executed).
# shellcheck shell=bash

WIKI_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MW_IP="/usr/share/mediawiki"
DATA="${WIKI_DATA_DIR:-${WIKI_DIR}/.data}"
PORT="${WIKI_PORT:-18790}"
HOST="127.0.0.1"
SERVER_URL="http://${HOST}:${PORT}"
API_URL="${SERVER_URL}/api.php"
PIDFILE="${DATA}/server.pid"
LOGDIR="${DATA}/logs"
DBDIR="${DATA}/db"
SNAPDIR="${DATA}/snapshot"
WIKI_PACKAGES=(mediawiki php-sqlite3 php-intl php-mbstring php-xml php-cli curl)

export WIKI_PORT="${PORT}"
export MW_CONFIG_FILE="${DATA}/LocalSettings.php"

die() { echo "wiki: $*" >&2; exit 1; }

# Serialise start/stop/reset (several sessions may share one wiki). Children of a script that
# holds the lock (reset.sh -> stop.sh, start.sh) skip it. Long-lived children must close fd 9.
wiki_lock() {
  [[ -n "${WIKI_LOCK_HELD:-}" ]] && return 0
  mkdir -p "${DATA}"
  exec 9>"${DATA}/.lock"
  flock -w 600 9 || die "another start/stop/reset of this wiki is still running (${DATA}/.lock)"
  export WIKI_LOCK_HELD=1
}

# Run a MediaWiki maintenance script quietly against our LocalSettings; show its output on failure.
mw() {
  local script="$1"; shift
  local out
  if ! out="$(php "${MW_IP}/maintenance/${script}.php" "$@" 2>&1)"; then
    echo "${out}" >&2
    die "maintenance script ${script}.php failed"
  fi
  printf '%s' "${out}"
}

# True if something answers the siteinfo query on our port.
wiki_answers() {
  curl -fsS --max-time 5 "${API_URL}?action=query&meta=siteinfo&format=json" 2>/dev/null | grep -q '"sitename"'
}

# Pid of our server if the pid file points at a live php process, else empty.
server_pid() {
  local pid
  [[ -f "${PIDFILE}" ]] || return 0
  pid="$(cat "${PIDFILE}" 2>/dev/null || true)"
  [[ "${pid}" =~ ^[0-9]+$ ]] || return 0
  if kill -0 "${pid}" 2>/dev/null && grep -q 'php' "/proc/${pid}/cmdline" 2>/dev/null; then
    echo "${pid}"
  fi
}
