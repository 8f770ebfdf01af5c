import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SANDBOX_ENV_FILE = join(__dirname, '..', '..', '.sandbox', 'interlock.env');

/** Reads the KEY=VALUE lines that scripts/sandbox.sh writes, unquoting shell-quoted values. */
export function loadSandboxEnv(file = SANDBOX_ENV_FILE): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (!match) {
      continue;
    }

    env[match[1]] = unquote(match[2]);
  }

  return env;
}

function unquote(value: string): string {
  if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) {
    return value.slice(1, -1).replace(/'\\''/g, "'");
  }

  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
    return value.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
  }

  return value;
}
