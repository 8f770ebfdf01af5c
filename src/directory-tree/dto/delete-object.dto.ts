import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

import { IsDn } from '../../common/validation/decorators';

/** Body of `POST api/ou/delete/`. */
export class DeleteObjectDto {
  @IsDn()
  distinguishedName: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Display name the web frontend sends. It is not used to find the object.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  name?: string | null;

  @ApiPropertyOptional({
    type: Boolean,
    nullable: true,
    description:
      'Delete the object with everything below it (tree-delete control). Without it, an object ' +
      'that has children is rejected with 409 object_not_empty and a children count.',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  recursive?: boolean | null;
}
