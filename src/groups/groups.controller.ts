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
      'The group: cn, sAMAccountName, mail, description, distinguishedName, groupType, objectSid, objectRid (a number), and member (every member with name, distinguishedName, type, username, objectClass…; primary: true for users whose primary group it is).',
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
  @ApiOperation({
    operationId: 'listGroups',
    summary: 'List groups without their members',
    description:
      'hasMembers comes from a search for groups with a member value, so no member list is downloaded.',
  })
  @ApiOkResponse({ type: GroupListResponse })
  async list(
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ groups: GroupListItem[]; headers: string[] }> {
    return { groups: await this.groups.list(principal.username), headers: GROUP_LIST_HEADERS };
  }

  @Post('fetch')
  @AdminOnly()
  @ApiOperation({
    operationId: 'fetchGroup',
    summary: 'Fetch one group with every member',
    description:
      'Returns the group with sAMAccountName, mail and description, and every member: past 1,500 values by range retrieval, members outside the search base by DN alone, and users whose primary group it is with primary: true. A DN outside the search base or of an object that is not a group is 404 group_not_found.',
  })
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
    description:
      "The parent is path, or the domain's Users container. sAMAccountName defaults to the cn with each forbidden character replaced by _. Initial members come from member and membersToAdd and must be users, groups, computers or contacts in the search base. A member group that breaks AD's nesting rules is 409 group_nesting_invalid, and an existing cn or sAMAccountName is 409 ldap_obj_exists.",
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
    description:
      'Scope changes between global and domain local go through universal, as AD requires. A member or a scope change that breaks the nesting rules (a global group contains only global groups, a universal group no domain-local group, no group itself) is 409 group_nesting_invalid, checked before anything is written. Critical system groups, groups with a RID below 1000, Builtin groups and the DNS groups DnsAdmins and DnsUpdateProxy keep their type, scope and sAMAccountName (403 object_protected), but their members can change. Adding a present member or removing an absent one changes nothing and is left out of the response and the audit row.',
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
  @ApiOperation({
    operationId: 'deleteGroup',
    summary: 'Delete a group that is not built in',
    description:
      'Deletes a group found by distinguishedName; a cn, when sent, must match. Critical system groups, groups with a RID below 1000, Builtin groups and the DNS groups DnsAdmins and DnsUpdateProxy are 403 object_protected.',
  })
  @ApiOkResponse({ type: DeleteGroupResponse })
  @ApiErrorResponses(400, 404)
  async delete(
    @Body() body: DeleteGroupDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ data: DeletedGroup }> {
    return { data: await this.groups.delete(body, principal.username) };
  }
}
