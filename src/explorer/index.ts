import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router, type Response } from 'express';
import { DEMO_EVENTS_DOCUMENT, type ExampleOperation } from './example.js';

/**
 * `GET /explorer`: GraphiQL served entirely by the gateway, for people without internet access
 * (Apollo Sandbox at `/` loads from Apollo's CDN). React, ReactDOM and GraphiQL come from their
 * npm packages' UMD builds under `/explorer/assets/`; the page references no other origin and its
 * Content-Security-Policy allows nothing but this one. Subscriptions run over WebSocket at the same
 * path (graphql-ws, bundled in GraphiQL), the Headers editor's contents as connection parameters.
 */

/** Only this origin (`'self'` covers its ws: and wss: too); fonts and icons in GraphiQL's stylesheet are `data:` URLs. No inline scripts. */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const require = createRequire(import.meta.url);
const own = (file: string) => fileURLToPath(new URL(file, import.meta.url));
/** A file of an installed package, found through its package.json (react's `exports` hide `umd/`). */
const packageFile = (pkg: string, file: string) => join(dirname(require.resolve(`${pkg}/package.json`)), file);

/** `/explorer/assets/<name>` → the file served. Nothing else under that path exists. */
export const EXPLORER_ASSETS: Readonly<Record<string, string>> = {
  'react.production.min.js': packageFile('react', 'umd/react.production.min.js'),
  'react-dom.production.min.js': packageFile('react-dom', 'umd/react-dom.production.min.js'),
  'graphiql.min.js': packageFile('graphiql', 'graphiql.min.js'),
  'graphiql.min.css': packageFile('graphiql', 'graphiql.min.css'),
  'explorer.js': own('./explorer.js'),
  'explorer.css': own('./explorer.css'),
};

/** One GraphiQL tab's editors (strings, as GraphiQL takes them). */
export interface ExplorerTab {
  query: string;
  variables?: string;
  headers?: string;
}

/** What the page's init script (explorer.js) reads from the page. */
export interface ExplorerPageConfig {
  /** A path: HTTP POST there, and subscriptions over WebSocket at the same path on this page's host. */
  endpoint: string;
  /** Editor contents (strings, as GraphiQL takes them). */
  query?: string;
  variables?: string;
  headers?: string;
  /** Used only when the browser has nothing stored for GraphiQL yet. */
  defaultQuery?: string;
  defaultHeaders?: string;
  /** Which tab of the variables/headers pane is open. */
  editorTools: 'variables' | 'headers';
  /** The tabs a browser with nothing stored opens with (the first is the editors' contents above). */
  tabs?: ExplorerTab[];
}

const NON_DEMO_QUERY = `# paygraph explorer (GraphiQL). Every request needs an API key:
# put it in Headers below as {"Authorization": "Bearer YOUR_KEY"}.
# Keys are not stored by this page; reload the schema (the docs button) after adding one.
query CardTypes {
  cardTypes {
    code
    name
    brand
  }
}
`;

const NON_DEMO_HEADERS = `{
  "Authorization": "Bearer YOUR_KEY"
}`;

/** In demo mode the example operation with the demo key; otherwise a placeholder, never a key. */
export function explorerPageConfig(example: ExampleOperation | undefined, endpoint = '/graphql'): ExplorerPageConfig {
  if (example) {
    const first = { query: example.document, variables: JSON.stringify(example.variables, null, 2), headers: JSON.stringify(example.headers, null, 2) };
    const events = { query: DEMO_EVENTS_DOCUMENT, headers: first.headers };
    return { endpoint, ...first, editorTools: 'variables', tabs: [first, events] };
  }
  return { endpoint, defaultQuery: NON_DEMO_QUERY, defaultHeaders: NON_DEMO_HEADERS, editorTools: 'headers' };
}

/** JSON that is safe inside a `<script>` element: no `<`, `>`, `&` or line separators left as such. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const TEMPLATE = readFileSync(own('./explorer.html'), 'utf8');

/** The explorer page's HTML for this configuration. */
export function renderExplorerPage(config: ExplorerPageConfig): string {
  return TEMPLATE.replace('{{CONFIG}}', () => jsonForScript(config));
}

function commonHeaders(res: Response): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
}

/** The routes: `GET /explorer` and `GET /explorer/assets/<file>`. */
export function explorerRouter(options: { example?: ExampleOperation; endpoint?: string } = {}): Router {
  const html = renderExplorerPage(explorerPageConfig(options.example, options.endpoint));
  const router = Router();
  router.get('/explorer', (_req, res) => {
    commonHeaders(res);
    res.setHeader('content-security-policy', EXPLORER_CSP);
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('referrer-policy', 'no-referrer');
    // In demo mode the page carries the demo key: nothing in between should keep it.
    res.setHeader('cache-control', 'no-store');
    res.type('html').send(html);
  });
  router.get('/explorer/assets/:file', (req, res, next) => {
    const file = Object.hasOwn(EXPLORER_ASSETS, req.params.file) ? EXPLORER_ASSETS[req.params.file] : undefined;
    if (!file) return next();
    commonHeaders(res);
    res.sendFile(file, (err) => {
      if (err && !res.headersSent) next(err);
    });
  });
  return router;
}
