import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { AdminOnly } from '../common/access/access-tier.decorator';
import { ApiErrorResponses } from '../common/http/api-responses';
import { DirectoryObjectService } from './directory-object.service';
import { TreeNode } from './directory-tree.mapper';
import { DirectoryTreeService } from './directory-tree.service';
import {
  MoveObjectDto,
  parseMoveRequest,
  parseRenameRequest,
  RenameObjectDto,
} from './dto/change-object.dto';
import { DeleteObjectDto } from './dto/delete-object.dto';
import { DirtreeDto, TreeResponse } from './dto/dirtree.dto';
import { InsertObjectDto } from './dto/insert-object.dto';
import { ObjectDnResponse } from './dto/object-dn.response';

type ObjectDnResult = { data: { distinguishedName: string } };

/** The directory tree and its objects at `api/ou/`, the prefix the web frontend calls. */
@ApiTags('directory tree')
@ApiErrorResponses(401, 403, 503)
@Controller('api/ou')
export class DirectoryTreeController {
  constructor(
    private readonly tree: DirectoryTreeService,
    private readonly objects: DirectoryObjectService,
  ) {}

  @Get()
  @AdminOnly()
  @ApiOperation({
    operationId: 'listContainers',
    summary: 'List organizational units and containers as a tree',
  })
  @ApiOkResponse({ type: TreeResponse })
  async listContainers(
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ ldapObjectList: TreeNode[] }> {
    return { ldapObjectList: await this.tree.listContainers(principal.username) };
  }

  @Post('dirtree')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'getDirectoryTree',
    summary: 'Return the tree of containers, users, groups and computers, optionally filtered',
  })
  @ApiOkResponse({ type: TreeResponse })
  @ApiErrorResponses(400)
  async dirtree(
    @Body() body: DirtreeDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ ldapObjectList: TreeNode[] }> {
    return { ldapObjectList: await this.tree.dirtree(body.filter, principal.username) };
  }

  @Post('move')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({ operationId: 'moveObject', summary: 'Move an object to another parent' })
  @ApiOkResponse({ type: ObjectDnResponse })
  @ApiErrorResponses(400, 404, 409)
  async move(
    @Body() body: MoveObjectDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ObjectDnResult> {
    const request = parseMoveRequest(body.ldapObject);

    return {
      data: { distinguishedName: await this.objects.move(request, principal.username) },
    };
  }

  @Post('rename')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({ operationId: 'renameObject', summary: 'Rename an object in place' })
  @ApiOkResponse({ type: ObjectDnResponse })
  @ApiErrorResponses(400, 404, 409)
  async rename(
    @Body() body: RenameObjectDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ObjectDnResult> {
    const request = parseRenameRequest(body.ldapObject);

    return {
      data: { distinguishedName: await this.objects.rename(request, principal.username) },
    };
  }

  @Post('insert')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'insertObject',
    summary: 'Create an organizational unit or a computer account',
  })
  @ApiOkResponse({ type: ObjectDnResponse })
  @ApiErrorResponses(400, 409)
  async insert(
    @Body() body: InsertObjectDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ObjectDnResult> {
    return {
      data: { distinguishedName: await this.objects.insert(body.ldapObject, principal.username) },
    };
  }

  @Post('delete')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'deleteObject',
    summary: 'Delete an object, with its subtree when recursive is true',
  })
  @ApiOkResponse({ type: ObjectDnResponse })
  @ApiErrorResponses(400, 404, 409)
  async delete(
    @Body() body: DeleteObjectDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ObjectDnResult> {
    return {
      data: { distinguishedName: await this.objects.delete(body, principal.username) },
    };
  }
}

/**
 * The same handlers at `api/organizational_unit/`, the prefix of the original endpoint list. A
 * subclass rather than `@Controller([...])` keeps one path per controller, which the route
 * table walk in test/route-access.e2e-spec.ts expects.
 *
 * NOTE: both prefixes share each handler's operationId in the OpenAPI description.
 */
@ApiTags('directory tree')
@ApiErrorResponses(401, 403, 503)
@Controller('api/organizational_unit')
export class OrganizationalUnitController extends DirectoryTreeController {}
