#!/usr/bin/env bash
# Stop the local test wiki started by start.sh (pid file; a stale pid is tolerated). Idempotent.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wiki_lock

pid="$(server_pid)"
if [[ -z "${pid}" ]]; then
  rm -f "${PIDFILE}"
  echo "wiki stopped (was not running)"
  exit 0
fi

# start.sh runs the server under setsid, so its pid is also its process group (workers included).
kill -TERM -- "-${pid}" 2>/dev/null || kill -TERM "${pid}" 2>/dev/null || true
for _ in $(seq 1 50); do
  kill -0 "${pid}" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "${pid}" 2>/dev/null; then
  kill -KILL -- "-${pid}" 2>/dev/null || kill -KILL "${pid}" 2>/dev/null || true
fi
rm -f "${PIDFILE}"
echo "wiki stopped"
