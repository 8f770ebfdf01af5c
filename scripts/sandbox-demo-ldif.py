#!/usr/bin/python3
"""Print the LDIF change records that seed the sandbox domain with demo data.

scripts/sandbox.sh feeds the output to `ldapmodify -c` over LDAPS. Every record
carries an explicit changetype. Re-applying the file yields only "Already exists
(68)" errors (AD reports a duplicate member value as "Type or value exists (20)"),
which the caller ignores.

The demo users listed in SPECIAL_USERS get the password given on the command
line. Bulk users are created disabled (userAccountControl 514) without a
password: each password set costs Samba several Kerberos key derivations, and
bulk users only need to exist as directory entries.

Uses only the standard library, so Debian's /usr/bin/python3 runs it.
"""

import argparse
import base64
import sys

# groupType of a global security group: ADS_GROUP_TYPE_GLOBAL_GROUP | ADS_GROUP_TYPE_SECURITY_ENABLED.
GLOBAL_SECURITY_GROUP = -2147483646

UAC_NORMAL_ACCOUNT = 0x0200
UAC_ACCOUNTDISABLE = 0x0002

BULK_USER_COUNT = 1600
BIG_GROUP_MEMBER_COUNT = 1600

DEMO_OU = "Interlock Demo"
TESTS_OU = "Interlock Tests"
SUB_OUS = ["Staff", "Contractors", "Gjøvik", "Sales, EMEA", "Bulk"]

# (sAMAccountName, cn, sub-OU, givenName, sn, mail, enabled)
SPECIAL_USERS = [
    ("demo.admin", "Demo Admin", "Staff", "Demo", "Admin", "demo.admin", True),
    ("nested.admin", "Nested Admin", "Staff", "Nested", "Admin", "nested.admin", True),
    ("demo.user", "Demo User", "Staff", "Demo", "User", "demo.user", True),
    ("plus.user", "A+B Plus", "Staff", "A+B", "Plus", "plus.user", True),
    ("hash.user", "#Hash Leading", "Staff", "#Hash", "Leading", "hash.user", True),
    ("disabled.user", "Disabled User", "Staff", "Disabled", "User", "disabled.user", False),
    ("locked.user", "Locked User", "Staff", "Locked", "User", "locked.user", True),
    ("pso.young", "Pso Young", "Staff", "Pso", "Young", "pso.young", True),
    ("deep.user", "Deep User", "Staff", "Deep", "User", "deep.user", True),
    ("meta.user", 'Meta (*) \\ ; " <x>', "Contractors", "Meta", '(*) \\ ; " <x>', "meta.user", True),
    ("space.user", " Leading Space", "Contractors", "Leading", "Space", "space.user", True),
    ("apostrophe.user", "Seán O'Brien", "Gjøvik", "Seán", "O'Brien", "sean.obrien", True),
    ("bjorn.hoeg", "Bjørn Høeg", "Gjøvik", "Bjørn", "Høeg", "bjorn.hoeg", True),
    ("comma.user", "Lastname, Firstname", "Sales, EMEA", "Firstname", "Lastname", "comma.user", True),
    ("jürgen", "Jürgen Groß", "Sales, EMEA", "Jürgen", "Groß", "juergen.gross", True),
]

# Special users that are members of Big Group, next to bulk users that fill it to
# BIG_GROUP_MEMBER_COUNT members.
BIG_GROUP_SPECIAL_MEMBERS = ["demo.user", "comma.user", "apostrophe.user", "meta.user", "bjorn.hoeg", "jürgen"]


def escape_dn_value(value):
    """Escape an attribute value for use in a DN, as RFC 4514 section 2.4 requires."""
    escaped = []
    for index, char in enumerate(value):
        if char in ',+"\\<>;':
            escaped.append("\\" + char)
        elif char == "#" and index == 0:
            escaped.append("\\#")
        elif char == " " and (index == 0 or index == len(value) - 1):
            escaped.append("\\ ")
        elif char == "\0":
            escaped.append("\\00")
        else:
            escaped.append(char)
    return "".join(escaped)


def is_safe_string(value):
    """Return whether RFC 2849 allows the value in LDIF without base64 encoding."""
    if value == "":
        return True
    if value[0] in " :<" or value[-1] == " ":
        return False
    return all(0 < ord(char) < 128 and char not in "\r\n" for char in value)


def ldif_line(attribute, value):
    if isinstance(value, bytes):
        return f"{attribute}:: {base64.b64encode(value).decode('ascii')}"
    if is_safe_string(value):
        return f"{attribute}: {value}"
    return f"{attribute}:: {base64.b64encode(value.encode('utf-8')).decode('ascii')}"


def unicode_pwd(password):
    """Encode a password as AD expects in unicodePwd: quoted, then UTF-16LE."""
    return f'"{password}"'.encode("utf-16-le")


class LdifWriter:
    def __init__(self, out):
        self.out = out

    def add(self, dn, attributes):
        lines = [ldif_line("dn", dn), "changetype: add"]
        for attribute, values in attributes:
            if not isinstance(values, list):
                values = [values]
            lines.extend(ldif_line(attribute, value) for value in values)
        self.out.write("\n".join(lines) + "\n\n")

    def add_values(self, dn, attribute, values):
        lines = [ldif_line("dn", dn), "changetype: modify", f"add: {attribute}"]
        lines.extend(ldif_line(attribute, value) for value in values)
        lines.append("-")
        self.out.write("\n".join(lines) + "\n\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-dn", required=True, help="domain naming context, e.g. DC=interlock,DC=test")
    parser.add_argument("--dns-domain", required=True, help="DNS domain used in mail and userPrincipalName")
    parser.add_argument("--demo-password", required=True, help="password set on every special demo user")
    args = parser.parse_args()

    base_dn = args.base_dn
    domain = args.dns_domain
    demo_ou_dn = f"OU={escape_dn_value(DEMO_OU)},{base_dn}"
    sub_ou_dns = {name: f"OU={escape_dn_value(name)},{demo_ou_dn}" for name in SUB_OUS}
    writer = LdifWriter(sys.stdout)

    writer.add(demo_ou_dn, [("objectClass", "organizationalUnit"), ("description", "Demo data seeded by scripts/sandbox.sh")])
    writer.add(
        f"OU={escape_dn_value(TESTS_OU)},{base_dn}",
        [("objectClass", "organizationalUnit"), ("description", "Objects created by the e2e tests")],
    )
    for name, dn in sub_ou_dns.items():
        writer.add(dn, [("objectClass", "organizationalUnit")])

    user_dns = {}
    for sam, cn, ou, given_name, surname, mail_local_part, enabled in SPECIAL_USERS:
        dn = f"CN={escape_dn_value(cn)},{sub_ou_dns[ou]}"
        user_dns[sam] = dn
        uac = UAC_NORMAL_ACCOUNT if enabled else UAC_NORMAL_ACCOUNT | UAC_ACCOUNTDISABLE
        writer.add(
            dn,
            [
                ("objectClass", "user"),
                ("cn", cn),
                ("sAMAccountName", sam),
                ("userPrincipalName", f"{sam}@{domain}"),
                ("givenName", given_name),
                ("sn", surname),
                ("displayName", cn.strip()),
                ("mail", f"{mail_local_part}@{domain}"),
                ("unicodePwd", unicode_pwd(args.demo_password)),
                ("userAccountControl", str(uac)),
            ],
        )

    bulk_dns = []
    for number in range(1, BULK_USER_COUNT + 1):
        sam = f"bulk.user{number:04d}"
        cn = f"Bulk User {number:04d}"
        dn = f"CN={cn},{sub_ou_dns['Bulk']}"
        bulk_dns.append(dn)
        writer.add(
            dn,
            [
                ("objectClass", "user"),
                ("cn", cn),
                ("sAMAccountName", sam),
                ("userPrincipalName", f"{sam}@{domain}"),
                ("givenName", "Bulk"),
                ("sn", f"User {number:04d}"),
                ("displayName", cn),
                ("mail", f"{sam}@{domain}"),
                ("userAccountControl", str(UAC_NORMAL_ACCOUNT | UAC_ACCOUNTDISABLE)),
            ],
        )

    def add_group(cn, sam, description, members):
        dn = f"CN={escape_dn_value(cn)},{demo_ou_dn}"
        attributes = [
            ("objectClass", "group"),
            ("cn", cn),
            ("sAMAccountName", sam),
            ("groupType", str(GLOBAL_SECURITY_GROUP)),
            ("description", description),
        ]
        if members:
            attributes.append(("member", members))
        writer.add(dn, attributes)
        return dn

    level3 = add_group("Group Level 3", "group.level3", "Innermost group of the nesting chain", [user_dns["deep.user"]])
    level2 = add_group(
        "Group Level 2",
        "group.level2",
        "Middle group of the nesting chain",
        [level3, user_dns["plus.user"], user_dns["hash.user"]],
    )
    add_group("Group Level 1", "group.level1", "Outermost group of the nesting chain", [level2, user_dns["demo.user"]])
    nested_admins = add_group(
        "Demo Admins Nested",
        "demo.admins.nested",
        "Member of Domain Admins, so its members are transitive domain admins",
        [user_dns["nested.admin"]],
    )

    big_group_members = [user_dns[sam] for sam in BIG_GROUP_SPECIAL_MEMBERS]
    big_group_members += bulk_dns[: BIG_GROUP_MEMBER_COUNT - len(big_group_members)]
    add_group("Big Group", "big.group", f"Group with {BIG_GROUP_MEMBER_COUNT} members", big_group_members)

    writer.add_values(f"CN=Domain Admins,CN=Users,{base_dn}", "member", [user_dns["demo.admin"], nested_admins])


if __name__ == "__main__":
    main()
