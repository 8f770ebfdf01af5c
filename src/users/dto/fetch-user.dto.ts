import { ApiProperty } from '@nestjs/swagger';

import { IsUsername } from '../../common/validation/decorators';

export class FetchUserDto {
  @ApiProperty({ description: 'sAMAccountName of the user.', example: 'demo.user' })
  @IsUsername()
  username: string;
}
