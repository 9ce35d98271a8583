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
# The demo's ledger (config/local.yaml: data/local.sqlite) describes the wiki as it was before
# this reset; deptbot would refuse it ("its latest edits are not there"). The next demo starts a new one.
if [[ -z "${WIKI_DATA_DIR:-}" ]]; then
  demo_ledger="${WIKI_DIR}/../../data/local.sqlite"
  if [[ -e "${demo_ledger}" ]]; then
    rm -f "${demo_ledger}" "${demo_ledger}-wal" "${demo_ledger}-shm"
    echo "wiki: removed the demo's ledger data/local.sqlite: it described the wiki before this reset"
  fi
fi
exec bash "${WIKI_DIR}/start.sh"
