import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { DataSourceOptions } from 'typeorm';

import { DatabaseConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { createPGliteDriver } from './pglite-driver';

/** Connections per replica in the `pg` pool. */
const POSTGRES_POOL_SIZE = 10;
const POSTGRES_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Builds the TypeORM options for PostgreSQL when `config.url` is set, otherwise for embedded
 * PGlite in `<dataDir>/pglite`, which this function creates. Both use the same migrations, and the schema
 * is never synchronized from the entities.
 */
export function buildDataSourceOptions(config: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: false,
  } as const;

  if (config.url !== undefined) {
    return {
      ...common,
      type: 'postgres',
      url: config.url,
      applicationName: 'interlock',
      connectTimeoutMS: POSTGRES_CONNECT_TIMEOUT_MS,
      extra: { max: POSTGRES_POOL_SIZE },
    };
  }

  const directory = join(config.dataDir, 'pglite');
  mkdirSync(directory, { recursive: true });

  return {
    ...common,
    type: 'postgres',
    driver: createPGliteDriver(directory),
    // PGlite ships without uuid-ossp, and the application generates its UUIDs itself, so
    // TypeORM must neither install an extension nor default to uuid_generate_v4().
    uuidExtension: 'pgcrypto',
    installExtensions: false,
  };
}
