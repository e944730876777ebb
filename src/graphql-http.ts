import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { GatewayContext } from './context.js';
import { noteRejection, runInScope, type RequestScope } from './request-scope.js';

/**
 * `POST /graphql` (and `POST /`) straight from node:http to Apollo Server's
 * `executeHTTPGraphQLRequest`, in front of express: express's router, body parser and response
 * helpers cost more CPU per request than Apollo and graphql-js together (docs/performance.md).
 * Only the plain case is taken: a JSON body (no charset but UTF-8, no content encoding) with a
 * Content-Length within BODY_LIMIT. Everything else — other paths and methods, preflights,
 * chunked or compressed bodies, oversized ones — goes to express, which answers it as before.
 * Every step the express chain takes for this request is taken here too, in the same order and
 * through the same functions (`begin`: metrics, request scope, CORS headers; then the body, the
 * batch limit, the context, Apollo), and the answer carries the same status, headers and body.
 */
export interface GraphqlEndpoint {
  server: ApolloServer<GatewayContext>;
  /** BODY_LIMIT in bytes; null when it could not be read as one (then express reads every body). */
  bodyLimitBytes: number | null;
  /** Metrics, request scope and CORS headers, as express's first middlewares do. */
  begin(req: IncomingMessage, res: ServerResponse, path: string): RequestScope;
  /** The batch limit's refusal of a parsed body, if it refuses it (http.ts `batchLimit`). */
  refuseBatch(body: unknown): { status: number; message: string } | undefined;
  context(req: IncomingMessage, body: unknown, requestId: string): Promise<GatewayContext>;
}

/** Serves the request and answers true, or answers false (nothing read or written) for express to serve it. */
export function graphqlFastPath(endpoint: GraphqlEndpoint): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    if (req.method !== 'POST' || (path !== '/graphql' && path !== '/') || !plainJsonBody(req, endpoint.bodyLimitBytes)) return false;
    const scope = endpoint.begin(req, res, path);
    void runInScope(scope, () => serve(endpoint, req, res, scope, query === -1 ? '' : url.slice(query))).catch((err: unknown) => {
      // executeHTTPGraphQLRequest answers its own failures; this is a last resort, never a hang.
      if (!res.headersSent) sendJsonError(res, scope, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      else res.destroy(err instanceof Error ? err : undefined);
    });
    return true;
  };
}

async function serve(endpoint: GraphqlEndpoint, req: IncomingMessage, res: ServerResponse, scope: RequestScope, search: string): Promise<void> {
  const read = await readJson(req);
  if (!read.ok) return sendJsonError(res, scope, 400, 'BAD_REQUEST', read.invalidJson ? 'The request body is not valid JSON.' : 'The request body could not be read.');
  const refused = endpoint.refuseBatch(read.body);
  if (refused) return sendJsonError(res, scope, refused.status, 'BAD_REQUEST', refused.message);
  // The same request Apollo's express integration builds (@as-integrations/express5).
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const answer = await endpoint.server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers, search, body: read.body },
    context: () => endpoint.context(req, read.body, scope.requestId),
  });
  for (const [key, value] of answer.headers) res.setHeader(key, value);
  res.statusCode = answer.status ?? 200;
  if (answer.body.kind === 'complete') return sendText(res, answer.body.string);
  for await (const chunk of answer.body.asyncIterator) res.write(chunk);
  res.end();
}

/** A body express's `express.json()` would read with no charset conversion, no inflating and within the limit. */
function plainJsonBody(req: IncomingMessage, limit: number | null): boolean {
  const { 'content-type': type, 'content-length': length, 'content-encoding': encoding, 'transfer-encoding': chunked } = req.headers;
  if (limit === null || length === undefined || chunked !== undefined || (encoding !== undefined && encoding.toLowerCase() !== 'identity')) return false;
  if (!/^\d{1,15}$/.test(length) || Number(length) > limit) return false;
  return type !== undefined && JSON_TYPE.test(type);
}

/** `application/json`, alone or with charset UTF-8 (any other parameter goes to express). */
const JSON_TYPE = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

const utf8 = new TextDecoder('utf-8');

/**
 * Reads the body as body-parser's strict JSON parser does: UTF-8 without a BOM, an empty body is
 * `{}`, anything but an object or an array is invalid.
 */
function readJson(req: IncomingMessage): Promise<{ ok: true; body: unknown } | { ok: false; invalidJson: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => resolve({ ok: false, invalidJson: false }));
    // The client went away before the whole body came.
    req.on('close', () => req.complete || resolve({ ok: false, invalidJson: false }));
    req.on('end', () => {
      const text = utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
      if (text.length === 0) return resolve({ ok: true, body: {} });
      const first = /^[\x20\x09\x0a\x0d]*(.)/s.exec(text)?.[1];
      if (first !== '{' && first !== '[') return resolve({ ok: false, invalidJson: true });
      try {
        resolve({ ok: true, body: JSON.parse(text) as unknown });
      } catch {
        resolve({ ok: false, invalidJson: true });
      }
    });
  });
}

/** An HTTP-level refusal in the shape of a GraphQL response (what http.ts `sendError` sends through express). */
export function sendJsonError(res: ServerResponse, scope: RequestScope | undefined, status: number, code: string, message: string): void {
  noteRejection(scope, { code, message });
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  sendText(res, JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** Ends the answer with `text` as express's `res.send` does for a string (with ETags off). */
function sendText(res: ServerResponse, text: string): void {
  const type = res.getHeader('Content-Type');
  res.setHeader('Content-Type', typeof type !== 'string' ? 'text/html; charset=utf-8' : /;\s*charset=/i.test(type) ? type : `${type}; charset=utf-8`);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** BODY_LIMIT as express's body parser reads it (`100kb`, `1mb`, a number of bytes); null for anything else. */
export function bodyLimitBytes(limit: string): number | null {
  const m = /^(\d+(?:\.\d+)?) *(b|kb|mb|gb)?$/i.exec(limit.trim());
  if (!m) return null;
  const unit = { b: 1, kb: 2 ** 10, mb: 2 ** 20, gb: 2 ** 30 }[(m[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb' | 'gb'];
  return Math.floor(Number(m[1]) * unit);
}
