import type { AppConfig, NodeEnv } from '../../config/app-config';
import { buildLoggerOptions, defaultLogLevel, redactPaths } from './logger-options';

function configFor(nodeEnv: NodeEnv): AppConfig {
  return { http: { nodeEnv } } as AppConfig;
}

/** Builds the root logger with a destination that collects its JSON lines. */
function captureLogger(): { logger: import('pino').Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const options = buildLoggerOptions(configFor('production'), {
    level: 'info',
    destination: { write: (line: string) => lines.push(JSON.parse(line)) },
  });
  const logger = (options.pinoHttp as { logger: import('pino').Logger }).logger;

  return { logger, lines };
}

describe(defaultLogLevel.name, () => {
  it.each([
    ['production', 'info'],
    ['development', 'debug'],
    ['test', 'warn'],
  ] as const)('uses %s → %s', (nodeEnv, level) => {
    expect(defaultLogLevel(nodeEnv)).toBe(level);
  });
});

describe(buildLoggerOptions.name, () => {
  it('uses the given level over the default', () => {
    const options = buildLoggerOptions(configFor('test'), { level: 'silent' });

    expect((options.pinoHttp as { logger: { level: string } }).logger.level).toBe('silent');
  });

  it('redacts secrets in nested objects', () => {
    const { logger, lines } = captureLogger();

    logger.info(
      {
        req: { headers: { authorization: 'Bearer abc', cookie: 'sid=1', accept: 'x' } },
        body: { password: 'p1', nested: { refresh: 'r1', deeper: { unicodePwd: 'u1' } } },
        settings: { LDAP_AUTH_CONNECTION_PASSWORD: 's1', DEFAULT_ADMIN_PWD: 'a1' },
        access: 't1',
        list: [{ new_password: 'n1' }],
      },
      'message',
    );

    const line = JSON.stringify(lines[0]);
    for (const secret of ['abc', 'sid=1', 'p1', 'r1', 'u1', 's1', 'a1', 't1', 'n1']) {
      expect(line).not.toContain(secret);
    }

    expect(line).toContain('"accept":"x"');
  });
});

describe(redactPaths.name, () => {
  it('covers the authorization header', () => {
    expect(redactPaths()).toContain('req.headers.authorization');
  });
});
