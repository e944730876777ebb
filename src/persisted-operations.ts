import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApolloServerPlugin } from '@apollo/server';
import { InMemoryLRUCache, PrefixingKeyValueCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { GraphQLError } from 'graphql';
import { ConfigError, type Env } from './config.js';
import type { GatewayContext } from './context.js';

/**
 * Persisted operations: the operations client teams generate with the codegen client preset
 * (`persistedDocuments`), shipped as a manifest `{ "sha256:<hex>": "<document>" }`. The gateway
 * loads the manifest at start and accepts those operations by hash, in Apollo's APQ request format
 * (`extensions.persistedQuery.sha256Hash`, the hex digest without the `sha256:` prefix). With
 * `only`, nothing else runs: the allow-list of a public client.
 */
export interface PersistedOperations {
  /** Document by its sha256 hex digest (no prefix). */
  manifest: ReadonlyMap<string, string>;
  /** Run manifest operations only (PERSISTED_OPERATIONS_ONLY); otherwise APQ works as usual as well. */
  only: boolean;
}

export const PERSISTED_QUERY_NOT_ALLOWED = 'PERSISTED_QUERY_NOT_ALLOWED';

/** The manifest generated from `examples/operations/` (codegen.yml). */
export const DEFAULT_MANIFEST = new URL('../examples/gql/persisted-documents.json', import.meta.url);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Reads a client-preset manifest. Keys may carry the preset's `sha256:` prefix or be bare hex;
 * every key must be the sha256 of its document (what Apollo Server checks on registration too).
 */
export function loadManifest(path: string | URL): Map<string, string> {
  const where = typeof path === 'string' ? path : fileURLToPath(path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`Persisted operations manifest ${where}: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`Persisted operations manifest ${where}: expected an object of hash → document`);
  }
  const manifest = new Map<string, string>();
  for (const [key, document] of Object.entries(parsed)) {
    const hash = key.replace(/^sha256:/, '').toLowerCase();
    if (typeof document !== 'string' || !/^[0-9a-f]{64}$/.test(hash) || sha256(document) !== hash) {
      throw new Error(`Persisted operations manifest ${where}: entry ${key} is not a sha256 hash of its document`);
    }
    manifest.set(hash, document);
  }
  return manifest;
}

/**
 * From the configuration: the manifest at `manifestPath` (relative to the working directory) or
 * the examples' manifest. A missing default manifest is only an error when `only` is set.
 */
export function persistedOperationsFromEnv(env: Pick<Env, 'PERSISTED_OPERATIONS_ONLY' | 'PERSISTED_OPERATIONS_MANIFEST'>): PersistedOperations {
  const only = env.PERSISTED_OPERATIONS_ONLY;
  const path = env.PERSISTED_OPERATIONS_MANIFEST;
  if (!path && !only && !existsSync(DEFAULT_MANIFEST)) return { manifest: new Map(), only };
  try {
    return { manifest: loadManifest(path ? resolve(path) : DEFAULT_MANIFEST), only };
  } catch (err) {
    throw new ConfigError([`${path ? 'PERSISTED_OPERATIONS_MANIFEST' : 'PERSISTED_OPERATIONS_ONLY'}: ${(err as Error).message}`]);
  }
}

/**
 * The `persistedQueries.cache` for Apollo Server: manifest documents first (never evicted), then,
 * unless `only`, an ordinary in-memory APQ cache for operations clients register themselves.
 * Apollo Server prefixes the keys it hands a cache with `apq:` unless the cache says it needs no
 * prefix, which this one does: its keys are the bare hashes.
 */
export function persistedQueryCache({ manifest, only }: PersistedOperations): KeyValueCache<string> {
  const registered = new InMemoryLRUCache<string>();
  const cache: KeyValueCache<string> = {
    async get(hash) {
      return manifest.get(hash) ?? (only ? undefined : registered.get(hash));
    },
    async set(hash, document, options?: KeyValueCacheSetOptions) {
      if (only || manifest.has(hash)) return;
      await registered.set(hash, document, options);
    },
    async delete(hash) {
      return registered.delete(hash);
    },
  };
  return PrefixingKeyValueCache.cacheDangerouslyDoesNotNeedPrefixesForIsolation(cache);
}

/** What a refused request runs instead of its own document: nothing of it is parsed, validated or executed. */
const REFUSED_PLACEHOLDER = '{ __typename }';

/**
 * With `only`: a request that carries a document not in the manifest (an ad-hoc query, or an APQ
 * registration of an unknown one) is refused with `PERSISTED_QUERY_NOT_ALLOWED`, HTTP 400, before
 * its document is parsed, let alone run. A hash-only request for an unknown hash is answered
 * `PERSISTED_QUERY_NOT_FOUND` by Apollo Server, since the cache does not have it.
 *
 * Apollo Server reads `request.query` and `extensions` only after `requestDidStart`, and turns an
 * error thrown from `didResolveOperation` into an ordinary error response (status from the error,
 * request log, metrics). So a refused request has its document swapped for a trivial one here, and
 * fails in `didResolveOperation`: an error thrown any earlier would be answered 500.
 */
export function persistedOperationsPlugin({ manifest, only }: PersistedOperations): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      if (!only || typeof request.query !== 'string') return;
      const queryHash = sha256(request.query);
      if (manifest.has(queryHash)) return;
      contextValue.logger.warn({ queryHash }, 'refused an operation that is not in the persisted operations manifest');
      request.query = REFUSED_PLACEHOLDER;
      request.extensions = {};
      return {
        async didResolveOperation() {
          throw new GraphQLError('Only persisted operations are accepted: send the sha256Hash of an operation in the manifest (extensions.persistedQuery).', {
            extensions: { code: PERSISTED_QUERY_NOT_ALLOWED, http: { status: 400 } },
          });
        },
      };
    },
  };
}
