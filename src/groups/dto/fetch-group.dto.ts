import { ApiProperty } from '@nestjs/swagger';

import { IsDn } from '../../common/validation/decorators';

export class FetchGroupDto {
  @ApiProperty({
    description: 'Distinguished name of the group.',
    example: 'CN=Big Group,OU=Interlock Demo,DC=interlock,DC=test',
  })
  @IsDn()
  group: string;
}
