import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';

import { OkResponse } from '../../common/http/api-responses';
import { TreeNode } from '../directory-tree.mapper';

/** Body of `POST api/ou/dirtree/`. The filter is checked by compileDirtreeFilter. */
export class DirtreeDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'Either {exclude: {<value>: <attribute>}}, which drops those terms from the default set ' +
      '(organizational units, containers, Builtin, users, persons, groups, computers) and ' +
      'excludes matching entries, or {iexact: {<value>: <attribute> | {attr, or?, exclude?}}}, ' +
      'whose terms are chained in order with AND (OR when or is true) and negated when exclude ' +
      'is true. Attributes come from an allow-list (objectClass, objectCategory, ' +
      'distinguishedName, cn, name, ou, sAMAccountName, …); at most 32 terms.',
    example: { exclude: { computer: 'objectClass' } },
  })
  @Allow()
  filter?: unknown;
}

export class TreeResponse extends OkResponse {
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      'Nodes below the search base: id (unique in the response), name, distinguishedName, ' +
      'type (objectCategory name such as Organizational-Unit or Person), objectClass, ' +
      'children (always an array), and where they apply builtin, username, groupname and ' +
      'objectRid. Containers come first, then objects, each sorted by name.',
  })
  ldapObjectList: TreeNode[];
}
