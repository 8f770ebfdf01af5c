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
    description:
      'The filter takes one of two forms. {exclude: {<value>: <attribute>}} drops terms from ' +
      'the default set, such as {exclude: {computer: "objectClass"}}. {iexact: {<value>: ' +
      '<attribute> | {attr, or?, exclude?}}} chains terms with AND, or OR when or is true, and ' +
      'negates a term when exclude is true. Values are matched literally (wildcards and ' +
      'parentheses are escaped), attributes come from an allow-list, and a filter has at most ' +
      '32 terms; anything else is 400. The containers leading to a match are always returned. ' +
      'Nodes the API will not move, rename or delete carry builtin: true.',
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
  @ApiOperation({
    operationId: 'moveObject',
    summary: 'Move an object to another parent',
    description:
      'The destination must be an organizational unit, a container or the search base, outside ' +
      'CN=System and application partitions. It is resolved through the directory first, so ' +
      'any spelling of a DN works. Moving an object into itself, below itself or to its current ' +
      'parent is 400. A missing object or destination is 404 naming the field. The search ' +
      "base, the domain's well-known objects and their containers, anything in CN=System or in " +
      'an application partition (DNS zones and records), critical system objects and built-in ' +
      'principals are 403 object_protected. An object of the same name at the destination is ' +
      '409 ldap_obj_exists. The response carries the new DN as the directory spells it.',
  })
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
  @ApiOperation({
    operationId: 'renameObject',
    summary: 'Rename an object in place',
    description:
      'newRDN is the new value of the RDN, which keeps its attribute type. A leading prefix of ' +
      'that type ("CN=" for a CN object, ignoring case) is removed, and the rest is taken ' +
      'literally and escaped by the API, so "CN=Doe, Jane" names the object "Doe, Jane" and ' +
      '"OU=x" on a CN object names it "OU=x". The current name is 400, a missing object 404, ' +
      'an existing object of the new name 409 ldap_obj_exists. Protected objects are 403 ' +
      'object_protected, as for move. The response carries the new DN as the directory spells it.',
  })
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
    description:
      'type ou creates OU=<name>; type computer creates CN=<name> with sAMAccountName NAME$ ' +
      'and userAccountControl 4096. The name is taken literally and escaped by the API. path ' +
      'must be an organizational unit, a container or the search base, outside CN=System and ' +
      'application partitions (400); a missing path is 404. An object or account of that name ' +
      'is 409 ldap_obj_exists.',
  })
  @ApiOkResponse({ type: ObjectDnResponse })
  @ApiErrorResponses(400, 404, 409)
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
    description:
      'An object with children is 409 object_not_empty, whose children field counts the ' +
      'direct children, unless recursive is true, which deletes the subtree with the ' +
      "tree-delete control. The caller's own account, and a subtree that contains it, is 400 " +
      'user_anti_lockout. Protected objects (as for move) and a subtree that contains a ' +
      'well-known object are 403 object_protected, and so is a refusal by the DC itself ' +
      '(insufficient rights, protection from accidental deletion). A missing object is 404.',
  })
  @ApiOkResponse({ type: ObjectDnResponse })
  @ApiErrorResponses(400, 404, 409)
  async delete(
    @Body() body: DeleteObjectDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ObjectDnResult> {
    return {
      data: { distinguishedName: await this.objects.delete(body, principal) },
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
