import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { OkResponse } from '../../common/http/api-responses';

export class UserListItemResponse {
  @ApiProperty()
  givenName: string;

  @ApiProperty()
  sn: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty()
  sAMAccountName: string;

  @ApiProperty({ description: 'Same as sAMAccountName.' })
  username: string;

  @ApiProperty()
  mail: string;

  @ApiProperty()
  distinguishedName: string;

  @ApiProperty({ description: 'False when ACCOUNTDISABLE (0x2) is set in userAccountControl.' })
  is_enabled: boolean;
}

export class UserListResponse extends OkResponse {
  @ApiProperty({ type: [UserListItemResponse], description: 'Sorted by username.' })
  users: UserListItemResponse[];

  @ApiProperty({
    type: [String],
    example: ['givenName', 'sn', 'sAMAccountName', 'mail', 'is_enabled'],
  })
  headers: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Present when paging; pass it as cursor for the next page. Null on the last page.',
  })
  next_cursor?: string | null;
}

export class UserFetchResponse extends OkResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The user: every non-empty attribute read (givenName, sn, mail, whenCreated, lastLogon, pwdLastSet as FILETIME strings, …), plus name, type, username, objectSid, objectRid (a number, also in memberOfObjects), sAMAccountType, is_enabled, is_locked, permission_list (userAccountControl flag names), accountExpires (ISO 8601 or null) and memberOfObjects (groups, the primary group last with is_primary: true).',
  })
  data: Record<string, unknown>;
}

export class CurrentUser {
  @ApiProperty()
  username: string;

  @ApiProperty()
  first_name: string;

  @ApiProperty()
  last_name: string;

  @ApiProperty()
  email: string;

  @ApiProperty()
  admin_allowed: boolean;
}

export class CurrentUserResponse extends OkResponse {
  @ApiProperty({ type: CurrentUser })
  user: CurrentUser;
}
