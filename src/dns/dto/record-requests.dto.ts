import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsObject, IsOptional } from 'class-validator';

import { OkResponse } from '../../common/http/api-responses';
import { MAX_RECORDS_PER_DELETE } from '../dns-record-input';

const RECORD_FIELDS =
  'name (relative to the zone, @ for the apex, * allowed as the first label), type (1 A, 28 AAAA, 5 CNAME, 2 NS, 12 PTR (35 with nameNode is read as PTR), 15 MX, 16 TXT, 33 SRV; 6 SOA on update only), zone, ttl (seconds, 0 to 2147483647), and the fields of the type: address (A, AAAA); nameNode (CNAME, NS, PTR); wPreference and nameExchange (MX); stringData (TXT: a string, split into 255-byte character-strings when longer, or an array with one string per character-string; the TXT records of one name hold at most 8192 bytes together, counting one length byte per string); wPriority, wWeight, wPort and nameTarget (SRV); dwSerialNo (0 to 4294967295), dwRefresh, dwRetry, dwExpire and dwMinimumTtl (seconds, 0 to 2147483647), namePrimaryServer and zoneAdminEmail (SOA). A CNAME cannot point at its own name. Host names are fully qualified; the trailing dot is optional. Numbers may be sent as strings of digits. createPtr: true on A or AAAA also maintains the PTR record in the reverse zone that covers the address.';

/** Body of `POST api/record/insert/`. */
export class InsertRecordDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: `The new record, its fields flat inside: ${RECORD_FIELDS} Any other key is rejected.`,
  })
  @IsOptional()
  @IsObject()
  record?: Record<string, unknown>;
}

/** Body of `PUT api/record/update/`. */
export class UpdateRecordDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: `The listed row, edited: ${RECORD_FIELDS} The type cannot change. Keys the listing computed (id, index, displayName, distinguishedName, typeName, serial, ts, record_bytes, strings) are ignored.`,
  })
  @IsOptional()
  @IsObject()
  record?: Record<string, unknown>;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The row as listed before the edit. name and record_bytes name the stored value, which must still be present (404 dns_record_not_found otherwise); zone defaults to record.zone.',
  })
  @IsOptional()
  @IsObject()
  oldRecord?: Record<string, unknown>;
}

/** Body of `POST api/record/delete/`: one listed row, or several. */
export class DeleteRecordDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'One listed row with zone added: name, zone and record_bytes name the value. createPtr: true on an A or AAAA row also removes the PTR record that points at it.',
  })
  @IsOptional()
  @IsObject()
  record?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    maxItems: MAX_RECORDS_PER_DELETE,
    description: `Several listed rows, at most ${MAX_RECORDS_PER_DELETE}. All are checked before the first is deleted.`,
  })
  @IsOptional()
  @IsArray()
  records?: unknown[];
}

export class RecordResponse extends OkResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The written record as the zone listing returns it: index, name, displayName, distinguishedName, type, typeName, serial, ttl, ts, record_bytes and the fields of its type. warning is set when the record was written but the zone SOA serial could not be incremented.',
  })
  data: Record<string, unknown>;
}

export class DeletedRecordsResponse extends OkResponse {
  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        typeName: { type: 'string' },
        zone: { type: 'string' },
        warning: { type: 'string' },
      },
    },
    description:
      'The deleted rows. warning is set when the row was deleted but the zone SOA serial could not be incremented.',
  })
  data: { name: string; typeName: string; zone: string; warning?: string }[];
}
