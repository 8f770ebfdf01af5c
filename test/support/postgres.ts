import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

/**
 * Server on which the e2e suites create their databases. The role needs CREATEDB; the local
 * test server accepts `postgres` without a password.
 */
export const TEST_POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database, disconnecting any session still open on it. */
  drop(): Promise<void>;
}

async function withAdminClient(work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database with a unique `interlock_test_` name on TEST_POSTGRES_URL. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `interlock_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));

  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;

  return {
    name,
    url: url.toString(),
    drop: () =>
      withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}
