import type { RequestHandler } from 'express';
import { OPERATIONS, type Operation } from './operations';

const EXPOSED = 'Location, Retry-After, X-Request-Id, Idempotent-Replayed, WWW-Authenticate';
/** Every method some operation answers on. */
const API_METHODS = [...new Set(Object.values(OPERATIONS as Record<string, Operation>).map((op) => op.method.toUpperCase()))].join(', ');

/**
 * CORS for the browser origins in `CORS_ORIGINS` (exact `scheme://host[:port]` matches; none by default): such an
 * origin may call the JSON API with a bearer token and read the headers integrators need. Cookies are never allowed
 * cross-origin (no `Access-Control-Allow-Credentials`), so the pages' session stays same-site. A preflight from an
 * origin not listed gets no CORS headers, and the browser refuses the call.
 */
export function cors(originsSpec: string): RequestHandler {
  const origins = new Set(originsSpec.split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean));
  return (req, res, next) => {
    const origin = req.get('origin');
    if (!origin || !origins.has(origin) || req.path.startsWith('/ui')) return next();
    res.vary('Origin');
    res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSED });
    if (req.method !== 'OPTIONS' || !req.get('access-control-request-method')) return next();
    res.set({
      'Access-Control-Allow-Methods': API_METHODS,
      'Access-Control-Allow-Headers': 'Authorization, Content-Type, Idempotency-Key, X-Request-Id',
      'Access-Control-Max-Age': '600',
    });
    res.status(204).end();
  };
}
