#!/usr/bin/env bash
# Runs the API against the sandbox Samba AD DC with demo data, storing its own data in embedded
# PGlite under ./data. Installs the npm dependencies and the sandbox DC on first use.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ]; then
  npm ci
fi

bash scripts/sandbox.sh up
npm run build

set -a
# shellcheck disable=SC1091
. .sandbox/interlock.env
set +a

# The sandbox is for trying the API on this machine, so it listens on loopback unless HOST is set.
export HOST="${HOST:-127.0.0.1}"
echo "Interlock API: http://127.0.0.1:${PORT:-8000}/api/docs (Swagger UI)"
echo "Log in as Administrator with the password in .sandbox/admin-password, or as demo.admin with the SANDBOX_DEMO_PASSWORD in .sandbox/interlock.env"
exec node dist/main.js
