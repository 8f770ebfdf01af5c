import { ApiProperty } from '@nestjs/swagger';

import { IsDnsZoneName } from '../../common/validation/dns-zone-name';

/** Body of `POST api/domain/delete/`. */
export class DeleteDnsZoneDto {
  @ApiProperty({ description: 'Name of the zone to delete.', example: 'branch.example.lan' })
  @IsDnsZoneName({ allowSpecialZones: true })
  dnsZone: string;
}
