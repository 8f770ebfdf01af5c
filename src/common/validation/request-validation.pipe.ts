import { type ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';

import { DomainError, ErrorCode } from '../errors';
import { toInvalidInputError } from './validation-errors';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJsonValue(value: unknown): string {
  if (value === null) {
    return 'null';
  }

  if (Array.isArray(value)) {
    return 'an array';
  }

  return `a ${typeof value}`;
}

/**
 * The global validation pipe: strips nothing silently (unknown properties are a 400), converts
 * query strings through the DTO's own transforms and reports failures as `invalid_input`.
 * Validation errors never carry the rejected values, so a password cannot end up in a response.
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => toInvalidInputError(errors),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // The JSON parser accepts any JSON value at the top level, so that an array or a string gets
    // this readable error in place of class-validator's "an unknown value was passed".
    if (metadata.type === 'body' && metadata.data === undefined && !isPlainObject(value)) {
      throw new DomainError(
        ErrorCode.InvalidInput,
        `The request body must be a JSON object, but it is ${describeJsonValue(value)}.`,
      );
    }

    return super.transform(value, metadata) as Promise<unknown>;
  }
}
