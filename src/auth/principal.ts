/** The authenticated caller, as carried by the access token. */
export interface Principal {
  username: string;
  /** The caller's directory entry; undefined for the local bootstrap admin. */
  dn?: string;
  isAdmin: boolean;
  isLocal: boolean;
  /** The login session (refresh-token family) the token belongs to. */
  sessionId: string;
  firstName: string;
  lastName: string;
  email: string;
}

/** Claims of an access token. */
export interface AccessTokenClaims {
  typ: 'access';
  sub: string;
  sid: string;
  adm: boolean;
  loc: boolean;
  dn?: string;
  fn: string;
  ln: string;
  em: string;
  iat?: number;
  exp?: number;
}

/** Claims of a refresh token; `jti` is the refresh_token row id. */
export interface RefreshTokenClaims {
  typ: 'refresh';
  sub: string;
  sid: string;
  jti: string;
  iat: number;
  exp: number;
}

/** The fields of a successful login that go into both tokens. */
export type Identity = Omit<Principal, 'sessionId'> & {
  /** objectGUID of the directory entry, which binds the session to that very entry. */
  guid?: string;
};
