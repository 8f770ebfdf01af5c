import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { AdminOnly } from '../common/access/access-tier.decorator';
import { ApiErrorResponses, OkResponse } from '../common/http/api-responses';
import { DeleteGroupDto, DeleteGroupResponse } from './dto/delete-group.dto';
import { FetchGroupDto } from './dto/fetch-group.dto';
import { InsertGroupDto, InsertGroupResponse } from './dto/insert-group.dto';
import { UpdateGroupDto, UpdateGroupResponse } from './dto/update-group.dto';
import {
  DeletedGroup,
  GROUP_FETCH_HEADERS,
  GROUP_LIST_HEADERS,
  GroupDetails,
  GroupListItem,
  InsertedGroup,
} from './group.mapper';
import { GroupsService } from './groups.service';

class GroupListResponse extends OkResponse {
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      'Groups sorted by cn: cn, groupType (names such as GROUP_SECURITY, GROUP_GLOBAL), hasMembers, distinguishedName.',
  })
  groups: GroupListItem[];

  @ApiProperty({ type: [String], example: GROUP_LIST_HEADERS })
  headers: string[];
}

class GroupFetchResponse extends OkResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The group: cn, mail, distinguishedName, groupType, objectSid, objectRid, and member (every member with name, distinguishedName, type, username, objectClass…; primary: true for users whose primary group it is).',
  })
  data: GroupDetails;

  @ApiProperty({ type: [String], example: GROUP_FETCH_HEADERS })
  headers: string[];
}

@ApiTags('groups')
@ApiErrorResponses(401, 403, 503)
@Controller('api/groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Get()
  @AdminOnly()
  @ApiOperation({ operationId: 'listGroups', summary: 'List groups without their members' })
  @ApiOkResponse({ type: GroupListResponse })
  async list(
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ groups: GroupListItem[]; headers: string[] }> {
    return { groups: await this.groups.list(principal.username), headers: GROUP_LIST_HEADERS };
  }

  @Post('fetch')
  @AdminOnly()
  @ApiOperation({ operationId: 'fetchGroup', summary: 'Fetch one group with every member' })
  @ApiOkResponse({ type: GroupFetchResponse })
  @ApiErrorResponses(400, 404)
  async fetch(
    @Body() body: FetchGroupDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ data: GroupDetails; headers: string[] }> {
    return {
      data: await this.groups.fetch(body.group, principal.username),
      headers: GROUP_FETCH_HEADERS,
    };
  }

  @Post('insert')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'insertGroup',
    summary: 'Create a group with its initial members',
  })
  @ApiOkResponse({ type: InsertGroupResponse })
  @ApiErrorResponses(400, 404, 409)
  async insert(
    @Body() body: InsertGroupDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ data: InsertedGroup }> {
    return { data: await this.groups.insert(body, principal.username) };
  }

  @Put('update')
  @AdminOnly()
  @ApiOperation({
    operationId: 'updateGroup',
    summary: 'Write the changes of an edited group: type, scope, attributes, members',
  })
  @ApiOkResponse({ type: UpdateGroupResponse })
  @ApiErrorResponses(400, 404, 409)
  async update(
    @Body() body: UpdateGroupDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ data: Record<string, unknown> }> {
    return { data: await this.groups.update(body.group, principal.username) };
  }

  @Post('delete')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({ operationId: 'deleteGroup', summary: 'Delete a group that is not built in' })
  @ApiOkResponse({ type: DeleteGroupResponse })
  @ApiErrorResponses(400, 404)
  async delete(
    @Body() body: DeleteGroupDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ data: DeletedGroup }> {
    return { data: await this.groups.delete(body, principal.username) };
  }
}
