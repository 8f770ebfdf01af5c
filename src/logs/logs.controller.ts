import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { AdminOnly } from '../common/access/access-tier.decorator';
import { ApiErrorResponses, OkResponse } from '../common/http/api-responses';
import { RejectHead } from '../common/http/reject-head';
import { ListLogsQuery } from './dto/list-logs.query';
import { TruncateLogsDto } from './dto/truncate-logs.dto';
import { LOG_HEADERS, LogRow } from './log.mapper';
import { LogsService } from './logs.service';

class LogListResponse extends OkResponse {
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      'Rows newest first: id, date (UTC, YYYY-MM-DD HH:MM:SS), user, actionType, objectClass, affectedObject, extraMessage, outcome.',
  })
  logs: LogRow[];

  @ApiProperty({ type: [String], example: LOG_HEADERS })
  headers: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'With page_size or cursor: the cursor of the next page, null after the last.',
  })
  next_cursor?: string | null;
}

class LogPruneResponse extends OkResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'deleted: the number of rows removed. Truncate also returns min and max.',
  })
  data: Record<string, number>;
}

@ApiTags('logs')
@ApiErrorResponses(401, 403, 503)
@Controller('api/logs')
export class LogsController {
  constructor(private readonly logs: LogsService) {}

  @Get()
  @AdminOnly()
  @ApiOperation({ operationId: 'listLogs', summary: 'List the audit log, newest first' })
  @ApiOkResponse({ type: LogListResponse })
  @ApiErrorResponses(400)
  async list(
    @Query() query: ListLogsQuery,
  ): Promise<{ logs: LogRow[]; headers: string[]; next_cursor?: string | null }> {
    const page = await this.logs.list(query);

    return {
      logs: page.logs,
      headers: LOG_HEADERS,
      ...(page.nextCursor === undefined ? {} : { next_cursor: page.nextCursor }),
    };
  }

  @Get('reset')
  @RejectHead()
  @AdminOnly()
  @ApiOperation({
    operationId: 'resetLogs',
    summary: 'Delete every audit row, leaving one that records the reset',
  })
  @ApiOkResponse({ type: LogPruneResponse })
  async reset(@CurrentPrincipal() principal: Principal): Promise<{ data: { deleted: number } }> {
    return { data: { deleted: await this.logs.reset(principal.username) } };
  }

  @Post('truncate')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'truncateLogs',
    summary: 'Delete the audit rows in an inclusive id range, leaving one that records it',
  })
  @ApiOkResponse({ type: LogPruneResponse })
  @ApiErrorResponses(400)
  async truncate(
    @Body() body: TruncateLogsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ data: { min: number; max: number; deleted: number } }> {
    const deleted = await this.logs.truncate(body.min, body.max, principal.username);

    return { data: { min: body.min, max: body.max, deleted } };
  }
}
