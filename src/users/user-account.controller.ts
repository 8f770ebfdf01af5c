import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { AdminOnly } from '../common/access/access-tier.decorator';
import { ApiErrorResponses } from '../common/http/api-responses';
import { ResetPasswordDto } from './dto/reset-password.dto';
import { ChangeUserStateDto, UserActionResponse } from './dto/user-state.dto';
import { UserAccountService } from './user-account.service';

type UserActionResult = { data: { username: string } };

@ApiTags('users')
@ApiErrorResponses(401, 503)
@Controller('api/users')
export class UserAccountController {
  constructor(private readonly service: UserAccountService) {}

  @Post('enable')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'enableUser',
    summary: 'Enable a user account (clear ACCOUNTDISABLE); enabling an enabled one is a no-op',
  })
  @ApiOkResponse({ type: UserActionResponse })
  @ApiErrorResponses(400, 403, 404)
  async enable(
    @Body() body: ChangeUserStateDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UserActionResult> {
    return { data: { username: await this.service.enable(body, principal) } };
  }

  @Post('disable')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'disableUser',
    summary:
      'Disable a user account (set ACCOUNTDISABLE); critical accounts and your own are refused',
  })
  @ApiOkResponse({ type: UserActionResponse })
  @ApiErrorResponses(400, 403, 404)
  async disable(
    @Body() body: ChangeUserStateDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UserActionResult> {
    return { data: { username: await this.service.disable(body, principal) } };
  }

  @Post('unlock')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'unlockUser',
    summary: 'Unlock a locked-out user (lockoutTime = 0) and clear its failed-login count',
  })
  @ApiOkResponse({ type: UserActionResponse })
  @ApiErrorResponses(400, 403, 404)
  async unlock(
    @Body() body: ChangeUserStateDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UserActionResult> {
    return { data: { username: await this.service.unlock(body, principal) } };
  }

  @Post('changePassword')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'resetUserPassword',
    summary: "Reset a user's password as an administrator and end the user's sessions",
  })
  @ApiOkResponse({ type: UserActionResponse })
  @ApiErrorResponses(400, 403, 404, 422)
  async resetPassword(
    @Body() body: ResetPasswordDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UserActionResult> {
    return { data: { username: await this.service.resetPassword(body, principal) } };
  }
}
