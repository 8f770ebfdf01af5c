import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';

import { ACCESS_TIER_KEY, AccessTier } from '../src/common/access/access-tier.decorator';
import { startTestApp, TestApp } from './support/app';

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
        route: `${RequestMethod[method]} /${base}/${path}`.replace(/\/+$/, ''),
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

  it('keeps only login and refresh public', () => {
    const publicRoutes = routeTable(app)
      .filter((route) => route.tier === AccessTier.Public)
      .map((route) => route.route)
      .sort();

    expect(publicRoutes).toEqual(['POST /api/token', 'POST /api/token/refresh']);
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

  it('answers 405 for a wrong method on a known path', async () => {
    const response = await app.http.delete('/api/users/fetch/').expect(405);

    expect(response.body.code).toBe('method_not_allowed');
    expect(response.headers.allow).toContain('POST');
  });
});
