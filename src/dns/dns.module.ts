import { Module } from '@nestjs/common';

import { DnsZoneDirectory } from './dns-zone-directory';

/** AD-integrated DNS: the zone endpoints under `api/domain/` and the record endpoints under `api/record/`. */
@Module({
  controllers: [],
  providers: [DnsZoneDirectory],
})
export class DnsModule {}
