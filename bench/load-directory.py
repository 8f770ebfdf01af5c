#!/usr/bin/python3
"""Load the benchmark directory into a stopped Samba AD DC, writing sam.ldb directly.

bench/dc.sh runs this once per provisioned benchmark DC while Samba is stopped. Every
object goes through Samba's DSDB module stack in a single transaction, which takes
about a minute for the whole set instead of the many minutes that one LDAP add per
entry would take.

The set:
- OU=Bench with OU=Large, which contains OU=Dept00 to OU=Dept09 with 1,000 users each.
  OU=Dept00 alone is the 1,000-user directory of the growth check.
- 1,000 global security groups in OU=Groups,OU=Bench: "Bench Big Group" with the first
  5,000 users, "Bench Nest Level 1" to "Level 3" nested three deep, and 996 groups with
  ten users each.
- The forward zone bench.test in DomainDnsZones with 2,000 A records (host0000 to host1999).

bench.admin (a Domain Admin, also inside the nested groups) and bench.user get the
password in BENCH_USER_PASSWORD. The other users are disabled and have no
password, because each password costs Samba several Kerberos key derivations.

Needs Samba's Python bindings, which Debian installs for /usr/bin/python3.
"""

import argparse
import os
import sys
import time

import ldb
from samba.auth import system_session
from samba.dcerpc import security
from samba.ndr import ndr_pack
from samba.param import LoadParm
from samba.provision.sambadns import ARecord, add_at_record, add_domain_record, get_dnsadmins_sid
from samba.samdb import SamDB

GLOBAL_SECURITY_GROUP = -2147483646
UAC_NORMAL_ACCOUNT = 0x0200
UAC_ACCOUNTDISABLE = 0x0002

DEPARTMENTS = 10
USERS_PER_DEPARTMENT = 1000
GROUP_COUNT = 1000
BIG_GROUP_MEMBERS = 5000
NESTED_GROUP_MEMBERS = 10
SMALL_GROUP_MEMBERS = 10
DNS_ZONE = "bench.test"
DNS_RECORDS = 2000

ADMIN_USERNAME = "bench.admin"
USER_USERNAME = "bench.user"


def user_name(index):
    return "bench.u%05d" % index


def user_dn(index, base_dn):
    department = index // USERS_PER_DEPARTMENT
    return "CN=Bench User %05d,OU=Dept%02d,OU=Large,OU=Bench,%s" % (index, department, base_dn)


def add_ou(samdb, dn):
    samdb.add({"dn": dn, "objectClass": "organizationalUnit"})


def add_users(samdb, base_dn, dns_domain, password):
    """Add every user; index 0 is bench.admin and index 1 is bench.user."""
    quoted_password = ('"%s"' % password).encode("utf-16-le")
    for index in range(DEPARTMENTS * USERS_PER_DEPARTMENT):
        username = {0: ADMIN_USERNAME, 1: USER_USERNAME}.get(index, user_name(index))
        given_name = "Bench%05d" % index
        surname = "User%05d" % index
        message = {
            "dn": user_dn(index, base_dn),
            "objectClass": "user",
            "sAMAccountName": username,
            "userPrincipalName": "%s@%s" % (username, dns_domain),
            "givenName": given_name,
            "sn": surname,
            "displayName": "%s %s" % (given_name, surname),
            "mail": "%s@%s" % (username, dns_domain),
            "description": "Benchmark user %d" % index,
        }
        if index < 2:
            message["unicodePwd"] = quoted_password
            message["userAccountControl"] = str(UAC_NORMAL_ACCOUNT)
        else:
            message["userAccountControl"] = str(UAC_NORMAL_ACCOUNT | UAC_ACCOUNTDISABLE)
        samdb.add(message)


def add_group(samdb, dn, name, members):
    message = {
        "dn": dn,
        "objectClass": "group",
        "sAMAccountName": name.replace(" ", "_"),
        "groupType": str(GLOBAL_SECURITY_GROUP),
        "description": "Benchmark group",
    }
    if members:
        message["member"] = members
    samdb.add(message)


def add_groups(samdb, base_dn):
    groups_ou = "OU=Groups,OU=Bench,%s" % base_dn
    group_dn = lambda name: "CN=%s,%s" % (name, groups_ou)

    add_group(samdb, group_dn("Bench Big Group"), "Bench Big Group",
              [user_dn(index, base_dn) for index in range(BIG_GROUP_MEMBERS)])

    # Level 3 contains users, level 2 contains level 3, and level 1 contains level 2.
    nested_users = [user_dn(index, base_dn) for index in range(NESTED_GROUP_MEMBERS)]
    add_group(samdb, group_dn("Bench Nest Level 3"), "Bench Nest Level 3", nested_users)
    add_group(samdb, group_dn("Bench Nest Level 2"), "Bench Nest Level 2",
              [group_dn("Bench Nest Level 3")])
    add_group(samdb, group_dn("Bench Nest Level 1"), "Bench Nest Level 1",
              [group_dn("Bench Nest Level 2")])

    user_count = DEPARTMENTS * USERS_PER_DEPARTMENT
    for number in range(4, GROUP_COUNT):
        first = (number * SMALL_GROUP_MEMBERS) % user_count
        members = [user_dn(first + offset, base_dn) for offset in range(SMALL_GROUP_MEMBERS)]
        name = "Bench Group %04d" % number
        add_group(samdb, group_dn(name), name, members)

    domain_admins = "CN=Domain Admins,CN=Users,%s" % base_dn
    message = ldb.Message(ldb.Dn(samdb, domain_admins))
    message["member"] = ldb.MessageElement(user_dn(0, base_dn), ldb.FLAG_MOD_ADD, "member")
    samdb.modify(message)


def add_dns_zone(samdb, base_dn, host_name, dns_domain):
    """Create the zone the way provisioning creates the domain zone, then its A records."""
    domain_sid = security.dom_sid(samdb.get_domain_sid())
    dnsadmins_sid = get_dnsadmins_sid(samdb, base_dn)
    prefix = "DC=DomainDnsZones"
    add_domain_record(samdb, base_dn, prefix, DNS_ZONE, domain_sid, dnsadmins_sid)
    zone_dn = "DC=%s,CN=MicrosoftDNS,%s,%s" % (DNS_ZONE, prefix, base_dn)
    # The SOA and NS name the DC, as `samba-tool dns zonecreate` would.
    add_at_record(samdb, zone_dn, prefix, host_name, dns_domain, None, None)
    for index in range(DNS_RECORDS):
        address = "10.0.%d.%d" % (index // 256, index % 256)
        record = ndr_pack(ARecord(address, ttl=3600))
        message = ldb.Message(ldb.Dn(samdb, "DC=host%04d,%s" % (index, zone_dn)))
        message["objectClass"] = ldb.MessageElement(["top", "dnsNode"], ldb.FLAG_MOD_ADD, "objectClass")
        message["dnsRecord"] = ldb.MessageElement(record, ldb.FLAG_MOD_ADD, "dnsRecord")
        samdb.add(message)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smb-conf", required=True, help="smb.conf of the stopped DC")
    parser.add_argument("--base-dn", required=True)
    parser.add_argument("--dns-domain", required=True)
    parser.add_argument("--host-name", required=True, help="DC host name for the zone's SOA and NS")
    args = parser.parse_args()
    # From the environment, so that it stays out of the process list.
    password = os.environ.get("BENCH_USER_PASSWORD")
    if not password:
        parser.error("set BENCH_USER_PASSWORD to the password of bench.admin and bench.user")

    lp = LoadParm()
    lp.load(args.smb_conf)
    samdb = SamDB(url=lp.samdb_url(), session_info=system_session(), lp=lp)

    started = time.monotonic()
    samdb.transaction_start()
    try:
        for dn in ["OU=Bench", "OU=Large,OU=Bench", "OU=Groups,OU=Bench"]:
            add_ou(samdb, "%s,%s" % (dn, args.base_dn))
        for department in range(DEPARTMENTS):
            add_ou(samdb, "OU=Dept%02d,OU=Large,OU=Bench,%s" % (department, args.base_dn))
        add_users(samdb, args.base_dn, args.dns_domain, password)
        print("load-directory: users added after %.0f s" % (time.monotonic() - started), file=sys.stderr)
        add_groups(samdb, args.base_dn)
        print("load-directory: groups added after %.0f s" % (time.monotonic() - started), file=sys.stderr)
        add_dns_zone(samdb, args.base_dn, args.host_name, args.dns_domain)
    except BaseException:
        samdb.transaction_cancel()
        raise
    samdb.transaction_commit()
    print("load-directory: committed after %.0f s" % (time.monotonic() - started), file=sys.stderr)


if __name__ == "__main__":
    main()
