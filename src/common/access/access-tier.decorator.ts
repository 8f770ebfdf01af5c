import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';

/**
 * Who may call a route. Every route declares exactly one tier. The global access guard rejects
 * a request to a route without one, and a test walks the route table to catch it earlier.
 */
export enum AccessTier {
  Public = 'public',
  Authenticated = 'authenticated',
  Admin = 'admin',
}

export const ACCESS_TIER_KEY = 'interlock:access-tier';

/** Anyone, without a token (login, refresh, health probes). */
export const Public = () => SetMetadata(ACCESS_TIER_KEY, AccessTier.Public);

/** Any logged-in user, administrator or not (self-service). */
export const Authenticated = () =>
  applyDecorators(SetMetadata(ACCESS_TIER_KEY, AccessTier.Authenticated), ApiBearerAuth());

/** Administrators only. */
export const AdminOnly = () =>
  applyDecorators(SetMetadata(ACCESS_TIER_KEY, AccessTier.Admin), ApiBearerAuth());
