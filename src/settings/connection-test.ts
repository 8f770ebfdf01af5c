import { DomainError, ErrorCode } from '../common/errors';
import { DirectoryConfig } from '../config/app-config';
import { probeServer, ServerProbe } from '../ldap/connection-probe';
import { resolveEndpoint } from '../ldap/ldap-connection';
import { connectionUsername, directoryConfigOf, SettingValues } from './setting-values';

/** Maximum connect or receive timeout of a test, in seconds, whatever the settings contain. */
export const MAX_TEST_TIMEOUT_SECONDS = 30;

/** Maximum duration of a whole test, in milliseconds, however many servers it probes. */
export const TEST_DEADLINE_MS = 60_000;

/** Maximum number of servers a test probes at the same time. */
export const TEST_CONCURRENCY = 8;

/** A server probe, or the mark of a server whose probe did not finish before the deadline. */
type ProbeResult = ServerProbe | (Omit<ServerProbe, 'failure'> & { failure: 'deadline' });

/** The steps a connection test tried and their results. It never contains a password. */
export interface ConnectionReport {
  result: 'ok' | 'failed';
  servers: Omit<ServerProbe, 'failure'>[];
  server_pool: string[];
  user_dn_used: string;
  user_used: string;
  ssl: boolean;
  tls: boolean;
  tls_version: string;
  tls_verify: boolean;
  connect_timeout: number;
  receive_timeout: number;
}

export interface ConnectionTestOptions {
  /** Defaults to TEST_DEADLINE_MS. */
  deadlineMs?: number;
  /** Defaults to TEST_CONCURRENCY. */
  concurrency?: number;
}

const FAILURE_ORDER = [
  { failure: 'port', code: ErrorCode.DirectoryUnreachable, what: 'could not be reached' },
  { failure: 'tls', code: ErrorCode.DirectoryTls, what: 'failed the TLS handshake' },
  { failure: 'bind', code: ErrorCode.DirectoryUnavailable, what: 'refused the bind' },
  { failure: 'deadline', code: ErrorCode.DirectoryTimeout, what: 'timed out' },
] as const;

/**
 * Probes every server of the given settings (TCP, TLS, bind with the service account), with
 * timeouts capped at MAX_TEST_TIMEOUT_SECONDS, up to `concurrency` servers at a time. Every
 * server must pass, because a test should reveal a dead failover server too. A server whose
 * probe has not finished when the deadline passes is reported as timed out, so the whole test
 * takes at most `deadlineMs` plus the time to start the probes.
 *
 * NOTE: a probe that missed the deadline keeps its sockets open until its own timeouts close
 *   them, because probeServer cannot be cancelled.
 *
 * @throws DomainError `ldap_port_err`, `ldap_tls_err`, `ldap_bind_err` or `ldap_timeout` (503)
 *   for the earliest step that failed on any server, in that order, with the whole report as
 *   extra keys.
 */
export async function testConnection(
  values: SettingValues,
  base: DirectoryConfig,
  options: ConnectionTestOptions = {},
): Promise<ConnectionReport> {
  const settings: DirectoryConfig = {
    ...directoryConfigOf(values, base),
    connectTimeout: Math.min(values.LDAP_AUTH_CONNECT_TIMEOUT, MAX_TEST_TIMEOUT_SECONDS),
    receiveTimeout: Math.min(values.LDAP_AUTH_RECEIVE_TIMEOUT, MAX_TEST_TIMEOUT_SECONDS),
  };
  const probes = await probeAll(
    settings,
    options.deadlineMs ?? TEST_DEADLINE_MS,
    options.concurrency ?? TEST_CONCURRENCY,
  );

  const failed = probes.some((probe) => probe.failure !== undefined);
  const report: ConnectionReport = {
    result: failed ? 'failed' : 'ok',
    servers: probes.map(({ failure: _failure, ...probe }) => probe),
    server_pool: probes.map((probe) => probe.url),
    user_dn_used: settings.bindDn,
    user_used: connectionUsername(settings.bindDn),
    ssl: settings.useSsl,
    tls: settings.useStartTls,
    tls_version: settings.tlsVersion,
    tls_verify: settings.tlsVerify,
    connect_timeout: settings.connectTimeout,
    receive_timeout: settings.receiveTimeout,
  };

  const first = FAILURE_ORDER.find(({ failure }) =>
    probes.some((probe) => probe.failure === failure),
  );
  if (first !== undefined) {
    const reasons = FAILURE_ORDER.flatMap(({ failure, what }) =>
      probes
        .filter((probe) => probe.failure === failure)
        .map((probe) => `${probe.url} ${what}: ${probe.error ?? 'unknown error'}`),
    );
    throw new DomainError(
      first.code,
      `The connection test failed. ${reasons.join('. ')}. Tried TCP, then TLS, then a bind as ${settings.bindDn}; nothing was saved.`,
      { extra: { data: report } },
    );
  }

  return report;
}

/**
 * Probes the servers with at most `concurrency` probes running at once, and stops waiting at
 * the deadline. The results keep the order of the URLs.
 */
async function probeAll(
  settings: DirectoryConfig,
  deadlineMs: number,
  concurrency: number,
): Promise<ProbeResult[]> {
  const results: (ProbeResult | undefined)[] = settings.urls.map(() => undefined);
  let next = 0;
  let expired = false;
  const worker = async (): Promise<void> => {
    while (!expired && next < settings.urls.length) {
      const index = next;
      next += 1;
      results[index] = await probeServer(
        settings.urls[index],
        settings,
        settings.bindDn,
        settings.bindPassword ?? '',
      );
    }
  };

  const workers = Array.from({ length: Math.min(concurrency, settings.urls.length) }, () =>
    worker(),
  );

  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, deadlineMs);
  });
  try {
    await Promise.race([Promise.all(workers), deadline]);
  } finally {
    expired = true;
    clearTimeout(timer);
  }

  return settings.urls.map((url, index) => {
    const result = results[index];
    if (result !== undefined) {
      return result;
    }

    const endpoint = resolveEndpoint(url, settings);

    return {
      url: endpoint.url,
      reachable: false,
      tls: null,
      bind: null,
      encryption: endpoint.startTls ? 'starttls' : 'ldaps',
      failure: 'deadline',
      error: `the probe did not finish within the ${deadlineMs / 1000} s limit of a connection test`,
    };
  });
}
