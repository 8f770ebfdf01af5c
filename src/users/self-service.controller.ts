import { Body, Controller, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Authenticated } from '../common/access/access-tier.decorator';
import { ApiErrorResponses, OkResponse } from '../common/http/api-responses';
import { ChangePasswordSelfDto } from './dto/change-password-self.dto';
import { UpdateSelfDto } from './dto/update-self.dto';
import { UserFetchResponse } from './dto/user-responses';
import { SelfChanges, SelfDetails, SelfServiceService } from './self-service.service';

@ApiTags('users')
@ApiErrorResponses(401, 503)
@Controller('api/users')
export class SelfServiceController {
  constructor(private readonly service: SelfServiceService) {}

  @Post('fetchme')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    operationId: 'fetchOwnUser',
    summary: "The caller's own entry, with can_change_pwd; the body is ignored",
  })
  @ApiOkResponse({ type: UserFetchResponse })
  @ApiErrorResponses(400, 404)
  async fetchme(@CurrentPrincipal() principal: Principal): Promise<{ data: SelfDetails }> {
    return { data: await this.service.fetch(principal) };
  }

  @Put('updateSelf')
  @Authenticated()
  @ApiOperation({
    operationId: 'updateOwnUser',
    summary: "Change the caller's names, phone numbers, address and web page",
  })
  @ApiBody({ type: UpdateSelfDto })
  @ApiOkResponse({
    type: OkResponse,
    description: 'data: each changed attribute, null if cleared.',
  })
  @ApiErrorResponses(400, 404)
  async updateSelf(
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ data: SelfChanges }> {
    return { data: await this.service.update(principal, body) };
  }

  @Post('updateSelf')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ operationId: 'updateOwnUserPost', summary: 'Same as PUT updateSelf' })
  @ApiBody({ type: UpdateSelfDto })
  @ApiOkResponse({
    type: OkResponse,
    description: 'data: each changed attribute, null if cleared.',
  })
  @ApiErrorResponses(400, 404)
  async updateSelfWithPost(
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ data: SelfChanges }> {
    return { data: await this.service.update(principal, body) };
  }

  @Post('changePasswordSelf')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    operationId: 'changeOwnPassword',
    summary: "Change the caller's password; requires the current one and ends every session",
  })
  @ApiOkResponse({ type: OkResponse })
  @ApiErrorResponses(400, 403, 404, 422)
  async changePasswordSelf(
    @Body() body: ChangePasswordSelfDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, never>> {
    await this.service.changePassword(principal, body);

    return {};
  }
}
