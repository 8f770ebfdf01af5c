import type { NextFunction, Request, Response } from 'express';

/**
 * Sets the response headers that cost nothing for a JSON API and protect the Swagger UI page.
 * No Content-Security-Policy is sent because the Swagger UI page uses inline styles.
 */
export function securityHeadersMiddleware(req: Request, res: Response, next: NextFunction): void {
  // Directory data and tokens must not sit in shared caches; Swagger UI's assets may.
  if (!req.path.startsWith('/api/docs')) {
    res.setHeader('Cache-Control', 'no-store');
  }

  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
}
