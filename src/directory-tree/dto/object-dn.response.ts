import { ApiProperty } from '@nestjs/swagger';

import { OkResponse } from '../../common/http/api-responses';

export class ObjectDnData {
  @ApiProperty({ example: 'OU=Sales\\, EMEA,OU=Interlock Demo,DC=interlock,DC=test' })
  distinguishedName: string;
}

export class ObjectDnResponse extends OkResponse {
  @ApiProperty({ type: ObjectDnData, description: 'The DN of the object after the change.' })
  data: ObjectDnData;
}
