import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

import { IsCursor, IsPageSize, IsSearchText } from '../../common/validation/decorators';

export class ListUsersQuery {
  @ApiPropertyOptional({
    description: 'Users per page (1–1000). Without it and without cursor, every user is returned.',
    required: false,
  })
  @IsOptional()
  @IsPageSize()
  page_size?: number;

  @ApiPropertyOptional({ description: 'The next_cursor of the previous page.', required: false })
  @IsOptional()
  @IsCursor()
  cursor?: string;

  @ApiPropertyOptional({
    description:
      'Case-insensitive substring of sAMAccountName, givenName, sn, displayName or mail.',
    maxLength: 256,
  })
  @IsOptional()
  @IsSearchText()
  search?: string;
}
