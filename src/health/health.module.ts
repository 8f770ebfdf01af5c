import { Module } from '@nestjs/common';

import { DatabaseModule } from '../database/database.module';
import { DirectoryProbe } from './directory-probe';
import { HealthController } from './health.controller';

/** `/healthz`, `/readyz` and `/metrics`. */
@Module({
  imports: [DatabaseModule],
  controllers: [HealthController],
  providers: [DirectoryProbe],
})
export class HealthModule {}
