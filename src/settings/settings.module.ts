import { Module } from '@nestjs/common';

import { AuthModule } from '../auth/auth.module';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';
import { SettingsSyncService } from './settings-sync.service';

/** Runtime settings over environment defaults, their endpoints and their replication. */
@Module({
  imports: [AuthModule],
  controllers: [SettingsController],
  providers: [SettingsService, SettingsSyncService],
  exports: [SettingsService],
})
export class SettingsModule {}
