/**
 * HTTP helpers for the FreshBooks emulator tests: real requests with fetch, parsing per docs/upstreams/freshbooks.md
 * §9.7 with the gateway's own list of repeating elements, so the tests read replies as it does.
 */
import { XMLParser } from 'fast-xml-parser';
import { LIST_PATHS } from '../../src/datasources/freshbooks/xml.js';
import { FRESHBOOKS_DEMO_TOKEN, FRESHBOOKS_PATH } from '../../src/emulators/freshbooks/index.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (_tag, jPath) => LIST_PATHS.has(jPath as string),
});

export type Doc = any;

export function basic(token: string = FRESHBOOKS_DEMO_TOKEN, password: string | null = 'X'): string {
  return `Basic ${Buffer.from(password === null ? token : `${token}:${password}`).toString('base64')}`;
}

export interface CallOptions {
  /** Authorization header; null sends none. Default: the demo token with password X. */
  auth?: string | null;
  path?: string;
  /** Request Content-Type; null sends none. */
  contentType?: string | null;
  method?: string;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed `<response>` element (undefined when the body is not XML). */
  doc: Doc;
}

export async function call(baseUrl: string, body: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = {};
  const auth = options.auth === undefined ? basic() : options.auth;
  if (auth !== null) headers.authorization = auth;
  if (options.contentType) headers['content-type'] = options.contentType;
  const method = options.method ?? 'POST';
  const res = await fetch(`${baseUrl}${options.path ?? FRESHBOOKS_PATH}`, {
    method,
    headers,
    // A byte body makes fetch send no Content-Type of its own.
    body: method === 'GET' || method === 'HEAD' ? undefined : new TextEncoder().encode(body),
    redirect: 'manual',
  });
  const text = await res.text();
  let doc: Doc;
  try {
    doc = (parser.parse(text) as Doc)?.response;
  } catch {
    doc = undefined;
  }
  return { status: res.status, headers: res.headers, text, doc };
}

/** `<request method="m">inner</request>` */
export const req = (method: string, inner = '') => `<request method="${method}">${inner}</request>`;

/** Elements from a map: `{ a: '1' }` → `<a>1</a>`. */
export const fields = (values: Record<string, string | number>) =>
  Object.entries(values)
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('');

export function expectOk(result: CallResult): Doc {
  if (result.status !== 200 || result.doc?.['@_status'] !== 'ok') {
    throw new Error(`expected status="ok", got HTTP ${result.status}: ${result.text}`);
  }
  return result.doc;
}

/** `{ code, error, field }` of a failure (first error). */
export function failure(result: CallResult): { code: string; error: string; field?: string } {
  if (result.doc?.['@_status'] !== 'fail') throw new Error(`expected status="fail", got HTTP ${result.status}: ${result.text}`);
  return { code: result.doc.code[0], error: result.doc.error[0], field: result.doc.field?.[0] };
}
