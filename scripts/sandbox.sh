#!/usr/bin/env bash
# Run a throwaway Samba AD domain controller (realm INTERLOCK.TEST) for development and
# the e2e tests. Everything lives in .sandbox/ at the repository root, and the DC listens
# on the loopback interface only. Must run as root: Samba binds ports below 1024.
#
# Usage: scripts/sandbox.sh up|down|stop|restart|status|env|destroy
#
# SANDBOX_DIR and SANDBOX_ADDRESS run a second, independent DC (the benchmark's) from another
# folder on another loopback address. Sourcing the script defines its functions without
# running a command.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
SANDBOX_DIR="${SANDBOX_DIR:-$REPO_ROOT/.sandbox}"
# The default DC binds every address of the interface lo (127.0.0.1 and ::1). Any other
# address binds that IPv4 address alone, so two DCs can run side by side.
SANDBOX_ADDRESS="${SANDBOX_ADDRESS:-127.0.0.1}"
if [[ ! "$SANDBOX_ADDRESS" =~ ^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]]; then
  printf 'sandbox: error: SANDBOX_ADDRESS=%s is not a loopback IPv4 address such as 127.0.0.2\n' \
    "$SANDBOX_ADDRESS" >&2
  exit 2
fi
DC_DIR="$SANDBOX_DIR/dc"
TLS_DIR="$SANDBOX_DIR/tls"
SMB_CONF="$DC_DIR/etc/smb.conf"
PID_FILE="$DC_DIR/run/samba.pid"
LOCK_FILE="$SANDBOX_DIR/sandbox.lock"
CA_FILE="$SANDBOX_DIR/ca.pem"
ENV_FILE="$SANDBOX_DIR/interlock.env"
ADMIN_PASSWORD_FILE="$SANDBOX_DIR/admin-password"
PROVISIONED_MARKER="$SANDBOX_DIR/provisioned"
SEEDED_MARKER="$SANDBOX_DIR/seeded"

REALM="INTERLOCK.TEST"
DNS_DOMAIN="interlock.test"
NETBIOS_DOMAIN="INTERLOCK"
BASE_DN="DC=interlock,DC=test"
ADMIN_DN="CN=Administrator,CN=Users,$BASE_DN"
# Fixed DC host name, so that dnsHostName and the DNS records do not depend on the machine.
DC_HOST_NAME="sandbox-dc"
DEMO_PASSWORD='Sandb0x-Passw0rd!'
LDAPS_URL="ldaps://$SANDBOX_ADDRESS:636"
STARTTLS_URL="ldap://$SANDBOX_ADDRESS:389"
LOCKED_USER="locked.user"
LOCKOUT_THRESHOLD=5
# 99999 minutes (about 69 days) is the largest lockout duration samba-tool 4.17 accepts.
LOCKOUT_DURATION_MINUTES=99999
YOUNG_PSO_NAME="Interlock Young Password"
YOUNG_PSO_USER="pso.young"

# TCP ports of the AD DC services: DNS, Kerberos, RPC endpoint mapper, LDAP, SMB,
# kpasswd, LDAPS, global catalog and global catalog over TLS.
DC_TCP_PORTS=(53 88 135 389 445 464 636 3268 3269)
DC_UDP_PORTS=(53 88 389 464)
START_TIMEOUT_SECONDS="${SANDBOX_START_TIMEOUT:-120}"
STOP_TIMEOUT_SECONDS=20

REQUIRED_PACKAGES=(samba samba-ad-dc samba-ad-provision samba-dsdb-modules winbind krb5-user
  ldap-utils dnsutils openssl iproute2 python3)

log() {
  printf 'sandbox: %s\n' "$*" >&2
}

die() {
  printf 'sandbox: error: %s\n' "$*" >&2
  exit 1
}

usage() {
  cat <<'EOF'
Usage: scripts/sandbox.sh COMMAND

Runs a throwaway Samba AD domain controller for realm INTERLOCK.TEST on loopback,
with its state in .sandbox/ at the repository root. Run as root.

Commands:
  up          install packages, provision, start, seed demo data and write the env file
              (each step only when needed)
  down, stop  stop the domain controller
  restart     stop and start the domain controller and wait until LDAPS responds
  status      exit 0 when the domain controller runs and LDAPS responds
  env         print the env file (.sandbox/interlock.env)
  destroy     stop the domain controller and delete .sandbox/

Environment:
  SANDBOX_START_TIMEOUT  seconds to wait for LDAPS after starting Samba (default 120)
  SANDBOX_DIR            state folder (default .sandbox/ at the repository root)
  SANDBOX_ADDRESS        loopback IPv4 address to listen on (default 127.0.0.1, which also
                         binds ::1); another address such as 127.0.0.2 runs a second DC
EOF
}

# Take an exclusive lock on .sandbox/sandbox.lock, held until the script exits.
# `destroy` deletes the lock file, so a waiter that got the lock on a deleted file retries.
acquire_lock() {
  while true; do
    mkdir -p "$SANDBOX_DIR"
    exec 9>>"$LOCK_FILE"
    if ! flock -w 900 9; then
      die "timed out after 900 s waiting for the lock $LOCK_FILE held by another sandbox.sh"
    fi
    if [[ -e "$LOCK_FILE" && "$(stat -c %i "$LOCK_FILE")" == "$(stat -L -c %i /proc/self/fd/9)" ]]; then
      return
    fi
    exec 9>&-
  done
}

require_root() {
  if [[ "$(id -u)" -ne 0 ]]; then
    die "must run as root, because Samba binds ports below 1024 (try: sudo $0 $*)"
  fi
}

# Install the Debian packages that are missing. The samba packages start the distribution's
# smbd, nmbd and winbind services, which would hold port 445 on every interface, so the
# install keeps them from starting and disables them under systemd.
ensure_packages() {
  local missing=() package status
  for package in "${REQUIRED_PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
    if [[ "$status" != "install ok installed" ]]; then
      missing+=("$package")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    return
  fi

  log "installing missing packages: ${missing[*]}"
  local policy_file="/usr/sbin/policy-rc.d" created_policy=false
  if [[ ! -e "$policy_file" ]]; then
    # Exit code 101 means "action forbidden", so invoke-rc.d and deb-systemd-invoke start no services.
    printf '#!/bin/sh\nexit 101\n' >"$policy_file"
    chmod 755 "$policy_file"
    created_policy=true
  fi
  local install_status=0
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" ||
    install_status=$?
  if [[ "$created_policy" == true ]]; then
    rm -f "$policy_file"
  fi
  if [[ $install_status -ne 0 ]]; then
    die "apt-get failed with exit code $install_status while installing: ${missing[*]}"
  fi

  if [[ -d /run/systemd/system ]]; then
    local unit
    for unit in smbd nmbd winbind samba-ad-dc; do
      if systemctl list-unit-files "$unit.service" >/dev/null 2>&1; then
        systemctl disable --now "$unit.service" >/dev/null 2>&1 || true
      fi
    done
    log "disabled the distribution's smbd, nmbd, winbind and samba-ad-dc services, which would hold the DC ports"
  fi
}

is_default_address() {
  [[ "$SANDBOX_ADDRESS" == 127.0.0.1 ]]
}

generate_admin_password() {
  local random
  random="$(head -c 64 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | cut -c1-20)"
  # The fixed prefix and suffix add a digit, a lower-case letter and a symbol, so the
  # password meets the AD complexity rule whatever the random part contains.
  (umask 077 && printf 'Sbx-%s9a!' "$random" >"$ADMIN_PASSWORD_FILE")
}

# Create a CA and a server certificate for localhost, 127.0.0.1 and ::1. Samba's own
# self-signed certificate names only the host name, which clients on 127.0.0.1 reject.
generate_tls() {
  local machine_host
  machine_host="$(hostname -s 2>/dev/null || hostname)"
  machine_host="${machine_host,,}"
  rm -rf "$TLS_DIR"
  mkdir -p "$TLS_DIR"
  chmod 700 "$TLS_DIR"

  local alt_names="DNS:localhost,DNS:$DC_HOST_NAME,DNS:$DC_HOST_NAME.$DNS_DOMAIN"
  if [[ -n "$machine_host" && "$machine_host" != "$DC_HOST_NAME" && "$machine_host" != "localhost" ]]; then
    alt_names+=",DNS:$machine_host,DNS:$machine_host.$DNS_DOMAIN"
  fi
  if is_default_address; then
    alt_names+=",IP:127.0.0.1,IP:::1"
  else
    alt_names+=",IP:$SANDBOX_ADDRESS"
  fi

  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
    -subj "/O=Interlock sandbox/CN=Interlock sandbox CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$TLS_DIR/ca-key.pem" -out "$TLS_DIR/ca.pem" 2>/dev/null
  openssl req -new -newkey rsa:2048 -nodes -sha256 \
    -subj "/O=Interlock sandbox/CN=localhost" \
    -keyout "$TLS_DIR/server-key.pem" -out "$TLS_DIR/server.csr" 2>/dev/null
  printf '%s\n' \
    "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature,keyEncipherment" \
    "extendedKeyUsage=serverAuth" \
    "subjectAltName=$alt_names" >"$TLS_DIR/server.ext"
  openssl x509 -req -sha256 -days 3650 -in "$TLS_DIR/server.csr" \
    -CA "$TLS_DIR/ca.pem" -CAkey "$TLS_DIR/ca-key.pem" -CAcreateserial \
    -extfile "$TLS_DIR/server.ext" -out "$TLS_DIR/server-cert.pem" 2>/dev/null
  # Samba rejects a TLS key file that other users can read.
  chmod 600 "$TLS_DIR/ca-key.pem" "$TLS_DIR/server-key.pem"
  install -m 644 "$TLS_DIR/ca.pem" "$CA_FILE"
}

provision_dc() {
  log "provisioning realm $REALM into $DC_DIR"
  rm -rf "$DC_DIR" "$SEEDED_MARKER"
  if [[ ! -s "$ADMIN_PASSWORD_FILE" ]]; then
    generate_admin_password
  fi
  generate_tls

  # interfaces and bind interfaces only keep every Samba socket on loopback. The disabled
  # services are NetBIOS and WINS (broadcasts), NTP signing, the KCC (no replication
  # partners) and dnsupdate, which would send DNS queries to the machine's resolver.
  # multicast dns register = no keeps smbd from announcing itself through Avahi.
  local provision_log="$SANDBOX_DIR/provision.log"
  # Samba accepts an address with a prefix length in interfaces even when no interface
  # carries it, and Linux routes all of 127.0.0.0/8 to lo, so no address is added to lo.
  local host_ip_options=(--host-ip=127.0.0.1 --host-ip6=::1) interfaces=lo
  if ! is_default_address; then
    host_ip_options=(--host-ip="$SANDBOX_ADDRESS")
    interfaces="$SANDBOX_ADDRESS/8"
  fi
  # NOTE: samba-tool takes the administrator password only as an argument, so local users
  # can read it in the process list while provisioning runs (about 10 s).
  if ! samba-tool domain provision --use-rfc2307 --server-role=dc --dns-backend=SAMBA_INTERNAL \
    --realm="$REALM" --domain="$NETBIOS_DOMAIN" --adminpass="$(cat "$ADMIN_PASSWORD_FILE")" \
    --host-name="$DC_HOST_NAME" "${host_ip_options[@]}" \
    --targetdir="$DC_DIR" \
    --option="netbios name = ${DC_HOST_NAME^^}" \
    --option="interfaces = $interfaces" \
    --option="bind interfaces only = yes" \
    --option="disable netbios = yes" \
    --option="smb ports = 445" \
    --option="multicast dns register = no" \
    --option="server services = -nbt, -wrepl, -ntp_signd, -kcc, -dnsupdate" \
    --option="load printers = no" \
    --option="disable spoolss = yes" \
    --option="pid directory = $DC_DIR/run" \
    --option="ncalrpc dir = $DC_DIR/run/ncalrpc" \
    --option="winbindd socket directory = $DC_DIR/run/winbindd" \
    --option="ntp signd socket directory = $DC_DIR/run/ntp_signd" \
    --option="log file = $DC_DIR/log/samba.log" \
    --option="tls enabled = yes" \
    --option="tls keyfile = $TLS_DIR/server-key.pem" \
    --option="tls certfile = $TLS_DIR/server-cert.pem" \
    --option="tls cafile = $CA_FILE" \
    >"$provision_log" 2>&1; then
    tail -n 20 "$provision_log" >&2
    die "samba-tool domain provision failed, full output in $provision_log"
  fi
  mkdir -p "$DC_DIR/run" "$DC_DIR/log"

  # Provisioning copies the machine's resolver into a dns forwarder line.
  sed -i '/^[[:space:]]*dns forwarder[[:space:]]*=/d' "$SMB_CONF"
  if grep -qi 'dns forwarder' "$SMB_CONF"; then
    die "could not remove the dns forwarder line from $SMB_CONF"
  fi

  set_password_policy
  touch "$PROVISIONED_MARKER"
}

# Set the domain password policy for testing: no minimum age, so self-service changes work
# right away, and a lockout threshold, so a seeded user can stay locked out.
set_password_policy() {
  samba-tool domain passwordsettings set -s "$SMB_CONF" \
    --complexity=on --history-length=3 --min-pwd-length=7 \
    --min-pwd-age=0 --max-pwd-age=365 \
    --account-lockout-threshold="$LOCKOUT_THRESHOLD" \
    --account-lockout-duration="$LOCKOUT_DURATION_MINUTES" \
    --reset-account-lockout-after=30 >/dev/null
  # A fine-grained policy with a minimum age of one day, applied to one user while seeding,
  # so that a "password too young" error can be tested.
  samba-tool domain passwordsettings pso create "$YOUNG_PSO_NAME" 10 -s "$SMB_CONF" \
    --min-pwd-age=1 >/dev/null
}

# Print the PID of the Samba master process when it runs from this sandbox.
running_pid() {
  local pid
  [[ -s "$PID_FILE" ]] || return 1
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [[ -n "$pid" ]] || return 1
  # kill -0 would fail with EPERM for callers other than root, so check /proc instead.
  [[ -d "/proc/$pid" ]] || return 1
  # Guard against a stale PID file whose number now belongs to another program. Samba
  # rewrites its command line ("samba: root process"), so check the process name, which
  # unlike /proc/PID/exe is readable without root.
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == samba ]] || return 1
  printf '%s\n' "$pid"
}

ldaps_responds() {
  LDAPTLS_CACERT="$CA_FILE" LDAPTLS_REQCERT=demand \
    ldapsearch -H "$LDAPS_URL" -x -o nettimeout=3 -LLL -b '' -s base dnsHostName >/dev/null 2>&1
}

# Fail when another program already listens on a port the DC needs: on the DC's own
# addresses (127.0.0.1 and ::1 for the default DC) or on a wildcard address. A listener on
# another loopback address, such as the benchmark DC on 127.0.0.2, does not collide.
check_ports_free() {
  local port busy=""
  for port in "${DC_TCP_PORTS[@]}"; do
    busy+="$(ss -Hltnp "$(port_filter "$port")" 2>/dev/null || true)"
  done
  for port in "${DC_UDP_PORTS[@]}"; do
    busy+="$(ss -Hlunp "$(port_filter "$port")" 2>/dev/null || true)"
  done
  if [[ -n "$busy" ]]; then
    printf '%s\n' "$busy" >&2
    die "ports needed by the sandbox DC are in use (listed above); stop those programs first"
  fi
}

# Print the ss filter that matches sockets in the way of the DC's port $1.
port_filter() {
  if is_default_address; then
    printf '( src 127.0.0.1:%s or src [::1]:%s or src 0.0.0.0:%s or src [::]:%s )' \
      "$1" "$1" "$1" "$1"
  else
    printf '( src %s:%s or src 0.0.0.0:%s or src [::]:%s )' "$SANDBOX_ADDRESS" "$1" "$1" "$1"
  fi
}

start_dc() {
  check_ports_free
  log "starting Samba"
  rm -f "$PID_FILE"
  # -D forks, writes $PID_FILE and makes the master process a process group leader,
  # so stop_dc can signal every Samba process of this sandbox at once.
  # 9>&- keeps the daemon from inheriting the lock, which would block every later command.
  samba -D -s "$SMB_CONF" 9>&-
  wait_for_ldaps
}

wait_for_ldaps() {
  local started=$SECONDS
  local deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  while ((SECONDS < deadline)); do
    if ldaps_responds; then
      return
    fi
    if ! running_pid >/dev/null && [[ -s "$PID_FILE" || $((SECONDS - started)) -ge 10 ]]; then
      tail -n 20 "$DC_DIR/log/samba.log" >&2 2>/dev/null || true
      die "Samba exited during start, see $DC_DIR/log/"
    fi
    sleep 0.5
  done
  die "timed out after $START_TIMEOUT_SECONDS s waiting for LDAPS at $LDAPS_URL (set SANDBOX_START_TIMEOUT to wait longer), see $DC_DIR/log/"
}

stop_dc() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    return
  fi
  log "stopping Samba (pid $pid)"
  # The master process forwards SIGTERM to its process group.
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
  while ((SECONDS < deadline)) && kill -0 -- "-$pid" 2>/dev/null; do
    sleep 0.2
  done
  if kill -0 -- "-$pid" 2>/dev/null; then
    log "Samba processes still run after $STOP_TIMEOUT_SECONDS s, sending SIGKILL to process group $pid"
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  # smbd and winbindd run in process groups of their own and normally exit with the master.
  local helper helper_pid
  for helper in smbd winbindd; do
    helper_pid="$(tr -dc '0-9' <"$DC_DIR/run/$helper.pid" 2>/dev/null || true)"
    if [[ -n "$helper_pid" && "$(cat "/proc/$helper_pid/comm" 2>/dev/null)" == "$helper" ]]; then
      log "$helper (pid $helper_pid) still runs, sending SIGKILL to its process group"
      kill -KILL -- "-$helper_pid" 2>/dev/null || true
    fi
  done
  rm -f "$PID_FILE"
}

# Run an OpenLDAP client tool over LDAPS, bound as the domain Administrator. The password
# is read from a file (-y), so it does not show up in the process list.
ldap_as_admin() {
  local tool="$1"
  shift
  LDAPTLS_CACERT="$CA_FILE" LDAPTLS_REQCERT=demand \
    "$tool" -H "$LDAPS_URL" -x -D "$ADMIN_DN" -y "$ADMIN_PASSWORD_FILE" "$@"
}

seed_demo_data() {
  log "seeding demo data"
  local ldif="$SANDBOX_DIR/seed.ldif" rejects="$SANDBOX_DIR/seed-rejects.ldif"
  local output="$SANDBOX_DIR/seed.log"
  /usr/bin/python3 "$SCRIPT_DIR/sandbox-demo-ldif.py" \
    --base-dn "$BASE_DN" --dns-domain "$DNS_DOMAIN" --demo-password "$DEMO_PASSWORD" >"$ldif"
  rm -f "$rejects"
  # -c continues after errors, so a seed interrupted earlier can be applied again. Existing
  # objects and member values land in the rejects file with error 68 (Samba 4.17 reports a
  # duplicate member as 68, AD as 20), which are expected.
  ldap_as_admin ldapmodify -c -S "$rejects" -f "$ldif" >"$output" 2>&1 || true
  if [[ -s "$rejects" ]] &&
    grep '^# Error:' "$rejects" | grep -qv -e 'Already exists (68)' -e 'Type or value exists (20)'; then
    grep -B1 -A3 '^# Error:' "$rejects" | grep -v -e '^unicodePwd' | head -n 40 >&2
    die "seeding demo data failed, rejected records in $rejects"
  fi
  rm -f "$ldif"

  samba-tool domain passwordsettings pso apply "$YOUNG_PSO_NAME" "$YOUNG_PSO_USER" -s "$SMB_CONF" \
    >/dev/null 2>&1 || true
  local applied_pso
  applied_pso="$(samba-tool domain passwordsettings pso show-user "$YOUNG_PSO_USER" -s "$SMB_CONF" 2>&1 || true)"
  if [[ "$applied_pso" != *"PSO '$YOUNG_PSO_NAME'"* ]]; then
    die "could not apply the password settings object '$YOUNG_PSO_NAME' to $YOUNG_PSO_USER"
  fi

  add_dns_a_records
  lock_out_user
  touch "$SEEDED_MARKER"
}

# Provisioning skips loopback addresses when it creates the DC's DNS records, so only the
# AAAA record ::1 exists. Add A records for the DC and the domain name.
add_dns_a_records() {
  local name
  for name in "$DC_HOST_NAME" @; do
    # samba-tool reads the password from PASSWD, which keeps it out of the process list.
    PASSWD="$(cat "$ADMIN_PASSWORD_FILE")" samba-tool dns add "$SANDBOX_ADDRESS" "$DNS_DOMAIN" "$name" \
      A "$SANDBOX_ADDRESS" -U Administrator -s "$SMB_CONF" >/dev/null 2>&1 || true
  done
  if [[ "$(dig +short +time=2 +tries=1 "@$SANDBOX_ADDRESS" "$DC_HOST_NAME.$DNS_DOMAIN" A)" != "$SANDBOX_ADDRESS" ]]; then
    die "the DNS server at $SANDBOX_ADDRESS does not resolve $DC_HOST_NAME.$DNS_DOMAIN to $SANDBOX_ADDRESS"
  fi
}

locked_user_lockout_time() {
  ldap_as_admin ldapsearch -LLL -o ldif-wrap=no -b "$BASE_DN" "(sAMAccountName=$LOCKED_USER)" lockoutTime |
    awk '/^lockoutTime:/ { print $2 }'
}

# Lock out locked.user with failed simple binds, the way a user who mistypes would. Does
# nothing when the user is locked out already.
lock_out_user() {
  local attempt lockout_time
  lockout_time="$(locked_user_lockout_time)"
  if [[ -n "$lockout_time" && "$lockout_time" != 0 ]]; then
    return
  fi
  for ((attempt = 1; attempt <= LOCKOUT_THRESHOLD; attempt++)); do
    LDAPTLS_CACERT="$CA_FILE" ldapwhoami -H "$LDAPS_URL" -x \
      -D "$LOCKED_USER@$DNS_DOMAIN" -w 'Wrong-Passw0rd-1!' >/dev/null 2>&1 || true
  done
  lockout_time="$(locked_user_lockout_time)"
  if [[ -z "$lockout_time" || "$lockout_time" == 0 ]]; then
    die "$LOCKED_USER is not locked out after $LOCKOUT_THRESHOLD failed binds (lockoutTime '${lockout_time:-absent}')"
  fi
}

# Quote a value for a shell-sourceable KEY='value' line.
shell_quote() {
  printf "'%s'" "${1//\'/\'\\\'\'}"
}

write_env_file() {
  local admin_password tmp
  admin_password="$(cat "$ADMIN_PASSWORD_FILE")"
  tmp="$(mktemp "$SANDBOX_DIR/interlock.env.XXXXXX")"
  {
    echo "# Written by scripts/sandbox.sh: settings for the sandbox Samba AD DC."
    echo "LDAP_AUTH_URL=$(shell_quote "$LDAPS_URL")"
    echo "LDAP_DOMAIN=$(shell_quote "$DNS_DOMAIN")"
    echo "LDAP_AUTH_ACTIVE_DIRECTORY_DOMAIN=$(shell_quote "$NETBIOS_DOMAIN")"
    echo "LDAP_AUTH_SEARCH_BASE=$(shell_quote "$BASE_DN")"
    echo "LDAP_AUTH_CONNECTION_USER_DN=$(shell_quote "$ADMIN_DN")"
    echo "LDAP_AUTH_CONNECTION_PASSWORD=$(shell_quote "$admin_password")"
    echo "LDAP_AUTH_USE_SSL=$(shell_quote true)"
    echo "LDAP_TLS_CA_FILE=$(shell_quote "$CA_FILE")"
    echo "SANDBOX_ADMIN_PASSWORD=$(shell_quote "$admin_password")"
    echo "SANDBOX_DEMO_PASSWORD=$(shell_quote "$DEMO_PASSWORD")"
    echo "SANDBOX_STARTTLS_URL=$(shell_quote "$STARTTLS_URL")"
  } >"$tmp"
  chmod 600 "$tmp"
  mv -f "$tmp" "$ENV_FILE"
}

print_summary() {
  local pid
  pid="$(running_pid || echo '?')"
  cat <<EOF
Sandbox Samba AD DC is running (pid $pid).
  realm         $REALM (NetBIOS $NETBIOS_DOMAIN), base DN $BASE_DN
  LDAPS         $LDAPS_URL
  StartTLS      $STARTTLS_URL
  CA file       $CA_FILE
  bind DN       $ADMIN_DN (password in $ADMIN_PASSWORD_FILE)
  demo users    password $DEMO_PASSWORD
  env file      $ENV_FILE
EOF
}

cmd_up() {
  local started=$SECONDS
  require_root up
  acquire_lock
  ensure_packages
  if [[ ! -e "$PROVISIONED_MARKER" ]]; then
    provision_dc
    log "provisioned in $((SECONDS - started)) s"
  fi
  if ! running_pid >/dev/null; then
    start_dc
    log "LDAPS responds after $((SECONDS - started)) s"
  elif ! ldaps_responds; then
    wait_for_ldaps
  fi
  if [[ ! -e "$SEEDED_MARKER" ]]; then
    seed_demo_data
    log "seeded after $((SECONDS - started)) s"
  else
    # Tests may unlock locked.user, so lock it out again for the next run.
    lock_out_user
  fi
  write_env_file
  print_summary
}

cmd_down() {
  require_root down
  acquire_lock
  stop_dc
}

cmd_restart() {
  require_root restart
  acquire_lock
  [[ -e "$PROVISIONED_MARKER" ]] || die "no provisioned sandbox in $SANDBOX_DIR, run: $0 up"
  stop_dc
  start_dc
  log "restarted, LDAPS responds"
}

cmd_status() {
  local pid
  if ! pid="$(running_pid)"; then
    echo "sandbox DC is not running"
    return 1
  fi
  if ! ldaps_responds; then
    echo "sandbox DC runs (pid $pid) but LDAPS at $LDAPS_URL does not respond"
    return 1
  fi
  echo "sandbox DC is running (pid $pid) and LDAPS at $LDAPS_URL responds"
}

cmd_env() {
  [[ -r "$ENV_FILE" ]] || die "env file $ENV_FILE not found, run: $0 up"
  cat "$ENV_FILE"
}

cmd_destroy() {
  require_root destroy
  if [[ ! -d "$SANDBOX_DIR" ]]; then
    return
  fi
  acquire_lock
  stop_dc
  log "deleting $SANDBOX_DIR"
  rm -rf -- "$SANDBOX_DIR"
}

main() {
  local command="${1:-}"
  case "$command" in
    up) cmd_up ;;
    down | stop) cmd_down ;;
    restart) cmd_restart ;;
    status) cmd_status ;;
    env) cmd_env ;;
    destroy) cmd_destroy ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
