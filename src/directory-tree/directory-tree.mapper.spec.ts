import { encodeSid } from '../ldap/codecs/sid';
import { LdapEntry } from '../ldap/ldap-entry';
import { buildTree, toTreeNode, TreeNode } from './directory-tree.mapper';
import { ProtectionContext } from './object-protection';

const BASE = 'DC=example,DC=com';
const SCHEMA = 'CN=Schema,CN=Configuration,DC=example,DC=com';
const DNS_ZONES = `DC=DomainDnsZones,${BASE}`;
const CONTEXT: ProtectionContext = {
  searchBase: BASE,
  wellKnownTargets: new Set([`cn=microsoft,cn=program data,dc=example,dc=com`]),
  partitions: [DNS_ZONES],
};

function container(dn: string, objectClass = 'organizationalUnit'): LdapEntry {
  const category = objectClass === 'organizationalUnit' ? 'Organizational-Unit' : 'Container';

  return new LdapEntry(dn, {
    objectClass: ['top', objectClass],
    objectCategory: `CN=${category},${SCHEMA}`,
  });
}

function user(dn: string, username: string): LdapEntry {
  return new LdapEntry(dn, {
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    objectCategory: `CN=Person,${SCHEMA}`,
    sAMAccountName: username,
  });
}

function names(nodes: TreeNode[]): string[] {
  return nodes.map((node) => node.name);
}

describe(buildTree.name, () => {
  it('attaches entries to their parents by DN', () => {
    const tree = buildTree(
      [
        user(`CN=Lastname\\, Firstname,OU=Sales\\, EMEA,${BASE}`, 'comma.user'),
        container(`OU=Sales\\, EMEA,${BASE}`),
      ],
      CONTEXT,
    );

    expect(tree).toEqual([
      expect.objectContaining({
        id: 1,
        name: 'Sales, EMEA',
        type: 'Organizational-Unit',
        children: [
          expect.objectContaining({
            id: 2,
            name: 'Lastname, Firstname',
            type: 'Person',
            username: 'comma.user',
            children: [],
          }),
        ],
      }),
    ]);
  });

  it('matches parents written with other escaping or case', () => {
    const tree = buildTree(
      [container(`OU=A\\2C B,${BASE}`), user(`CN=x,ou=a\\, b,dc=EXAMPLE,dc=com`, 'x')],
      CONTEXT,
    );

    expect(tree[0].children.map((node) => node.username)).toEqual(['x']);
  });

  it('drops entries whose parent is missing', () => {
    const tree = buildTree([user(`CN=Orphan,OU=Hidden,${BASE}`, 'orphan')], CONTEXT);

    expect(tree).toEqual([]);
  });

  it('counts a DN returned twice once', () => {
    const ou = container(`OU=Twice,${BASE}`);

    expect(buildTree([ou, ou], CONTEXT)).toHaveLength(1);
  });

  it('sorts containers first, then by name ignoring case', () => {
    const tree = buildTree(
      [
        user(`CN=alice,${BASE}`, 'alice'),
        container(`OU=beta,${BASE}`),
        user(`CN=Bob,${BASE}`, 'bob'),
        container(`OU=Alpha,${BASE}`),
      ],
      CONTEXT,
    );

    expect(names(tree)).toEqual(['Alpha', 'beta', 'alice', 'Bob']);
  });

  it('numbers nodes depth-first in display order', () => {
    const tree = buildTree(
      [container(`OU=B,${BASE}`), container(`OU=A1,OU=A,${BASE}`), container(`OU=A,${BASE}`)],
      CONTEXT,
    );

    expect(tree.map((node) => node.id)).toEqual([1, 3]);
    expect(tree[0].children[0].id).toBe(2);
  });

  it('shows a collapsed container without children', () => {
    const tree = buildTree(
      [
        container(`CN=System,${BASE}`, 'container'),
        container(`CN=Policies,CN=System,${BASE}`, 'container'),
      ],
      CONTEXT,
      { collapsed: [`cn=system,${BASE}`] },
    );

    expect(tree).toEqual([expect.objectContaining({ name: 'System', children: [] })]);
  });

  describe('builtin', () => {
    const tree = buildTree(
      [
        container(`CN=Users,${BASE}`, 'container'),
        user(`CN=Jane,CN=Users,${BASE}`, 'jane'),
        new LdapEntry(`CN=Administrator,CN=Users,${BASE}`, {
          objectClass: ['top', 'person', 'organizationalPerson', 'user'],
          objectSid: encodeSid('S-1-5-21-1-2-3-500'),
        }),
        container(`OU=Domain Controllers,${BASE}`),
        new LdapEntry(`CN=DC1,OU=Domain Controllers,${BASE}`, {
          objectClass: ['top', 'computer'],
          objectCategory: `CN=Computer,${SCHEMA}`,
          isCriticalSystemObject: 'TRUE',
        }),
        new LdapEntry(`CN=Builtin,${BASE}`, {
          objectClass: ['top', 'builtinDomain'],
          objectCategory: `CN=Builtin-Domain,${SCHEMA}`,
        }),
        container(`CN=Program Data,${BASE}`, 'container'),
        container(`CN=Microsoft,CN=Program Data,${BASE}`, 'container'),
        container(`CN=Vendor,CN=Program Data,${BASE}`, 'container'),
        container(`OU=Staff,${BASE}`),
        container(`OU=Users,OU=Staff,${BASE}`),
        new LdapEntry(`OU=Pinned,OU=Staff,${BASE}`, {
          objectClass: ['top', 'organizationalUnit'],
          systemFlags: '-2147483648',
        }),
      ],
      CONTEXT,
    );
    const byName = (name: string, nodes: TreeNode[] = tree): TreeNode | undefined =>
      nodes.find((node) => node.name === name);

    it('flags well-known containers below the base', () => {
      expect(byName('Users')?.builtin).toBe(true);
      expect(byName('Domain Controllers')?.builtin).toBe(true);
      expect(byName('Builtin')?.builtin).toBe(true);
    });

    it('flags critical system objects and built-in principals', () => {
      expect(byName('DC1', byName('Domain Controllers')?.children)?.builtin).toBe(true);
      expect(byName('Administrator', byName('Users')?.children)?.builtin).toBe(true);
    });

    it('flags well-known objects below the top level', () => {
      const programData = byName('Program Data')?.children;

      expect(byName('Microsoft', programData)?.builtin).toBe(true);
      expect(byName('Vendor', programData)).not.toHaveProperty('builtin');
    });

    it('flags an object whose systemFlags forbid a change', () => {
      expect(byName('Pinned', byName('Staff')?.children)?.builtin).toBe(true);
    });

    it('leaves ordinary users in Users unflagged', () => {
      expect(byName('Jane', byName('Users')?.children)).not.toHaveProperty('builtin');
    });

    it('leaves an OU named Users elsewhere unflagged', () => {
      expect(byName('Users', byName('Staff')?.children)).not.toHaveProperty('builtin');
    });
  });

  it('flags objects of an application partition', () => {
    const tree = buildTree(
      [container(DNS_ZONES, 'domainDNS'), container(`CN=MicrosoftDNS,${DNS_ZONES}`, 'container')],
      CONTEXT,
    );

    expect(tree[0].builtin).toBe(true);
    expect(tree[0].children[0].builtin).toBe(true);
  });
});

describe(toTreeNode.name, () => {
  it('describes a group with groupname and objectRid only', () => {
    const entry = new LdapEntry(`CN=Big Group,${BASE}`, {
      objectClass: ['top', 'group'],
      objectCategory: `CN=Group,${SCHEMA}`,
      cn: 'Big Group',
      sAMAccountName: 'big.group',
      objectSid: encodeSid('S-1-5-21-1-2-3-1105'),
      member: [`CN=x,${BASE}`],
    });

    expect(toTreeNode(entry, 4, false)).toEqual({
      id: 4,
      name: 'Big Group',
      distinguishedName: `CN=Big Group,${BASE}`,
      type: 'Group',
      objectClass: ['top', 'group'],
      children: [],
      groupname: 'Big Group',
      objectRid: 1105,
    });
  });

  it('gives Builtin groups no objectRid', () => {
    const entry = new LdapEntry(`CN=Administrators,CN=Builtin,${BASE}`, {
      objectClass: ['top', 'group'],
      objectSid: encodeSid('S-1-5-32-544'),
    });

    expect(toTreeNode(entry, 1, true)).not.toHaveProperty('objectRid');
  });

  it('gives contacts no username', () => {
    const entry = new LdapEntry(`CN=Contact,${BASE}`, {
      objectClass: ['top', 'person', 'organizationalPerson', 'contact'],
      sAMAccountName: 'contact',
    });

    expect(toTreeNode(entry, 1, false)).not.toHaveProperty('username');
  });

  it('falls back to the last object class as type', () => {
    const entry = new LdapEntry(`CN=x,${BASE}`, { objectClass: ['top', 'container'] });

    expect(toTreeNode(entry, 1, false).type).toBe('container');
  });
});
