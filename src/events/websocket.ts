import type http from 'node:http';
import { GraphQLError, Kind, parse, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { ApiKeyAuthenticator, Principal } from '../auth.js';
import { missingScope } from '../authorization.js';
import { createContext, type GatewayContext, type Runtime } from '../context.js';
import type { Logger } from '../logger.js';
import type { PaymentEventDispatcher } from './dispatcher.js';

/** What a subscription's resolvers find on the context, besides the usual request context. */
export interface SubscriptionContext extends GatewayContext {
  paymentEvents: PaymentEventDispatcher;
  /** Fresh upstream loaders and deadline for the next event's fields. */
  renew(): void;
}

/**
 * GraphQL subscriptions over WebSocket at `/graphql` (graphql-ws, the `graphql-transport-ws`
 * protocol). The API key comes in the connection parameters (`authorization: Bearer <key>`): a
 * connection without a known key is closed (4403); an operation whose root field needs a scope the
 * key lacks is answered with a FORBIDDEN error; only subscriptions are served (queries and mutations
 * go over HTTP, through the rate limit and query limits).
 */
export function mountSubscriptions(
  httpServer: http.Server,
  options: { schema: () => GraphQLSchema; authenticator: ApiKeyAuthenticator; runtime: Runtime; logger: Logger; dispatcher: PaymentEventDispatcher },
): { close(): Promise<void> } {
  // noServer: the HTTP server's own errors (a port in use) stay with it instead of being re-emitted
  // here, where graphql-ws would print them as plain text outside the JSON log.
  const wss = new WebSocketServer({ noServer: true });
  const upgrade = (request: http.IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/graphql') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  httpServer.on('upgrade', upgrade);
  const principals = new WeakMap<object, Principal>();
  const server = useServer<Record<string, unknown> | undefined, { request: http.IncomingMessage }>(
    {
      schema: options.schema,
      onConnect: (ctx) => {
        const header = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const principal = typeof header === 'string' ? options.authenticator.authenticate(header) : null;
        if (!principal) {
          options.logger.warn({ path: '/graphql', code: 'UNAUTHENTICATED' }, 'websocket: connection without a known API key refused');
          return false;
        }
        principals.set(ctx.extra, principal);
        return true;
      },
      onSubscribe: (ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (err) {
          return [err instanceof GraphQLError ? err : new GraphQLError('The operation could not be parsed.')];
        }
        const operation = document.definitions.find(
          (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!payload.operationName || d.name?.value === payload.operationName),
        );
        if (operation && operation.operation !== 'subscription') {
          return [new GraphQLError('Only subscriptions are served over WebSocket; send queries and mutations with HTTP POST.', { extensions: { code: 'BAD_REQUEST' } })];
        }
        const principal = principals.get(ctx.extra)!;
        const refused = operation ? missingScope(options.schema(), document, operation, principal) : null;
        return refused ? [refused] : undefined;
      },
      context: (ctx): SubscriptionContext => {
        const principal = principals.get(ctx.extra);
        const requestId = `ws:${Date.now().toString(36)}`;
        const context: SubscriptionContext = {
          ...createContext(options.runtime, options.logger, requestId, principal),
          paymentEvents: options.dispatcher,
          // A subscription outlives REQUEST_DEADLINE_MS: each event's fields get a fresh deadline and loaders.
          renew: () => Object.assign(context, createContext(options.runtime, options.logger, requestId, principal)),
        };
        return context;
      },
    },
    wss,
  );
  return {
    close: async () => {
      httpServer.off('upgrade', upgrade);
      await server.dispose();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}
