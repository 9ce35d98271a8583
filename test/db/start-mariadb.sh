#!/usr/bin/env bash
# A private MariaDB server for the tests (the MariaDB ledger backend): its own data folder in
# test/db/.data, its own socket and port on 127.0.0.1, never the system service. Installs Debian's
# mariadb-server if it is missing. Idempotent: a server this script started and that answers is kept.
# Writes test/db/.data/client.cnf (user, password, host, port) for the tests.
# Port: $DEPTBOT_MARIADB_PORT, else $WIKI_PORT + 1000, else 13306.
set -euo pipefail
cd "$(dirname "$0")"
DATA="$PWD/.data"
PORT="${DEPTBOT_MARIADB_PORT:-$(( ${WIKI_PORT:-12306} + 1000 ))}"
SOCKET="$DATA/mariadb.sock"
PIDFILE="$DATA/mariadb.pid"
USER_NAME=deptbot_test
PASSWORD=deptbot-test-password

if ! command -v mariadbd >/dev/null && [ ! -x /usr/sbin/mariadbd ]; then
  export DEBIAN_FRONTEND=noninteractive
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if apt-get install -y -q mariadb-server mariadb-client >/dev/null 2>&1; then break; fi
    apt-get update -q >/dev/null 2>&1 || true
    echo "mariadb-server: apt busy or failed (attempt $attempt); retrying" >&2
    sleep 15
  done
fi
MARIADBD="$(command -v mariadbd || echo /usr/sbin/mariadbd)"

client() { mariadb --no-defaults --socket="$SOCKET" -uroot "$@"; }

if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && client -e 'SELECT 1' >/dev/null 2>&1; then
  exit 0
fi

rm -rf "$DATA"
mkdir -p "$DATA/db"
as_user=()
[ "$(id -u)" = 0 ] && as_user=(--user=root)
mariadb-install-db --no-defaults "${as_user[@]}" --datadir="$DATA/db" --auth-root-authentication-method=socket \
  --skip-test-db >"$DATA/install.log" 2>&1
"$MARIADBD" --no-defaults "${as_user[@]}" --datadir="$DATA/db" --socket="$SOCKET" --port="$PORT" --bind-address=127.0.0.1 \
  --pid-file="$PIDFILE" --log-error="$DATA/error.log" --skip-log-bin --innodb-buffer-pool-size=64M \
  --innodb-log-file-size=16M --max-connections=300 --character-set-server=utf8mb4 --collation-server=utf8mb4_bin \
  >>"$DATA/server.out" 2>&1 </dev/null &
disown

for _ in $(seq 1 100); do
  client -e 'SELECT 1' >/dev/null 2>&1 && break
  sleep 0.2
done
client -e 'SELECT 1' >/dev/null || { echo "MariaDB did not start; see $DATA/error.log" >&2; tail -20 "$DATA/error.log" >&2; exit 1; }

client <<SQL
CREATE USER '$USER_NAME'@'127.0.0.1' IDENTIFIED BY '$PASSWORD';
CREATE USER '$USER_NAME'@'localhost' IDENTIFIED BY '$PASSWORD';
GRANT ALL PRIVILEGES ON \`deptbot\\_test\\_%\`.* TO '$USER_NAME'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`deptbot\\_test\\_%\`.* TO '$USER_NAME'@'localhost';
SQL
cat >"$DATA/client.cnf" <<CNF
[client]
user = $USER_NAME
password = $PASSWORD
host = 127.0.0.1
port = $PORT
CNF
echo "MariaDB for the tests on 127.0.0.1:$PORT ($DATA)"
