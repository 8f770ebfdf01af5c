import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { AdminOnly } from '../common/access/access-tier.decorator';
import { ApiErrorResponses, OkResponse } from '../common/http/api-responses';
import { RejectHead } from '../common/http/reject-head';
import { ErrorResponse } from '../common/http/error-response.dto';
import { ConnectionReport } from './connection-test';
import { SettingsService, SettingsView } from './settings.service';

class SettingsResponse extends OkResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Every setting as KEY: {type, value}; LDAP_AUTH_CONNECTION_PASSWORD as {type: "password", value: null, is_set}; DEFAULT_ADMIN_ENABLED and DEFAULT_ADMIN as booleans.',
  })
  settings: SettingsView;
}

class SettingsResetResponse extends OkResponse {
  @ApiProperty({ type: 'null', nullable: true, example: null })
  data: null;
}

class ConnectionTestResponse extends OkResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'result, servers (url, reachable, tls, bind, encryption), server_pool, user_dn_used, user_used, ssl, tls, tls_version, tls_verify, connect_timeout, receive_timeout.',
  })
  data: ConnectionReport;
}

const SETTINGS_BODY = {
  schema: {
    type: 'object',
    additionalProperties: true,
    description:
      'KEY: {value, type?} for each setting to change, plus optional DEFAULT_ADMIN_ENABLED (boolean) and DEFAULT_ADMIN_PWD (string). A null or empty LDAP_AUTH_CONNECTION_PASSWORD keeps the stored one.',
    example: {
      LDAP_AUTH_URL: { type: 'ldap_uri', value: ['ldaps://dc1.example.com:636'] },
      LDAP_AUTH_CONNECT_TIMEOUT: { type: 'integer', value: 5 },
    },
  },
};

@ApiTags('settings')
@ApiErrorResponses(401, 403, 503)
@Controller('api/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @AdminOnly()
  @ApiOperation({ operationId: 'listSettings', summary: 'List the settings in force' })
  @ApiOkResponse({ type: SettingsResponse })
  async list(@CurrentPrincipal() principal: Principal): Promise<{ settings: SettingsView }> {
    return { settings: await this.settings.view(principal) };
  }

  // The body is a map of setting keys, validated key by key in the service, so it has no DTO.
  @Post('save')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'saveSettings',
    summary: 'Change the settings sent; they take effect at once on every replica',
  })
  @ApiBody(SETTINGS_BODY)
  @ApiOkResponse({ type: SettingsResponse })
  @ApiErrorResponses(400)
  @ApiResponse({
    status: 409,
    type: ErrorResponse,
    description:
      'local_admin_lockout: with the local admin disabled, the new settings would no longer let the caller log in as an admin (or, for the local admin disabling itself, let the service account bind).',
  })
  async save(
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ settings: SettingsView }> {
    return { settings: await this.settings.save(body, principal) };
  }

  @Get('reset')
  @RejectHead()
  @AdminOnly()
  @ApiOperation({
    operationId: 'resetSettings',
    summary: 'Delete every saved setting, so the environment defaults apply again',
  })
  @ApiOkResponse({ type: SettingsResetResponse })
  @ApiResponse({
    status: 409,
    type: ErrorResponse,
    description:
      'local_admin_lockout: with the local admin disabled, the environment values would no longer let the caller log in as an admin.',
  })
  async reset(@CurrentPrincipal() principal: Principal): Promise<{ data: null }> {
    await this.settings.reset(principal);

    return { data: null };
  }

  @Post('test')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'testSettings',
    summary:
      'Probe TCP, TLS and a service-account bind on every server with the settings sent, without saving',
  })
  @ApiBody(SETTINGS_BODY)
  @ApiOkResponse({ type: ConnectionTestResponse })
  @ApiErrorResponses(400)
  async test(@Body() body: Record<string, unknown>): Promise<{ data: ConnectionReport }> {
    return { data: await this.settings.test(body) };
  }
}
