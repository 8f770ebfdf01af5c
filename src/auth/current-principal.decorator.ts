import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

import { Principal } from './principal';

/** Injects the authenticated caller set by the access guard. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const request = context.switchToHttp().getRequest<Request & { user?: Principal }>();
    if (request.user === undefined) {
      throw new Error('CurrentPrincipal used on a route without an authenticated tier');
    }

    return request.user;
  },
);
