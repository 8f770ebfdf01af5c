import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

import { OkResponse } from '../../common/http/api-responses';
import { IsPassword, IsUsername } from '../../common/validation/decorators';

export class LoginDto {
  @ApiProperty({
    description:
      'sAMAccountName, userPrincipalName or mail of a directory user, or "admin" for the local administrator.',
    example: 'demo.admin',
  })
  @IsUsername()
  username: string;

  @ApiProperty({ description: 'The account password.' })
  @IsPassword()
  password: string;

  @ApiPropertyOptional({
    description:
      'A new password, sent again after a 401 password_change_required answer: the password is changed (the domain policy applies) and the user is logged in.',
    required: false,
  })
  @IsOptional()
  @IsPassword()
  new_password?: string;
}

export class LoginResponse extends OkResponse {
  @ApiProperty({ description: 'Access token (JWT) for `Authorization: Bearer`.' })
  access: string;

  @ApiProperty({ description: 'Refresh token for api/token/refresh/.' })
  refresh: string;

  @ApiProperty()
  first_name: string;

  @ApiProperty()
  last_name: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ description: 'True when the user may use the administrative endpoints.' })
  admin_allowed: boolean;

  @ApiProperty()
  username: string;
}
