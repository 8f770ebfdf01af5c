import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { AdminOnly } from '../common/access/access-tier.decorator';
import { ApiErrorResponses, OkResponse } from '../common/http/api-responses';
import { RECORD_HEADERS } from './dns-record.mapper';
import { DnsZoneListing } from './dns-zone.mapper';
import { CreatedZone, DnsZonesService } from './dns-zones.service';
import { CreateDnsZoneDto } from './dto/create-dns-zone.dto';
import { DeleteDnsZoneDto } from './dto/delete-dns-zone.dto';
import { ListDnsZoneDto } from './dto/list-dns-zone.dto';

class DnsZoneListingData {
  @ApiProperty({ type: [String], example: RECORD_HEADERS })
  headers: string[];

  @ApiProperty({
    type: [String],
    description: 'Zones of the domain partition (and of the legacy container when enabled).',
    example: ['interlock.test', 'Root DNS Servers'],
  })
  dnsZones: string[];

  @ApiProperty({
    type: [String],
    description: 'Zones of the forest partition.',
    example: ['_msdcs.interlock.test'],
  })
  forestZones: string[];

  @ApiProperty({ description: 'True when LDAP_DNS_LEGACY is set.', example: false })
  legacy: boolean;

  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      'One row per dnsRecord value: id, index, name, displayName, distinguishedName, type, ' +
      'typeName, serial, ttl, ts, record_bytes (base64) and the fields of the type.',
  })
  records: object[];
}

class DnsZoneListingResponse extends OkResponse {
  @ApiProperty({ type: DnsZoneListingData })
  data: DnsZoneListingData;
}

class CreatedDnsZone {
  @ApiProperty({ example: 'branch.interlock.test' })
  dnsZone: string;

  @ApiProperty({
    example: 'DC=branch.interlock.test,CN=MicrosoftDNS,DC=DomainDnsZones,DC=interlock,DC=test',
  })
  distinguishedName: string;
}

class CreateDnsZoneResponse extends OkResponse {
  @ApiProperty({ type: CreatedDnsZone })
  data: CreatedDnsZone;
}

class DeletedDnsZone {
  @ApiProperty({ example: 'branch.interlock.test' })
  dnsZone: string;
}

class DeleteDnsZoneResponse extends OkResponse {
  @ApiProperty({ type: DeletedDnsZone })
  data: DeletedDnsZone;
}

@ApiTags('dns')
@ApiErrorResponses(400, 401, 403, 503)
@Controller('api/domain')
export class DnsZonesController {
  constructor(private readonly dnsZones: DnsZonesService) {}

  @Post('zones')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'listDnsZone',
    summary: 'List the DNS zones and the records of one zone (default: the domain zone)',
  })
  @ApiOkResponse({ type: DnsZoneListingResponse })
  @ApiErrorResponses(404)
  async list(
    @Body() body: ListDnsZoneDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ data: DnsZoneListing }> {
    const options = {
      dnsZone: body.filter?.dnsZone,
      includeTombstoned: body.filter?.include_tombstoned,
    };

    return { data: await this.dnsZones.list(options, principal.username) };
  }

  @Post('insert')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'createDnsZone',
    summary: 'Create a primary forward or reverse zone with its SOA and NS records',
  })
  @ApiOkResponse({ type: CreateDnsZoneResponse })
  @ApiErrorResponses(409)
  async create(
    @Body() body: CreateDnsZoneDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ data: CreatedZone }> {
    return { data: await this.dnsZones.create(body.dnsZone, principal.username) };
  }

  @Post('delete')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'deleteDnsZone',
    summary: 'Delete a zone with all its records',
  })
  @ApiOkResponse({ type: DeleteDnsZoneResponse })
  @ApiErrorResponses(404)
  async delete(
    @Body() body: DeleteDnsZoneDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ data: { dnsZone: string } }> {
    return { data: await this.dnsZones.delete(body.dnsZone, principal.username) };
  }
}
