import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { loadSandboxEnv } from './support/sandbox';

/**
 * Starts the sandbox Samba AD DC (or reuses the one already running) before any e2e suite, and
 * exports its connection settings so every suite talks to the same directory.
 */
export default function globalSetup(): void {
  execFileSync('bash', [join(__dirname, '..', 'scripts', 'sandbox.sh'), 'up'], {
    stdio: 'inherit',
  });
  Object.assign(process.env, loadSandboxEnv());
}
