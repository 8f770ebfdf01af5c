import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateIf } from 'class-validator';

import { IsDn, IsPassword, IsUsername } from '../../common/validation/decorators';

export class ChangePasswordSelfDto {
  @IsPassword()
  password: string;

  @IsPassword()
  passwordConfirm: string;

  /**
   * Optional for the validation pipe so that a missing value gets its own error code
   * (`old_password_required`) from the service instead of a generic `invalid_input`.
   */
  @ApiPropertyOptional({
    description:
      'The current password. Required: without it the answer is 400 old_password_required.',
  })
  @ValidateIf((dto: ChangePasswordSelfDto) => !isBlank(dto.oldPassword))
  @IsPassword()
  oldPassword?: string | null;

  @ApiPropertyOptional({
    description: "Sent by the web frontend. When present, it must be the caller's own username.",
  })
  @IsOptional()
  @IsUsername()
  username?: string;

  @ApiPropertyOptional({
    description: "Sent by the web frontend. When present, it must be the caller's own DN.",
  })
  @IsOptional()
  @IsDn()
  distinguishedName?: string;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}
