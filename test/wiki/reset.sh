#!/usr/bin/env bash
# Reset the local test wiki to its freshly seeded state: stop, restore the SQLite files from
# the snapshot taken after seeding (or reprovision if there is none), start.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wiki_lock

bash "${WIKI_DIR}/stop.sh" >/dev/null
if [[ -f "${DATA}/.provisioned" ]] && compgen -G "${SNAPDIR}/*.sqlite" >/dev/null; then
  rm -f "${DBDIR}"/*.sqlite "${DBDIR}"/*.sqlite-journal "${DBDIR}"/*.sqlite-wal "${DBDIR}"/*.sqlite-shm
  cp -p "${SNAPDIR}"/*.sqlite "${DBDIR}/"
else
  rm -f "${DATA}/.provisioned"
fi
exec bash "${WIKI_DIR}/start.sh"
