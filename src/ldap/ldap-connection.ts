import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';

import { Client } from 'ldapts';

import { DirectoryConfig, NODE_TLS_VERSION } from '../config/app-config';
import { DomainError, ErrorCode } from '../common/errors';
import { toLdapOperationError } from './ldap-error';

/** The URL to dial for one connection, and whether to upgrade it with StartTLS. */
export interface LdapEndpoint {
  url: string;
  host: string;
  startTls: boolean;
}

/**
 * Resolves a configured server URL into the endpoint to dial. `ldaps://` or LDAP_AUTH_USE_SSL
 * means TLS from the first byte (port 636 unless given). Otherwise StartTLS must be on, because
 * binds carry passwords and AD only accepts password changes over an encrypted channel.
 */
export function resolveEndpoint(url: string, settings: DirectoryConfig): LdapEndpoint {
  const match = /^(ldaps?):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/i.exec(url.trim());
  if (!match) {
    throw new DomainError(ErrorCode.DirectoryUnconfigured, `"${url}" is not a valid LDAP URL.`, {
      field: 'LDAP_AUTH_URL',
    });
  }

  const [, scheme, host, port] = match;
  const secure = scheme.toLowerCase() === 'ldaps' || settings.useSsl;
  if (!secure && !settings.useStartTls) {
    throw new DomainError(
      ErrorCode.DirectoryUnconfigured,
      `The directory URL ${url} is not encrypted. Use ldaps://, or turn on LDAP_AUTH_USE_SSL or LDAP_AUTH_USE_TLS (StartTLS).`,
      { field: 'LDAP_AUTH_URL' },
    );
  }

  const effectivePort = port ?? (secure ? '636' : '389');

  return {
    url: `${secure ? 'ldaps' : 'ldap'}://${host}:${effectivePort}`,
    host: host.replace(/^\[|\]$/g, ''),
    startTls: !secure,
  };
}

const caCache = new Map<string, Buffer>();

function readCa(file: string): Buffer {
  let ca = caCache.get(file);
  if (ca === undefined) {
    ca = readFileSync(file);
    caCache.set(file, ca);
  }

  return ca;
}

/** TLS options for LDAPS and StartTLS; certificate verification is on unless turned off. */
export function tlsOptionsFor(
  endpoint: LdapEndpoint,
  settings: DirectoryConfig,
): ConnectionOptions {
  const options: ConnectionOptions = {
    rejectUnauthorized: settings.tlsVerify,
    minVersion: NODE_TLS_VERSION[settings.tlsVersion],
  };
  if (settings.caFile !== undefined) {
    options.ca = readCa(settings.caFile);
  }

  if (isIP(endpoint.host) === 0) {
    options.servername = endpoint.host;
  }

  return options;
}

/**
 * Opens a connection to one server, upgrades it with StartTLS when needed (always before any
 * bind, so no password crosses the wire in clear text), and binds with the given credentials.
 * The caller owns the returned client and must unbind it.
 */
export async function openConnection(
  endpoint: LdapEndpoint,
  settings: DirectoryConfig,
  bindDn: string,
  password: string,
): Promise<Client> {
  const tlsOptions = tlsOptionsFor(endpoint, settings);
  const client = new Client({
    url: endpoint.url,
    connectTimeout: settings.connectTimeout * 1000,
    timeout: settings.receiveTimeout * 1000,
    // ldapts speaks TLS from the first byte whenever tlsOptions is set, so a StartTLS endpoint
    // gets its options only in startTLS().
    tlsOptions: endpoint.startTls ? undefined : tlsOptions,
    strictDN: false,
  });

  try {
    if (endpoint.startTls) {
      await client.startTLS(tlsOptions);
    }

    await client.bind(bindDn, password);

    return client;
  } catch (error) {
    await client.unbind().catch(() => undefined);
    throw toLdapOperationError('bind', error);
  }
}
