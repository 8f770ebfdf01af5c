import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ValidateIf } from 'class-validator';

import { OkResponse } from '../../common/http/api-responses';
import { IsDn, IsUsername } from '../../common/validation/decorators';

/** True when an optional text field carries a value; the frontend may send it empty or null. */
export function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** Body of enable, disable and unlock: the user to act on. */
export class ChangeUserStateDto {
  @ApiProperty({ description: 'sAMAccountName of the user.', example: 'jane.doe' })
  @IsUsername()
  username: string;

  @ApiPropertyOptional({
    description:
      'DN the caller expects the user to have. When given, it must equal the DN found for ' +
      'username; the user is always found by username.',
  })
  @ValidateIf((dto: ChangeUserStateDto) => isGiven(dto.distinguishedName))
  @IsDn()
  distinguishedName?: string | null;
}

export class UserReferenceResponse {
  @ApiProperty({ description: 'sAMAccountName of the user, as stored.', example: 'jane.doe' })
  username: string;
}

export class UserActionResponse extends OkResponse {
  @ApiProperty({ type: UserReferenceResponse })
  data: UserReferenceResponse;
}
