#!/usr/bin/env bash
# Entry point of `npm run bench`. It starts (or reuses) the benchmark DC, builds the API when
# dist/ is older than src/, and runs bench/harness.js. Must run as root, like the sandbox DC.
# The environment variables of bench/harness.js (iterations, PostgreSQL URL, CPU profile) pass through.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash bench/dc.sh up

newest_source="$(find src -type f -newer dist/main.js -print -quit 2>/dev/null || echo missing)"
if [[ ! -f dist/main.js || -n "$newest_source" ]]; then
  echo "bench: building the API" >&2
  npx nest build
fi

exec node bench/harness.js
