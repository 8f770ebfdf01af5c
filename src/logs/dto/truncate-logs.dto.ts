import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

export class TruncateLogsDto {
  @ApiProperty({ description: 'Lowest id to delete (inclusive).', minimum: 1, example: 1 })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  min: number;

  @ApiProperty({
    description: 'Highest id to delete (inclusive); at least min.',
    minimum: 1,
    example: 100,
  })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  max: number;
}
