import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

import { IsPassword } from '../../common/validation/decorators';
import { ChangeUserStateDto } from './user-state.dto';

/** Body of an administrator's password reset. */
export class ResetPasswordDto extends ChangeUserStateDto {
  @IsPassword()
  password: string;

  @IsPassword()
  passwordConfirm: string;

  @ApiPropertyOptional({
    description: 'Sets pwdLastSet to 0, so the user must choose a new password at next logon.',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  mustChangeAtNextLogon?: boolean;
}
