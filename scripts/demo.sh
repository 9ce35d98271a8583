#!/usr/bin/env bash
# npm run demo: starts the local test wiki, runs every registered deptbot task against it, and
# prints what was edited, with diff links on the local wiki. Works from a fresh clone after npm ci.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash test/wiki/start.sh

# Build when dist/ is missing or older than the sources.
if [[ ! -f dist/src/cli.js ]] || [[ -n "$(find src tasks bin package.json tsconfig.json tsconfig.build.json -newer dist/src/cli.js -print -quit)" ]]; then
  echo "demo: building (npm run build)"
  npm run --silent build
fi

# The bot's BotPassword on the local wiki, and the local overlay (config/local.yaml):
# ledger data/local.sqlite, log data/local.log, one edit a second.
CREDENTIALS=test/wiki/.data/credentials.json
credential() { node -e 'const c = require(process.argv[1]); console.log(process.argv[2].split(".").reduce((o, k) => o[k], c))' "./${CREDENTIALS}" "$1"; }
export MW_API_URL="$(credential apiUrl)"
export MW_USERNAME="$(credential bot.username)"
export MW_PASSWORD="$(credential bot.password)"
export DEPTBOT_CONFIG=local
unset MW_OAUTH2_TOKEN
SERVER_URL="$(credential serverUrl)"
deptbot() { node bin/deptbot.js "$@"; }

echo
echo "== deptbot list"
deptbot list
started="$(date -u +%Y-%m-%dT%H:%M:%S.000Z)"

echo
echo "== deptbot run --all   (against ${MW_API_URL}; log: data/local.log)"
status=0
deptbot run --all || status=$?
# Translate re-renders the translation pages of the pages the bot marked in jobs, which API requests
# do not run: run them, so that the translation pages below show the bot's changes.
bash test/wiki/run-jobs.sh
# Those jobs also recount the marked pages' translation units, after translation-status wrote its
# report: bring the report up to date, as the next scheduled run would on Meta (where jobs run on
# their own). A run with nothing new edits nothing, so a second demo edits nothing.
echo
echo "== deptbot run translation-status   (the report after the marking and the jobs)"
deptbot run translation-status || status=$?

echo
echo "== what this demo edited"
deptbot status --json --limit 1000 | node -e '
  const [since, server] = process.argv.slice(1);
  let input = "";
  process.stdin.on("data", (chunk) => (input += chunk)).on("end", () => {
    const edits = JSON.parse(input).edits.filter((e) => e.madeAt >= since).reverse();
    if (!edits.length) console.log("Nothing: every page was already up to date (or no task is registered).");
    for (const e of edits) {
      const link = e.oldRevId ? `${server}/index.php?diff=${e.newRevId}&oldid=${e.oldRevId}` : `${server}/index.php?oldid=${e.newRevId}`;
      console.log(`${e.task.padEnd(20)} ${e.page}\n${" ".repeat(21)}${link}`);
    }
  });' "${started}" "${SERVER_URL}"

echo
echo "== deptbot status"
deptbot status --limit 10
echo
echo "The wiki: ${SERVER_URL}/index.php/Main_Page   status page: ${SERVER_URL}/index.php/User:DeptBot/Status"
echo "Translation pages: ${SERVER_URL}/index.php/Community_Engagement/ru  ${SERVER_URL}/index.php/Movement_communications_insights/zh"
echo "Translation report: ${SERVER_URL}/index.php/User:DeptBot/Translation_status"
exit "${status}"
