import { encodeSid } from '../ldap/codecs/sid';
import { LdapEntry } from '../ldap/ldap-entry';
import { dnKeys } from '../ldap/syntax/dn';
import { isProtectedFromChange, ProtectionContext, treeProtectionCheck } from './object-protection';

const BASE = 'DC=example,DC=com';
const CONTEXT: ProtectionContext = {
  searchBase: BASE,
  wellKnownTargets: new Set(['cn=microsoft,cn=program data,dc=example,dc=com']),
  partitions: [`DC=DomainDnsZones,${BASE}`],
};

const ENTRIES: Array<[string, Record<string, string | Buffer>]> = [
  [BASE, {}],
  [`CN=Users,${BASE}`, {}],
  [`CN=Program Data,${BASE}`, {}],
  [`CN=Microsoft,CN=Program Data,${BASE}`, {}],
  [`CN=Other,CN=Program Data,${BASE}`, {}],
  [`CN=Policies,CN=System,${BASE}`, {}],
  [`CN=System\\20Copy,${BASE}`, {}],
  [`DC=@,DC=example.com,CN=MicrosoftDNS,DC=DomainDnsZones,${BASE}`, {}],
  [`DC=DomainDnsZones,${BASE}`, {}],
  [`OU=Users,OU=Staff,${BASE}`, {}],
  [`OU=Sales\\, CN\\=System,${BASE}`, {}],
  [`CN=x\\\\,CN=System,${BASE}`, {}],
  [`CN=Domain Admins,CN=Users,${BASE}`, { objectSid: encodeSid('S-1-5-21-1-2-3-512') }],
  [`CN=Staff,OU=Staff,${BASE}`, { objectSid: encodeSid('S-1-5-21-1-2-3-1105') }],
  [`CN=Critical,OU=Staff,${BASE}`, { isCriticalSystemObject: 'TRUE' }],
  [`CN=Pinned,OU=Staff,${BASE}`, { systemFlags: String(0x04000000) }],
  [`CN=Plain,OU=Staff,${BASE}`, { systemFlags: '16' }],
];

describe(treeProtectionCheck.name, () => {
  const check = treeProtectionCheck(CONTEXT);

  it.each(ENTRIES)('agrees with the per-change rules for %s', (dn, attributes) => {
    const entry = new LdapEntry(dn, attributes);
    const { key, parentKey, name } = dnKeys(dn);

    expect(check(entry, key, parentKey, name)).toBe(isProtectedFromChange(entry, CONTEXT));
  });

  it('flags the entries the rules protect', () => {
    const flagged = ENTRIES.filter(([dn, attributes]) => {
      const { key, parentKey, name } = dnKeys(dn);

      return check(new LdapEntry(dn, attributes), key, parentKey, name);
    }).map(([dn]) => dn);

    expect(flagged).toEqual([
      BASE,
      `CN=Users,${BASE}`,
      `CN=Program Data,${BASE}`,
      `CN=Microsoft,CN=Program Data,${BASE}`,
      `CN=Policies,CN=System,${BASE}`,
      `DC=@,DC=example.com,CN=MicrosoftDNS,DC=DomainDnsZones,${BASE}`,
      `DC=DomainDnsZones,${BASE}`,
      `CN=x\\\\,CN=System,${BASE}`,
      `CN=Domain Admins,CN=Users,${BASE}`,
      `CN=Critical,OU=Staff,${BASE}`,
      `CN=Pinned,OU=Staff,${BASE}`,
    ]);
  });
});
