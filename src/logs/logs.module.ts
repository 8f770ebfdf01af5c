import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuditLog } from './audit-log.entity';
import { AuditSettings } from './audit-settings';
import { AuditService } from './audit.service';
import { LogsController } from './logs.controller';
import { LogsService } from './logs.service';

/** The audit trail, written by every module that changes the directory or the settings, and its endpoints. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditLog])],
  controllers: [LogsController],
  providers: [AuditService, AuditSettings, LogsService],
  exports: [AuditService, AuditSettings],
})
export class LogsModule {}
