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

/** Deepest nesting of objects and arrays a request may use; real bodies need four levels. */
export const MAX_JSON_DEPTH = 32;

/**
 * Keys that name Object.prototype members. Nest deletes `__proto__`, `prototype` and
 * `constructor` from requests to prevent prototype pollution, and class-transformer skips some
 * others, so such a key would vanish and change what the request means: it is rejected instead.
 */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

interface JsonProblem {
  field?: string;
  message: string;
}

function childPath(path: string | undefined, key: string | number): string {
  if (typeof key === 'number') {
    return `${path ?? ''}[${key}]`;
  }

  return path === undefined ? key : `${path}.${key}`;
}

/**
 * Finds the first part of a parsed request that no endpoint accepts: nesting deeper than
 * MAX_JSON_DEPTH, a NUL character in a string (Samba ignores everything after one, so a value
 * would match something else), or a reserved key. Walks the value iteratively, so a deep body
 * cannot exhaust the call stack.
 */
export function findUnsafeJson(value: unknown): JsonProblem | undefined {
  const pending: Array<{ value: unknown; path?: string; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const item = pending.pop() as { value: unknown; path?: string; depth: number };
    if (typeof item.value === 'string') {
      if (item.value.includes('\0')) {
        return {
          field: item.path,
          message: `${item.path ?? 'The value'} must not contain NUL characters.`,
        };
      }

      continue;
    }

    if (typeof item.value !== 'object' || item.value === null) {
      continue;
    }

    if (item.depth >= MAX_JSON_DEPTH) {
      return {
        field: item.path,
        message: `The request nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels.`,
      };
    }

    const entries: Array<[string | number, unknown]> = Array.isArray(item.value)
      ? Object.values(item.value).map((child, index) => [index, child])
      : Object.entries(item.value);
    for (const [key, child] of entries) {
      const path = childPath(item.path, key);
      if (typeof key === 'string' && (RESERVED_KEYS.has(key) || key.includes('\0'))) {
        return { field: path, message: `${path} is a reserved name and cannot be used as a key.` };
      }

      pending.push({ value: child, path, depth: item.depth + 1 });
    }
  }

  return undefined;
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

    if (metadata.type === 'body' || metadata.type === 'query') {
      const problem = findUnsafeJson(value);
      if (problem !== undefined) {
        throw new DomainError(ErrorCode.InvalidInput, problem.message, { field: problem.field });
      }
    }

    return super.transform(value, metadata) as Promise<unknown>;
  }
}
