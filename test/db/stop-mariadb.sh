#!/usr/bin/env bash
# Stops the tests' private MariaDB server (test/db/start-mariadb.sh) and removes its data folder.
set -euo pipefail
cd "$(dirname "$0")"
DATA="$PWD/.data"
if [ -f "$DATA/mariadb.pid" ]; then
  pid="$(cat "$DATA/mariadb.pid")"
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
fi
rm -rf "$DATA"
