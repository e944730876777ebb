import { createHash, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';

/**
 * The gateway's own API keys. `API_KEYS` is `key:scope+scope,key2:scope`; scopes:
 * - `read`: every query;
 * - `write`: changes that move no money (update/delete a payment or a stored card, record a payment);
 * - `charge`: anything that charges, reserves or stores a card (chargeCard, authorizeCard,
 *   verifyCard, storeCard, payInvoice).
 * Keys are kept only as SHA-256 digests and compared in constant time; a principal is known by
 * a short digest prefix (used to scope idempotency keys and in logs), never by the key.
 */
export const SCOPES = ['read', 'write', 'charge'] as const;
export type Scope = (typeof SCOPES)[number];

export const DEMO_API_KEY = 'paygraph-demo-key';

export interface Principal {
  /** Stable, non-secret id of the key: the first 12 hex digits of its SHA-256. */
  id: string;
  scopes: ReadonlySet<Scope>;
}

interface KeyEntry extends Principal {
  digest: Buffer;
}

const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest();

/** Parses `API_KEYS`; throws with a message naming the problem (never the key). */
export function parseApiKeys(spec: string): { key: string; scopes: Scope[] }[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry, i) => {
      const sep = entry.lastIndexOf(':');
      const key = sep > 0 ? entry.slice(0, sep) : '';
      const scopes = sep > 0 ? entry.slice(sep + 1).split('+').map((s) => s.trim()) : [];
      if (key.length < 16) throw new Error(`API_KEYS entry ${i + 1}: a key must be at least 16 characters, followed by :scopes`);
      const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
      if (scopes.length === 0 || unknown.length) throw new Error(`API_KEYS entry ${i + 1}: scopes must be among ${SCOPES.join(', ')}, joined with +`);
      return { key, scopes: scopes as Scope[] };
    });
}

export class ApiKeyAuthenticator {
  private readonly entries: KeyEntry[];

  constructor(keys: { key: string; scopes: readonly Scope[] }[]) {
    this.entries = keys.map(({ key, scopes }) => {
      const d = digest(key);
      return { digest: d, id: d.toString('hex').slice(0, 12), scopes: new Set(scopes) };
    });
  }

  /** The principal of an `Authorization: Bearer <key>` header, or null. Every key is compared, always. */
  authenticate(header: string | undefined): Principal | null {
    const match = header?.match(/^Bearer\s+(\S{1,512})\s*$/i);
    if (!match) return null;
    const presented = digest(match[1]!);
    let found: KeyEntry | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, presented)) found = entry;
    }
    return found ? { id: found.id, scopes: found.scopes } : null;
  }
}

/** The authenticator for a configuration's keys. */
export function authenticatorFor(config: { apiKeys: { key: string; scopes: readonly Scope[] }[] }): ApiKeyAuthenticator {
  return new ApiKeyAuthenticator(config.apiKeys);
}

export function unauthenticated(): GraphQLError {
  return new GraphQLError('Missing or unknown API key: send Authorization: Bearer <key>.', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) } },
  });
}

export function forbidden(field: string, scope: Scope): GraphQLError {
  return new GraphQLError(`The API key lacks the "${scope}" scope that ${field} requires.`, {
    extensions: { code: 'FORBIDDEN', scope, field, http: { status: 403 } },
  });
}
