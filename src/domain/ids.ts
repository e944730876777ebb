/**
 * Opaque global IDs: base64url of `Type:key`. Clients must not parse them; every type exposes
 * its upstream number as a plain field instead.
 */
export type NodeType = 'Card' | 'Charge' | 'Client';

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
  if (!isNodeType(type) || key.length === 0) return null;
  return { type, key };
}

/** The key of a global ID of the expected type, or null when the ID is malformed or of another type. */
export function keyOf(id: string, type: NodeType): string | null {
  const parsed = fromGlobalId(id);
  return parsed && parsed.type === type ? parsed.key : null;
}

/** A positive integer key (iCount token ids, client ids), or null. */
export function intKeyOf(id: string, type: NodeType): number | null {
  const key = keyOf(id, type);
  if (key === null || !/^[1-9]\d{0,15}$/.test(key)) return null;
  return Number(key);
}

function isNodeType(value: string): value is NodeType {
  return value === 'Card' || value === 'Charge' || value === 'Client';
}

/** Client keys name the system the client lives in: `icount:1001`. */
export const clientGlobalId = (system: 'icount', id: number): string => toGlobalId('Client', `${system}:${id}`);

export function parseClientId(id: string): { system: 'icount'; id: number } | null {
  const key = keyOf(id, 'Client');
  const m = key?.match(/^(icount):([1-9]\d{0,15})$/);
  return m ? { system: 'icount', id: Number(m[2]) } : null;
}
