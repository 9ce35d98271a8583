#!/usr/bin/env bash
# Toolforge job entry point: runs one deptbot task from the checkout (~/deptbot), where .env,
# config/ and data/ live. jobs.yaml calls it as: ./deptbot/deploy/toolforge/run-task.sh <task>
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# JSON log lines: the job's output files are read by tools as much as by people.
exec node bin/deptbot.js --log-format json run "$1"
