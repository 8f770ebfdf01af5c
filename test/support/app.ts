import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';

import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { createTestDatabase, TestDatabase } from './postgres';
import { loadSandboxEnv } from './sandbox';

export const LOCAL_ADMIN_PASSWORD = 'Local-Admin-Test-Password-1';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  http: ReturnType<typeof request>;
  sandbox: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts the whole API against the sandbox DC and a fresh PostgreSQL database.
 * NOTE: Passport keeps one global "jwt" strategy, so while two test apps are open, tokens are
 * checked against the one started last. A suite should close one app before starting another. Page size and
 * range step are small so the paging and range loops run even though Samba would return
 * everything at once.
 */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const sandbox = loadSandboxEnv();
  const database: TestDatabase = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'interlock-e2e-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    LOCAL_ADMIN_PASSWORD,
    LDAP_PAGE_SIZE: '100',
    LDAP_RANGE_STEP: '500',
    LDAP_POOL_SIZE: '2',
    ...pickDirectoryVariables(sandbox),
    ...overrides,
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  await configureApp(app, config);
  await app.init();

  return {
    app,
    config,
    http: request(app.getHttpServer()),
    sandbox,
    close: async () => {
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function pickDirectoryVariables(sandbox: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(sandbox).filter(([key]) => key.startsWith('LDAP_')));
}

/** Logs in and returns the token pair. */
export async function login(
  testApp: TestApp,
  username: string,
  password: string,
): Promise<{ access: string; refresh: string }> {
  const response = await testApp.http.post('/api/token/').send({ username, password }).expect(200);

  return { access: response.body.access as string, refresh: response.body.refresh as string };
}
