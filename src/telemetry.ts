import type { ApolloServerPlugin } from '@apollo/server';
import {
  ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, defaultTextMapGetter, defaultTextMapSetter, type Context, type Span, type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Hooks } from 'got';
import { currentScope, enterScope, runInScope } from './request-scope.js';

/**
 * OpenTelemetry tracing: a span per GraphQL operation (child of the caller's W3C `traceparent`)
 * and one per upstream call (child of its operation), and the trace context sent on to the
 * upstreams as `traceparent`. Spans carry names and outcomes only — never variables, card data,
 * URLs or upstream bodies. Exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set; with
 * no exporter, nothing is recorded but a caller's trace context is still passed on.
 *
 * No global provider or context manager is registered: each gateway has its own tracer (tests run
 * several in one process), and parents travel in the request scope (src/request-scope.ts).
 */
export interface Telemetry {
  tracer: Tracer;
  /** Whether spans are recorded and exported. */
  enabled: boolean;
  /** Flushes and stops the exporter. */
  shutdown(): Promise<void>;
}

const propagator = new W3CTraceContextPropagator();

export interface TelemetryOptions {
  /** OTLP/HTTP base URL (OTEL_EXPORTER_OTLP_ENDPOINT); traces go to `<endpoint>/v1/traces`. */
  otlpEndpoint?: string;
  /** An exporter of one's own (tests: InMemorySpanExporter), exported span by span. */
  exporter?: SpanExporter;
  serviceName?: string;
}

export function createTelemetry(options: TelemetryOptions = {}): Telemetry {
  const processors: SpanProcessor[] = [];
  if (options.exporter) processors.push(new SimpleSpanProcessor(options.exporter));
  if (options.otlpEndpoint) {
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces` })));
  }
  if (processors.length === 0) {
    // The API's no-op tracer: no span is recorded, a caller's span context is still passed on.
    return { tracer: trace.getTracer('paygraph'), enabled: false, shutdown: async () => {} };
  }
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName ?? 'paygraph' }),
    spanProcessors: processors,
  });
  return { tracer: provider.getTracer('paygraph'), enabled: true, shutdown: () => provider.shutdown() };
}

/** The trace context of an incoming request's `traceparent`/`tracestate` (ROOT_CONTEXT when absent or malformed). */
export function extractTraceContext(headers: Record<string, string | string[] | undefined>): Context {
  return propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

/** The trace id of a valid incoming `traceparent`, if any. */
export function incomingTraceId(parent: Context): string | undefined {
  const span = trace.getSpanContext(parent);
  return span && trace.isSpanContextValid(span) ? span.traceId : undefined;
}

/** `traceparent` (and `tracestate`) for an outgoing upstream request: the current upstream call's span. */
export function traceHeaders(): Record<string, string> {
  const scope = currentScope();
  const headers: Record<string, string> = {};
  if (scope) propagator.inject(scope.trace, headers, defaultTextMapSetter);
  return headers;
}

/**
 * got hooks of both transports: every HTTP attempt carries the current upstream call's
 * `traceparent`, and each of got's read retries counts as an attempt of the call's span.
 */
export const upstreamHttpHooks: Partial<Hooks> = {
  beforeRequest: [
    (options) => {
      for (const [name, value] of Object.entries(traceHeaders())) options.headers[name] = value;
    },
  ],
  beforeRetry: [
    (error) => {
      countAttempt({ reason: error.response ? `http_${error.response.statusCode}` : (error.code ?? 'error') });
    },
  ],
};

/** Upstream names as span attributes. */
const UPSTREAM_LABEL: Record<string, string> = { ICOUNT: 'icount', FRESHBOOKS: 'freshbooks' };

/**
 * Runs one upstream call in its own span (`<upstream> <method>`, kind CLIENT) when a request is
 * being served: attributes `paygraph.upstream`, `paygraph.upstream.method`,
 * `paygraph.upstream.outcome` (`ok`, or the error code in lower case) and
 * `paygraph.upstream.attempts` (HTTP exchanges made, re-logins included; see `countAttempt`).
 * Outside a request (reconciler, readiness) the call runs untraced.
 */
export async function upstreamSpan<T>(upstream: string, method: string, call: () => Promise<T>): Promise<T> {
  const scope = currentScope();
  if (!scope) return call();
  const name = UPSTREAM_LABEL[upstream] ?? upstream.toLowerCase();
  const span = scope.tracer.startSpan(
    `${name} ${method}`,
    { kind: SpanKind.CLIENT, attributes: { 'paygraph.upstream': name, 'paygraph.upstream.method': method } },
    scope.trace,
  );
  const attempts = { count: 0 };
  spanAttempts.set(span, attempts);
  try {
    const result = await runInScope({ ...scope, trace: trace.setSpan(scope.trace, span) }, call);
    span.setAttribute('paygraph.upstream.outcome', 'ok');
    return result;
  } catch (err) {
    const code = (err as { extensions?: { code?: unknown } }).extensions?.code;
    const outcome = typeof code === 'string' ? code.toLowerCase() : 'error';
    span.setAttribute('paygraph.upstream.outcome', outcome);
    span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
    throw err;
  } finally {
    span.setAttribute('paygraph.upstream.attempts', attempts.count);
    span.end();
  }
}

const spanAttempts = new WeakMap<Span, { count: number }>();

/**
 * Counts one HTTP attempt (an exchange, or a retry within it) of the current upstream call's
 * span and records it as an event with its number and, for a retry, why.
 */
export function countAttempt(retry?: { reason: string }): void {
  const scope = currentScope();
  const span = scope ? trace.getSpan(scope.trace) : undefined;
  const attempts = span && spanAttempts.get(span);
  if (!span || !attempts) return;
  attempts.count += 1;
  span.addEvent('attempt', { 'paygraph.upstream.attempt': attempts.count, ...(retry ? { 'paygraph.upstream.retry_reason': retry.reason } : {}) });
}

/**
 * A span per GraphQL operation (`graphql.<type>`, with the operation's name as an attribute, not in
 * the span name), child of the caller's trace context. Its root fields enter the operation's
 * scope, so the upstream calls of each operation of a batch are its children.
 */
export function tracingPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      const scope = currentScope();
      if (!scope) return {};
      const span = scope.tracer.startSpan('graphql.operation', { kind: SpanKind.SERVER, attributes: { 'paygraph.request_id': scope.requestId } }, scope.trace);
      const operationScope = { ...scope, trace: trace.setSpan(scope.trace, span) };
      return {
        async didResolveOperation({ operation, operationName }) {
          if (operation) {
            span.updateName(`graphql.${operation.operation}`);
            span.setAttribute('graphql.operation.type', operation.operation);
          }
          if (operationName) span.setAttribute('graphql.operation.name', operationName.slice(0, 100));
        },
        async executionDidStart() {
          return {
            willResolveField({ info }) {
              // Root fields only: each starts its resolver right after this, in the operation's scope.
              if (info.path.prev === undefined) enterScope(operationScope);
            },
          };
        },
        async willSendResponse({ errors }) {
          const codes = (errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          if (codes.length) {
            span.setAttribute('graphql.error_codes', [...new Set(codes)]);
            span.setStatus({ code: SpanStatusCode.ERROR, message: codes[0] });
          }
          span.end();
        },
      };
    },
  };
}
