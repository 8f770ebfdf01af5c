import { DomainError, ErrorCode } from '../common/errors';
import { DirectoryConfig } from '../config/app-config';
import { probeServer, ServerProbe } from '../ldap/connection-probe';
import { connectionUsername, directoryConfigOf, SettingValues } from './setting-values';

/** Maximum connect or receive timeout of a test, in seconds, whatever the settings contain. */
export const MAX_TEST_TIMEOUT_SECONDS = 30;

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

const FAILURE_ORDER = [
  { failure: 'port', code: ErrorCode.DirectoryUnreachable, what: 'could not be reached' },
  { failure: 'tls', code: ErrorCode.DirectoryTls, what: 'failed the TLS handshake' },
  { failure: 'bind', code: ErrorCode.DirectoryUnavailable, what: 'refused the bind' },
] as const;

/**
 * Probes every server of the given settings in turn (TCP, TLS, bind with the service account)
 * with timeouts capped at MAX_TEST_TIMEOUT_SECONDS. Every server must pass, because a test
 * should reveal a dead failover server too.
 *
 * @throws DomainError `ldap_port_err`, `ldap_tls_err` or `ldap_bind_err` (503) for the earliest
 *   step that failed on any server, with the whole report as extra keys.
 */
export async function testConnection(
  values: SettingValues,
  base: DirectoryConfig,
): Promise<ConnectionReport> {
  const settings: DirectoryConfig = {
    ...directoryConfigOf(values, base),
    connectTimeout: Math.min(values.LDAP_AUTH_CONNECT_TIMEOUT, MAX_TEST_TIMEOUT_SECONDS),
    receiveTimeout: Math.min(values.LDAP_AUTH_RECEIVE_TIMEOUT, MAX_TEST_TIMEOUT_SECONDS),
  };
  const probes: ServerProbe[] = [];
  for (const url of settings.urls) {
    probes.push(await probeServer(url, settings, settings.bindDn, settings.bindPassword ?? ''));
  }

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

  for (const { failure, code, what } of FAILURE_ORDER) {
    const failing = probes.filter((probe) => probe.failure === failure);
    if (failing.length > 0) {
      const reasons = failing.map(
        (probe) => `${probe.url} ${what}: ${probe.error ?? 'unknown error'}`,
      );
      throw new DomainError(
        code,
        `The connection test failed. ${reasons.join('. ')}. Tried TCP, then TLS, then a bind as ${settings.bindDn}; nothing was saved.`,
        { extra: { data: report } },
      );
    }
  }

  return report;
}
