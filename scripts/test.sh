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

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
npm run test:unit -- --json --outputFile="$results/unit.json" || status=$?
npm run test:e2e -- --json --outputFile="$results/e2e.json" || status=$?

# One closing line for both runs, in the plain form CI tools read.
node -e '
  let passed = 0, failed = 0;
  for (const file of process.argv.slice(1)) {
    try {
      const report = require(file);
      passed += report.numPassedTests;
      failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
    } catch {
      failed += 1;
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
' "$results/unit.json" "$results/e2e.json"
exit "$status"
