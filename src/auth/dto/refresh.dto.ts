import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from the last login or refresh.' })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  refresh: string;
}

export class RefreshResponse {
  @ApiProperty()
  access: string;

  @ApiProperty({ description: 'The rotated refresh token; the one sent is no longer valid.' })
  refresh: string;
}
