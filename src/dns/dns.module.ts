import { Module } from '@nestjs/common';

import { DnsZoneDirectory } from './dns-zone-directory';
import { DnsZonesController } from './dns-zones.controller';
import { DnsZonesService } from './dns-zones.service';

/** AD-integrated DNS: the zone endpoints under `api/domain/` and the record endpoints under `api/record/`. */
@Module({
  controllers: [DnsZonesController],
  providers: [DnsZoneDirectory, DnsZonesService],
})
export class DnsModule {}
