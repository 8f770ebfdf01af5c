import { Body, Controller, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { AdminOnly } from '../common/access/access-tier.decorator';
import { ApiErrorResponses } from '../common/http/api-responses';
import { DeleteUserDto } from './dto/delete-user.dto';
import { InsertUserDto, InsertUserResponse } from './dto/insert-user.dto';
import { UpdateUserDto, UpdateUserResponse } from './dto/update-user.dto';
import { UserActionResponse } from './dto/user-state.dto';
import { UserAdminService } from './user-admin.service';

@ApiTags('users')
@ApiErrorResponses(401, 503)
@Controller('api/users')
export class UserAdminController {
  constructor(private readonly service: UserAdminService) {}

  @Post('insert')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'insertUser',
    summary: 'Create a user: added disabled, password set, then the requested flags applied',
  })
  @ApiOkResponse({ type: InsertUserResponse })
  @ApiErrorResponses(400, 403, 404, 409, 422)
  async insert(
    @Body() body: InsertUserDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ data: string }> {
    return { data: await this.service.insert(body, principal.username) };
  }

  @Put('update')
  @AdminOnly()
  @ApiOperation({
    operationId: 'updateUser',
    summary: 'Write the changes of an edited user object: attributes, flags, groups, name',
  })
  @ApiOkResponse({ type: UpdateUserResponse })
  @ApiErrorResponses(400, 403, 404, 409)
  async update(
    @Body() body: UpdateUserDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ data: Record<string, unknown> }> {
    return { data: await this.service.update(body.user, principal) };
  }

  @Post('delete')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({ operationId: 'deleteUser', summary: 'Delete a user account found by username' })
  @ApiOkResponse({ type: UserActionResponse })
  @ApiErrorResponses(400, 403, 404)
  async delete(
    @Body() body: DeleteUserDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ data: { username: string } }> {
    return { data: await this.service.delete(body, principal) };
  }
}
