import { Body, Controller, Header, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import { Public } from '../common/access/access-tier.decorator';
import { ApiErrorResponses, OkResponse } from '../common/http/api-responses';
import { AuthService } from './auth.service';
import { LoginDto, LoginResponse } from './dto/login.dto';
import { RefreshDto, RefreshResponse } from './dto/refresh.dto';

@ApiTags('auth')
@Controller('api/token')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post()
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'login',
    summary: 'Log in with directory credentials (or as the local admin) and get a token pair',
  })
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrorResponses(400, 401, 422, 429, 503)
  async login(
    @Body() body: LoginDto,
    @Req() request: Request,
  ): Promise<Omit<LoginResponse, keyof OkResponse>> {
    const result = await this.auth.login(
      body.username,
      body.password,
      request.ip ?? 'unknown',
      body.new_password,
    );

    return {
      access: result.access,
      refresh: result.refresh,
      first_name: result.identity.firstName,
      last_name: result.identity.lastName,
      email: result.identity.email,
      admin_allowed: result.identity.isAdmin,
      username: result.identity.username,
    };
  }

  @Post('refresh')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'refreshToken',
    summary: 'Exchange a refresh token for a new token pair (the refresh token rotates)',
  })
  @ApiOkResponse({ type: RefreshResponse })
  @ApiErrorResponses(400, 401, 503)
  refresh(@Body() body: RefreshDto): Promise<RefreshResponse> {
    return this.auth.refresh(body.refresh);
  }
}
