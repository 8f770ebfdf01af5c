#!/usr/bin/env bash
# Makes sure a PostgreSQL server on 127.0.0.1:5432 accepts the e2e tests, installing and starting
# Debian's postgresql package when needed, and prints the TEST_POSTGRES_URL to export.
# The tests create and drop their own databases through that URL.
set -euo pipefail

if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  echo "export TEST_POSTGRES_URL='${TEST_POSTGRES_URL}'"
  exit 0
fi

trust_url='postgres://postgres@127.0.0.1:5432/postgres'
role_url='postgres://interlock_test:interlock_test@127.0.0.1:5432/postgres'

can_connect() {
  command -v psql >/dev/null && psql "$1" -Atqc 'SELECT 1' >/dev/null 2>&1
}

if can_connect "$trust_url"; then
  echo "export TEST_POSTGRES_URL='${trust_url}'"
  exit 0
fi

if can_connect "$role_url"; then
  echo "export TEST_POSTGRES_URL='${role_url}'"
  exit 0
fi

if ! command -v pg_ctlcluster >/dev/null; then
  echo 'Installing PostgreSQL for the e2e tests' >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
fi

version=$(ls /etc/postgresql | sort -V | tail -n 1)
pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 2>/dev/null || true
for _ in $(seq 1 30); do
  if runuser -u postgres -- psql -Atqc 'SELECT 1' >/dev/null 2>&1; then
    break
  fi
  sleep 1
done

# A password role for the tests, because a fresh install only trusts local peer logins.
runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qc "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'interlock_test') THEN
    CREATE ROLE interlock_test LOGIN CREATEDB PASSWORD 'interlock_test';
  END IF;
END \$\$;" >&2

echo "export TEST_POSTGRES_URL='${role_url}'"
