import { loadConfig } from '../config/load-config';
import { DirectorySettings } from './directory-settings';
import { openConnection } from './ldap-connection';
import { LdapPool } from './ldap-pool';

jest.mock('./ldap-connection', () => ({
  ...jest.requireActual<object>('./ldap-connection'),
  openConnection: jest.fn(),
}));

interface FakeClient {
  isConnected: boolean;
  isBound: boolean;
  unbind: jest.Mock;
}

function fakeClient(): FakeClient {
  return { isConnected: true, isBound: true, unbind: jest.fn().mockResolvedValue(undefined) };
}

async function settle(): Promise<void> {
  for (let round = 0; round < 20; round += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe(LdapPool.name, () => {
  const config = loadConfig({
    JWT_SECRET: 'j'.repeat(32),
    SETTINGS_ENCRYPTION_KEY: 's'.repeat(32),
    LDAP_AUTH_URL: 'ldaps://127.0.0.1:636',
    LDAP_AUTH_CONNECTION_PASSWORD: 'service-password',
    LDAP_POOL_SIZE: '2',
  });

  it('returns a connection borrowed before a rebuild to its own pool', async () => {
    const clients = [fakeClient(), fakeClient(), fakeClient()];
    jest.mocked(openConnection).mockImplementation(() => Promise.resolve(clients.shift() as never));
    const settings = new DirectorySettings(config);
    const pool = new LdapPool(config, settings);
    const idle = await pool.acquire();
    const busy = await pool.acquire();
    await pool.release(idle);

    settings.update({ ...config.directory, connectTimeout: 7 });
    await pool.release(busy);
    await settle();

    // The old pool drained: both of its connections were closed once.
    expect((idle as unknown as FakeClient).unbind).toHaveBeenCalledTimes(1);
    expect((busy as unknown as FakeClient).unbind).toHaveBeenCalledTimes(1);
    await pool.onModuleDestroy();
  });
});

describe('LdapPool waiting', () => {
  const config = loadConfig({
    JWT_SECRET: 'j'.repeat(32),
    SETTINGS_ENCRYPTION_KEY: 's'.repeat(32),
    LDAP_AUTH_URL: 'ldaps://127.0.0.1:636',
    LDAP_AUTH_CONNECTION_PASSWORD: 'service-password',
    LDAP_AUTH_CONNECT_TIMEOUT: '1',
    LDAP_POOL_SIZE: '1',
    LDAP_POOL_WAIT: '1',
  });

  it('names a busy pool when the wait runs out', async () => {
    jest.mocked(openConnection).mockImplementation(() => Promise.resolve(fakeClient() as never));
    const pool = new LdapPool(config, new DirectorySettings(config));
    const held = await pool.acquire();

    await expect(pool.acquire()).rejects.toThrow('All 1 directory connections stayed busy');

    await pool.release(held);
    await pool.onModuleDestroy();
  });
});
