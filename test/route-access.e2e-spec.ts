import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';

import { connect } from 'node:net';

import { ACCESS_TIER_KEY, AccessTier } from '../src/common/access/access-tier.decorator';
import { login, startTestApp, TestApp } from './support/app';

interface RouteAccess {
  route: string;
  tier: AccessTier | undefined;
}

/** Lists every handler of every controller with the access tier it declares. */
function routeTable(app: TestApp): RouteAccess[] {
  const modules = app.app.get(ModulesContainer);
  const scanner = new MetadataScanner();
  const reflector = app.app.get(Reflector);
  const routes: RouteAccess[] = [];
  const controllers = [...modules.values()].flatMap((module) => [...module.controllers.values()]);
  for (const wrapper of controllers) {
    const instance = wrapper.instance as object | undefined;
    if (instance === undefined) {
      continue;
    }

    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    const base = Reflect.getMetadata(PATH_METADATA, instance.constructor) as string;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as () => unknown;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (path === undefined) {
        continue;
      }

      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
      routes.push({
        route: `${RequestMethod[method]} /${base}/${path}`.replace(/\/+/g, '/').replace(/\/$/, ''),
        tier: reflector.getAllAndOverride<AccessTier | undefined>(ACCESS_TIER_KEY, [
          handler,
          instance.constructor,
        ]),
      });
    }
  }

  return routes;
}

describe('route access tiers (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('gives every route an access tier', () => {
    const routes = routeTable(app);

    expect(routes.length).toBeGreaterThan(5);
    expect(routes.filter((route) => route.tier === undefined)).toEqual([]);
  });

  it('keeps only login, refresh and the probes public', () => {
    const publicRoutes = routeTable(app)
      .filter((route) => route.tier === AccessTier.Public)
      .map((route) => route.route)
      .sort();

    expect(publicRoutes).toEqual([
      'GET /healthz',
      'GET /metrics',
      'GET /readyz',
      'POST /api/token',
      'POST /api/token/refresh',
    ]);
  });

  it('documents every route in the OpenAPI description', async () => {
    const response = await app.http.get('/api/docs-json').expect(200);
    const paths = response.body.paths as Record<string, Record<string, unknown>>;

    for (const { route } of routeTable(app)) {
      const [method, path] = route.split(' ');
      expect(paths[path]).toHaveProperty(method.toLowerCase());
    }
  });

  it('answers 404 JSON for an unknown route', async () => {
    const response = await app.http.get('/api/nothing-here/').expect(404);

    expect(response.body).toEqual({
      code: 'not_found',
      detail: expect.any(String),
      status_code: 404,
    });
  });

  it('does not log out on HEAD', async () => {
    const tokens = await login(app, 'demo.user', app.sandbox.SANDBOX_DEMO_PASSWORD);

    await app.http
      .head('/api/users/logout/')
      .set('Authorization', `Bearer ${tokens.access}`)
      .expect(405);

    await app.http
      .get('/api/users/me/')
      .set('Authorization', `Bearer ${tokens.access}`)
      .expect(200);
  });

  it('forbids caching of API responses', async () => {
    const response = await app.http.post('/api/token/').send({ username: 'x', password: 'y' });

    expect(response.headers['cache-control']).toBe('no-store');
  });

  it.each([
    [
      'an oversized header',
      `GET /api/users/me/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'a'.repeat(20000)}\r\n\r\n`,
      431,
    ],
    [
      'a bare line feed in a header',
      'GET /api/users/me/ HTTP/1.1\r\nHost: x\r\nX-A: a\nb\r\n\r\n',
      400,
    ],
    [
      'both Content-Length and Transfer-Encoding',
      'POST /api/token/ HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      400,
    ],
  ])('answers %s from the HTTP parser with JSON', async (_case, raw, status) => {
    const server = app.app.getHttpServer();
    if (!server.listening) {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    }

    const port = (server.address() as import('node:net').AddressInfo).port;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(raw));
      let data = '';
      socket.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });

    expect(reply.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toMatchObject({
      status_code: status,
    });
  });

  it('answers 405 for a wrong method on a known path', async () => {
    const response = await app.http.delete('/api/users/fetch/').expect(405);

    expect(response.body.code).toBe('method_not_allowed');
    expect(response.headers.allow).toContain('POST');
  });
});
