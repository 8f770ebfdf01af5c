import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadSandboxEnv } from './sandbox';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'main.js');
const START_TIMEOUT_MS = 30_000;

/** An API instance running as its own Node process, as a replica does in production. */
export interface AppProcess {
  port: number;
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** Sends SIGTERM (unless already exited), waits for the exit and removes the data folder. */
  stop(): Promise<number | null>;
}

function newestModification(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    const time = entry.isDirectory() ? newestModification(path) : statSync(path).mtimeMs;
    newest = Math.max(newest, time);
  }

  return newest;
}

/** Builds dist/ when it is missing or older than a source file, so suites run the current code. */
export function ensureBuilt(): void {
  if (existsSync(MAIN) && statSync(MAIN).mtimeMs >= newestModification(join(ROOT, 'src'))) {
    return;
  }

  execFileSync('npx', ['nest', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

/** Returns a loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node dist/main.js` with the sandbox directory settings and `env`, and waits until
 * `/healthz` responds.
 */
export async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  ensureBuilt();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'interlock-process-'));
  const sandbox = Object.fromEntries(
    Object.entries(loadSandboxEnv()).filter(([key]) => key.startsWith('LDAP_')),
  );
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      ...sandbox,
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;

  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`The API process exited with ${child.exitCode} at start:\n${output}`);
    }

    try {
      if ((await fetch(`${url}/healthz`)).ok) {
        break;
      }
    } catch {
      // Not listening yet.
    }

    if (Date.now() - started > START_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`The API process did not start within ${START_TIMEOUT_MS} ms:\n${output}`);
    }

    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    port,
    url,
    child,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
      }

      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });

      return code;
    },
  };
}
