import { ApiProperty } from '@nestjs/swagger';

import { IsRowId } from '../../common/validation/decorators';

export class TruncateLogsDto {
  @ApiProperty({ description: 'Lowest id to delete (inclusive).', example: 1 })
  @IsRowId()
  min: number;

  @ApiProperty({ description: 'Highest id to delete (inclusive); at least min.', example: 100 })
  @IsRowId()
  max: number;
}
