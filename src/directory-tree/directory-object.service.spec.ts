import { Principal } from '../auth/principal';
import { DomainError } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { DirectoryContainers } from '../ldap/directory-containers';
import { DirectorySettings } from '../ldap/directory-settings';
import { LdapEntry } from '../ldap/ldap-entry';
import { LdapOperationError, LdapResultCode } from '../ldap/ldap-error';
import { LdapGateway } from '../ldap/ldap-gateway';
import { RootDseService } from '../ldap/root-dse';
import { dnEquals, isDescendantOrSelf, parentDn } from '../ldap/syntax/dn';
import { AuditService } from '../logs/audit.service';
import { DirectoryObjectService } from './directory-object.service';
import { ObjectProtectionService } from './object-protection';

const BASE = 'DC=example,DC=com';
const OU = `OU=Kept,${BASE}`;
const DNS_ZONES = `DC=DomainDnsZones,${BASE}`;
const FOREST_ZONES = `DC=ForestDnsZones,${BASE}`;
const ZONE = `DC=example.com,CN=MicrosoftDNS,${DNS_ZONES}`;
const MICROSOFT = `CN=Microsoft,CN=Program Data,${BASE}`;
const MANAGED = `CN=Managed Service Accounts,${BASE}`;
const HOME = `OU=Home,${BASE}`;
const CALLER_DN = `CN=Jane Admin,${HOME}`;

const CALLER: Principal = {
  username: 'jane.admin',
  dn: CALLER_DN,
  isAdmin: true,
  isLocal: false,
  sessionId: 'session',
  firstName: 'Jane',
  lastName: 'Admin',
  email: '',
};
const OTHER_ADMIN: Principal = {
  ...CALLER,
  username: 'other.admin',
  dn: `CN=Other Admin,CN=Users,${BASE}`,
};
const LOCAL_ADMIN: Principal = { ...CALLER, username: 'admin', dn: undefined, isLocal: true };

/**
 * Builds the service on a fake directory: `entries` maps the DNs the server spells to their attributes, and `aliases`
 * maps other spellings to those DNs, as the DC resolves `OU=x\20` to `OU=x`. A read returns
 * the entry under the server's spelling; a subtree search returns the DNs below the base.
 */
function setup(deleteError?: Error) {
  const entries = new Map<string, Record<string, string | string[]>>([
    [BASE, { objectClass: ['domainDNS'] }],
    [OU, { objectClass: ['organizationalUnit'] }],
    [HOME, { objectClass: ['organizationalUnit'] }],
    [CALLER_DN, { objectClass: ['user'], sAMAccountName: 'jane.admin' }],
  ]);
  const aliases = new Map<string, string>();
  const readEntry = (dn: string): LdapEntry | undefined => {
    const serverDn = aliases.get(dn) ?? dn;
    const attributes = entries.get(serverDn);

    return attributes === undefined ? undefined : new LdapEntry(serverDn, attributes);
  };

  const gateway = {
    read: jest.fn((dn: string, attributes?: string[]) => {
      if (dn === BASE && attributes?.includes('wellKnownObjects') === true) {
        return Promise.resolve(
          new LdapEntry(BASE, {
            wellKnownObjects: [
              `B:32:F4BE92A4C777485E878E9421D53087DB:${MICROSOFT}`,
              `B:32:A9D1CA15768811D1ADED00C04FD8D5CD:CN=Users,${BASE}`,
            ],
            otherWellKnownObjects: `B:32:1EB93889E40C45DF9F0C64D23BBB6237:${MANAGED}`,
          }),
        );
      }

      return Promise.resolve(readEntry(dn));
    }),
    search: jest.fn((base: string, options: { scope: string }) => {
      const below = [...entries.keys()].filter(
        (dn) =>
          isDescendantOrSelf(dn, base) &&
          (options.scope === 'sub' || (options.scope === 'one' && dnEquals(parentDn(dn), base))),
      );

      return Promise.resolve(below.map((dn) => new LdapEntry(dn, {})));
    }),
    delete: jest.fn(() =>
      deleteError === undefined ? Promise.resolve() : Promise.reject(deleteError),
    ),
    modifyDn: jest.fn((dn: string, newDn: string) => {
      const attributes = entries.get(dn);
      if (attributes !== undefined) {
        entries.delete(dn);
        entries.set(newDn, attributes);
      }

      return Promise.resolve();
    }),
  };
  const audit = {
    begin: jest.fn(() => Promise.resolve({ id: 1 })),
    complete: jest.fn(() => Promise.resolve()),
  };
  const settings = new DirectorySettings({ directory: { searchBase: BASE } } as AppConfig);
  const rootDse = {
    get: jest.fn(() =>
      Promise.resolve({
        namingContexts: [BASE, `CN=Configuration,${BASE}`, DNS_ZONES, FOREST_ZONES],
      }),
    ),
  };
  const service = new DirectoryObjectService(
    gateway as unknown as LdapGateway,
    settings,
    audit as unknown as AuditService,
    new DirectoryContainers(
      gateway as unknown as LdapGateway,
      settings,
      rootDse as unknown as RootDseService,
    ),
    new ObjectProtectionService(
      gateway as unknown as LdapGateway,
      settings,
      rootDse as unknown as RootDseService,
    ),
  );

  return { service, gateway, audit, entries, aliases };
}

async function rejection(work: Promise<unknown>): Promise<DomainError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError) {
      return error;
    }

    throw error;
  }

  throw new Error('the request succeeded');
}

describe(DirectoryObjectService.name, () => {
  describe('delete', () => {
    it.each([
      ['insufficient access', LdapResultCode.InsufficientAccessRights],
      ['unwilling to perform', LdapResultCode.UnwillingToPerform],
    ])('reports a refusal for %s as object_protected', async (_case, resultCode) => {
      const refusal = new LdapOperationError({
        operation: 'delete',
        resultCode,
        diagnostic: '00000005: SecErr: DSID-03152857, problem 4003 (INSUFF_ACCESS_RIGHTS)',
      });
      const { service, audit } = setup(refusal);

      const error = await rejection(service.delete({ distinguishedName: OU }, OTHER_ADMIN));

      expect(error.code).toBe('object_protected');
      expect(error.field).toBe('distinguishedName');
      expect(audit.complete).toHaveBeenCalledWith({ id: 1 }, 'failure');
    });

    it('passes other failures through', async () => {
      const busy = new LdapOperationError({
        operation: 'delete',
        resultCode: LdapResultCode.Busy,
        diagnostic: 'busy',
      });
      const { service } = setup(busy);

      const error = await rejection(service.delete({ distinguishedName: OU }, OTHER_ADMIN));

      expect(error).toBe(busy);
    });

    it('rejects an object whose systemFlags forbid deletion', async () => {
      const { service, gateway, entries } = setup();
      entries.set(OU, { objectClass: ['organizationalUnit'], systemFlags: '-2147483648' });

      const error = await rejection(service.delete({ distinguishedName: OU }, OTHER_ADMIN));

      expect(error.code).toBe('object_protected');
      expect(gateway.delete).not.toHaveBeenCalled();
    });

    it('uses the tree-delete control only with recursive', async () => {
      const { service, gateway } = setup();

      const { service: plain, gateway: plainGateway } = setup();

      await service.delete({ distinguishedName: HOME, recursive: true }, LOCAL_ADMIN);
      await plain.delete({ distinguishedName: OU }, OTHER_ADMIN);

      expect(gateway.delete).toHaveBeenCalledWith(HOME, { recursive: true });
      expect(plainGateway.delete).toHaveBeenCalledWith(OU, { recursive: false });
    });
  });

  describe('move', () => {
    it('rebuilds the RDN below the destination', async () => {
      const { service, gateway, entries, aliases } = setup();
      const source = `CN=Lastname\\, Firstname,${OU}`;
      const sales = `OU=Sales\\, EMEA,${BASE}`;
      entries.set(source, { objectClass: ['user'] });
      entries.set(sales, { objectClass: ['organizationalUnit'] });
      aliases.set(`CN=Lastname\\2C Firstname,${OU}`, source);
      aliases.set(`ou=sales\\2c emea,${BASE}`, sales);

      const newDn = await service.move(
        {
          distinguishedName: `CN=Lastname\\2C Firstname,${OU}`,
          destination: `ou=sales\\2c emea,${BASE}`,
        },
        'admin',
      );

      expect(newDn).toBe(`CN=Lastname\\, Firstname,${sales}`);
      expect(gateway.modifyDn).toHaveBeenCalledWith(source, newDn);
    });
  });

  describe('application partitions', () => {
    function withZone() {
      const context = setup();
      context.entries.set(DNS_ZONES, { objectClass: ['domainDNS'] });
      context.entries.set(`CN=MicrosoftDNS,${DNS_ZONES}`, { objectClass: ['container'] });
      context.entries.set(ZONE, { objectClass: ['dnsZone'] });
      context.entries.set(`DC=www,${ZONE}`, { objectClass: ['dnsNode'] });

      return context;
    }

    it.each([DNS_ZONES, `CN=MicrosoftDNS,${DNS_ZONES}`, ZONE, `DC=www,${ZONE}`])(
      'rejects deleting %s with 403',
      async (dn) => {
        const { service, gateway } = withZone();

        const error = await rejection(
          service.delete({ distinguishedName: dn, recursive: true }, OTHER_ADMIN),
        );

        expect(error.code).toBe('object_protected');
        expect(gateway.delete).not.toHaveBeenCalled();
      },
    );

    it('rejects moving and renaming a zone with 403', async () => {
      const { service, gateway } = withZone();

      const move = await rejection(
        service.move({ distinguishedName: ZONE, destination: OU }, 'admin'),
      );
      const rename = await rejection(
        service.rename({ distinguishedName: `DC=www,${ZONE}`, newRdn: 'web' }, 'admin'),
      );

      expect(move.code).toBe('object_protected');
      expect(rename.code).toBe('object_protected');
      expect(gateway.modifyDn).not.toHaveBeenCalled();
    });

    it('rejects objects of the forest partition and the configuration', async () => {
      const { service, entries } = setup();
      entries.set(FOREST_ZONES, { objectClass: ['domainDNS'] });
      entries.set(`CN=Configuration,${BASE}`, { objectClass: ['configuration'] });

      const forest = await rejection(
        service.rename({ distinguishedName: FOREST_ZONES, newRdn: 'x' }, 'admin'),
      );
      const configuration = await rejection(
        service.delete({ distinguishedName: `CN=Configuration,${BASE}` }, OTHER_ADMIN),
      );

      expect(forest.code).toBe('object_protected');
      expect(configuration.code).toBe('object_protected');
    });
  });

  describe('well-known objects', () => {
    it.each([
      ['wellKnownObjects', MICROSOFT],
      ['otherWellKnownObjects', MANAGED],
    ])('protects a target of %s from every change', async (_case, dn) => {
      const { service, gateway, entries } = setup();
      entries.set(dn, { objectClass: ['container'] });

      const deleted = await rejection(service.delete({ distinguishedName: dn }, OTHER_ADMIN));
      const moved = await rejection(service.move({ distinguishedName: dn, destination: OU }, 'a'));
      const renamed = await rejection(service.rename({ distinguishedName: dn, newRdn: 'x' }, 'a'));

      expect(deleted.code).toBe('object_protected');
      expect(moved.code).toBe('object_protected');
      expect(renamed.code).toBe('object_protected');
      expect(gateway.delete).not.toHaveBeenCalled();
      expect(gateway.modifyDn).not.toHaveBeenCalled();
    });

    it('matches a target spelled differently by the request', async () => {
      const { service, entries, aliases } = setup();
      entries.set(MICROSOFT, { objectClass: ['container'] });
      aliases.set(`cn=MICROSOFT,cn=program data,${BASE}`, MICROSOFT);

      const error = await rejection(
        service.delete({ distinguishedName: `cn=MICROSOFT,cn=program data,${BASE}` }, OTHER_ADMIN),
      );

      expect(error.code).toBe('object_protected');
    });
  });

  describe('own account', () => {
    it('rejects deleting the caller by DN with 400', async () => {
      const { service, gateway } = setup();

      const error = await rejection(service.delete({ distinguishedName: CALLER_DN }, CALLER));

      expect(error.code).toBe('user_anti_lockout');
      expect(gateway.delete).not.toHaveBeenCalled();
    });

    it('rejects deleting the caller by account name', async () => {
      const { service } = setup();
      const moved: Principal = { ...CALLER, dn: `CN=Old Name,CN=Users,${BASE}` };

      const error = await rejection(service.delete({ distinguishedName: CALLER_DN }, moved));

      expect(error.code).toBe('user_anti_lockout');
    });

    it('rejects a recursive delete above the caller', async () => {
      const { service, gateway } = setup();

      const error = await rejection(
        service.delete({ distinguishedName: HOME, recursive: true }, CALLER),
      );

      expect(error.code).toBe('user_anti_lockout');
      expect(error.field).toBe('distinguishedName');
      expect(gateway.delete).not.toHaveBeenCalled();
    });

    it('lets another admin delete the account', async () => {
      const { service, gateway } = setup();

      await service.delete({ distinguishedName: CALLER_DN }, OTHER_ADMIN);

      expect(gateway.delete).toHaveBeenCalledWith(CALLER_DN, { recursive: false });
    });
  });

  describe('destination spelling', () => {
    function withChild() {
      const context = setup();
      const child = `OU=Child,${OU}`;
      context.entries.set(child, { objectClass: ['organizationalUnit'] });
      context.aliases.set(`OU=Kept\\20,${BASE}`, OU);
      context.aliases.set(`ou=CHILD\\20 , ou=kept\\20,${BASE}`, child);

      return { ...context, child };
    }

    it('rejects the current parent spelled with \\20', async () => {
      const { service, gateway, audit, child } = withChild();

      const error = await rejection(
        service.move({ distinguishedName: child, destination: `OU=Kept\\20,${BASE}` }, 'a'),
      );

      expect(error.code).toBe('invalid_input');
      expect(error.field).toBe('ldapObject.destination');
      expect(gateway.modifyDn).not.toHaveBeenCalled();
      expect(audit.begin).not.toHaveBeenCalled();
    });

    it('rejects the own subtree spelled with \\20', async () => {
      const { service, gateway } = withChild();

      const error = await rejection(
        service.move(
          { distinguishedName: OU, destination: `ou=CHILD\\20 , ou=kept\\20,${BASE}` },
          'a',
        ),
      );

      expect(error.field).toBe('ldapObject.destination');
      expect(gateway.modifyDn).not.toHaveBeenCalled();
    });

    it('builds the new DN from the server spelling', async () => {
      const { service, gateway, entries, aliases, child } = withChild();
      const other = `OU=Other,${BASE}`;
      entries.set(other, { objectClass: ['organizationalUnit'] });
      aliases.set(`ou=OTHER\\20,dc=EXAMPLE,dc=com`, other);

      const newDn = await service.move(
        { distinguishedName: child, destination: `ou=OTHER\\20,dc=EXAMPLE,dc=com` },
        'a',
      );

      expect(gateway.modifyDn).toHaveBeenCalledWith(child, `OU=Child,${other}`);
      expect(newDn).toBe(`OU=Child,${other}`);
    });
  });

  describe('rename', () => {
    it.each([
      ['CN=Jane X', 'CN=Jane X'],
      ['cn=Jane X', 'CN=Jane X'],
      ['CN=Doe, Jane', 'CN=Doe\\, Jane'],
      ['OU=x', 'CN=OU\\=x'],
      ['Jane=X', 'CN=Jane\\=X'],
      ['CNx=1', 'CN=CNx\\=1'],
    ])('turns newRDN %s into %s', async (newRdn, leaf) => {
      const { service, gateway, entries } = setup();
      const dn = `CN=Jane,${OU}`;
      entries.set(dn, { objectClass: ['user'] });

      const newDn = await service.rename({ distinguishedName: dn, newRdn }, 'a');

      expect(newDn).toBe(`${leaf},${OU}`);
      expect(gateway.modifyDn).toHaveBeenCalledWith(dn, newDn);
    });

    it('rejects a prefix without a value', async () => {
      const { service, entries } = setup();
      entries.set(`CN=Jane,${OU}`, { objectClass: ['user'] });

      const error = await rejection(
        service.rename({ distinguishedName: `CN=Jane,${OU}`, newRdn: 'CN=' }, 'a'),
      );

      expect(error.field).toBe('ldapObject.newRDN');
    });
  });

  describe('audit', () => {
    it.each([
      [['top', 'person', 'organizationalPerson', 'user'], 'USER'],
      [['top', 'person', 'organizationalPerson', 'user', 'computer'], 'LDAP'],
      [['top', 'group'], 'GROUP'],
      [['top', 'organizationalUnit'], 'OU'],
      [['top', 'container'], 'LDAP'],
    ])('logs %j as %s', async (objectClass, expected) => {
      const { service, audit, entries } = setup();
      const dn = `CN=Thing,${OU}`;
      entries.set(dn, { objectClass });

      await service.rename({ distinguishedName: dn, newRdn: 'Other' }, 'a');
      await service.move({ distinguishedName: `CN=Other,${OU}`, destination: BASE }, 'a');
      await service.delete({ distinguishedName: `CN=Other,${BASE}` }, OTHER_ADMIN);

      const classes = audit.begin.mock.calls.map(
        (call: unknown[]) => (call[0] as { objectClass: string }).objectClass,
      );
      expect(classes).toEqual([expected, expected, expected]);
    });

    it('counts the objects of a recursive delete', async () => {
      const { service, audit, entries } = setup();
      entries.set(`OU=A,${OU}`, { objectClass: ['organizationalUnit'] });
      entries.set(`CN=B,OU=A,${OU}`, { objectClass: ['user'] });

      await service.delete({ distinguishedName: OU, recursive: true }, OTHER_ADMIN);

      expect(audit.begin).toHaveBeenCalledWith(
        expect.objectContaining({ extraMessage: 'recursive, 3 objects including the subtree' }),
      );
    });
  });
});
