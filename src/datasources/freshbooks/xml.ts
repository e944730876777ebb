import { XMLBuilder, XMLParser, XMLValidator, type XmlBuilderOptions } from 'fast-xml-parser';
import { UpstreamError } from '../../errors.js';
import type { FreshbooksMethod } from './methods.js';
import { textOf, type WireFailure, type WireResponse } from './wire.js';

/** Request parameters: element name → text, or a nested record (`payment: { … }`). Undefined = not sent. */
export interface XmlParams {
  [element: string]: string | number | XmlParams | undefined;
}

/** A parsed reply. A `fail` reply is data for the caller, not an exception (see errors.ts). */
export interface FreshbooksReply {
  status: 'ok' | 'fail';
  response: WireResponse;
  /** The `<error>`/`<code>`/`<field>` entries of a `fail` reply, in order; empty when `ok`. */
  failures: WireFailure[];
}

/**
 * Every text value goes through the builder's escaping, never through string concatenation. The
 * builder's default table escapes `& < > ' "` (so `]]>` becomes `]]&gt;`); `\r` is added because a
 * parser normalises a raw CR (or CRLF) to LF, and notes must round-trip byte for byte.
 * `entities` is a runtime option of the builder that its typings omit.
 */
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: false,
  suppressEmptyNode: false,
  processEntities: true,
  entities: [
    { regex: /&/g, val: '&amp;' }, // first, or it would re-escape the others
    { regex: />/g, val: '&gt;' },
    { regex: /</g, val: '&lt;' },
    { regex: /'/g, val: '&apos;' },
    { regex: /"/g, val: '&quot;' },
    { regex: /\r/g, val: '&#13;' },
  ],
} as XmlBuilderOptions);

/** `<?xml …?><request method="payment.create"><payment>…</payment></request>`. */
export function buildRequest(method: FreshbooksMethod, params: XmlParams): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
    request: { '@_method': method, ...defined(params) },
  }) as string;
}

/** Drops undefined values (never send an empty element for a field that was not given). */
function defined(params: XmlParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    out[key] = typeof value === 'object' ? defined(value) : String(value);
  }
  return out;
}

/** Every element that may repeat (docs/upstreams/freshbooks.md §9.5), so one item is still an array. */
export const LIST_PATHS = new Set([
  'response.payments.payment',
  'response.clients.client',
  'response.invoices.invoice',
  'response.invoice.lines.line',
  'response.invoices.invoice.lines.line',
  'response.client.contacts.contact',
  'response.clients.client.contacts.contact',
  'response.client.credits.credit',
  'response.clients.client.credits.credit',
  'response.error',
  'response.code',
  'response.field',
]);

const ATTRIBUTE_PREFIX = '@_';

/** The last step of every LIST_PATHS entry: no other name can be a list, whatever its path. */
const LIST_NAMES = new Set([...LIST_PATHS].map((path) => path.slice(path.lastIndexOf('.') + 1)));

/**
 * `isArray` with `jPath: false`: the parser passes its path matcher instead of building the path
 * string for every element and every callback (a quarter of its parse time on a page of 100), and
 * the string is built here only for the few names that can be lists. For an attribute the parser
 * would pass `element.path.name` (name without the prefix): the same string is built.
 */
function isListPath(name: string, matcher: unknown, _isLeaf: boolean, isAttribute: boolean): boolean {
  const step = isAttribute && name.startsWith(ATTRIBUTE_PREFIX) ? name.slice(ATTRIBUTE_PREFIX.length) : name;
  if (!LIST_NAMES.has(step)) return false;
  return LIST_PATHS.has(isAttribute ? `${String(matcher)}.${step}` : String(matcher));
}

/**
 * The settings of docs/upstreams/freshbooks.md §9.7, plus: `trimValues: false` so notes keep their leading/trailing
 * whitespace and newlines (pretty-printing whitespace then shows up as `#text` on containers,
 * which nothing reads); `htmlEntities` so character references such as `&#13;` are decoded;
 * `removeNSPrefix` so a prefixed namespace (`fb:response`) parses like the default one.
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  removeNSPrefix: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  jPath: false,
  isArray: isListPath,
});

const badResponse = (method: FreshbooksMethod, why: string) =>
  new UpstreamError('UPSTREAM_BAD_RESPONSE', 'FRESHBOOKS', method, `FreshBooks answered ${method} with ${why}`);

/**
 * Parses a reply body. Anything that is not a well-formed `<response status="ok|fail">` document
 * (HTML, a truncated body, JSON) is UPSTREAM_BAD_RESPONSE; the body itself is never quoted, as it
 * can hold notes and client details.
 */
export function parseResponse(method: FreshbooksMethod, rawBody: string): FreshbooksReply {
  const body = rawBody.replace(/^\uFEFF/, '');
  // No DOCTYPE: FreshBooks never sends one, and it is the door to entity-expansion tricks.
  if (body.trim() === '' || /<!DOCTYPE/i.test(body) || XMLValidator.validate(body) !== true) {
    throw badResponse(method, 'a body that is not well-formed XML');
  }
  let doc: unknown;
  try {
    doc = parser.parse(body);
  } catch {
    throw badResponse(method, 'a body that is not well-formed XML');
  }
  const response = (doc as { response?: unknown } | undefined)?.response;
  if (!response || typeof response !== 'object' || Array.isArray(response)) {
    throw badResponse(method, 'a document that is not a <response>');
  }
  const wire = response as WireResponse;
  const status = wire['@_status'];
  if (status !== 'ok' && status !== 'fail') throw badResponse(method, 'a <response> without an ok/fail status');
  if (status === 'ok') return { status, response: wire, failures: [] };
  const failures = failuresOf(wire);
  if (failures.length === 0) throw badResponse(method, 'a failure without an error code');
  return { status, response: wire, failures };
}

/**
 * Pairs every `<error>` with its `<code>` (several pairs are possible, docs/upstreams/freshbooks.md §3.3). `<field>` is optional
 * per error, so it is paired by position only when the counts agree or there is one error.
 */
function failuresOf(wire: WireResponse): WireFailure[] {
  const errors = (wire.error ?? []).map((e) => textOf(e)?.trim() ?? '');
  const codes = (wire.code ?? []).map((c) => textOf(c)?.trim() ?? '');
  const fields = (wire.field ?? []).map((f) => textOf(f)?.trim() ?? '');
  const count = Math.max(errors.length, codes.length);
  const out: WireFailure[] = [];
  for (let i = 0; i < count; i++) {
    const field = fields.length === count ? fields[i] : count === 1 ? fields[0] : undefined;
    out.push({ message: errors[i] ?? '', code: codes[i] ?? '', field: field ? field : null });
  }
  return out;
}
