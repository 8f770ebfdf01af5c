import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';

import { IsCursor, IsPageSize } from '../../common/validation/decorators';
import { AUDIT_ACTIONS, AUDIT_OBJECT_CLASSES } from '../audit-log.entity';

export class ListLogsQuery {
  @ApiPropertyOptional({
    description: 'Rows per page (1–1000). Without it and without cursor, every row is returned.',
  })
  @IsOptional()
  @IsPageSize()
  page_size?: number;

  @ApiPropertyOptional({ description: 'The next_cursor of the previous page.' })
  @IsOptional()
  @IsCursor()
  cursor?: string;

  @ApiPropertyOptional({ description: 'Only rows of this user (exact, case-insensitive).' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  user?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS, description: 'Only rows of this action.' })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  actionType?: string;

  @ApiPropertyOptional({
    enum: AUDIT_OBJECT_CLASSES,
    description: 'Only rows of this object class.',
  })
  @IsOptional()
  @IsIn(AUDIT_OBJECT_CLASSES)
  objectClass?: string;

  @ApiPropertyOptional({ description: 'Only rows logged at or after this ISO 8601 time.' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  since?: string;

  @ApiPropertyOptional({ description: 'Only rows logged before this ISO 8601 time.' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  until?: string;
}
