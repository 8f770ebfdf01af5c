import type { NextFunction, Request, RequestHandler, Response } from 'express';

import { MetricsService } from './metrics.service';

/**
 * Measures every request, labelled with the route template Express matched (`/api/users/fetch`)
 * rather than the path, so the label set stays bounded. Unknown paths share one label.
 */
export function httpMetricsMiddleware(metrics: MetricsService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const template = (req.route as { path?: unknown } | undefined)?.path;
      // The catch-all route that returns 404 has a wildcard template, so it counts as unmatched.
      const matched = typeof template === 'string' && !template.includes('*');
      const route = matched ? `${req.baseUrl}${template}`.replace(/\/$/, '') : 'unmatched';
      metrics.observeHttp(req.method, route === '' ? '/' : route, res.statusCode, seconds);
    });
    next();
  };
}
