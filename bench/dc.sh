#!/usr/bin/env bash
# Run the benchmark's own Samba AD DC, a second sandbox DC (realm INTERLOCK.TEST) with its
# state in .bench-sandbox/ and every socket on 127.0.0.2. It runs next to the development DC
# of scripts/sandbox.sh and shares no port, pid file or database with it. It reuses that
# script's functions and loads the large benchmark directory once (bench/load-directory.py).
#
# Usage: bench/dc.sh up|stop|status|env|destroy
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export SANDBOX_DIR="${BENCH_SANDBOX_DIR:-$(cd "$BENCH_DIR/.." && pwd)/.bench-sandbox}"
export SANDBOX_ADDRESS="${BENCH_DC_ADDRESS:-127.0.0.2}"
# shellcheck source=../scripts/sandbox.sh
source "$BENCH_DIR/../scripts/sandbox.sh"

# Bump when load-directory.py changes what it loads, so a cached DC is provisioned again.
DATASET_VERSION=1
LOADED_MARKER="$SANDBOX_DIR/loaded-v$DATASET_VERSION"

if [[ "$SANDBOX_ADDRESS" == 127.0.0.1 ]]; then
  die "the benchmark DC must not use 127.0.0.1, where the development DC listens"
fi

load_directory() {
  log "loading the benchmark directory into the stopped DC (about a minute)"
  stop_dc
  BENCH_USER_PASSWORD="$DEMO_PASSWORD" /usr/bin/python3 "$BENCH_DIR/load-directory.py" \
    --smb-conf "$SMB_CONF" --base-dn "$BASE_DN" --dns-domain "$DNS_DOMAIN" --host-name "$DC_HOST_NAME" \
    >"$SANDBOX_DIR/load.log" 2>&1 || {
    tail -n 20 "$SANDBOX_DIR/load.log" >&2
    die "loading the benchmark directory failed, full output in $SANDBOX_DIR/load.log"
  }
  touch "$LOADED_MARKER"
}

bench_up() {
  local started=$SECONDS
  require_root up
  acquire_lock
  ensure_packages
  if [[ ! -e "$PROVISIONED_MARKER" || ! -e "$LOADED_MARKER" ]]; then
    stop_dc
    rm -f "$PROVISIONED_MARKER"
    provision_dc
    log "provisioned in $((SECONDS - started)) s"
    load_directory
    log "loaded after $((SECONDS - started)) s"
  fi
  if ! running_pid >/dev/null; then
    start_dc
    log "LDAPS responds after $((SECONDS - started)) s"
  elif ! ldaps_responds; then
    wait_for_ldaps
  fi
  write_env_file
}

case "${1:-}" in
  up) bench_up ;;
  stop | down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  destroy) cmd_destroy ;;
  *)
    echo "Usage: bench/dc.sh up|stop|status|env|destroy" >&2
    exit 2
    ;;
esac
