#!/usr/bin/env bash
# Runs every check and test: type check, lint, unit tests, then the e2e suites against the
# sandbox Samba AD DC and a real PostgreSQL. Installs what is missing on a Debian machine.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci
fi

bash scripts/sandbox.sh up
eval "$(bash scripts/test-postgres.sh)"

npm run typecheck
npm run lint
npm run test:unit
npm run test:e2e
