import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { runMigrations } from './migration-runner';

/**
 * Applies pending migrations at startup when MIGRATE_ON_START is true. Nest initialises a module
 * before the modules that import it, so a module that reads repositories in its own
 * `onModuleInit` must import DatabaseModule to see the migrated schema.
 */
@Injectable()
export class DatabaseMigrator implements OnModuleInit {
  private readonly logger = new Logger(DatabaseMigrator.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.database.migrateOnStart) {
      this.logger.log('Not running migrations because MIGRATE_ON_START is false');

      return;
    }

    await runMigrations(this.dataSource, this.logger);
  }
}
