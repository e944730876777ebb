import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { DEMO_API_KEY } from '../src/auth.js';
import { effectiveConfig, loadConfig } from '../src/config.js';
import { FreshbooksTransport } from '../src/datasources/freshbooks/transport.js';
import { newScope, runInScope } from '../src/request-scope.js';
import { createTelemetry } from '../src/telemetry.js';
import { createLogger } from '../src/logger.js';
import { start } from '../src/main.js';
import { freshStacks } from './support/fresh-stack.js';
import type { TestStack } from './support/stack.js';

/**
 * Issue 13 items 3–7 over real HTTP: log lines (request ids, one line per rejected request),
 * tracing (in-memory exporter), per-key rate limits, the per-request upstream call budget,
 * METRICS_PORT and the new metrics, and the start-up configuration (.env, redaction).
 */

const stackFor = freshStacks();
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const ICOUNT_CHARGE = /* GraphQL */ `
  mutation Charge($input: ChargeCardInput!) { chargeCard(input: $input) { charge { id } userErrors { code } } }
`;
const chargeInput = (key: string) => ({ input: { idempotencyKey: key, amount: { amount: '12.00', currency: 'ILS' }, card: { number: '4580458045804580', expiry: '12/30', cvv: '123' } } });

async function post(stack: TestStack, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_API_KEY}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

const rejections = (stack: TestStack) => stack.logs.filter((l) => l.msg === 'request rejected');

describe('logs', () => {
  it('echo an incoming x-request-id and put it on the operation line and on every warning of the request', async () => {
    const stack = await stackFor({ env: { MAX_UPSTREAM_CALLS_PER_REQUEST: '1' } });
    const res = await post(stack, { query: '{ a: payments(perPage: 1) { nodes { id } } b: payments(perPage: 2) { nodes { id } } }' }, { 'x-request-id': 'client-req-42' });
    expect(res.headers.get('x-request-id')).toBe('client-req-42');
    const lines = stack.logs.filter((l) => l.requestId === 'client-req-42');
    expect(lines.find((l) => l.msg === 'graphql operation')).toBeDefined();
    // The budget refusal is logged as a warning by shared code (formatError): it has the id too.
    const warnings = stack.logs.filter((l) => (l.level as number) >= 40 && l.code === 'CALL_BUDGET_EXCEEDED');
    expect(warnings.length).toBeGreaterThan(0);
    for (const w of warnings) expect(w.requestId).toBe('client-req-42');
    // Every line the request caused has the id; none lacks it.
    expect(stack.logs.filter((l) => l.msg === 'graphql operation' && l.requestId === undefined)).toEqual([]);
  });

  it('take the request id from a W3C traceparent when there is no x-request-id', async () => {
    const stack = await stackFor();
    const res = await post(stack, { query: '{ __typename }' }, { traceparent: TRACEPARENT });
    expect(res.headers.get('x-request-id')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(stack.logs.find((l) => l.msg === 'graphql operation')).toMatchObject({ requestId: '4bf92f3577b34da6a3ce929d0e0e4736', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
  });

  it('write one line for every rejected request, with its status, code and request id', async () => {
    const stack = await stackFor({ env: { BODY_LIMIT: '1kb', MAX_BATCH: '2', RATE_LIMIT_PER_KEY: '100', API_KEYS: 'read-only-key-0123456:read' } });
    const cases: { send: () => Promise<{ status: number; headers: Headers }>; status: number; code: string }[] = [
      { send: () => post(stack, { query: '{ __typename }' }, { authorization: 'Bearer nope-nope-nope-nope' }), status: 401, code: 'UNAUTHENTICATED' },
      { send: () => fetch(`${stack.gateway.url}?query=${encodeURIComponent('{ __typename }')}`), status: 400, code: 'BAD_REQUEST' }, // CSRF
      { send: () => post(stack, { query: `{ __typename } # ${'x'.repeat(2000)}` }), status: 413, code: 'PAYLOAD_TOO_LARGE' },
      { send: () => post(stack, '{"query": '), status: 400, code: 'BAD_REQUEST' },
      { send: () => post(stack, [{ query: '{ __typename }' }, { query: '{ __typename }' }, { query: '{ __typename }' }]), status: 400, code: 'BAD_REQUEST' },
      { send: () => post(stack, { query: '{ nope }' }), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
      { send: () => post(stack, { query: ICOUNT_CHARGE, variables: chargeInput('forbidden-1') }, { authorization: 'Bearer read-only-key-0123456' }), status: 403, code: 'FORBIDDEN' },
    ];
    for (const [i, c] of cases.entries()) {
      const before = rejections(stack).length;
      const res = await c.send();
      expect(res.status).toBe(c.status);
      // The line is written when the response finishes.
      await new Promise((r) => setTimeout(r, 20));
      const lines = rejections(stack).slice(before);
      expect({ i, lines: lines.length }).toEqual({ i, lines: 1 });
      expect(lines[0]).toMatchObject({ status: c.status, code: c.code, requestId: res.headers.get('x-request-id'), reason: expect.any(String) });
    }
    // Keys never appear in logs.
    expect(JSON.stringify(stack.logs)).not.toContain('nope-nope-nope-nope');
  });
});

describe('per-API-key rate limit', () => {
  it('answers 429 with Retry-After once a key has used its operations, a batch costing one per operation; other keys go on', async () => {
    const stack = await stackFor({ env: { RATE_LIMIT_PER_KEY: '3', RATE_LIMIT_WINDOW_SECONDS: '60', API_KEYS: 'another-key-0123456789:read' } });
    expect((await post(stack, [{ query: '{ __typename }' }, { query: '{ __typename }' }])).status).toBe(200);
    expect((await post(stack, { query: '{ __typename }' })).status).toBe(200);
    const limited = await post(stack, { query: '{ __typename }' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect((await post(stack, { query: '{ __typename }' }, { authorization: 'Bearer another-key-0123456789' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 20));
    expect(rejections(stack)).toEqual([expect.objectContaining({ status: 429, code: 'RATE_LIMITED' })]);
  });
});

describe('per-API-key rate limit in PostgreSQL (DATABASE_URL)', () => {
  it('is shared by replicas: operations on either count against one budget per key', async () => {
    const stack = await stackFor({ postgres: true, env: { RATE_LIMIT_PER_KEY: '3' } });
    const replica = await stack.startGateway();
    const on = (g: { gateway: { url: string } }) =>
      fetch(g.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_API_KEY}` }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect((await on(stack)).status).toBe(200);
    expect((await on(replica)).status).toBe(200);
    expect((await on(stack)).status).toBe(200);
    const limited = await on(replica);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await on(stack)).status).toBe(429);
  });
});

describe('upstream call budget (MAX_UPSTREAM_CALLS_PER_REQUEST)', () => {
  const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `p${i}: payments(perPage: ${i + 1}) { nodes { id } }`).join(' ')} }`;

  it('stops a batch of aliased operations at the budget, counted over the whole HTTP request, with a clear error', async () => {
    const stack = await stackFor({ env: { MAX_UPSTREAM_CALLS_PER_REQUEST: '5' } });
    const res = await post(stack, [{ query: aliases(3) }, { query: aliases(3) }, { query: aliases(3) }]);
    expect(res.status).toBe(200);
    // Each alias reads payments and invoices: 18 calls asked for, 5 sent.
    expect(stack.freshbooks.log.count() + stack.icount.log.count()).toBe(5);
    const errors = (res.body as { errors?: { message: string; extensions: Record<string, unknown> }[] }[]).flatMap((r) => r.errors ?? []);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e.extensions).toMatchObject({ code: 'CALL_BUDGET_EXCEEDED', outcome: 'NOT_ATTEMPTED', upstream: 'FRESHBOOKS' });
      expect(e.message).toContain('MAX_UPSTREAM_CALLS_PER_REQUEST');
    }
    // The next request has a budget of its own.
    expect((await post(stack, { query: aliases(2) })).body.errors).toBeUndefined();
  });

  it('lets the default (100) serve the nested list query', async () => {
    const stack = await stackFor();
    const res = await post(stack, { query: '{ payments(perPage: 100) { nodes { amount { amount } client { name cards { last4 } } invoice { number } } } }' });
    expect(res.body.errors).toBeUndefined();
  });
});

describe('tracing (in-memory exporter)', () => {
  // A stopped gateway shuts its exporter down: one per test.
  let exporter: InMemorySpanExporter;
  beforeEach(() => {
    exporter = new InMemorySpanExporter();
  });
  const byName = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);
  const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

  it('a span per operation under the caller\'s traceparent, a span per upstream call under its operation, no card data', async () => {
    const stack = await stackFor({ gateway: { telemetry: createTelemetry({ exporter }) } });
    const res = await post(stack, { query: ICOUNT_CHARGE, variables: chargeInput('trace-1'), operationName: 'Charge' }, { traceparent: TRACEPARENT });
    expect(res.body.data.chargeCard.userErrors).toEqual([]);
    const spans = exporter.getFinishedSpans();
    const [operation] = byName(spans, 'graphql.mutation');
    expect(operation).toBeDefined();
    expect(operation!.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(parentOf(operation!)).toBe('00f067aa0ba902b7');
    expect(operation!.attributes).toMatchObject({ 'graphql.operation.type': 'mutation', 'graphql.operation.name': 'Charge' });
    const upstream = spans.filter((s) => s.attributes['paygraph.upstream'] === 'icount');
    expect(upstream.map((s) => s.name)).toEqual(expect.arrayContaining(['icount cc/bill']));
    for (const s of upstream) {
      expect(parentOf(s)).toBe(operation!.spanContext().spanId);
      expect(s.attributes).toMatchObject({ 'paygraph.upstream.method': expect.any(String), 'paygraph.upstream.outcome': 'ok' });
      expect(s.attributes['paygraph.upstream.attempts']).toBeGreaterThanOrEqual(1);
    }
    const everything = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })));
    expect(everything).not.toContain('4580458045804580');
    expect(everything).not.toContain('"123"');
  });

  it('parents each operation of a batch\'s upstream calls under that operation', async () => {
    const stack = await stackFor({ gateway: { telemetry: createTelemetry({ exporter }) } });
    const res = await post(stack, [{ query: '{ payments(perPage: 1) { nodes { id } } }' }, { query: '{ charges { id } }' }]);
    expect(res.status).toBe(200);
    const spans = exporter.getFinishedSpans();
    const operations = byName(spans, 'graphql.query');
    expect(operations).toHaveLength(2);
    const fb = spans.find((s) => s.name === 'freshbooks payment.list')!;
    const ic = spans.find((s) => s.name === 'icount cc/transactions')!;
    expect(fb).toBeDefined();
    expect(ic).toBeDefined();
    expect(operations.map((o) => o.spanContext().spanId)).toEqual(expect.arrayContaining([parentOf(fb), parentOf(ic)]));
    expect(parentOf(fb)).not.toBe(parentOf(ic));
  });

  it('exports over OTLP/HTTP to <OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces (npm start\'s wiring), flushed at shutdown', async () => {
    const received: { path: string; type: string; body: string }[] = [];
    const collector = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => void (body += d.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', type: String(req.headers['content-type']), body });
        res.statusCode = 200;
        res.end();
      });
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    try {
      const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
      const paygraph = await start(loadConfig({ PORT: '0', HOST: '127.0.0.1', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }), createLogger('silent'));
      try {
        const res = await fetch(paygraph.gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_API_KEY}`, traceparent: TRACEPARENT },
          body: JSON.stringify({ query: '{ charges { id } }' }),
        });
        expect(res.status).toBe(200);
      } finally {
        await paygraph.stop();
      }
      expect(received.length).toBeGreaterThan(0);
      // OTLP/HTTP with JSON bodies (@opentelemetry/exporter-trace-otlp-http).
      expect(received[0]).toMatchObject({ path: '/v1/traces', type: expect.stringContaining('application/json') });
      const exported = received.map((r) => r.body).join('\n');
      for (const text of ['graphql.query', 'icount cc/transactions', '4bf92f3577b34da6a3ce929d0e0e4736', '"paygraph"']) expect(exported).toContain(text);
    } finally {
      collector.close();
    }
  });

  it('sends the upstream call\'s span context to the upstream as traceparent', async () => {
    const seen: (string | undefined)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers.traceparent as string | undefined);
      res.setHeader('content-type', 'application/xml');
      res.end('<?xml version="1.0" encoding="utf-8"?><response status="ok"><clients page="1" per_page="1" pages="0" total="0"></clients></response>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const transport = new FreshbooksTransport({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/2.1/xml-in`, token: 't', timeoutMs: 2000, readRetries: 0 });
      const { tracer } = createTelemetry({ exporter });
      await runInScope(newScope('r1', { tracer }), () => transport.call('client.list', {}));
      const [span] = exporter.getFinishedSpans();
      expect(span!.name).toBe('freshbooks client.list');
      expect(seen).toEqual([`00-${span!.spanContext().traceId}-${span!.spanContext().spanId}-01`]);
      // Outside a request (reconciler, readiness): untraced, no header.
      await transport.call('client.list', {});
      expect(seen[1]).toBeUndefined();
    } finally {
      server.close();
    }
  });
});

describe('metrics', () => {
  it('METRICS_PORT serves /metrics on its own port and not on the public one, with circuit state, replays, cache lookups and operation durations', async () => {
    const stack = await stackFor({ gateway: { metricsPort: 0 } });
    expect(stack.gateway.metricsUrl).toBeDefined();
    expect((await fetch(new URL('/metrics', stack.gateway.url))).status).toBe(404);
    await stack.gql(ICOUNT_CHARGE, chargeInput('replay-1'));
    await stack.gql(ICOUNT_CHARGE, chargeInput('replay-1'));
    await stack.gql(ICOUNT_CHARGE, chargeInput('replay-2'));
    const text = await (await fetch(stack.gateway.metricsUrl!)).text();
    expect(text).toContain('paygraph_circuit_state{upstream="icount"} 0');
    expect(text).toContain('paygraph_circuit_state{upstream="freshbooks"} 0');
    expect(text).toContain('paygraph_idempotent_replays_total{operation="chargeCard"} 1');
    expect(text).toMatch(/paygraph_cache_lookups_total\{cache="currencies",result="miss"\} 1\n/);
    expect(text).toMatch(/paygraph_cache_lookups_total\{cache="currencies",result="hit"\} [1-9]/);
    // "Charge" is not a name of the examples' manifest: it is counted as other.
    expect(text).toMatch(/paygraph_graphql_operation_duration_seconds_count\{operation_type="mutation",operation_name="other"\} 3/);
    expect(text).toContain('paygraph_ledger_entries{state="SUCCEEDED"} 2');
  });
});

describe('configuration at start', () => {
  it('logs the effective configuration with secrets redacted', () => {
    const config = loadConfig({
      ICOUNT_CID: 'acme', ICOUNT_USER: 'api', ICOUNT_PASS: 'icount-secret-pass', FRESHBOOKS_URL: 'https://acme.freshbooks.com/api/2.1/xml-in',
      FRESHBOOKS_TOKEN: 'fb-secret-token', API_KEYS: 'a-very-secret-api-key-123:read', DATABASE_URL: 'postgres://pg:db-secret@db:5432/paygraph',
    });
    const shown = JSON.stringify(effectiveConfig(config));
    for (const secret of ['icount-secret-pass', 'fb-secret-token', 'a-very-secret-api-key-123', 'db-secret']) expect(shown).not.toContain(secret);
    expect(effectiveConfig(config)).toMatchObject({ mode: 'live', env: { ICOUNT_CID: 'acme', MAX_UPSTREAM_CALLS_PER_REQUEST: 100, RATE_LIMIT_PER_KEY: 600 } });
  });

  describe('npm start\'s entry (src/index.ts)', () => {
    let dir: string;
    let blocker: http.Server;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'paygraph-env-'));
      blocker = http.createServer();
      await new Promise<void>((r) => blocker.listen(0, r));
    });
    afterAll(() => {
      blocker.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('reads .env from the working directory and says in one JSON line that the port is in use', () => {
      const port = (blocker.address() as AddressInfo).port;
      writeFileSync(join(dir, '.env'), `PORT=${port}\nLOG_LEVEL=info\n`);
      let output = '';
      try {
        execFileSync(join(process.cwd(), 'node_modules', '.bin', 'tsx'), [join(process.cwd(), 'src', 'index.ts')], { cwd: dir, env: { PATH: process.env.PATH! }, encoding: 'utf8', stdio: 'pipe', timeout: 60_000 });
      } catch (err) {
        const e = err as { status: number; stdout: string; stderr: string };
        expect(e.status).toBe(1);
        output = e.stdout + e.stderr;
      }
      const lines = output.trim().split('\n');
      // JSON lines only.
      const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(parsed.filter((l) => l.msg === 'Effective configuration')).toHaveLength(1);
      const fatal = parsed.filter((l) => l.level === 60);
      expect(fatal).toHaveLength(1);
      expect(fatal[0]!.msg).toBe(`PORT: all interfaces port ${port} is already in use by another process; stop it or choose another PORT`);
      expect(parsed.some((l) => String(l.msg).includes('.env'))).toBe(true);
    }, 60_000);
  });
});
