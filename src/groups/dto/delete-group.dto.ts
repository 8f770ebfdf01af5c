import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsObject,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { OkResponse } from '../../common/http/api-responses';
import { IsDn } from '../../common/validation/decorators';
import { MAX_CN_LENGTH } from '../../users/dto/insert-user.dto';
import { isGiven } from './insert-group.dto';

/** The group to delete, found by DN. */
export class GroupToDelete {
  @ApiProperty({
    description: 'Distinguished name of the group.',
    example: 'CN=Sales Team,OU=Groups,DC=example,DC=com',
  })
  @IsDn()
  distinguishedName: string;

  @ApiPropertyOptional({
    type: String,
    description: 'cn the caller expects the group to have; when given it must match.',
    maxLength: MAX_CN_LENGTH,
  })
  @ValidateIf((group: GroupToDelete) => isGiven(group.cn))
  @IsString()
  @MaxLength(MAX_CN_LENGTH)
  cn?: string | null;
}

/** Body of `POST api/groups/delete/`. */
export class DeleteGroupDto {
  @ApiProperty({ type: GroupToDelete })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => GroupToDelete)
  group: GroupToDelete;
}

export class DeletedGroupResponse {
  @ApiProperty({ example: 'CN=Sales Team,OU=Groups,DC=example,DC=com' })
  distinguishedName: string;

  @ApiProperty({ example: 'Sales Team' })
  cn: string;
}

export class DeleteGroupResponse extends OkResponse {
  @ApiProperty({ type: DeletedGroupResponse })
  data: DeletedGroupResponse;
}
