import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Database checks for the readiness probe. */
@Injectable()
export class DatabaseHealth {
  private readonly logger = new Logger(DatabaseHealth.name);
  private lastPingSucceeded = true;

  constructor(private readonly dataSource: DataSource) {}

  /** Runs `SELECT 1` and returns whether it succeeded. Only the first failure in a row is logged. */
  async ping(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      if (!this.lastPingSucceeded) {
        this.logger.log('Database is reachable again');
      }

      this.lastPingSucceeded = true;

      return true;
    } catch (error) {
      if (this.lastPingSucceeded) {
        this.logger.warn(`Database ping failed: ${String(error)}`);
      }

      this.lastPingSucceeded = false;

      return false;
    }
  }

  /**
   * Returns true when a migration known to this build has not been applied. Unlike
   * `DataSource.showMigrations`, it only reads, so it never creates the migrations table.
   */
  async migrationsPending(): Promise<boolean> {
    const table = this.dataSource.options.migrationsTableName ?? 'migrations';
    const [{ present }]: Array<{ present: boolean }> = await this.dataSource.query(
      'SELECT to_regclass($1) IS NOT NULL AS present',
      [table],
    );
    if (!present) {
      return this.dataSource.migrations.length > 0;
    }

    const rows: Array<{ name: string }> = await this.dataSource.query(
      `SELECT name FROM ${this.dataSource.driver.escape(table)}`,
    );
    const applied = new Set(rows.map((row) => row.name));

    return this.dataSource.migrations.some(
      (migration) => !applied.has(migration.name ?? migration.constructor.name),
    );
  }
}
