import { createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

import { DomainError, ErrorCode } from '../common/errors';
import { loadConfig } from '../config/load-config';
import { testConnection } from './connection-test';
import { defaultSettingValues, SettingValues } from './setting-values';

/** Starts servers that accept TCP connections and never send a byte. */
async function startSilentServers(
  count: number,
): Promise<{ urls: string[]; stop(): Promise<void> }> {
  const sockets: Socket[] = [];
  const servers: Server[] = [];
  for (let i = 0; i < count; i++) {
    const server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
  }

  return {
    urls: servers.map((server) => `ldaps://127.0.0.1:${(server.address() as AddressInfo).port}`),
    stop: async () => {
      sockets.forEach((socket) => socket.destroy());
      await Promise.all(
        servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      );
    },
  };
}

describe(testConnection.name, () => {
  const config = loadConfig({
    JWT_SECRET: 'j'.repeat(32),
    SETTINGS_ENCRYPTION_KEY: 's'.repeat(32),
    LDAP_AUTH_URL: 'ldaps://127.0.0.1:636',
    LDAP_AUTH_CONNECTION_PASSWORD: 'service-password',
  });

  function valuesWith(urls: string[], connectTimeout: number): SettingValues {
    return {
      ...defaultSettingValues(config),
      LDAP_AUTH_URL: urls,
      LDAP_AUTH_CONNECT_TIMEOUT: connectTimeout,
    };
  }

  it('reports servers still probed at the deadline as timed out', async () => {
    const silent = await startSilentServers(3);
    try {
      const started = Date.now();
      const error = await testConnection(valuesWith(silent.urls, 10), config.directory, {
        deadlineMs: 500,
      }).catch((caught: unknown) => caught);
      const elapsed = Date.now() - started;

      expect(elapsed).toBeLessThan(2000);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe(ErrorCode.DirectoryTimeout);
      const servers = (error as DomainError).extra?.data as { servers: Record<string, unknown>[] };
      expect(servers.servers).toHaveLength(3);
      for (const server of servers.servers) {
        expect(server).toMatchObject({ reachable: false, tls: null, bind: null });
        expect(server.error).toContain('0.5 s limit');
      }
    } finally {
      await silent.stop();
    }
  });

  it('starts no more probes than the concurrency limit', async () => {
    const silent = await startSilentServers(4);
    try {
      const started = Date.now();
      const error = await testConnection(valuesWith(silent.urls, 1), config.directory, {
        concurrency: 2,
      }).catch((caught: unknown) => caught);
      const elapsed = Date.now() - started;

      // Two rounds of two 1 s handshake timeouts.
      expect(elapsed).toBeGreaterThanOrEqual(1900);
      expect(elapsed).toBeLessThan(3500);
      expect((error as DomainError).code).toBe(ErrorCode.DirectoryTls);
    } finally {
      await silent.stop();
    }
  });
});
