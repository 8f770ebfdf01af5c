import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

import { DomainError, ErrorCode } from '../errors';

const ALLOWED_METHODS_KEY = 'interlock:allowed-methods';

@Injectable()
export class RejectHeadGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.switchToHttp().getRequest<Request>().method !== 'HEAD') {
      return true;
    }

    const allowed = this.reflector.get<string>(ALLOWED_METHODS_KEY, context.getHandler());
    throw new DomainError(
      ErrorCode.MethodNotAllowed,
      `This request changes state, so it does not answer HEAD. Use ${allowed}.`,
      { headers: { Allow: allowed } },
    );
  }
}

/**
 * Marks a GET handler that changes state (the web frontend calls it with GET). Express routes
 * HEAD to GET handlers, and a HEAD from a link checker, a prefetcher or a monitoring probe must
 * not log a user out or empty a table, so HEAD gets 405 with `Allow: <allowed>`.
 */
export function RejectHead(allowed = 'GET'): MethodDecorator {
  return applyDecorators(SetMetadata(ALLOWED_METHODS_KEY, allowed), UseGuards(RejectHeadGuard));
}
