import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { jwtKey } from './jwt-key';
import { AccessTokenClaims, Principal } from './principal';
import { JWT_ALGORITHM, TokenService } from './token.service';

/** Verifies `Authorization: Bearer <access token>` and loads the caller. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly tokens: TokenService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt hands the key to jsonwebtoken, which takes a KeyObject; its types do not say so.
      secretOrKey: jwtKey(config.auth.jwtSecret) as unknown as Buffer,
      algorithms: [JWT_ALGORITHM],
      ignoreExpiration: false,
    });
  }

  validate(claims: AccessTokenClaims): Promise<Principal> {
    return this.tokens.principalFor(claims);
  }
}
