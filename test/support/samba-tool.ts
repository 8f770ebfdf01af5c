import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const SANDBOX_DIR = join(__dirname, '..', '..', '.sandbox');
const SMB_CONF = join(SANDBOX_DIR, 'dc', 'etc', 'smb.conf');
const ADMIN_PASSWORD_FILE = join(SANDBOX_DIR, 'admin-password');
/** The sandbox DC's DNS RPC server, which `samba-tool dns` talks to. */
export const SANDBOX_DNS_SERVER = '127.0.0.1';

const run = promisify(execFile);

export interface SambaToolResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs `samba-tool` against the sandbox DC as Administrator and returns its output. The
 * password goes in the PASSWD environment variable, which samba-tool reads, so it stays out of
 * the process list. Rejects with the command's output when samba-tool exits non-zero.
 */
export async function sambaTool(...args: string[]): Promise<SambaToolResult> {
  const password = readFileSync(ADMIN_PASSWORD_FILE, 'utf8').trim();
  try {
    return await run('samba-tool', [...args, '-U', 'Administrator', '-s', SMB_CONF], {
      env: { ...process.env, PASSWD: password },
      timeout: 60_000,
    });
  } catch (error) {
    const failure = error as Error & { stdout?: string; stderr?: string };
    throw new Error(
      `samba-tool ${args.join(' ')} failed: ${failure.message}\n${failure.stderr ?? ''}${failure.stdout ?? ''}`,
      { cause: error },
    );
  }
}

/** Runs `samba-tool dns <subcommand> 127.0.0.1 <args>` against the sandbox DC. */
export async function sambaToolDns(subcommand: string, ...args: string[]): Promise<string> {
  const { stdout } = await sambaTool('dns', subcommand, SANDBOX_DNS_SERVER, ...args);

  return stdout;
}

/** Lists the zone names `samba-tool dns zonelist` reports, in lower case. */
export async function sambaZoneNames(): Promise<string[]> {
  const output = await sambaToolDns('zonelist');

  return [...output.matchAll(/pszZoneName\s*:\s*(\S+)/g)].map((match) => match[1].toLowerCase());
}
