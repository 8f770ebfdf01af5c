import { ApiProperty } from '@nestjs/swagger';

import { IsDnsZoneName } from '../../common/validation/dns-zone-name';

/** Body of `POST api/domain/insert/`. */
export class CreateDnsZoneDto {
  @ApiProperty({
    description: 'Name of the new forward or reverse zone.',
    example: '2.0.192.in-addr.arpa',
  })
  @IsDnsZoneName()
  dnsZone: string;
}
