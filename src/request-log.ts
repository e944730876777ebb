import type { ApolloServerPlugin } from '@apollo/server';
import { trace } from '@opentelemetry/api';
import type { GatewayContext } from './context.js';
import { currentScope } from './request-scope.js';

/** The trace the request belongs to (the caller's traceparent, or the gateway's own spans), to find its spans from a log line. */
function traceIds(): { traceId?: string } {
  const scope = currentScope();
  const span = scope ? trace.getSpanContext(scope.trace) : undefined;
  return span && trace.isSpanContextValid(span) ? { traceId: span.traceId } : {};
}

/**
 * One log line per GraphQL operation (type, name, duration, error codes — never variables, which
 * may hold card data), and the request id in every error's extensions so a client can quote it.
 */
export function requestLogPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ response, contextValue, operation, operationName, errors }) {
          if (response.body.kind === 'single') {
            for (const error of response.body.singleResult.errors ?? []) {
              (error as { extensions?: Record<string, unknown> }).extensions = { ...error.extensions, requestId: contextValue.requestId };
            }
          }
          contextValue.logger.info(
            {
              operation: operation?.operation ?? 'unknown',
              operationName: operationName ?? null,
              principal: contextValue.principal.id,
              errors: errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') ?? [],
              durationMs: Math.round(performance.now() - started),
              ...traceIds(),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}
