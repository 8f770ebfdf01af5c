import { connect as connectTcp } from 'node:net';
import { connect as connectTls } from 'node:tls';

import { Client } from 'ldapts';

import { DirectoryConfig } from '../config/app-config';
import { LdapEndpoint, resolveEndpoint, tlsOptionsFor } from './ldap-connection';
import { LdapOperationError, LdapResultCode, toLdapOperationError } from './ldap-error';

/** The step at which a server failed a probe. */
export type ProbeFailure = 'port' | 'tls' | 'bind';

/** The result of probing one server. A step that was not reached is null. */
export interface ServerProbe {
  url: string;
  reachable: boolean;
  tls: boolean | null;
  bind: boolean | null;
  /** Whether TLS starts with the first byte (`ldaps`) or through StartTLS (`starttls`). */
  encryption: 'ldaps' | 'starttls';
  failure?: ProbeFailure;
  /** A readable reason for the failure, without secrets. */
  error?: string;
}

function portOf(endpoint: LdapEndpoint): number {
  return Number(/:(\d+)$/.exec(endpoint.url)?.[1]);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Opens and closes a plain TCP connection; rejects when it fails or takes longer than the timeout. */
function checkTcp(endpoint: LdapEndpoint, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp({ host: endpoint.host, port: portOf(endpoint) });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`connection timed out after ${timeoutMs} ms`));
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (error) => {
      socket.destroy();
      reject(error);
    });
  });
}

/** Completes a TLS handshake with the LDAPS port, verifying the certificate as configured. */
function checkLdapsHandshake(
  endpoint: LdapEndpoint,
  settings: DirectoryConfig,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connectTls({
      ...tlsOptionsFor(endpoint, settings),
      host: endpoint.host,
      port: portOf(endpoint),
    });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`TLS handshake timed out after ${timeoutMs} ms`));
    });
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (error: Error) => {
      socket.destroy();
      reject(error);
    });
  });
}

function bindFailureReason(error: LdapOperationError): string {
  if (error.resultCode === LdapResultCode.InvalidCredentials) {
    return `invalid credentials: ${error.detail}`;
  }

  return error.detail;
}

/**
 * Probes one server the way the pool would use it, step by step: TCP reachability, the TLS
 * handshake with certificate verification (LDAPS, or StartTLS on a plain connection), then a
 * simple bind with the given credentials. Stops at the first failing step and reports it in the
 * result, so a failing server does not throw.
 *
 * @throws DomainError when the URL itself is invalid or unencrypted (from resolveEndpoint).
 */
export async function probeServer(
  url: string,
  settings: DirectoryConfig,
  bindDn: string,
  password: string,
): Promise<ServerProbe> {
  const endpoint = resolveEndpoint(url, settings);
  const timeoutMs = settings.connectTimeout * 1000;
  const result: ServerProbe = {
    url: endpoint.url,
    reachable: false,
    tls: null,
    bind: null,
    encryption: endpoint.startTls ? 'starttls' : 'ldaps',
  };

  try {
    await checkTcp(endpoint, timeoutMs);
    result.reachable = true;
  } catch (error) {
    return { ...result, failure: 'port', error: describe(error) };
  }

  if (!endpoint.startTls) {
    try {
      await checkLdapsHandshake(endpoint, settings, timeoutMs);
      result.tls = true;
    } catch (error) {
      return { ...result, tls: false, failure: 'tls', error: describe(error) };
    }
  }

  const tlsOptions = tlsOptionsFor(endpoint, settings);
  const client = new Client({
    url: endpoint.url,
    connectTimeout: timeoutMs,
    timeout: settings.receiveTimeout * 1000,
    tlsOptions: endpoint.startTls ? undefined : tlsOptions,
    strictDN: false,
  });
  try {
    if (endpoint.startTls) {
      try {
        await client.startTLS(tlsOptions);
        result.tls = true;
      } catch (error) {
        return { ...result, tls: false, failure: 'tls', error: describe(error) };
      }
    }

    try {
      await client.bind(bindDn, password);
      result.bind = true;
    } catch (error) {
      const failure = toLdapOperationError('bind', error);

      return { ...result, bind: false, failure: 'bind', error: bindFailureReason(failure) };
    }

    return result;
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
