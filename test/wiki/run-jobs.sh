#!/usr/bin/env bash
# Run the local test wiki's queued jobs (maintenance/runJobs.php). API requests do not run them;
# Translate re-renders translation pages and refreshes its statistics in jobs.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
mw runJobs --quiet >/dev/null
echo "wiki: jobs run"
