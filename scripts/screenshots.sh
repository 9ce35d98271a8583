#!/usr/bin/env bash
# npm run screenshots: what editors see, as PNGs. Runs the demo (scripts/demo.sh) on the local wiki,
# writes the translation report there through the Translate replay (the local wiki has no
# Translate), then has headless Chromium (Debian's `chromium` package) save the bot's pages into
# screenshots/ (git-ignored; SCREENSHOTS_DIR=… for another folder). Not part of npm test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

OUT="${SCREENSHOTS_DIR:-screenshots}"
CHROMIUM="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "${CHROMIUM}" ]]; then
  echo "screenshots: no chromium on PATH; install Debian's package: apt-get install chromium" >&2
  exit 2
fi

mkdir -p "${OUT}"
bash scripts/demo.sh > "${OUT}/demo.log" 2>&1 || echo "screenshots: the demo exited non-zero; see ${OUT}/demo.log" >&2
echo "screenshots: ran the demo (its output: ${OUT}/demo.log)"

npx tsc -p scripts/screenshots/tsconfig.json
node node_modules/.cache/deptbot-screenshots/scripts/screenshots/translation-report.js

SERVER_URL="$(node -e 'console.log(require(process.argv[1]).serverUrl)' ./test/wiki/.data/credentials.json)"
PROFILE="$(mktemp -d)"
trap 'rm -rf "${PROFILE}"' EXIT

# name, page title, window height: each page whole at 1280 px wide.
shot() {
  local name="$1" title="$2" height="$3"
  local url="${SERVER_URL}/index.php?title=$(node -e 'console.log(encodeURIComponent(process.argv[1].replace(/ /g, "_")))' "${title}")"
  "${CHROMIUM}" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="${PROFILE}" --hide-scrollbars --window-size="1280,${height}" \
    --screenshot="${OUT}/${name}.png" "${url}" > /dev/null 2>&1
  echo "screenshots: ${OUT}/${name}.png  ${title}"
}

shot status-page "User:DeptBot/Status" 1800
shot tasks-page "User:DeptBot/Tasks" 2600
shot translation-report "User:DeptBot/Translation status" 1400
shot department-page-banner "Community Engagement" 1400
shot department-page-office-hours "Community Resilience and Sustainability" 1800
shot talk-page-reminder "Talk:Community Resilience and Sustainability" 1600
