#!/usr/bin/env bash
# Start the local test MediaWiki (MediaWiki 1.43 from Debian 13 with Translate, SQLite, php -S).
# Idempotent: installs packages, installs and seeds the wiki, starts the server and
# checks the accounts only when needed. Port: $WIKI_PORT (default 18790).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

wiki_lock

CTL="${WIKI_DIR}/lib/wikictl.php"
CREDS="${DATA}/credentials.json"
MANIFEST="${WIKI_DIR}/seed/manifest.tsv"
PAGES="${WIKI_DIR}/seed/pages"

# --- 1. packages ----------------------------------------------------------------------
missing=()
for p in "${WIKI_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "wiki: installing ${missing[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
bash "${WIKI_DIR}/lib/fetch-mediawiki.sh"
[[ -f "${MW_IP}/maintenance/install.php" ]] || die "MediaWiki not found in ${MW_IP}"
[[ -f "${MW_IP}/extensions/ParserFunctions/extension.json" ]] || die "ParserFunctions missing from ${MW_IP}/extensions"

# --- 2. data folder (git-ignored) -------------------------------------------------------
REPO_ROOT="$(cd "${WIKI_DIR}/../.." && pwd)"
if [[ -e "${REPO_ROOT}/.git" ]] && ! grep -qxF 'test/wiki/.data/' "${REPO_ROOT}/.gitignore" 2>/dev/null; then
  if [[ -s "${REPO_ROOT}/.gitignore" && -n "$(tail -c1 "${REPO_ROOT}/.gitignore")" ]]; then echo >>"${REPO_ROOT}/.gitignore"; fi
  echo 'test/wiki/.data/' >>"${REPO_ROOT}/.gitignore"
fi
mkdir -p "${DATA}" "${LOGDIR}" "${DATA}/cache"

# --- 3. install, accounts, seed (once; redone from scratch if unfinished or if seed/ changed) ---
# (A new MediaWiki or extension version also means a new install: the versions file is hashed too.)
seed_hash="$(cd "${WIKI_DIR}/seed" && cat manifest.tsv pages/*.wikitext translations.tsv translations/*.txt "${MW_VERSIONS}" |
  sha256sum | cut -c1-16)"
fresh=0
if [[ "$(cat "${DATA}/.provisioned" 2>/dev/null || true)" != "${seed_hash}" ]]; then
  [[ -f "${DATA}/.provisioned" ]] && echo "wiki: seed pages changed; reinstalling (credentials kept)"
  rm -f "${DATA}/.provisioned"
  fresh=1
  t0=$SECONDS
  bash "${WIKI_DIR}/stop.sh" >/dev/null
  rm -rf "${DBDIR}" "${SNAPDIR}" "${DATA}/LocalSettings.php" "${DATA}/.verified" "${DATA}/cache"
  mkdir -p "${DATA}/cache"
  php "${CTL}" init-credentials "${CREDS}" "${SERVER_URL}"
  cred() { php "${CTL}" get "${CREDS}" "$1"; }

  echo "wiki: installing MediaWiki into ${DATA}"
  # The installer writes a new LocalSettings.php into ${DATA} (the old one was removed above).
  mw install --dbtype=sqlite --dbpath="${DBDIR}" --server "${SERVER_URL}" --scriptpath "" \
    --lang en --pass "$(cred accounts.Admin)" --confpath "${DATA}" \
    "Deptbot Test Wiki" Admin >/dev/null
  cat >>"${DATA}/LocalSettings.php" <<PHP

# ---- deptbot test wiki (appended by test/wiki/start.sh) ----
# ParserFunctions, Translate and ULS, BotPasswords, caches, jobs, path, logs:
require_once '${WIKI_DIR}/lib/settings.php';
PHP
  # Tables of the extensions loaded by settings.php (Translate), which install.php did not know.
  mw update --quick >/dev/null

  # Accounts. Admin (sysop, bureaucrat) comes from install.php.
  mw createAndPromote --force --bot --custom-groups translationadmin DeptBot "$(cred accounts.DeptBot)" >/dev/null
  mw createAndPromote --force Editor1 "$(cred accounts.Editor1)" >/dev/null
  mw createBotPassword --appid deptbot \
    --grants basic,highvolume,editpage,createeditmovepage,editmyoptions \
    DeptBot "$(cred bot.password)" >/dev/null
  mw createBotPassword --appid tests --grants basic,editpage,createeditmovepage \
    Editor1 "$(cred editor.password)" >/dev/null
  mw createBotPassword --appid tests \
    --grants basic,highvolume,editpage,createeditmovepage,editprotected,protect,delete \
    Admin "$(cred admin.password)" >/dev/null

  # Seed pages (authors are humans: no --bot).
  n=0
  while IFS=$'\t' read -r title author summary; do
    [[ -z "${title}" || "${title}" == \#* ]] && continue
    file="${PAGES}/${title//\//%2F}.wikitext"
    [[ -f "${file}" ]] || die "seed file missing: ${file}"
    mw edit --user "${author}" --summary "${summary:-seed}" "${title}" <"${file}" >/dev/null
    n=$((n + 1))
  done <"${MANIFEST}"
  # Mark pages for translation and translate them through the real Translate; its jobs render the
  # translation pages (FuzzyBot) and fill the stats cache.
  mw "${WIKI_DIR}/lib/SeedTranslations.php" "${WIKI_DIR}/seed/translations.tsv" "${WIKI_DIR}/seed/translations" >/dev/null
  mw runJobs --quiet >/dev/null

  mkdir -p "${SNAPDIR}"
  cp -p "${DBDIR}"/*.sqlite "${SNAPDIR}/"
  echo "${seed_hash}" >"${DATA}/.provisioned"
  echo "wiki: installed and seeded ${n} pages in $((SECONDS - t0)) s"
fi

# Credentials always carry the current port.
php "${CTL}" init-credentials "${CREDS}" "${SERVER_URL}"

# --- 4. server -----------------------------------------------------------------------------
if ! wiki_answers; then
  pid="$(server_pid)"
  if [[ -n "${pid}" ]] && php "${CTL}" wait "${API_URL}" 20; then
    pid="" # our server was only busy
  elif [[ -n "${pid}" ]]; then
    # Our server runs but does not answer here (hung, or started on another port): restart it.
    bash "${WIKI_DIR}/stop.sh" >/dev/null
  fi
  if ! wiki_answers; then
    if curl -s --max-time 2 -o /dev/null "${SERVER_URL}/" 2>/dev/null; then
      die "port ${PORT} is taken by something that is not this wiki; set WIKI_PORT"
    fi
    # setsid: the server and its workers get their own process group (stop.sh ends the group).
    # 9>&-: the server must not inherit the lock held by this script.
    PHP_CLI_SERVER_WORKERS=4 setsid nohup php -S "${HOST}:${PORT}" -t "${MW_IP}" "${WIKI_DIR}/router.php" \
      >>"${DATA}/server.log" 2>&1 </dev/null 9>&- &
    echo $! >"${PIDFILE}"
    if ! php "${CTL}" wait "${API_URL}" 60; then
      tail -n 20 "${DATA}/server.log" >&2 || true
      die "the wiki did not answer on ${API_URL} within 60 s (log: ${DATA}/server.log)"
    fi
  fi
fi

# --- 5. verify accounts and seed (after provisioning, or until it once succeeded) ------------
if ((fresh)) || [[ ! -f "${DATA}/.verified" ]]; then
  php "${CTL}" check-login "${API_URL}" "$(php "${CTL}" get "${CREDS}" bot.username)" \
    "$(php "${CTL}" get "${CREDS}" bot.password)" bot,apihighlimits,edit,createpage,noratelimit
  php "${CTL}" check-login "${API_URL}" "$(php "${CTL}" get "${CREDS}" editor.username)" \
    "$(php "${CTL}" get "${CREDS}" editor.password)" edit,createpage
  php "${CTL}" check-login "${API_URL}" "$(php "${CTL}" get "${CREDS}" admin.username)" \
    "$(php "${CTL}" get "${CREDS}" admin.password)" edit,editprotected,protect,delete,apihighlimits
  php "${CTL}" check-pages "${API_URL}" "${MANIFEST}"
  touch "${DATA}/.verified"
fi

echo "wiki ready at ${SERVER_URL} (api: ${API_URL}; credentials: ${CREDS})"
