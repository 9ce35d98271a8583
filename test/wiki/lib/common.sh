# Shared settings for test/wiki/*.sh (sourced, not executed).
# shellcheck shell=bash

WIKI_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${WIKI_DATA_DIR:-${WIKI_DIR}/.data}"
# MediaWiki 1.43 from Debian 13, unpacked by lib/fetch-mediawiki.sh into test/wiki/.data (also
# when WIKI_DATA_DIR puts a second wiki's data elsewhere: every wiki runs the same read-only tree).
MW_BUILD="${WIKI_DIR}/.data"
MW_IP="${MW_BUILD}/mediawiki"
MW_VERSIONS="${MW_BUILD}/mediawiki-versions.txt"
# Translate and UniversalLanguageSelector archives: ../shared/vendor beside the repository.
VENDOR_DIR="${WIKI_VENDOR_DIR:-${WIKI_DIR}/../../../shared/vendor}"
PORT="${WIKI_PORT:-18790}"
HOST="127.0.0.1"
SERVER_URL="http://${HOST}:${PORT}"
API_URL="${SERVER_URL}/api.php"
PIDFILE="${DATA}/server.pid"
LOGDIR="${DATA}/logs"
DBDIR="${DATA}/db"
SNAPDIR="${DATA}/snapshot"
# PHP 8.2 from the machine's Debian 12 (php-gmp: MediaWiki 1.43 needs it); dpkg-deb for unpacking.
WIKI_PACKAGES=(php-cli php-sqlite3 php-intl php-mbstring php-xml php-gmp curl dpkg)

export WIKI_PORT="${PORT}"
export MW_CONFIG_FILE="${DATA}/LocalSettings.php"
export MW_INSTALL_PATH="${MW_IP}"

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

# Run a MediaWiki maintenance script (a name in maintenance/, or the path of our own script)
# quietly against our LocalSettings; show its output on failure.
mw() {
  local script="$1"; shift
  local out file="${MW_IP}/maintenance/${script}.php"
  [[ "${script}" == /* ]] && file="${script}"
  if ! out="$(php "${file}" "$@" 2>&1)"; then
    echo "${out}" >&2
    die "maintenance script ${file} failed"
  fi
  printf '%s' "${out}"
}

# True if this wiki (its LocalSettings.php: another worktree's or the benchmark's wiki may hold the
# port) answers the siteinfo query on our port.
wiki_answers() {
  [[ "$(curl -fsS --max-time 5 "${SERVER_URL}/deptbot-config-file" 2>/dev/null)" == "${MW_CONFIG_FILE}" ]] &&
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
