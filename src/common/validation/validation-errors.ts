import type { ValidationError } from 'class-validator';

import { DomainError, ErrorCode } from '../errors';

/** Problems found in one input field, named by a dotted path such as `user.givenName`. */
export interface FieldErrors {
  field: string;
  messages: string[];
}

/** class-validator's constraint name for a property that `forbidNonWhitelisted` rejects. */
const WHITELIST_CONSTRAINT = 'whitelistValidation';

/**
 * Rewrites a class-validator message so it names the full path: its default messages start with
 * the bare property name (`givenName must be a string`), which is ambiguous in nested input.
 */
function messageForPath(
  constraint: string,
  message: string,
  property: string,
  path: string,
): string {
  if (constraint === WHITELIST_CONSTRAINT) {
    return `${path} is not an allowed property`;
  }

  if (path !== property && message.startsWith(`${property} `)) {
    return `${path}${message.slice(property.length)}`;
  }

  return message;
}

/** Flattens nested class-validator errors depth-first, in the order the DTO declares its fields. */
export function flattenValidationErrors(
  errors: readonly ValidationError[],
  parentPath = '',
): FieldErrors[] {
  const flattened: FieldErrors[] = [];
  for (const error of errors) {
    const path = parentPath === '' ? error.property : `${parentPath}.${error.property}`;
    const constraints = Object.entries(error.constraints ?? {});
    if (constraints.length > 0) {
      flattened.push({
        field: path,
        messages: constraints.map(([constraint, message]) =>
          messageForPath(constraint, message, error.property, path),
        ),
      });
    }

    flattened.push(...flattenValidationErrors(error.children ?? [], path));
  }

  return flattened;
}

function describeFieldErrors(fieldErrors: readonly FieldErrors[]): string {
  const [first] = fieldErrors;
  if (first === undefined) {
    return 'The request input is invalid.';
  }

  const remaining = fieldErrors.length - 1;
  const firstSentence = `${first.messages.join(', ')}.`;
  if (remaining === 0) {
    return firstSentence;
  }

  const others = remaining === 1 ? 'One more field is' : `${remaining} more fields are`;

  return `${firstSentence} ${others} invalid, as listed in errors.`;
}

/**
 * Builds the 400 `invalid_input` error for failed DTO validation: `field` is the first failing
 * path, `detail` names it and its problems, and `errors` lists every failing field.
 */
export function toInvalidInputError(errors: readonly ValidationError[]): DomainError {
  const fieldErrors = flattenValidationErrors(errors);

  return new DomainError(ErrorCode.InvalidInput, describeFieldErrors(fieldErrors), {
    field: fieldErrors[0]?.field,
    extra: { errors: fieldErrors },
  });
}
