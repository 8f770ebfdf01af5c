import { Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';

import { AdminOnly } from '../common/access/access-tier.decorator';
import { ApiErrorResponses, OkResponse } from '../common/http/api-responses';
import { DevTestsService, SmokeTestResult } from './dev-tests.service';

class SmokeTestResponse extends OkResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'result, user_dn_used, server_pool, elapsed_ms and the pool counts.',
  })
  data: SmokeTestResult;
}

/**
 * Development-only smoke tests, registered only when NODE_ENV is not production. Every verb runs
 * the same check, because the original API's test viewset served them all.
 */
@ApiTags('development')
@ApiErrorResponses(401, 403, 503)
@Controller('api/test')
export class DevTestsController {
  constructor(private readonly tests: DevTestsService) {}

  @Get()
  @AdminOnly()
  @ApiOperation({
    operationId: 'runSmokeTest',
    summary: 'Borrow a service-account connection and report the result (development only)',
  })
  @ApiOkResponse({ type: SmokeTestResponse })
  async get(): Promise<{ data: SmokeTestResult }> {
    return { data: await this.tests.run() };
  }

  @Post()
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({ operationId: 'runSmokeTestPost', summary: 'Same as GET (development only)' })
  @ApiOkResponse({ type: SmokeTestResponse })
  async post(): Promise<{ data: SmokeTestResult }> {
    return { data: await this.tests.run() };
  }

  @Put()
  @AdminOnly()
  @ApiOperation({ operationId: 'runSmokeTestPut', summary: 'Same as GET (development only)' })
  @ApiOkResponse({ type: SmokeTestResponse })
  async put(): Promise<{ data: SmokeTestResult }> {
    return { data: await this.tests.run() };
  }

  @Delete()
  @AdminOnly()
  @ApiOperation({ operationId: 'runSmokeTestDelete', summary: 'Same as GET (development only)' })
  @ApiOkResponse({ type: SmokeTestResponse })
  async remove(): Promise<{ data: SmokeTestResult }> {
    return { data: await this.tests.run() };
  }
}
