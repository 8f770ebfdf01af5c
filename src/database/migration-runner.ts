import { createHash } from 'node:crypto';

import { Logger, LoggerService } from '@nestjs/common';
import { DataSource, Migration, MigrationExecutor, QueryRunner } from 'typeorm';

/**
 * Key of the session-level advisory lock taken while migrations run. It is the first 8 bytes of
 * the SHA-256 of a fixed name, read as a signed 64-bit integer and passed to PostgreSQL as text.
 */
export const MIGRATION_LOCK_KEY = createHash('sha256')
  .update('interlock:schema-migrations')
  .digest()
  .readBigInt64BE(0)
  .toString();

export type MigrationLogger = Pick<LoggerService, 'log' | 'warn'>;

/**
 * Runs the pending migrations, each in its own transaction, while holding a PostgreSQL advisory
 * lock, so replicas that start together apply every migration exactly once. Replicas that find
 * the lock taken wait for it and then see nothing left to run. Returns the migrations that ran.
 *
 * The migrations run on the query runner that took the lock rather than through
 * `DataSource.runMigrations`, which would take a second connection, and an embedded PGlite
 * database has only one.
 *
 * NOTE: `typeorm migration:run` (the npm script) does not take this lock, so it must not run
 * while replicas with MIGRATE_ON_START=true are starting.
 */
export async function runMigrations(
  dataSource: DataSource,
  logger: MigrationLogger = new Logger('MigrationRunner'),
): Promise<Migration[]> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await acquireMigrationLock(dataSource, queryRunner, logger);
    try {
      const executor = new MigrationExecutor(dataSource, queryRunner);
      executor.transaction = 'each';
      const migrations = await executor.executePendingMigrations();
      if (migrations.length === 0) {
        logger.log('No pending migrations, the database schema is up to date');
      } else {
        const names = migrations.map((migration) => migration.name).join(', ');
        logger.log(`Ran ${migrations.length} migration(s): ${names}`);
      }

      return migrations;
    } finally {
      await releaseMigrationLock(queryRunner, logger);
    }
  } finally {
    await queryRunner.release();
  }
}

async function acquireMigrationLock(
  dataSource: DataSource,
  queryRunner: QueryRunner,
  logger: MigrationLogger,
): Promise<void> {
  const rows = (await queryRunner.query('SELECT pg_try_advisory_lock($1::bigint) AS acquired', [
    MIGRATION_LOCK_KEY,
  ])) as Array<{ acquired: boolean }>;
  if (rows[0].acquired) {
    return;
  }

  logger.log(
    `Migration lock on database "${dataSource.driver.database}" is taken by another instance, ` +
      'waiting until it is released',
  );
  await queryRunner.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
}

/**
 * Releases the advisory lock. A failure is logged rather than thrown so that it cannot hide a
 * migration error. Unlocking fails in practice only on a broken connection, and PostgreSQL drops
 * a session's locks when the session ends.
 */
async function releaseMigrationLock(
  queryRunner: QueryRunner,
  logger: MigrationLogger,
): Promise<void> {
  try {
    await queryRunner.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
  } catch (error) {
    logger.warn(`Failed to release the migration advisory lock: ${String(error)}`);
  }
}
