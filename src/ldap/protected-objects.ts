import { decodeSid, ridOf } from './codecs/sid';
import { LdapEntry } from './ldap-entry';

/** RIDs below this belong to principals the domain creates for itself (Administrator, krbtgt, Domain Admins). */
const FIRST_ORDINARY_RID = 1000;

/**
 * sAMAccountNames, in lower case, of the groups the domain creates for its DNS server. They get
 * ordinary RIDs (1101 and 1102 on a fresh Samba domain) and neither isCriticalSystemObject nor
 * adminCount, so only their names identify them.
 *
 * NOTE: the rule rests on names. Samba's provision (source4/setup/provision_dns_accounts_add.ldif)
 * creates both groups in the domain's Users container and grants DnsAdmins rights on the
 * MicrosoftDNS containers, and Windows domains with the DNS server role have the same two groups.
 * A sAMAccountName is unique in the domain, so the match survives a move or a cn rename. It fails
 * after a sAMAccountName change made outside the API. adminCount cannot serve, because these
 * groups lack it and it also marks accounts that belong or belonged to Domain Admins.
 */
const DNS_SERVER_GROUPS = new Set(['dnsadmins', 'dnsupdateproxy']);

/** Attributes an entry must carry for isProtectedObject to judge it. */
export const PROTECTION_ATTRIBUTES = ['isCriticalSystemObject', 'objectSid', 'sAMAccountName'];

/**
 * True for critical system objects, for the security principals the domain creates itself
 * (RID below 1000, such as Administrator, krbtgt, Domain Admins and the Builtin groups) and for
 * the DNS server's groups DnsAdmins and DnsUpdateProxy. Only the DC's own tools should change
 * their state. The entry must carry PROTECTION_ATTRIBUTES.
 */
export function isProtectedObject(entry: LdapEntry): boolean {
  if (entry.text('isCriticalSystemObject')?.toUpperCase() === 'TRUE') {
    return true;
  }

  const accountName = entry.text('sAMAccountName');
  if (accountName !== undefined && DNS_SERVER_GROUPS.has(accountName.toLowerCase())) {
    return true;
  }

  const sid = entry.buffer('objectSid');

  return sid !== undefined && ridOf(decodeSid(sid)) < FIRST_ORDINARY_RID;
}
