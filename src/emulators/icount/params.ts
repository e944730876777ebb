/**
 * Request parameters: JSON bodies, `application/x-www-form-urlencoded` bodies with PHP-style nesting
 * (`a[0]=x`, `o[key]=y`, `a[]=z`) and query-string parameters, merged into one set. Body values win
 * over query-string values of the same name.
 */
type Tree = Record<string, unknown>;

export class BodyParseError extends Error {}

/** Parses the raw body (by content type; a body starting with `{` is JSON) and merges the query string. */
export function parseParams(body: string, contentType: string | undefined, search: string): Tree {
  const query = parseForm(search);
  const trimmed = body.trim();
  if (trimmed === '') return query;
  const isJson = /json/i.test(contentType ?? '') || trimmed.startsWith('{') || trimmed.startsWith('[');
  let fromBody: Tree;
  if (isJson) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new BodyParseError('request body is not valid JSON');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new BodyParseError('request body must be a JSON object');
    }
    fromBody = parsed as Tree;
  } else {
    fromBody = parseForm(trimmed);
  }
  return { ...query, ...fromBody };
}

/** `a=1&o[k]=2&l[0]=x&l[1]=y&p[]=z` → `{ a: '1', o: { k: '2' }, l: ['x', 'y'], p: ['z'] }`. */
export function parseForm(text: string): Tree {
  const root: Tree = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const path = splitKey(rawKey);
    if (!path) continue;
    let node: Tree = root;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i] === '' ? String(nextIndex(node)) : path[i]!;
      const child = node[key];
      if (!child || typeof child !== 'object') node[key] = {};
      node = node[key] as Tree;
    }
    const last = path[path.length - 1]!;
    node[last === '' ? String(nextIndex(node)) : last] = value;
  }
  return listify(root) as Tree;
}

function splitKey(key: string): string[] | undefined {
  const m = key.match(/^([^[\]]+)((?:\[[^[\]]*\])*)$/);
  if (!m) return key === '' ? undefined : [key];
  const rest = [...(m[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((g) => g[1] ?? '');
  return [m[1]!, ...rest];
}

function nextIndex(node: Tree): number {
  const numeric = Object.keys(node).filter((k) => /^\d+$/.test(k)).map(Number);
  return numeric.length ? Math.max(...numeric) + 1 : 0;
}

/** Objects whose keys are exactly 0..n-1 become arrays, as PHP's json_encode would print them. */
function listify(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value as Tree).map(([k, v]) => [k, listify(v)] as const);
  const sequential = entries.length > 0 && entries.every(([k], i) => k === String(i));
  return sequential ? entries.map(([, v]) => v) : Object.fromEntries(entries);
}

/** Typed, lenient access to one request's parameters (iCount declares many strings as numbers). */
export class Params {
  constructor(readonly raw: Tree) {}

  /** Present and not empty. */
  has(key: string): boolean {
    const v = this.raw[key];
    return v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');
  }

  /** The value as a trimmed string, or undefined when absent/empty or not a scalar. */
  str(key: string): string | undefined {
    if (!this.has(key)) return undefined;
    const v = this.raw[key];
    if (typeof v === 'string') return v.trim();
    if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
    return undefined;
  }

  /** PHP-ish truthiness: true, 1, "1", "true", "yes", "on". */
  bool(key: string): boolean {
    const v = this.raw[key];
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    if (typeof v === 'string') return ['1', 'true', 'yes', 'on'].includes(v.trim().toLowerCase());
    return false;
  }

  /** An integer (number or digit string), NaN when present but not an integer, undefined when absent. */
  int(key: string): number | undefined {
    const s = this.str(key);
    if (s === undefined) return undefined;
    return /^-?\d+$/.test(s) ? Number(s) : NaN;
  }

  get(key: string): unknown {
    return this.raw[key];
  }
}
