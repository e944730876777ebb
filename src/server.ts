import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from './context.js';
import { StoreUnavailableError, UpstreamError } from './errors.js';
import { DEFAULT_QUERY_LIMITS, describeLimitError, queryProtection, type QueryLimits } from './limits.js';
import type { Logger } from './logger.js';
import { scrubCardNumbers } from './lib/redact.js';
import { resolvers } from './resolvers/index.js';
import { persistedOperationsPlugin, persistedQueryCache, type PersistedOperations } from './persisted-operations.js';
import { loadTypeDefs } from './schema.js';
import { currentScope, noteRejection } from './request-scope.js';

export interface ServerOptions {
  logger: Logger;
  /** Sandbox and introspection (on in demo and development). */
  explorer: boolean;
  /**
   * What Sandbox opens with (operation, variables, headers), with `explorer`. Demo mode only: it
   * may carry the demo API key, so never pass it for a gateway with real upstreams.
   */
  landingPage?: { document: string; variables?: Record<string, unknown>; headers?: Record<string, string> };
  /** Introspection; defaults to `explorer`. */
  introspection?: boolean;
  /** Query limits (graphql-armor) and the batch size; the environment defaults when omitted. */
  limits?: QueryLimits;
  plugins?: ApolloServerPlugin<GatewayContext>[];
  /** Operations accepted by hash from a manifest, and whether only those run; plain APQ when omitted. */
  persistedOperations?: PersistedOperations;
}

/** The one factory used by `npm start`, in-process tests (`executeOperation`) and HTTP tests. */
export function createApolloServer(options: ServerOptions): ApolloServer<GatewayContext> {
  const limits = options.limits ?? DEFAULT_QUERY_LIMITS;
  const protection = queryProtection(limits);
  return new ApolloServer<GatewayContext>({
    typeDefs: loadTypeDefs(),
    resolvers,
    introspection: options.introspection ?? options.explorer,
    // Apollo's own warnings as JSON lines through the gateway's logger (with the request id).
    logger: options.logger,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // SIGINT/SIGTERM are handled by src/index.ts (drain, then close the store and emulators, exit 0);
    // Apollo's own handlers would stop only this server and then re-raise the signal.
    stopOnTerminationSignals: false,
    // Arrays of operations; their length is capped at `maxBatch` in front of Apollo (http.ts).
    allowBatchedHttpRequests: limits.maxBatch > 1,
    validationRules: protection.validationRules,
    parseOptions: protection.parseOptions,
    ...(options.persistedOperations ? { persistedQueries: { cache: persistedQueryCache(options.persistedOperations) } } : {}),
    formatError: (formatted, error) => formatError(formatted, error, options.logger),
    plugins: [
      // The schema sets no @cacheControl hints, so Apollo's default cache-control plugin, which
      // hooks every resolved field, always ends at `cache-control: no-store`: that header is set directly.
      ApolloServerPluginCacheControlDisabled(),
      noStore,
      ...(options.persistedOperations ? [persistedOperationsPlugin(options.persistedOperations)] : []),
      ...protection.plugins,
      options.explorer
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false, ...options.landingPage })
        : ApolloServerPluginLandingPageProductionDefault({ footer: false }),
      ...(options.plugins ?? []),
    ],
  });
}

/**
 * `cache-control: no-store` on every GraphQL answer that has no such header yet (Apollo's own answer
 * to an unknown persisted query has one), as Apollo's cache-control plugin sets it for a schema
 * without hints.
 */
const noStore: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

/**
 * graphql-js reports a variable it cannot coerce as `Variable "$input" got invalid value <the
 * whole value> [at "path"]; <reason>`: the value (which may be a whole CardInput) is dropped, the
 * path kept, and digit runs removed from the reason, since it may quote a value too.
 */
function withoutEchoedValue(message: string): string {
  const m = message.match(/^(Variable "\$\w+") got invalid value (.*)$/s);
  if (!m) return message;
  const rest = m[2]!;
  const path = rest.match(/ at "([\w.[\]]+)"; /)?.[1];
  const reason = rest.slice(rest.lastIndexOf('; ') + 2).replace(/\d{3,}/g, '…');
  return `${m[1]} got an invalid value${path ? ` at "${path}"` : ''}; ${reason}`;
}

const EXPECTED_CODES = new Set([
  'BAD_USER_INPUT', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED', 'PERSISTED_QUERY_NOT_ALLOWED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN',
  'RATE_LIMITED',
]);

/**
 * Errors leave the gateway in one shape: upstream errors with `code` and `upstream`, a ledger that
 * is down as STORE_UNAVAILABLE with its `outcome` (docs/ledger.md), input errors
 * as BAD_USER_INPUT, anything unexpected as a bare INTERNAL_SERVER_ERROR (logged, not shown).
 * graphql-js echoes invalid variable values in its messages; those are cut so that a card number
 * or CVV sent with the wrong type never comes back in an error.
 */
function formatError(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError {
  const result = formatOne(formatted, error, logger);
  // The request's first error (as the client sees it: no echoed values) is the reason logged when
  // the request ends with an HTTP error status (http.ts).
  noteRejection(currentScope(), { code: String(result.extensions?.code ?? 'INTERNAL_SERVER_ERROR'), message: result.message.slice(0, 300) });
  return result;
}

function formatOne(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = formatted.extensions?.code as string | undefined;
  if (original instanceof UpstreamError) {
    logger.warn({ code, upstream: original.upstream, method: original.method, path: formatted.path }, original.message);
    return { ...formatted, message: original.message };
  }
  if (original instanceof StoreUnavailableError) {
    // The cause (a database error) stays in the log: it may name hosts or tables.
    logger.error({ outcome: original.outcome, cause: original.cause instanceof Error ? original.cause.message : undefined, path: formatted.path }, original.message);
    return { message: original.message, path: formatted.path, extensions: { code: 'STORE_UNAVAILABLE', outcome: original.outcome } };
  }
  if (code && EXPECTED_CODES.has(code)) return { ...formatted, message: describeLimitError(formatted.message) ?? sanitize(formatted.message) };
  logger.error({ err: original instanceof Error ? { name: original.name, message: scrubCardNumbers(original.message) } : undefined, path: formatted.path }, 'unexpected error');
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

function sanitize(message: string): string {
  return scrubCardNumbers(
    withoutEchoedValue(message)
      .replace(/(cannot represent[^:]*): .*$/s, '$1.')
      .replace(/(Expected type "[^"]+"), found .*$/s, '$1.')
      // No schema hints ("Did you mean …?"), also where graphql-armor has already cut the names out.
      .replace(/\s*Did you mean [^?]*\?/g, '')
      .replace(/(\.)\s+\?$/, '$1'),
  ).slice(0, 500);
}
