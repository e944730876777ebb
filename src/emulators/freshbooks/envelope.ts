/** The `<response>` envelope every processed request gets. */
import { FbError } from './types.js';
import { el, writeDocument, type XNode } from './xml-writer.js';

export const FRESHBOOKS_NS = 'http://www.freshbooks.com/api/';
export const XML_CONTENT_TYPE = 'application/xml; charset=utf-8';

export function okBody(children: XNode[] | null, uniformEmpty: boolean): string {
  const root: XNode = { tag: 'response', attrs: { xmlns: FRESHBOOKS_NS, status: 'ok' }, children: children ?? [], selfClose: true };
  return writeDocument(root, { uniformEmpty });
}

export function failBody(errors: FbError[], uniformEmpty: boolean): string {
  const children: XNode[] = [];
  for (const e of errors) {
    children.push(el('error', e.message), el('code', e.code));
    if (e.field) children.push(el('field', e.field));
  }
  return writeDocument({ tag: 'response', attrs: { xmlns: FRESHBOOKS_NS, status: 'fail' }, children }, { uniformEmpty });
}

/** Message an injected `app-error` fault uses when none is given. */
export function defaultMessage(code: string, method: string): string {
  if (code === '20010') return 'Authentication failed.';
  if (code === '50010') {
    const noun = method.split('.')[0] ?? '';
    const Noun = noun ? `${noun[0]!.toUpperCase()}${noun.slice(1)}` : 'Resource';
    return `'${noun || 'resource'}_id' not found. ${Noun} not found.`;
  }
  if (code === '40010') return 'Invalid request.';
  return 'Request failed.';
}
