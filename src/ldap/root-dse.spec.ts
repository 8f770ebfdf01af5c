import { loadConfig } from '../config/load-config';
import { DirectorySettings } from './directory-settings';
import { LdapEntry } from './ldap-entry';
import { LdapGateway } from './ldap-gateway';
import { RootDseService } from './root-dse';

const ROOT_DSE = new LdapEntry('', {
  namingContexts: ['DC=example,DC=lan', 'DC=DomainDnsZones,DC=example,DC=lan'],
  defaultNamingContext: 'DC=example,DC=lan',
  schemaNamingContext: 'CN=Schema,CN=Configuration,DC=example,DC=lan',
  configurationNamingContext: 'CN=Configuration,DC=example,DC=lan',
  dnsHostName: 'dc1.example.lan',
});

function setup(read: jest.Mock) {
  const config = loadConfig({
    JWT_SECRET: 'j'.repeat(32),
    SETTINGS_ENCRYPTION_KEY: 's'.repeat(32),
  });
  const settings = new DirectorySettings(config);
  const gateway = { read } as unknown as LdapGateway;

  return { service: new RootDseService(gateway, settings), settings, config };
}

describe(RootDseService.name, () => {
  it('reads the RootDSE once', async () => {
    const read = jest.fn().mockResolvedValue(ROOT_DSE);
    const { service } = setup(read);

    await service.get();
    const rootDse = await service.get();

    expect(read).toHaveBeenCalledTimes(1);
    expect(rootDse.dnsHostName).toBe('dc1.example.lan');
    expect(rootDse.namingContexts).toHaveLength(2);
  });

  it('falls back to the default context for the forest root', async () => {
    const { service } = setup(jest.fn().mockResolvedValue(ROOT_DSE));

    expect((await service.get()).rootDomainNamingContext).toBe('DC=example,DC=lan');
  });

  it('reads again after a settings change', async () => {
    const read = jest.fn().mockResolvedValue(ROOT_DSE);
    const { service, settings, config } = setup(read);

    await service.get();
    settings.update({ ...config.directory, searchBase: 'OU=Staff,DC=example,DC=lan' });
    await service.get();

    expect(read).toHaveBeenCalledTimes(2);
  });

  it('retries after a failed read', async () => {
    const read = jest
      .fn()
      .mockRejectedValueOnce(new Error('server down'))
      .mockResolvedValue(ROOT_DSE);
    const { service } = setup(read);

    await expect(service.get()).rejects.toThrow('server down');

    expect((await service.get()).defaultNamingContext).toBe('DC=example,DC=lan');
  });
});
