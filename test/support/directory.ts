import { randomBytes } from 'node:crypto';

import { Attribute, Change, Client } from 'ldapts';

import { loadSandboxEnv } from './sandbox';

/** Where e2e suites create their own objects; the sandbox seeds it empty. */
export const TEST_OU = 'OU=Interlock Tests,DC=interlock,DC=test';

export interface TestUser {
  username: string;
  dn: string;
  password: string;
  remove(): Promise<void>;
}

/**
 * Creates an enabled user with a unique name under the tests OU, or below `fixed.parent`,
 * straight over LDAP as the sandbox Administrator. Tests that fail binds on purpose use such
 * users, because the sandbox policy locks an account for weeks after five failures.
 */
export async function createTestUser(
  prefix = 'e2e',
  fixed: { username?: string; cn?: string; parent?: string } = {},
): Promise<TestUser> {
  const sandbox = loadSandboxEnv();
  const username = fixed.username ?? `${prefix}.${randomBytes(4).toString('hex')}`.slice(0, 20);
  const cn = fixed.cn ?? `${prefix}.${randomBytes(4).toString('hex')}`;
  const dn = `CN=${cn},${fixed.parent ?? TEST_OU}`;
  const password = `Tst-${randomBytes(9).toString('base64url')}9a!`;
  const client = await adminClient(sandbox);
  try {
    await client.add(dn, {
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      sAMAccountName: username,
      userPrincipalName: `${username}@interlock.test`,
      mail: `${username}@mail.interlock.test`,
      givenName: 'Test',
      sn: username,
      userAccountControl: '514',
    });
    await client.modify(dn, [
      new Change({
        operation: 'replace',
        modification: new Attribute({
          type: 'unicodePwd',
          values: [Buffer.from(`"${password}"`, 'utf16le')],
        }),
      }),
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'userAccountControl', values: ['512'] }),
      }),
    ]);
  } finally {
    await client.unbind();
  }

  return {
    username,
    dn,
    password,
    remove: async () => {
      const cleanup = await adminClient(sandbox);
      try {
        await cleanup.del(dn);
      } finally {
        await cleanup.unbind();
      }
    },
  };
}

/** Replaces one attribute of an entry as the sandbox Administrator. */
export async function replaceAttribute(
  dn: string,
  attribute: string,
  value: string,
): Promise<void> {
  await asAdministrator((client) =>
    client.modify(
      dn,
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: attribute, values: [value] }),
      }),
    ),
  );
}

/** Adds a value to, or deletes a value from, a multi-valued attribute such as `member`. */
export async function changeValue(
  dn: string,
  operation: 'add' | 'delete',
  attribute: string,
  value: string,
): Promise<void> {
  await asAdministrator((client) =>
    client.modify(
      dn,
      new Change({ operation, modification: new Attribute({ type: attribute, values: [value] }) }),
    ),
  );
}

/** Renames an entry within the tests OU as the sandbox Administrator. */
export async function renameEntry(dn: string, newDn: string): Promise<void> {
  await asAdministrator((client) => client.modifyDN(dn, newDn));
}

/**
 * Reads an entry as the sandbox Administrator, independently of the API. Returns undefined when
 * the entry does not exist.
 */
export async function readEntry(
  dn: string,
  attributes: string[],
): Promise<Record<string, string | string[]> | undefined> {
  const client = await adminClient(loadSandboxEnv());
  try {
    const { searchEntries } = await client.search(dn, { scope: 'base', attributes });

    return searchEntries[0] as Record<string, string | string[]> | undefined;
  } catch (error) {
    if ((error as { code?: unknown }).code === 32) {
      return undefined;
    }

    throw error;
  } finally {
    await client.unbind();
  }
}

/** Deletes an entry as the sandbox Administrator; an entry that does not exist is skipped. */
export async function deleteEntryIfPresent(dn: string): Promise<void> {
  const client = await adminClient(loadSandboxEnv());
  try {
    await client.del(dn);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 32) {
      throw error;
    }
  } finally {
    await client.unbind();
  }
}

async function asAdministrator(work: (client: Client) => Promise<void>): Promise<void> {
  const client = await adminClient(loadSandboxEnv());
  try {
    await work(client);
  } finally {
    await client.unbind();
  }
}

async function adminClient(sandbox: Record<string, string>): Promise<Client> {
  const { readFileSync } = await import('node:fs');
  const client = new Client({
    url: sandbox.LDAP_AUTH_URL,
    tlsOptions: { ca: readFileSync(sandbox.LDAP_TLS_CA_FILE) },
  });
  await client.bind(sandbox.LDAP_AUTH_CONNECTION_USER_DN, sandbox.LDAP_AUTH_CONNECTION_PASSWORD);

  return client;
}
