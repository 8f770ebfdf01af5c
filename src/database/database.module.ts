import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source-options';
import { DatabaseHealth } from './database-health';
import { DatabaseMigrator } from './database-migrator';

/**
 * Opens the application DataSource (PostgreSQL, or embedded PGlite when DATABASE_URL is unset)
 * and migrates it at startup. Feature modules import it together with
 * `TypeOrmModule.forFeature([...])` for their repositories.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => buildDataSourceOptions(config.database),
    }),
  ],
  providers: [DatabaseMigrator, DatabaseHealth],
  exports: [DatabaseHealth],
})
export class DatabaseModule {}
