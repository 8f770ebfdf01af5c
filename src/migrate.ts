/**
 * Applies the pending database migrations and exits: the command of the Helm chart's migration
 * Job, which runs before the replicas start with MIGRATE_ON_START=false. It reads only
 * DATABASE_URL, so the Job needs no other secret.
 * `nest build` compiles it to dist/migrate.js next to dist/main.js.
 */
import 'reflect-metadata';

import { ConsoleLogger } from '@nestjs/common';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';

import { buildDataSourceOptions } from './database/data-source-options';
import { runMigrations } from './database/migration-runner';

async function migrate(): Promise<number> {
  const logger = new ConsoleLogger('Migrations', { json: process.env.NODE_ENV === 'production' });
  const url = process.env.DATABASE_URL;
  if (url === undefined || !/^postgres(ql)?:\/\//i.test(url)) {
    logger.error('DATABASE_URL is missing or not a postgres:// or postgresql:// URL');

    return 1;
  }

  const dataSource = new DataSource(
    buildDataSourceOptions({
      url,
      dataDir: resolve(process.env.DATA_DIR ?? './data'),
      migrateOnStart: true,
    }),
  );
  try {
    await dataSource.initialize();
    await runMigrations(dataSource, logger);

    return 0;
  } catch (error) {
    logger.error(`Migrations failed: ${error instanceof Error ? error.message : String(error)}`);

    return 1;
  } finally {
    if (dataSource.isInitialized) {
      await dataSource.destroy();
    }
  }
}

void migrate().then((code) => {
  process.exitCode = code;
});
