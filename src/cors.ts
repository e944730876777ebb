import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { noteRejection, type RequestScope } from './request-scope.js';

/** What a browser may send cross-origin: the GraphQL request headers and trace context. */
const ALLOWED_HEADERS = ['authorization', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id', 'traceparent', 'tracestate'];
/** What a page may read from the answer besides the CORS-safelisted headers. */
const EXPOSED_HEADERS = ['x-request-id', 'retry-after', 'www-authenticate'].join(', ');

/**
 * CORS for the origins of CORS_ORIGINS (none by default). A preflight (`OPTIONS` with
 * `Access-Control-Request-Method`) from an allowed origin is answered 204 with the methods and
 * headers a GraphQL client needs; from any other origin it is refused (403, no CORS headers, one
 * log line). Answers to an allowed origin name it in `Access-Control-Allow-Origin` (never `*`) and
 * never allow credentials: the API key travels in `Authorization`, not in cookies. CSRF prevention
 * (Apollo's) stays on for every request: a cross-origin "simple" request is refused before it runs.
 */
export function cors(origins: readonly string[]): RequestHandler {
  const allowed = allowedOrigins(origins);
  return (req, res, next) => {
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    const ok = corsHeaders(allowed, req, res);
    if (!preflight) return next();
    if (!ok) {
      const scope = res.locals.scope as RequestScope | undefined;
      const message = allowed.size === 0 ? 'Cross-origin requests are not enabled (CORS_ORIGINS is empty).' : 'This origin is not in CORS_ORIGINS.';
      noteRejection(scope, { code: 'CORS_ORIGIN_NOT_ALLOWED', message });
      res.status(403).json({ errors: [{ message, extensions: { code: 'CORS_ORIGIN_NOT_ALLOWED' } }] });
      return;
    }
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS.join(', '));
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}

/** CORS_ORIGINS as compared: lower case. */
export function allowedOrigins(origins: readonly string[]): ReadonlySet<string> {
  return new Set(origins.map((o) => o.toLowerCase()));
}

/**
 * The headers of an answer that is not a preflight: `Vary: Origin` when any origin is allowed, and
 * for an allowed origin `Access-Control-Allow-Origin` and `-Expose-Headers`. True when the origin is allowed.
 */
export function corsHeaders(allowed: ReadonlySet<string>, req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  const ok = typeof origin === 'string' && allowed.has(origin.toLowerCase());
  if (allowed.size > 0) varyOnOrigin(res);
  if (ok) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  }
  return ok;
}

/** Adds `Origin` to the answer's `Vary` (what express's `res.vary` does). */
function varyOnOrigin(res: ServerResponse): void {
  const current = res.getHeader('Vary');
  if (current === undefined) return void res.setHeader('Vary', 'Origin');
  const fields = String(current).split(',').map((f) => f.trim().toLowerCase());
  if (!fields.includes('*') && !fields.includes('origin')) res.setHeader('Vary', `${String(current)}, Origin`);
}
