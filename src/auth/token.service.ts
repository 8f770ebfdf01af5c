import {
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, Repository } from 'typeorm';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError, ErrorCode } from '../common/errors';
import { MetricsService } from '../metrics/metrics.service';
import { AuthSession } from './entities/auth-session.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { AccessTokenClaims, Identity, Principal, RefreshTokenClaims } from './principal';

export interface TokenPair {
  access: string;
  refresh: string;
}

/** The state of a presented refresh token: current, or rotated within the grace window. */
export type RefreshLookup =
  | { kind: 'current'; token: RefreshToken; session: AuthSession }
  | { kind: 'recently-rotated'; successor: RefreshToken; session: AuthSession };

export const JWT_ALGORITHM = 'HS256';

/** How often sessions whose refresh tokens have all expired are deleted. */
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Issues access and refresh tokens and keeps the refresh-token rotation chain of each login
 * session in PostgreSQL.
 */
@Injectable()
export class TokenService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TokenService.name);
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(AuthSession) private readonly sessions: Repository<AuthSession>,
    @InjectRepository(RefreshToken) private readonly refreshTokens: Repository<RefreshToken>,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  onModuleInit(): void {
    // Every replica purges; the DELETE is idempotent, so running it on several at once is harmless.
    this.purgeTimer = setInterval(() => {
      this.purgeExpired().catch((error: unknown) =>
        this.logger.warn(`Purging expired sessions failed: ${String(error)}`),
      );
    }, PURGE_INTERVAL_MS);
    this.purgeTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purgeTimer);
  }

  /** Starts a login session and returns its first token pair. */
  async startSession(identity: Identity): Promise<TokenPair> {
    const sessionId = randomUUID();
    const token = this.newRefreshRow(sessionId, new Date());
    // One statement inserts both rows, so they are written together in one round trip.
    await this.dataSource.query(
      `WITH session AS (
         INSERT INTO auth_session (id, username, user_dn, user_guid, is_local)
         VALUES ($1, $2, $3, $4, $5)
       )
       INSERT INTO refresh_token (id, session_id, issued_at, expires_at)
       VALUES ($6, $1, $7, $8)`,
      [
        sessionId,
        identity.username,
        identity.dn ?? null,
        identity.guid ?? null,
        identity.isLocal,
        token.id,
        token.issuedAt.toISOString(),
        token.expiresAt.toISOString(),
      ],
    );

    return {
      access: this.signAccess({ ...identity, sessionId }),
      refresh: this.signRefresh(token, identity.username),
    };
  }

  /** Verifies a refresh token's signature and finds its row; any failure is a 401. */
  async lookupRefresh(raw: string): Promise<RefreshLookup> {
    const claims = this.verify<RefreshTokenClaims>(raw, 'refresh');
    const [token, session] = await Promise.all([
      this.refreshTokens.findOneBy({ id: claims.jti }),
      this.sessions.findOneBy({ id: claims.sid }),
    ]);
    if (token === null || session === null || token.sessionId !== session.id) {
      throw invalidToken();
    }

    if (session.revokedAt !== null) {
      throw invalidToken('This session has ended. Log in again.');
    }

    if (Date.now() >= this.sessionEnd(session.createdAt).getTime()) {
      await this.revokeSession(session.id, 'max_age');
      throw invalidToken('This session has reached its maximum age. Log in again.');
    }

    if (token.rotatedAt === null) {
      return { kind: 'current', token, session };
    }

    const graceMs = this.config.auth.refreshReuseGrace * 1000;
    const successor =
      token.replacedBy === null
        ? null
        : await this.refreshTokens.findOneBy({ id: token.replacedBy });
    if (successor !== null && Date.now() - token.rotatedAt.getTime() <= graceMs) {
      return { kind: 'recently-rotated', successor, session };
    }

    // A rotated token presented after the grace window was copied: end the whole session.
    await this.revokeSession(session.id, 'refresh_reuse');
    this.metrics?.countRefreshReuse();
    this.logger.warn(
      `Refresh token reuse detected for ${session.username}; session ${session.id} revoked`,
    );
    throw invalidToken('This refresh token was already used. Log in again.');
  }

  /**
   * Rotates a current refresh token. When a parallel request rotated it first, the pair that
   * request produced is returned instead, so both callers end up on the same chain.
   */
  async rotate(token: RefreshToken, session: AuthSession, identity: Identity): Promise<TokenPair> {
    const next = this.newRefreshRow(token.sessionId, session.createdAt);
    // One atomic statement rotates the token, inserts its successor and touches the session.
    // When a parallel rotation took the row first, it returns zero.
    const now = new Date().toISOString();
    const rows: { rotated: number }[] = await this.dataSource.query(
      `WITH rotated AS (
         UPDATE refresh_token SET rotated_at = $3, replaced_by = $2
          WHERE id = $1 AND rotated_at IS NULL
         RETURNING session_id
       ), successor AS (
         INSERT INTO refresh_token (id, session_id, issued_at, expires_at)
         SELECT $2, session_id, $4, $5 FROM rotated
       ), touched AS (
         UPDATE auth_session SET last_used_at = $3 WHERE id IN (SELECT session_id FROM rotated)
       )
       SELECT count(*)::int AS rotated FROM rotated`,
      [token.id, next.id, now, next.issuedAt.toISOString(), next.expiresAt.toISOString()],
    );
    const rotated = rows[0].rotated === 1;
    if (!rotated) {
      const again = await this.refreshTokens.findOneByOrFail({ id: token.id });
      const successor =
        again.replacedBy === null
          ? null
          : await this.refreshTokens.findOneBy({ id: again.replacedBy });
      if (successor === null) {
        throw invalidToken();
      }

      return this.reissue(successor, identity);
    }

    return this.reissue(next, identity);
  }

  /** Signs a new access token and re-creates the refresh JWT of an existing row. */
  reissue(refresh: RefreshToken, identity: Identity): TokenPair {
    return {
      access: this.signAccess({ ...identity, sessionId: refresh.sessionId }),
      refresh: this.signRefresh(refresh, identity.username),
    };
  }

  /**
   * Turns verified access-token claims into the caller, or throws 401 when the claims are not an
   * access token or the session was revoked (logout, password change, refresh-token reuse).
   */
  async principalFor(claims: AccessTokenClaims): Promise<Principal> {
    if (claims.typ !== 'access') {
      throw invalidToken();
    }

    // Every authenticated request runs this, so it reads one boolean with plain SQL instead of
    // loading the whole entity through the repository.
    const rows: { revoked: boolean }[] = await this.dataSource.query(
      'SELECT revoked_at IS NOT NULL AS revoked FROM auth_session WHERE id = $1',
      [claims.sid],
    );
    if (rows.length === 0 || rows[0].revoked) {
      throw invalidToken('This session has ended. Log in again.');
    }

    return principalOf(claims);
  }

  /** Ends every open session of a user, for example after a password change. */
  async revokeUserSessions(username: string, reason: string): Promise<void> {
    await this.sessions.update(
      { username, isLocal: false, revokedAt: IsNull() },
      { revokedAt: new Date(), revokeReason: reason },
    );
  }

  async revokeSession(sessionId: string, reason: string): Promise<void> {
    await this.sessions.update(
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: new Date(), revokeReason: reason },
    );
  }

  /** Deletes sessions whose refresh tokens have all expired, with their tokens. */
  async purgeExpired(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM auth_session s
        WHERE NOT EXISTS (SELECT 1 FROM refresh_token t WHERE t.session_id = s.id AND t.expires_at > now())`,
    );
  }

  /** Returns the moment a session ends, however often it is refreshed. */
  private sessionEnd(createdAt: Date): Date {
    return new Date(createdAt.getTime() + this.config.auth.sessionMaxAge * 1000);
  }

  private newRefreshRow(sessionId: string, sessionCreatedAt: Date): RefreshToken {
    const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const expiresAt = Math.min(
      issuedAt.getTime() + this.config.auth.refreshTokenTtl * 1000,
      Math.floor(this.sessionEnd(sessionCreatedAt).getTime() / 1000) * 1000,
    );

    return Object.assign(new RefreshToken(), {
      id: randomUUID(),
      sessionId,
      issuedAt,
      expiresAt: new Date(expiresAt),
      rotatedAt: null,
      replacedBy: null,
    });
  }

  private signAccess(principal: Principal): string {
    const claims: AccessTokenClaims = {
      typ: 'access',
      sub: principal.username,
      sid: principal.sessionId,
      adm: principal.isAdmin,
      loc: principal.isLocal,
      dn: principal.dn,
      fn: principal.firstName,
      ln: principal.lastName,
      em: principal.email,
    };

    return this.jwt.sign(claims, {
      algorithm: JWT_ALGORITHM,
      expiresIn: this.config.auth.accessTokenTtl,
    });
  }

  /**
   * Signs the refresh JWT of a row. The claims come from the row alone, so signing the same row
   * again yields the same token: that is how a request inside the grace window gets the token
   * its parallel twin already received.
   */
  private signRefresh(row: RefreshToken, username: string): string {
    const claims: RefreshTokenClaims = {
      typ: 'refresh',
      sub: username,
      sid: row.sessionId,
      jti: row.id,
      iat: Math.floor(row.issuedAt.getTime() / 1000),
      exp: Math.floor(row.expiresAt.getTime() / 1000),
    };

    return this.jwt.sign(claims, { algorithm: JWT_ALGORITHM });
  }

  private verify<T extends { typ: string }>(raw: string, type: T['typ']): T {
    let claims: T;
    try {
      claims = this.jwt.verify<T & object>(raw, { algorithms: [JWT_ALGORITHM] });
    } catch {
      throw invalidToken();
    }

    if (claims.typ !== type) {
      throw invalidToken();
    }

    return claims;
  }
}

function principalOf(claims: AccessTokenClaims): Principal {
  return {
    username: claims.sub,
    dn: claims.dn,
    isAdmin: claims.adm,
    isLocal: claims.loc,
    sessionId: claims.sid,
    firstName: claims.fn,
    lastName: claims.ln,
    email: claims.em,
  };
}

function invalidToken(detail = 'The token is invalid or has expired.'): DomainError {
  return new DomainError(ErrorCode.TokenNotValid, detail);
}
