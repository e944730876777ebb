import { createHash } from 'node:crypto';
import { FRESHBOOKS_SYSTEM_URL } from '../types.js';

/** A stable, opaque hash for the client-facing links (`/view/<hash>`). */
export function linkHash(kind: string, id: number): string {
  return createHash('sha1').update(`${kind}:${id}`).digest('base64url').slice(0, 16);
}

export const systemUrl = (path: string) => `${FRESHBOOKS_SYSTEM_URL}${path}`;
