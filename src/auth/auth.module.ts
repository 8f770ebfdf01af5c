import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { DirectoryIdentityService } from './directory-identity.service';
import { AuthSession } from './entities/auth-session.entity';
import { LocalUser } from './entities/local-user.entity';
import { LoginFailure } from './entities/login-failure.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { jwtKey } from './jwt-key';
import { JwtStrategy } from './jwt.strategy';
import { LocalAdminService } from './local-admin.service';
import { LoginThrottleService } from './login-throttle.service';
import { TokenService } from './token.service';

@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: jwtKey(config.auth.jwtSecret) }),
    }),
    TypeOrmModule.forFeature([AuthSession, RefreshToken, LoginFailure, LocalUser]),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    DirectoryIdentityService,
    LocalAdminService,
    LoginThrottleService,
    TokenService,
    JwtStrategy,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [
    AuthService,
    LoginThrottleService,
    DirectoryIdentityService,
    LocalAdminService,
    TokenService,
  ],
})
export class AuthModule {}
