import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { GatewayContext } from '../context.js';

/**
 * Whether a request's `Cache-Control` asks for `no-cache`: its reads then go upstream (and refresh
 * the read cache). Directives are case-insensitive and comma-separated (RFC 9111 §5.2).
 */
export function noCacheRequested(cacheControl: string | string[] | undefined): boolean {
  const value = Array.isArray(cacheControl) ? cacheControl.join(',') : cacheControl;
  return value !== undefined && value.split(',').some((d) => d.trim().toLowerCase() === 'no-cache');
}

const listener: GraphQLRequestListener<GatewayContext> = {
  async didResolveOperation({ operation, contextValue }) {
    if (operation?.operation === 'mutation') contextValue.reads.forWrite = true;
  },
};

/**
 * A mutation decides money writes on what it reads (an invoice's balance, a client's cards): once
 * the operation is known to be one, the request reads clients, cards and invoices fresh.
 */
export function freshReadsForMutations(): ApolloServerPlugin<GatewayContext> {
  return { requestDidStart: async () => listener };
}
