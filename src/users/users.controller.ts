import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AuthService } from '../auth/auth.service';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { AdminOnly, Authenticated } from '../common/access/access-tier.decorator';
import { ApiErrorResponses, OkResponse } from '../common/http/api-responses';
import { RejectHead } from '../common/http/reject-head';
import { FetchUserDto } from './dto/fetch-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { CurrentUserResponse, UserFetchResponse, UserListResponse } from './dto/user-responses';
import { USER_LIST_HEADERS, UserDetails, UserListItem } from './user.mapper';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiErrorResponses(401, 503)
@Controller('api/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
  ) {}

  @Get('me')
  @Authenticated()
  @ApiOperation({ operationId: 'getCurrentUser', summary: 'The logged-in user, from the token' })
  @ApiOkResponse({ type: CurrentUserResponse })
  me(@CurrentPrincipal() principal: Principal) {
    return {
      user: {
        username: principal.username,
        first_name: principal.firstName,
        last_name: principal.lastName,
        email: principal.email,
        admin_allowed: principal.isAdmin,
      },
    };
  }

  @Get('logout')
  @RejectHead('GET, POST')
  @Authenticated()
  @ApiOperation({ operationId: 'logoutGet', summary: 'End the session of this access token' })
  @ApiOkResponse({ type: OkResponse })
  async logoutWithGet(@CurrentPrincipal() principal: Principal): Promise<Record<string, never>> {
    await this.auth.logout(principal);

    return {};
  }

  @Post('logout')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ operationId: 'logout', summary: 'End the session of this access token' })
  @ApiOkResponse({ type: OkResponse })
  async logout(@CurrentPrincipal() principal: Principal): Promise<Record<string, never>> {
    await this.auth.logout(principal);

    return {};
  }

  @Get()
  @AdminOnly()
  @ApiOperation({
    operationId: 'listUsers',
    summary: 'List users (all by default; page with page_size and cursor)',
  })
  @ApiOkResponse({ type: UserListResponse })
  @ApiErrorResponses(400, 403)
  async list(
    @Query() query: ListUsersQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ users: UserListItem[]; headers: string[]; next_cursor?: string | null }> {
    const page = await this.users.list(
      { pageSize: query.page_size, cursor: query.cursor, search: query.search },
      principal.username,
    );

    return {
      users: page.users,
      headers: USER_LIST_HEADERS,
      ...(page.nextCursor === undefined ? {} : { next_cursor: page.nextCursor }),
    };
  }

  @Post('fetch')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({ operationId: 'fetchUser', summary: 'Fetch one user with its groups' })
  @ApiOkResponse({ type: UserFetchResponse })
  @ApiErrorResponses(400, 403, 404)
  async fetch(
    @Body() body: FetchUserDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ data: UserDetails }> {
    return { data: await this.users.fetch(body.username, principal.username) };
  }
}
