/**
 * Opaque global IDs: base64url of `Type:key`. Clients must not parse them; every type exposes
 * its upstream number as a plain field instead.
 */
export type NodeType = 'Card' | 'Charge' | 'Client' | 'Payment' | 'Invoice';

const NODE_TYPES: ReadonlySet<string> = new Set<NodeType>(['Card', 'Charge', 'Client', 'Payment', 'Invoice']);

export function toGlobalId(type: NodeType, key: string | number): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

export function fromGlobalId(id: string): { type: NodeType; key: string } | null {
  if (id.length === 0 || id.length > 200 || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const sep = decoded.indexOf(':');
  if (sep <= 0) return null;
  const type = decoded.slice(0, sep);
  const key = decoded.slice(sep + 1);
  if (!NODE_TYPES.has(type) || key.length === 0) return null;
  return { type: type as NodeType, key };
}

/** The key of a global ID of the expected type, or null when the ID is malformed or of another type. */
export function keyOf(id: string, type: NodeType): string | null {
  const parsed = fromGlobalId(id);
  return parsed && parsed.type === type ? parsed.key : null;
}

/** A positive integer key (token, payment, invoice ids), or null. */
export function intKeyOf(id: string, type: NodeType): number | null {
  return positiveInt(keyOf(id, type));
}

/** Up to 15 digits: what both upstreams take, and always a safe integer. */
function positiveInt(key: string | null | undefined): number | null {
  if (key === null || key === undefined || !/^[1-9]\d{0,14}$/.test(key)) return null;
  return Number(key);
}

export type ClientSystem = 'freshbooks' | 'icount';

/** Client keys name the system the client is known by: `freshbooks:7`, `icount:1006`. */
export const clientGlobalId = (system: ClientSystem, id: number): string => toGlobalId('Client', `${system}:${id}`);

export function parseClientId(id: string): { system: ClientSystem; id: number } | null {
  const m = keyOf(id, 'Client')?.match(/^(freshbooks|icount):(\d+)$/);
  const n = positiveInt(m?.[2]);
  return m && n !== null ? { system: m[1] as ClientSystem, id: n } : null;
}
