/**
 * A tiny XML writer. fast-xml-parser's XMLBuilder cannot mix `<notes/>` and `<notes></notes>` in
 * one document, which the real service does, so responses are written with this instead.
 */
export interface XNode {
  tag: string;
  attrs?: Record<string, string>;
  /** Text content; ignored when `children` is non-empty. */
  text?: string;
  children?: XNode[];
  /** How an empty element is written in fidelity mode: `<x/>` (true) or `<x></x>` (false, default). */
  selfClose?: boolean;
}

/** An element with text or children. */
export function el(tag: string, content: string | XNode[] = '', attrs?: Record<string, string>): XNode {
  return typeof content === 'string' ? { tag, text: content, attrs } : { tag, children: content, attrs };
}

/** An element with text that, when empty, is written self-closing (`<notes/>`). */
export function elSelf(tag: string, text = '', attrs?: Record<string, string>): XNode {
  return { tag, text, attrs, selfClose: true };
}

const TEXT_ESCAPES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;',
};

/** Escapes `& < > " '` (so `]]>` becomes `]]&gt;`) and a CR that a parser would otherwise normalise. */
export function escapeText(value: string): string {
  return value.replace(/[&<>"'\r]/g, (c) => TEXT_ESCAPES[c]!);
}

function escapeAttr(value: string): string {
  return value.replace(/[&<>"'\r\n\t]/g, (c) => TEXT_ESCAPES[c]!);
}

export interface WriteOptions {
  /** Write every empty element as `<x/>` (the non-fidelity mode's consistent style). */
  uniformEmpty?: boolean;
}

export function writeNode(node: XNode, options: WriteOptions = {}, indent = ''): string {
  const attrs = Object.entries(node.attrs ?? {})
    .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
    .join('');
  const open = `${indent}<${node.tag}${attrs}`;
  if (node.children && node.children.length > 0) {
    const inner = node.children.map((c) => writeNode(c, options, `${indent}  `)).join('\n');
    return `${open}>\n${inner}\n${indent}</${node.tag}>`;
  }
  const text = node.children ? '' : (node.text ?? '');
  if (text !== '') return `${open}>${escapeText(text)}</${node.tag}>`;
  return options.uniformEmpty || node.selfClose ? `${open}/>` : `${open}></${node.tag}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

export function writeDocument(root: XNode, options: WriteOptions = {}): string {
  return `${XML_DECLARATION}\n${writeNode(root, options)}\n`;
}
