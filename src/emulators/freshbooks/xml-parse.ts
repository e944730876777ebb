/**
 * Safe request parsing: fast-xml-parser with string-only values, plus the checks it does not make
 * (unknown entities, DOCTYPE, characters XML forbids, a single `<request>` root).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { invalid } from './types.js';

/** A request's parameters: element name → text, nested record, or repeated elements. */
export type ParamValue = string | Params | ParamValue[];
export interface Params {
  [key: string]: ParamValue;
}

export interface ParsedRequest {
  method: string;
  params: Params;
}

const parser = new XMLParser({
  preserveOrder: true, // keeps text, CDATA and elements in document order
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false, // every value stays an exact string
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true, // decodes numeric references; named ones other than the XML five are refused below
  trimValues: false, // notes round-trip byte for byte
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const XML_ENTITIES = new Set(['lt', 'gt', 'amp', 'quot', 'apos']);
// Characters XML 1.0 forbids (raw or as references). Lone surrogates are caught by isXmlChar.
const FORBIDDEN_RAW = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

const malformed = (why: string) => invalid(undefined, `Malformed XML: ${why}`);

/** Entity references outside CDATA and comments must be the XML five or valid character references. */
function checkEntities(body: string): void {
  const outside = body.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  for (const m of outside.matchAll(/&([^;&<>\s]*)(;?)/g)) {
    const name = m[1] ?? '';
    if (m[2] !== ';') throw malformed(`bare '&' (write &amp;)`);
    if (name.startsWith('#')) {
      const cp = /^#x[0-9a-fA-F]{1,6}$/.test(name) ? parseInt(name.slice(2), 16) : /^#\d{1,7}$/.test(name) ? parseInt(name.slice(1), 10) : NaN;
      if (!isXmlChar(cp)) throw malformed(`invalid character reference &${name};`);
    } else if (!XML_ENTITIES.has(name)) {
      throw malformed(`unknown entity &${name};`);
    }
  }
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function tagOf(node: OrderedNode): string {
  return Object.keys(node).find((k) => k !== ':@') ?? '';
}

function textOf(nodes: OrderedNode[]): string {
  return nodes
    .map((n) => {
      const tag = tagOf(n);
      if (tag === '#text') return String(n['#text']);
      if (tag === '#cdata') return textOf(n['#cdata'] as OrderedNode[]);
      return '';
    })
    .join('');
}

/** Element children become a record (stray text between elements is ignored); leaves become text. */
function toValue(nodes: OrderedNode[]): ParamValue {
  const elements = nodes.filter((n) => !['#text', '#cdata'].includes(tagOf(n)));
  if (elements.length === 0) return textOf(nodes);
  const out: Params = {};
  for (const node of elements) {
    const tag = tagOf(node);
    const value = toValue(node[tag] as OrderedNode[]);
    const prev = out[tag];
    if (prev === undefined) out[tag] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[tag] = [prev, value];
  }
  return out;
}

/** Parses a `<request method="…">` document; throws FbError 40010 when it is not acceptable XML. */
export function parseRequest(rawBody: string): ParsedRequest {
  const body = rawBody.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw malformed('empty request body');
  if (/<!DOCTYPE/i.test(body)) throw malformed('DOCTYPE declarations are not accepted');
  if (FORBIDDEN_RAW.test(body)) throw malformed('character not allowed in XML');
  checkEntities(body);
  const verdict = XMLValidator.validate(body);
  if (verdict !== true) throw malformed(`${verdict.err.msg} (line ${verdict.err.line})`);
  let doc: OrderedNode[];
  try {
    doc = parser.parse(body) as OrderedNode[];
  } catch (err) {
    throw malformed(err instanceof Error ? err.message : String(err));
  }
  const roots = doc.filter((n) => !['#text', '#cdata', '?xml'].includes(tagOf(n)));
  const root = roots[0];
  if (roots.length !== 1 || !root || tagOf(root) !== 'request') throw malformed('the document must have one <request> root element');
  const method = root[':@']?.['@_method'];
  if (!method) throw invalid('method', "The request has no 'method' attribute.");
  const value = toValue(root.request as OrderedNode[]);
  return { method, params: typeof value === 'string' ? {} : (value as Params) };
}
