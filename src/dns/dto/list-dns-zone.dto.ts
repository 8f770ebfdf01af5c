import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, IsOptional, ValidateNested } from 'class-validator';

import { IsDnsZoneName } from '../../common/validation/dns-zone-name';

export class DnsZoneFilterDto {
  @ApiPropertyOptional({
    description:
      'Zone to list; `Root DNS Servers` names the root hints. Missing or empty: the domain zone.',
    example: 'interlock.test',
  })
  @IsOptional()
  @IsDnsZoneName({ allowEmpty: true, allowSpecialZones: true })
  dnsZone?: string;

  @ApiPropertyOptional({
    description:
      'Also list nodes that are tombstoned (deleted by a dynamic update). Default false.',
    example: false,
  })
  @IsOptional()
  @IsBoolean()
  include_tombstoned?: boolean;
}

/** Body of `POST api/domain/zones/`. */
export class ListDnsZoneDto {
  @ApiPropertyOptional({ type: DnsZoneFilterDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DnsZoneFilterDto)
  filter?: DnsZoneFilterDto;
}
