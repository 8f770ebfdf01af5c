import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DockerfileParser } from 'dockerfile-ast';

import { ensureBuilt, freePort } from './support/app-process';
import { createTestDatabase, TestDatabase } from './support/postgres';
import { loadSandboxEnv } from './support/sandbox';

// The production image's contents without Docker: dist/ with production dependencies only,
// installed by `npm ci --omit=dev --ignore-scripts` into a clean folder owned by root, run as an
// unprivileged user that can write only DATA_DIR. The migration Job's command runs first, then
// the server starts with MIGRATE_ON_START=false, as in the Helm chart.

const ROOT = join(__dirname, '..');
/** uid and gid of `nobody` on Debian. */
const UNPRIVILEGED_ID = 65534;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 30_000;

/** Runs `command` as the unprivileged user with exactly `env`. */
function asUnprivileged(command: string[]): string[] {
  return [
    'setpriv',
    `--reuid=${UNPRIVILEGED_ID}`,
    `--regid=${UNPRIVILEGED_ID}`,
    '--clear-groups',
    ...command,
  ];
}

/** Returns the `node -e` script of the Dockerfile's HEALTHCHECK. */
function healthcheckScript(): string {
  const dockerfile = DockerfileParser.parse(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  const healthcheck = dockerfile
    .getInstructions()
    .find((instruction) => instruction.getKeyword() === 'HEALTHCHECK')!;
  const command = /CMD\s+(\[.*\])\s*$/s.exec(healthcheck.getTextContent().replace(/\\\n/g, ''))![1];
  const [node, flag, script] = JSON.parse(command) as string[];
  if (node !== 'node' || flag !== '-e') {
    throw new Error(`Unexpected HEALTHCHECK command: ${command}`);
  }

  return script;
}

describe('production build (e2e)', () => {
  let folder: string;
  let appDir: string;
  let dataDir: string;
  let database: TestDatabase;
  let baseEnv: Record<string, string>;

  beforeAll(async () => {
    ensureBuilt();
    folder = mkdtempSync(join(tmpdir(), 'interlock-production-'));
    chmodSync(folder, 0o755);
    appDir = join(folder, 'app');
    dataDir = join(folder, 'data');
    mkdirSync(appDir);
    mkdirSync(dataDir);
    chownSync(dataDir, UNPRIVILEGED_ID, UNPRIVILEGED_ID);

    cpSync(join(ROOT, 'dist'), join(appDir, 'dist'), { recursive: true });
    for (const file of ['package.json', 'package-lock.json']) {
      copyFileSync(join(ROOT, file), join(appDir, file));
    }

    // --prefer-offline takes packages from the local npm cache, so repeated runs stay fast.
    execFileSync(
      'npm',
      ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'],
      { cwd: appDir, stdio: 'inherit', timeout: 180_000 },
    );

    const sandbox = loadSandboxEnv();
    const caFile = join(folder, 'directory-ca.pem');
    copyFileSync(sandbox.LDAP_TLS_CA_FILE, caFile);
    chmodSync(caFile, 0o644);
    database = await createTestDatabase();
    baseEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
    };
    for (const key of Object.keys(sandbox).filter((name) => name.startsWith('LDAP_'))) {
      baseEnv[key] = sandbox[key];
    }

    baseEnv.LDAP_TLS_CA_FILE = caFile;
  }, 240_000);

  afterAll(async () => {
    await database?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('installs no dev dependencies', () => {
    const installed = readdirSync(join(appDir, 'node_modules'));

    // NOTE: typescript and ts-node do get installed: npm keeps them because typeorm lists
    // ts-node as an optional peer dependency, so they are not checked here.
    for (const devDependency of ['jest', 'eslint', 'prettier', 'supertest', 'ts-jest']) {
      expect(installed).not.toContain(devDependency);
    }

    expect(readdirSync(join(appDir, 'node_modules', '@nestjs'))).not.toContain('cli');
    expect(readdirSync(join(appDir, 'node_modules', '@nestjs'))).not.toContain('testing');
  });

  it('runs the migration command twice', () => {
    const env = { PATH: baseEnv.PATH, NODE_ENV: 'production', DATABASE_URL: database.url };
    const command = asUnprivileged(['node', 'dist/migrate.js']);
    const first = spawnSync(command[0], command.slice(1), { cwd: appDir, env, encoding: 'utf8' });
    const second = spawnSync(command[0], command.slice(1), { cwd: appDir, env, encoding: 'utf8' });

    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/Ran \d+ migration\(s\)/);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('No pending migrations');
  });

  it('rejects a missing DATABASE_URL in migration', () => {
    const command = asUnprivileged(['node', 'dist/migrate.js']);
    const result = spawnSync(command[0], command.slice(1), {
      cwd: appDir,
      env: { PATH: baseEnv.PATH, NODE_ENV: 'production' },
      encoding: 'utf8',
    });

    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toContain('DATABASE_URL is missing');
  });

  it('serves as an unprivileged user and stops on SIGTERM', async () => {
    const port = await freePort();
    const command = asUnprivileged(['node', 'dist/main.js']);
    const child = spawn(command[0], command.slice(1), {
      cwd: appDir,
      env: {
        ...baseEnv,
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: dataDir,
        MIGRATE_ON_START: 'false',
        JWT_SECRET: 'production-build-test-jwt-secret-of-32-characters',
        SETTINGS_ENCRYPTION_KEY: 'production-build-test-settings-key-of-32-chars',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const url = `http://127.0.0.1:${port}`;

    try {
      const started = Date.now();
      let health: Response | undefined;
      while (health === undefined) {
        if (child.exitCode !== null) {
          throw new Error(`The server exited with ${child.exitCode} at start:\n${output}`);
        }

        if (Date.now() - started > START_TIMEOUT_MS) {
          throw new Error(`The server did not start within ${START_TIMEOUT_MS} ms:\n${output}`);
        }

        health = await fetch(`${url}/healthz`).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      await health.text();
      const readiness = await fetch(`${url}/readyz`);
      const healthcheck = spawnSync(process.execPath, ['-e', healthcheckScript()], {
        env: { PORT: String(port) },
        timeout: 10_000,
      });

      expect(health.status).toBe(200);
      expect(readiness.status).toBe(200);
      expect(await readiness.json()).toMatchObject({ database: 'up', migrations: 'done' });
      expect(healthcheck.status).toBe(0);
      // With DATABASE_URL and the secrets given, production writes nothing to DATA_DIR.
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      child.kill('SIGTERM');
    }

    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    if (code === 'timeout') {
      child.kill('SIGKILL');
    }

    expect(code).toBe(0);
    expect(output).toContain('Stopped');
  });

  it('fails the healthcheck without a server', async () => {
    const port = await freePort();
    const healthcheck = spawnSync(process.execPath, ['-e', healthcheckScript()], {
      env: { PORT: String(port) },
      timeout: 10_000,
    });

    expect(healthcheck.status).toBe(1);
  });
});
