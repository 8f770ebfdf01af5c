import { Module } from '@nestjs/common';

import { DnsRecordsController } from './dns-records.controller';
import { DnsRecordsService } from './dns-records.service';
import { DnsZoneDirectory } from './dns-zone-directory';
import { DnsZonesController } from './dns-zones.controller';
import { DnsZonesService } from './dns-zones.service';

/** AD-integrated DNS: the zone endpoints under `api/domain/` and the record endpoints under `api/record/`. */
@Module({
  controllers: [DnsZonesController, DnsRecordsController],
  providers: [DnsZoneDirectory, DnsZonesService, DnsRecordsService],
})
export class DnsModule {}
