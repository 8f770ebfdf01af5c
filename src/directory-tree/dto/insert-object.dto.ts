import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';

import { IsDn } from '../../common/validation/decorators';

/** Object types `POST api/ou/insert/` can create. */
export const INSERTABLE_TYPES = ['ou', 'computer'] as const;
export type InsertableType = (typeof INSERTABLE_TYPES)[number];

export class NewLdapObject {
  @ApiProperty({
    description:
      'Name of the new object, the value of its RDN (at most 64 characters). For a computer ' +
      'also the account name: at most 15 characters, no spaces or " / \\ [ ] : ; | = , + * ? < > @.',
    example: 'Sales, EMEA',
  })
  @IsString()
  name: string;

  @ApiProperty({
    description:
      'DN of the parent: an organizational unit, a container or the search base, outside ' +
      'CN=System and application partitions. A missing parent is 404.',
    example: 'OU=Interlock Demo,DC=interlock,DC=test',
  })
  @IsDn()
  path: string;

  @ApiProperty({
    description: 'ou creates an organizational unit, computer a computer account.',
    enum: INSERTABLE_TYPES,
  })
  @IsString()
  type: string;

  @ApiPropertyOptional({
    description: 'The web frontend repeats name here for an OU. When given, it must equal name.',
  })
  @IsOptional()
  @IsString()
  ou?: string;
}

/** Body of `POST api/ou/insert/`. */
export class InsertObjectDto {
  @ApiProperty({ type: NewLdapObject })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => NewLdapObject)
  ldapObject: NewLdapObject;
}
