import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { Test } from '@nestjs/testing';

import { loadConfig } from '../src/config/load-config';
import { ConfigModule } from '../src/config/config.module';
import { LdapGateway } from '../src/ldap/ldap-gateway';
import { LdapModule } from '../src/ldap/ldap.module';
import { LdapOperationError } from '../src/ldap/ldap-error';
import { and, eq } from '../src/ldap/syntax/filter-builder';
import { createTestUser } from './support/directory';
import { loadSandboxEnv } from './support/sandbox';

const BASE = 'DC=interlock,DC=test';
const BIG_GROUP = 'CN=Big Group,OU=Interlock Demo,DC=interlock,DC=test';

interface GatewayFixture {
  gateway: LdapGateway;
  close(): Promise<void>;
}

/** Starts only the LDAP module against the sandbox DC, with optional overrides. */
async function startGateway(
  overrides: Record<string, string | undefined> = {},
): Promise<GatewayFixture> {
  const sandbox = loadSandboxEnv();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: '/tmp/interlock-gateway-e2e',
    JWT_SECRET: 'x'.repeat(32),
    SETTINGS_ENCRYPTION_KEY: 'y'.repeat(32),
    LDAP_PAGE_SIZE: '100',
    LDAP_RANGE_STEP: '500',
    LDAP_POOL_SIZE: '2',
    LDAP_AUTH_CONNECT_TIMEOUT: '3',
    ...Object.fromEntries(Object.entries(sandbox).filter(([key]) => key.startsWith('LDAP_'))),
    ...overrides,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), LdapModule],
  }).compile();
  await moduleRef.init();

  return { gateway: moduleRef.get(LdapGateway), close: () => moduleRef.close() };
}

describe('LdapGateway connections (e2e)', () => {
  it('connects with StartTLS on ldap://', async () => {
    const sandbox = loadSandboxEnv();
    const fixture = await startGateway({
      LDAP_AUTH_URL: sandbox.SANDBOX_STARTTLS_URL,
      LDAP_AUTH_USE_SSL: 'false',
      LDAP_AUTH_USE_TLS: 'true',
    });

    const [root] = await fixture.gateway.search(BASE, { scope: 'base', attributes: ['dc'] });
    await fixture.close();

    expect(root.text('dc')).toBe('interlock');
  });

  it('fails over to the next server URL', async () => {
    const sandbox = loadSandboxEnv();
    const fixture = await startGateway({
      LDAP_AUTH_URL: `ldaps://127.0.0.1:1,${sandbox.LDAP_AUTH_URL}`,
    });

    const [root] = await fixture.gateway.search(BASE, { scope: 'base', attributes: ['dc'] });
    await fixture.close();

    expect(root.text('dc')).toBe('interlock');
  });

  it('rejects a certificate it cannot verify', async () => {
    const fixture = await startGateway({ LDAP_TLS_CA_FILE: '' });

    const error = await fixture.gateway
      .search(BASE, { scope: 'base' })
      .catch((caught: unknown) => caught);
    await fixture.close();

    expect(error).toMatchObject({ code: 'ldap_tls_err' });
    expect((error as Error).message).toContain('LDAP_TLS_CA_FILE');
  });

  it('refuses an unencrypted URL at start', async () => {
    await expect(
      startGateway({
        LDAP_AUTH_URL: 'ldap://127.0.0.1:389',
        LDAP_AUTH_USE_SSL: 'false',
        LDAP_AUTH_USE_TLS: 'false',
      }),
    ).rejects.toThrow(/not encrypted/);
  });

  it('reports a wrong service-account password as unavailable without waiting', async () => {
    const fixture = await startGateway({ LDAP_AUTH_CONNECTION_PASSWORD: 'not-the-password' });
    const started = Date.now();

    const error = await fixture.gateway
      .search(BASE, { scope: 'base' })
      .catch((caught: unknown) => caught);
    await fixture.close();

    expect(error).toMatchObject({ code: 'ldap_bind_err' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('LdapGateway against the sandbox DC (e2e)', () => {
  let gateway: LdapGateway;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ gateway, close } = await startGateway());
  });

  afterAll(async () => {
    await close();
  });

  it('pages a subtree search beyond 1,000 entries', async () => {
    const users = await gateway.search(BASE, {
      scope: 'sub',
      filter: and(eq('objectClass', 'user'), eq('objectCategory', 'person')),
      attributes: ['sAMAccountName'],
    });

    expect(users.length).toBeGreaterThan(1200);
  });

  it('passes mapping errors through unchanged', async () => {
    const failure = new Error('mapping failed on purpose');
    let mapped = 0;

    const search = gateway.searchEach(
      BASE,
      { scope: 'sub', filter: eq('objectClass', 'user'), attributes: ['1.1'] },
      () => {
        mapped += 1;
        throw failure;
      },
    );

    await expect(search).rejects.toBe(failure);
    expect(mapped).toBe(1);
    await expect(gateway.read(BASE, ['dc'])).resolves.toBeDefined();
  });

  it('reads all 1,600 members with range retrieval', async () => {
    const members = await gateway.readAllValues(BIG_GROUP, 'member');

    expect(members).toHaveLength(1600);
    expect(new Set(members.map(String)).size).toBe(1600);
  });

  it('reads an empty member list without looping', async () => {
    const members = await gateway.readAllValues(
      'CN=Domain Users,CN=Users,DC=interlock,DC=test',
      'member',
    );

    expect(members).toEqual([]);
  });

  it('completes a ranged attribute returned by a search', async () => {
    const [group] = await gateway.search(BIG_GROUP, {
      scope: 'base',
      attributes: ['member;range=0-499'],
    });

    expect(group.texts('member')).toHaveLength(1600);
  });

  it.each([
    ['Lastname, Firstname'],
    ['Meta (*) \\ ; " <x>'],
    [' Leading Space'],
    ['#Hash Leading'],
    ['Bjørn Høeg'],
  ])('matches the cn %p exactly', async (cn) => {
    const entries = await gateway.search(BASE, {
      scope: 'sub',
      filter: eq('cn', cn),
      attributes: ['cn'],
    });

    expect(entries.map((entry) => entry.text('cn'))).toEqual([cn]);
  });

  it('does not match everything for an escaped asterisk', async () => {
    const entries = await gateway.search(BASE, {
      scope: 'sub',
      filter: eq('cn', '*'),
      attributes: ['cn'],
    });

    expect(entries).toHaveLength(0);
  });

  it('reads an entry whose DN contains escaped characters', async () => {
    const [user] = await gateway.search(BASE, {
      scope: 'sub',
      filter: eq('sAMAccountName', 'comma.user'),
      attributes: ['cn'],
    });

    const again = await gateway.read(user.dn, ['cn']);

    expect(again?.text('cn')).toBe('Lastname, Firstname');
  });

  it('maps a missing object to object_not_found', async () => {
    await expect(gateway.search(`OU=Missing,${BASE}`, { scope: 'one' })).rejects.toMatchObject({
      code: 'object_not_found',
    });
    await expect(gateway.read(`CN=Missing,${BASE}`)).resolves.toBeUndefined();
  });

  it('reports a wrong user password with the AD sub-code', async () => {
    const user = await createTestUser('subcode');
    const error = await gateway
      .withUserBind(user.dn, 'wrong-password')
      .catch((caught: unknown) => caught);
    await user.remove();

    expect(error).toBeInstanceOf(LdapOperationError);
    expect((error as LdapOperationError).resultCode).toBe(49);
    expect((error as LdapOperationError).subCode).toBe(0x52e);
  });

  it('recovers after the domain controller restarts', async () => {
    await gateway.search(BASE, { scope: 'base', attributes: ['dc'] });

    execFileSync('bash', [join(__dirname, '..', 'scripts', 'sandbox.sh'), 'restart'], {
      stdio: 'inherit',
    });

    const [root] = await gateway.search(BASE, { scope: 'base', attributes: ['dc'] });
    expect(root.text('dc')).toBe('interlock');
  }, 180_000);
});
