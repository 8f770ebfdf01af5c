import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

import { ErrorResponse } from './error-response.dto';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `field` names the input at fault.',
  401: 'Missing, invalid or expired token (or, on login, wrong credentials).',
  403: 'The token is valid but lacks the right for this action.',
  404: 'The object does not exist.',
  409: 'The object already exists or conflicts with another.',
  422: 'The domain password policy rejected the password.',
  429: 'Too many failed logins; retry after Retry-After seconds.',
  503: 'The directory or the database is unavailable or not configured.',
};

/** Documents the error envelope for each listed status. */
export function ApiErrorResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, type: ErrorResponse, description: ERROR_DESCRIPTIONS[status] }),
    ),
  );
}

/** The fields every success response starts with. */
export class OkResponse {
  @ApiProperty({ example: 0 })
  code: number;

  @ApiProperty({ example: 'ok' })
  code_msg: string;
}
