import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';

import { AuthSession } from '../src/auth/entities/auth-session.entity';
import { LocalUser } from '../src/auth/entities/local-user.entity';
import { LoginFailure } from '../src/auth/entities/login-failure.entity';
import { RefreshToken } from '../src/auth/entities/refresh-token.entity';
import { DatabaseConfig } from '../src/config/app-config';
import { ConfigModule } from '../src/config/config.module';
import { loadConfig } from '../src/config/load-config';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { DatabaseHealth } from '../src/database/database-health';
import { DatabaseModule } from '../src/database/database.module';
import {
  MIGRATION_LOCK_KEY,
  MigrationLogger,
  runMigrations,
} from '../src/database/migration-runner';
import { AuditLog } from '../src/logs/audit-log.entity';
import { Setting } from '../src/settings/setting.entity';
import { createTestDatabase } from './support/postgres';

type DriverName = 'postgres' | 'pglite';

const DRIVERS: DriverName[] = ['postgres', 'pglite'];

const INITIAL_MIGRATION = 'InitialSchema1764806400000';

const TABLES = [
  'audit_log',
  'auth_session',
  'local_user',
  'login_failure',
  'refresh_token',
  'setting',
];

/** Columns as `name type nullability [DEFAULT expression] [IDENTITY generation]`. */
const EXPECTED_COLUMNS: Record<string, string[]> = {
  audit_log: [
    'id bigint NOT NULL IDENTITY BY DEFAULT',
    'logged_at timestamp with time zone NOT NULL DEFAULT now()',
    'actor character varying(256) NOT NULL',
    'action character varying(16) NOT NULL',
    'object_class character varying(8) NOT NULL',
    'affected_object jsonb NULL',
    'extra_message character varying(256) NULL',
    "outcome character varying(16) NOT NULL DEFAULT 'success'::character varying",
  ],
  auth_session: [
    'id uuid NOT NULL',
    'username character varying(256) NOT NULL',
    'user_dn text NULL',
    'user_guid uuid NULL',
    'is_local boolean NOT NULL',
    'created_at timestamp with time zone NOT NULL DEFAULT now()',
    'last_used_at timestamp with time zone NOT NULL DEFAULT now()',
    'revoked_at timestamp with time zone NULL',
    'revoke_reason character varying(32) NULL',
  ],
  local_user: [
    'username character varying(64) NOT NULL',
    'password_hash text NULL',
    'enabled boolean NOT NULL DEFAULT true',
    'created_at timestamp with time zone NOT NULL DEFAULT now()',
    'updated_at timestamp with time zone NOT NULL DEFAULT now()',
  ],
  login_failure: [
    'id bigint NOT NULL IDENTITY BY DEFAULT',
    'scope character varying(16) NOT NULL',
    'subject character varying(512) NOT NULL',
    'failed_at timestamp with time zone NOT NULL DEFAULT now()',
  ],
  refresh_token: [
    'id uuid NOT NULL',
    'session_id uuid NOT NULL',
    'issued_at timestamp with time zone NOT NULL',
    'expires_at timestamp with time zone NOT NULL',
    'rotated_at timestamp with time zone NULL',
    'replaced_by uuid NULL',
  ],
  setting: [
    'key character varying(64) NOT NULL',
    'value jsonb NOT NULL',
    'updated_at timestamp with time zone NOT NULL DEFAULT now()',
    'updated_by character varying(256) NULL',
  ],
};

const EXPECTED_INDEXES: Record<string, string[]> = {
  audit_log: ['idx_audit_log_logged_at', 'pk_audit_log'],
  auth_session: ['pk_auth_session'],
  local_user: ['pk_local_user'],
  login_failure: ['idx_login_failure_scope_subject_failed_at', 'pk_login_failure'],
  refresh_token: [
    'idx_refresh_token_expires_at',
    'idx_refresh_token_session_id',
    'pk_refresh_token',
  ],
  setting: ['pk_setting'],
};

interface ColumnRow {
  column_name: string;
  data_type: string;
  character_maximum_length: number | string | null;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  is_identity: 'YES' | 'NO';
  identity_generation: string | null;
}

/** A database for one test: PostgreSQL in a fresh database, or PGlite in a fresh folder. */
interface DatabaseTarget {
  config: DatabaseConfig;
  cleanup(): Promise<void>;
}

async function createTarget(driver: DriverName): Promise<DatabaseTarget> {
  const dataDir = mkdtempSync(join(tmpdir(), 'interlock-db-'));
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (driver === 'pglite') {
    return {
      config: { dataDir, migrateOnStart: true },
      cleanup: () => Promise.resolve(removeDataDir()),
    };
  }

  const database = await createTestDatabase();

  return {
    config: { url: database.url, dataDir, migrateOnStart: true },
    cleanup: async () => {
      await database.drop();
      removeDataDir();
    },
  };
}

/** Collects the runner's messages instead of printing them. */
function createRecordingLogger(): MigrationLogger & { messages: string[] } {
  const messages: string[] = [];

  return {
    messages,
    log: (message: string) => messages.push(message),
    warn: (message: string) => messages.push(`WARN ${message}`),
  };
}

function describeColumn(row: ColumnRow): string {
  const type =
    row.character_maximum_length === null
      ? row.data_type
      : `${row.data_type}(${row.character_maximum_length})`;
  const parts = [row.column_name, type, row.is_nullable === 'YES' ? 'NULL' : 'NOT NULL'];
  if (row.column_default !== null) {
    parts.push(`DEFAULT ${row.column_default}`);
  }

  if (row.is_identity === 'YES') {
    parts.push(`IDENTITY ${row.identity_generation}`);
  }

  return parts.join(' ');
}

async function readColumns(dataSource: DataSource, table: string): Promise<string[]> {
  const rows: ColumnRow[] = await dataSource.query(
    `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default,
            is_identity, identity_generation
       FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1
      ORDER BY ordinal_position`,
    [table],
  );

  return rows.map(describeColumn);
}

async function readIndexes(dataSource: DataSource, table: string): Promise<string[]> {
  const rows: Array<{ indexname: string }> = await dataSource.query(
    `SELECT indexname FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename = $1
      ORDER BY indexname`,
    [table],
  );

  return rows.map((row) => row.indexname);
}

async function readTables(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ table_name: string }> = await dataSource.query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_name <> 'migrations'
      ORDER BY table_name`,
  );

  return rows.map((row) => row.table_name);
}

async function readMigrationNames(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> = await dataSource.query(
    'SELECT name FROM migrations ORDER BY id',
  );

  return rows.map((row) => row.name);
}

async function saveSession(dataSource: DataSource): Promise<AuthSession> {
  return dataSource.getRepository(AuthSession).save({
    id: randomUUID(),
    username: 'alice',
    userDn: 'CN=Alice,OU=Staff,DC=interlock,DC=test',
    isLocal: false,
  });
}

describe.each(DRIVERS)('database schema on %s', (driver) => {
  let target: DatabaseTarget;
  let dataSource: DataSource;
  let firstRun: string[];

  beforeAll(async () => {
    target = await createTarget(driver);
    dataSource = new DataSource(buildDataSourceOptions(target.config));
    await dataSource.initialize();
    const migrations = await runMigrations(dataSource, createRecordingLogger());
    firstRun = migrations.map((migration) => migration.name);
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) {
      await dataSource.destroy();
    }

    await target?.cleanup();
  });

  it('runs the initial migration once', async () => {
    const secondRun = await runMigrations(dataSource, createRecordingLogger());

    expect(firstRun).toEqual([INITIAL_MIGRATION]);
    expect(secondRun).toEqual([]);
    expect(await readMigrationNames(dataSource)).toEqual([INITIAL_MIGRATION]);
  });

  it('creates every table', async () => {
    expect(await readTables(dataSource)).toEqual(TABLES);
  });

  it.each(TABLES)('creates the columns of %s', async (table) => {
    expect(await readColumns(dataSource, table)).toEqual(EXPECTED_COLUMNS[table]);
  });

  it.each(TABLES)('creates the indexes of %s', async (table) => {
    expect(await readIndexes(dataSource, table)).toEqual(EXPECTED_INDEXES[table]);
  });

  it('reports the database healthy and migrated', async () => {
    const health = new DatabaseHealth(dataSource);

    expect(await health.ping()).toBe(true);
    expect(await health.migrationsPending()).toBe(false);
  });

  it('round-trips an audit log row', async () => {
    const repository = dataSource.getRepository(AuditLog);
    const affectedObject = { dn: 'CN=Bob,OU=Staff,DC=interlock,DC=test', groups: ['Staff'] };

    const first = await repository.save({
      actor: 'admin',
      action: 'CREATE',
      objectClass: 'USER',
      affectedObject,
      extraMessage: 'created from the API',
    });
    const second = await repository.save({ actor: 'admin', action: 'LOGIN', objectClass: 'CONN' });
    const read = await repository.findOneByOrFail({ id: first.id });

    expect(typeof first.id).toBe('number');
    expect(second.id).toBeGreaterThan(first.id);
    expect(read.id).toBe(first.id);
    expect(read.affectedObject).toEqual(affectedObject);
    expect(read.outcome).toBe('success');
    expect(read.extraMessage).toBe('created from the API');
    expect(read.loggedAt).toBeInstanceOf(Date);
    expect(Math.abs(read.loggedAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('round-trips a session and its refresh token', async () => {
    const session = await saveSession(dataSource);
    const issuedAt = new Date('2030-01-02T03:04:05.678Z');
    const expiresAt = new Date('2030-01-03T03:04:05.678Z');
    const token = await dataSource.getRepository(RefreshToken).save({
      id: randomUUID(),
      sessionId: session.id,
      issuedAt,
      expiresAt,
      rotatedAt: null,
      replacedBy: null,
    });

    const readSession = await dataSource.getRepository(AuthSession).findOneByOrFail({
      id: session.id,
    });
    const readToken = await dataSource.getRepository(RefreshToken).findOneOrFail({
      where: { id: token.id },
      relations: { session: true },
    });

    expect(readSession.userDn).toBe('CN=Alice,OU=Staff,DC=interlock,DC=test');
    expect(readSession.isLocal).toBe(false);
    expect(readSession.createdAt).toBeInstanceOf(Date);
    expect(readSession.lastUsedAt).toBeInstanceOf(Date);
    expect(readSession.revokedAt).toBeNull();
    expect(readToken.sessionId).toBe(session.id);
    expect(readToken.session?.username).toBe('alice');
    expect(readToken.issuedAt).toEqual(issuedAt);
    expect(readToken.expiresAt).toEqual(expiresAt);
    expect(readToken.rotatedAt).toBeNull();
  });

  it('deletes refresh tokens with their session', async () => {
    const session = await saveSession(dataSource);
    const tokens = dataSource.getRepository(RefreshToken);
    const now = new Date();
    await tokens.save({ id: randomUUID(), sessionId: session.id, issuedAt: now, expiresAt: now });

    await dataSource.getRepository(AuthSession).delete({ id: session.id });

    expect(await tokens.countBy({ sessionId: session.id })).toBe(0);
  });

  it('rejects a refresh token without a session', async () => {
    const now = new Date();

    await expect(
      dataSource.getRepository(RefreshToken).insert({
        id: randomUUID(),
        sessionId: randomUUID(),
        issuedAt: now,
        expiresAt: now,
      }),
    ).rejects.toThrow(/fk_refresh_token_session/);
  });

  it('round-trips a login failure', async () => {
    const repository = dataSource.getRepository(LoginFailure);

    const saved = await repository.save({ scope: 'address', subject: '192.0.2.10' });
    const read = await repository.findOneByOrFail({ id: saved.id });

    expect(typeof read.id).toBe('number');
    expect(read.scope).toBe('address');
    expect(read.subject).toBe('192.0.2.10');
    expect(read.failedAt).toBeInstanceOf(Date);
  });

  it('round-trips a local user', async () => {
    const repository = dataSource.getRepository(LocalUser);

    await repository.save({ username: 'admin', passwordHash: null });
    const read = await repository.findOneByOrFail({ username: 'admin' });

    expect(read.passwordHash).toBeNull();
    expect(read.enabled).toBe(true);
    expect(read.createdAt).toBeInstanceOf(Date);
    expect(read.updatedAt).toBeInstanceOf(Date);
  });

  it('round-trips a setting', async () => {
    const repository = dataSource.getRepository(Setting);
    const value = { urls: ['ldaps://dc1.interlock.test'], pageSize: 500, verify: true };

    await repository.save({ key: 'LDAP_CONNECTION', value, updatedBy: 'admin' });
    await repository.save({ key: 'LDAP_DOMAIN', value: 'interlock.test', updatedBy: null });
    const object = await repository.findOneByOrFail({ key: 'LDAP_CONNECTION' });
    const text = await repository.findOneByOrFail({ key: 'LDAP_DOMAIN' });

    expect(object.value).toEqual(value);
    expect(object.updatedBy).toBe('admin');
    expect(text.value).toBe('interlock.test');
    expect(text.updatedBy).toBeNull();
  });

  it('hides an open transaction from other queries', async () => {
    const writer = dataSource.createQueryRunner();
    await writer.startTransaction();
    await writer.manager.save(Setting, { key: 'UNCOMMITTED', value: 1 });

    const count = dataSource.getRepository(Setting).countBy({ key: 'UNCOMMITTED' });
    // Gives the count time to reach the database while the transaction is still open.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await writer.rollbackTransaction();
    await writer.release();

    expect(await count).toBe(0);
  });

  it('undoes the initial migration', async () => {
    await dataSource.undoLastMigration({ transaction: 'each' });

    expect(await readTables(dataSource)).toEqual([]);
    expect(await readMigrationNames(dataSource)).toEqual([]);
    expect(await new DatabaseHealth(dataSource).migrationsPending()).toBe(true);
  });
});

describe('concurrent migrations on postgres', () => {
  const dataSources: DataSource[] = [];
  let cleanup: (() => Promise<void>) | undefined;

  afterEach(async () => {
    for (const dataSource of dataSources.splice(0)) {
      if (dataSource.isInitialized) {
        await dataSource.destroy();
      }
    }

    await cleanup?.();
  });

  it('applies each migration once across three replicas', async () => {
    const target = await createTarget('postgres');
    cleanup = () => target.cleanup();
    for (let replica = 0; replica < 3; replica++) {
      dataSources.push(new DataSource(buildDataSourceOptions(target.config)));
    }

    await Promise.all(dataSources.map((dataSource) => dataSource.initialize()));
    const loggers = dataSources.map(() => createRecordingLogger());
    const runs = await Promise.all(
      dataSources.map((dataSource, index) => runMigrations(dataSource, loggers[index])),
    );
    const [observer] = dataSources;
    const locks: Array<{ count: number | string }> = await observer.query(
      `SELECT count(*) AS count FROM pg_locks
        WHERE locktype = 'advisory'
          AND ((classid::bigint << 32) | objid::bigint) = $1::bigint`,
      [MIGRATION_LOCK_KEY],
    );

    expect(runs.map((run) => run.length).sort()).toEqual([0, 0, 1]);
    expect(await readMigrationNames(observer)).toEqual([INITIAL_MIGRATION]);
    expect(await readTables(observer)).toEqual(TABLES);
    expect(loggers.flatMap((logger) => logger.messages)).not.toContainEqual(
      expect.stringMatching(/^WARN/),
    );
    expect(Number(locks[0].count)).toBe(0);
  });
});

@Injectable()
class SettingReader implements OnModuleInit {
  count: number | undefined;

  constructor(@InjectRepository(Setting) private readonly settings: Repository<Setting>) {}

  async onModuleInit(): Promise<void> {
    this.count = await this.settings.count();
  }
}

@Module({
  imports: [DatabaseModule, TypeOrmModule.forFeature([Setting])],
  providers: [SettingReader],
})
class SettingReaderModule {}

describe.each(DRIVERS)('DatabaseModule on %s', (driver) => {
  let target: DatabaseTarget | undefined;

  afterEach(async () => {
    await target?.cleanup();
    target = undefined;
  });

  it('migrates before importing modules initialise', async () => {
    target = await createTarget(driver);
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: target.config.dataDir,
      ...(target.config.url === undefined ? {} : { DATABASE_URL: target.config.url }),
    });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), SettingReaderModule],
    }).compile();

    try {
      await moduleRef.init();

      expect(moduleRef.get(SettingReader).count).toBe(0);
      expect(await moduleRef.get(DatabaseHealth).migrationsPending()).toBe(false);
    } finally {
      await moduleRef.close();
    }
  });
});
