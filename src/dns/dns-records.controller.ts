import { Body, Controller, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { AdminOnly } from '../common/access/access-tier.decorator';
import { ApiErrorResponses } from '../common/http/api-responses';
import { DnsRecordRow } from './dns-record.mapper';
import { DeletedRecord, DnsRecordsService } from './dns-records.service';
import {
  DeletedRecordsResponse,
  DeleteRecordDto,
  InsertRecordDto,
  RecordResponse,
  UpdateRecordDto,
} from './dto/record-requests.dto';

@ApiTags('dns')
@ApiErrorResponses(401, 403, 503)
@Controller('api/record')
export class DnsRecordsController {
  constructor(private readonly records: DnsRecordsService) {}

  @Post('insert')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'insertDnsRecord',
    summary: 'Add a record to a zone and increment the zone serial',
  })
  @ApiOkResponse({ type: RecordResponse })
  @ApiErrorResponses(400, 404, 409)
  async insert(
    @Body() body: InsertRecordDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ data: DnsRecordRow }> {
    return { data: await this.records.insert({ ...body }, principal.username) };
  }

  @Put('update')
  @AdminOnly()
  @ApiOperation({
    operationId: 'updateDnsRecord',
    summary: 'Replace a listed record with its edited version, or edit the zone SOA',
  })
  @ApiOkResponse({ type: RecordResponse })
  @ApiErrorResponses(400, 404, 409)
  async update(
    @Body() body: UpdateRecordDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ data: DnsRecordRow }> {
    return { data: await this.records.update({ ...body }, principal.username) };
  }

  @Post('delete')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'deleteDnsRecords',
    summary: 'Delete one or several listed records and increment each zone serial once',
  })
  @ApiOkResponse({ type: DeletedRecordsResponse })
  @ApiErrorResponses(400, 404)
  async delete(
    @Body() body: DeleteRecordDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ data: DeletedRecord[] }> {
    return { data: await this.records.delete({ ...body }, principal.username) };
  }
}
