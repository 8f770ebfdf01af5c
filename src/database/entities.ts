import { AuthSession } from '../auth/entities/auth-session.entity';
import { LocalUser } from '../auth/entities/local-user.entity';
import { LoginFailure } from '../auth/entities/login-failure.entity';
import { RefreshToken } from '../auth/entities/refresh-token.entity';
import { AuditLog } from '../logs/audit-log.entity';
import { Setting } from '../settings/setting.entity';

/** Every entity of the application, listed so that the DataSource never globs files. */
export const ENTITIES = [AuditLog, AuthSession, RefreshToken, LoginFailure, LocalUser, Setting];
