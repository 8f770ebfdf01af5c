import { DomainError } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { DirectoryContainers } from '../ldap/directory-containers';
import { DirectorySettings } from '../ldap/directory-settings';
import { LdapEntry } from '../ldap/ldap-entry';
import { LdapOperationError, LdapResultCode } from '../ldap/ldap-error';
import { LdapGateway } from '../ldap/ldap-gateway';
import { RootDseService } from '../ldap/root-dse';
import { AuditService } from '../logs/audit.service';
import { DirectoryObjectService } from './directory-object.service';

const BASE = 'DC=example,DC=com';
const OU = `OU=Kept,${BASE}`;

function setup(deleteError?: Error) {
  const gateway = {
    read: jest.fn((dn: string) =>
      Promise.resolve(new LdapEntry(dn, { objectClass: ['organizationalUnit'] })),
    ),
    search: jest.fn(() => Promise.resolve([] as LdapEntry[])),
    delete: jest.fn(() =>
      deleteError === undefined ? Promise.resolve() : Promise.reject(deleteError),
    ),
    modifyDn: jest.fn(() => Promise.resolve()),
  };
  const audit = {
    begin: jest.fn(() => Promise.resolve({ id: 1 })),
    complete: jest.fn(() => Promise.resolve()),
  };
  const settings = new DirectorySettings({ directory: { searchBase: BASE } } as AppConfig);
  const rootDse = { get: jest.fn(() => Promise.resolve({ namingContexts: [BASE] })) };
  const service = new DirectoryObjectService(
    gateway as unknown as LdapGateway,
    settings,
    audit as unknown as AuditService,
    new DirectoryContainers(
      gateway as unknown as LdapGateway,
      settings,
      rootDse as unknown as RootDseService,
    ),
  );

  return { service, gateway, audit };
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

      const error = await rejection(service.delete({ distinguishedName: OU }, 'admin'));

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

      const error = await rejection(service.delete({ distinguishedName: OU }, 'admin'));

      expect(error).toBe(busy);
    });

    it('rejects an object whose systemFlags forbid deletion', async () => {
      const { service, gateway } = setup();
      gateway.read.mockResolvedValueOnce(
        new LdapEntry(OU, { objectClass: ['organizationalUnit'], systemFlags: '-2147483648' }),
      );

      const error = await rejection(service.delete({ distinguishedName: OU }, 'admin'));

      expect(error.code).toBe('object_protected');
      expect(gateway.delete).not.toHaveBeenCalled();
    });

    it('uses the tree-delete control only with recursive', async () => {
      const { service, gateway } = setup();

      await service.delete({ distinguishedName: OU, recursive: true }, 'admin');

      expect(gateway.delete).toHaveBeenCalledWith(OU, { recursive: true });
    });
  });

  describe('move', () => {
    it('rebuilds the RDN below the destination', async () => {
      const { service, gateway } = setup();
      gateway.read.mockImplementation((dn: string) =>
        Promise.resolve(new LdapEntry(dn, { objectClass: ['organizationalUnit'] })),
      );
      const source = `CN=Lastname\\2C Firstname,${OU}`;

      const newDn = await service.move(
        { distinguishedName: source, destination: `OU=Sales\\, EMEA,${BASE}` },
        'admin',
      );

      expect(newDn).toBe(`CN=Lastname\\, Firstname,OU=Sales\\, EMEA,${BASE}`);
      expect(gateway.modifyDn).toHaveBeenCalledWith(source, newDn);
    });
  });
});
