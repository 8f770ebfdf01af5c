import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';

import { ACCESS_TIER_KEY, AccessTier } from '../common/access/access-tier.decorator';
import { DomainError, ErrorCode } from '../common/errors';
import { Principal } from './principal';

/**
 * The global guard: public routes pass, every other route needs a valid access token, and admin
 * routes also need the admin flag. A route that declares no tier is rejected, so forgetting the
 * decorator can never expose an endpoint.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const tier = this.reflector.getAllAndOverride<AccessTier | undefined>(ACCESS_TIER_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (tier === undefined) {
      throw new Error(
        `Route ${context.getClass().name}.${context.getHandler().name} declares no access tier`,
      );
    }

    if (tier === AccessTier.Public) {
      return true;
    }

    await super.canActivate(context);
    const request = context.switchToHttp().getRequest<Request & { user: Principal }>();
    if (tier === AccessTier.Admin && !request.user.isAdmin) {
      this.logger.warn(
        `Denied ${request.method} ${request.path} to non-admin ${request.user.username} from ${request.ip ?? 'unknown address'}`,
      );
      throw new DomainError(ErrorCode.PermissionDenied, 'This action needs administrator rights.');
    }

    return true;
  }

  override handleRequest<TUser = Principal>(
    error: unknown,
    user: TUser | false,
    info: unknown,
  ): TUser {
    if (error instanceof DomainError) {
      throw error;
    }

    if (error !== null && error !== undefined) {
      throw error instanceof Error
        ? error
        : new Error('Token verification failed', { cause: error });
    }

    if (user === false || user === undefined || user === null) {
      const message = info instanceof Error ? info.message : '';
      if (message === 'No auth token') {
        throw new DomainError(
          ErrorCode.NotAuthenticated,
          'Authentication is required: send Authorization: Bearer <access token>.',
        );
      }

      throw new DomainError(ErrorCode.TokenNotValid, 'The access token is invalid or has expired.');
    }

    return user;
  }
}
