import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorsResponse {
  @ApiProperty({ description: 'Dotted path of the input field.', example: 'user.givenName' })
  field: string;

  @ApiProperty({
    description: 'Every problem found in the field.',
    type: [String],
    example: ['user.givenName must be a string'],
  })
  messages: string[];
}

/** The JSON body of every error response, for `@ApiResponse({ type: ErrorResponse })`. */
export class ErrorResponse {
  @ApiProperty({
    description:
      'Stable snake_case error code that clients can switch on. Statuses without a dedicated ' +
      'code use the snake_case name of the status, such as too_many_requests.',
    example: 'invalid_input',
  })
  code: string;

  @ApiProperty({
    description: 'Readable sentence that describes the failure.',
    example: 'user.givenName must be a string.',
  })
  detail: string;

  @ApiProperty({ description: 'HTTP status of the response.', example: 400 })
  status_code: number;

  @ApiPropertyOptional({
    description: 'The input field at fault, when there is exactly one to blame first.',
    example: 'user.givenName',
  })
  field?: string;

  @ApiPropertyOptional({
    description: 'Every failing field, on validation errors (code invalid_input).',
    type: [FieldErrorsResponse],
  })
  errors?: FieldErrorsResponse[];

  @ApiPropertyOptional({
    description: 'Id of the request in the server logs, on unexpected errors (status 500).',
    example: '3f2b8e0c-3c1d-4f7e-9a55-2f1f0d3c9b7a',
  })
  request_id?: string;
}
