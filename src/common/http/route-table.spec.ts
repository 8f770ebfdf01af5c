import express from 'express';

import { allowedMethods, type RouterLike } from './route-table';

function buildRouter(): RouterLike {
  const app = express();
  const handler: express.RequestHandler = (_req, res) => {
    res.end();
  };

  app.get('/api/users', handler);
  app.post('/api/users', handler);
  app.put('/api/users/:id', handler);
  // Nest mounts middleware applied to every method like this, on every path.
  app.all('/{*path}', handler);

  return (app as unknown as { router: RouterLike }).router;
}

describe(allowedMethods.name, () => {
  const router = buildRouter();

  it('lists the methods of a path', () => {
    expect(allowedMethods(router, '/api/users')).toEqual(['GET', 'HEAD', 'POST', 'OPTIONS']);
  });

  it('accepts the trailing slash', () => {
    expect(allowedMethods(router, '/api/users/')).toEqual(['GET', 'HEAD', 'POST', 'OPTIONS']);
  });

  it('matches route parameters', () => {
    expect(allowedMethods(router, '/api/users/42')).toEqual(['PUT', 'OPTIONS']);
  });

  it('ignores routes that take every method', () => {
    expect(allowedMethods(router, '/api/groups')).toEqual([]);
  });

  it('treats a malformed percent-encoding as no match', () => {
    expect(allowedMethods(router, '/api/users/%E0%A4%A')).toEqual([]);
  });
});
