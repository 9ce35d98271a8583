#!/usr/bin/env bash
# Toolforge job entry point: runs one deptbot task from the checkout (~/deptbot), where config/
# lives. jobs.yaml calls it as: ./deptbot/deploy/toolforge/run-task.sh <task>
# Secrets come from the job's environment (`toolforge envvars create MW_USERNAME` …), not from a file.
# The config overlay is config/toolforge.yaml (the ledger on ToolsDB, no log file on NFS) unless
# DEPTBOT_CONFIG names another; a missing overlay stops the job with exit 2 rather than letting it
# write a SQLite ledger in the tool's home.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export DEPTBOT_CONFIG="${DEPTBOT_CONFIG:-toolforge}"
# A smaller young generation, fixed when Node starts (src/process-heap.ts: YOUNG_GENERATION_OPTION).
export NODE_OPTIONS="--max-semi-space-size=8${NODE_OPTIONS:+ $NODE_OPTIONS}"
# JSON log lines, one record per line: `toolforge jobs logs <job>` collects them.
exec node bin/deptbot.js --log-format json run "$@"
