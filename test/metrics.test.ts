import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { normaliseOutcome, routeLabel } from '../src/metrics.js';
import { startStack, type TestStack } from './support/stack.js';

const DECLINED_CARD = '4000000000000002';
const CHARGE = /* GraphQL */ `
  mutation Charge($input: ChargeCardInput!) {
    chargeCard(input: $input) { charge { id } userErrors { code } }
  }
`;

describe('normaliseOutcome', () => {
  it.each([
    ['ok', 'ok'],
    ['upstream_timeout', 'timeout'],
    ['upstream_unavailable', 'unavailable'],
    ['upstream_auth', 'auth'],
    ['upstream_bad_response', 'bad_response'],
    ['upstream_error', 'error'],
    ['error', 'error'],
    ['cc_declined', 'rejected'],
    ['50010', 'rejected'],
    ['fail', 'rejected'],
    ['', 'rejected'],
    ['constructor', 'rejected'],
  ])('maps the transport outcome %j to %j', (raw, expected) => {
    expect(normaliseOutcome(raw)).toBe(expected);
  });

  it('maps an iCount reason that means "session expired" to auth, not rejected', () => {
    expect(normaliseOutcome('bad_sid', ['bad_sid', 'sid_expired'])).toBe('auth');
    expect(normaliseOutcome('cc_declined', ['bad_sid'])).toBe('rejected');
  });
});

describe('routeLabel', () => {
  it('keeps the gateway\'s own paths and folds every other path into "other"', () => {
    expect(['/graphql', '/graphql/', '/', '/healthz', '/metrics'].map(routeLabel)).toEqual(['/graphql', '/graphql', '/', '/healthz', '/metrics']);
    expect(routeLabel(`/cards/${DECLINED_CARD}`)).toBe('other');
  });
});

describe('GET /metrics', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  async function scrape(): Promise<string> {
    const res = await fetch(new URL('/metrics', stack.gateway.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  }

  /** The value of one sample, matched on all of its labels; 0 when the series does not exist yet. */
  async function sample(name: string, labels: Record<string, string>): Promise<number> {
    const wanted = Object.entries(labels).sort().map(([k, v]) => `${k}="${v}"`).join(',');
    for (const line of (await scrape()).split('\n')) {
      const m = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
      if (m?.[1] !== name) continue;
      if (m[2]!.split(',').sort().join(',') === wanted) return Number(m[3]);
    }
    return 0;
  }

  /** Calls of one upstream method as the gateway counted them, all outcomes together. */
  async function upstreamCalls(upstream: string, method: string): Promise<number> {
    const { values } = await stack.metrics.upstreamRequests.get();
    return values.filter((v) => v.labels.upstream === upstream && v.labels.method === method).reduce((n, v) => n + v.value, 0);
  }

  it('counts an iCount call by upstream, method and outcome, exactly as often as the emulator saw it', async () => {
    const res = await stack.gql('{ charges { id } }');
    expect(res.errors).toBeUndefined();
    expect(stack.icount.log.count('cc/transactions')).toBe(1);
    expect(await scrape()).toContain('paygraph_upstream_requests_total{upstream="icount",method="cc/transactions",outcome="ok"} 1\n');
  });

  it('counts a FreshBooks call under upstream="freshbooks" with its own method name', async () => {
    const res = await stack.gql('{ clients(perPage: 5) { nodes { name } } }');
    expect(res.errors).toBeUndefined();
    expect(stack.freshbooks.log.count('client.list')).toBeGreaterThan(0);
    expect(await sample('paygraph_upstream_requests_total', { upstream: 'freshbooks', method: 'client.list', outcome: 'ok' })).toBe(
      stack.freshbooks.log.count('client.list'),
    );
  });

  it('counts an upstream HTTP 503 as outcome="unavailable"', async () => {
    stack.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'http', status: 503 } });
    const res = await stack.gql('{ charges { id } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(await sample('paygraph_upstream_requests_total', { upstream: 'icount', method: 'cc/transactions', outcome: 'unavailable' })).toBe(1);
  });

  it('counts a declined charge (iCount status:false) as outcome="rejected"', async () => {
    const res = await stack.gql(CHARGE, {
      input: { idempotencyKey: 'metrics-declined-1', amount: { amount: '10.00', currency: 'ILS' }, card: { number: DECLINED_CARD, expiry: '12/30', cvv: '123' } },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.chargeCard.userErrors.length).toBeGreaterThan(0);
    expect(await sample('paygraph_upstream_requests_total', { upstream: 'icount', method: 'cc/bill', outcome: 'rejected' })).toBe(1);
  });

  it('keeps every upstream counter equal to the emulators\' request logs', async () => {
    for (const [upstream, emulator] of [['icount', stack.icount], ['freshbooks', stack.freshbooks]] as const) {
      const methods = new Set(emulator.log.all().map((r) => r.method));
      expect(methods.size).toBeGreaterThan(0);
      for (const method of methods) expect({ method, calls: await upstreamCalls(upstream, method) }).toEqual({ method, calls: emulator.log.count(method) });
    }
  });

  it('times every upstream call in a histogram per upstream and method', async () => {
    const count = await sample('paygraph_upstream_request_duration_seconds_count', { upstream: 'icount', method: 'cc/transactions' });
    expect(count).toBe(stack.icount.log.count('cc/transactions'));
    expect(await sample('paygraph_upstream_request_duration_seconds_bucket', { upstream: 'icount', method: 'cc/transactions', le: '30' })).toBe(count);
  });

  it('counts and times the gateway\'s HTTP requests by a fixed route label, never the raw path', async () => {
    await fetch(new URL(`/cards/${DECLINED_CARD}?cvv=123`, stack.gateway.url));
    expect(await sample('paygraph_http_requests_total', { method: 'POST', route: '/graphql', status: '200' })).toBeGreaterThanOrEqual(4);
    expect(await sample('paygraph_http_request_duration_seconds_count', { method: 'POST', route: '/graphql' })).toBeGreaterThanOrEqual(4);
    expect(await sample('paygraph_http_requests_total', { method: 'GET', route: 'other', status: '404' })).toBe(1);
    expect(await sample('paygraph_http_requests_total', { method: 'GET', route: '/metrics', status: '200' })).toBeGreaterThan(0);
    expect(await scrape()).not.toContain('/cards');
  });

  it('counts GraphQL operations by type and outcome, without operation names', async () => {
    expect(await sample('paygraph_graphql_operations_total', { operation_type: 'query', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(await sample('paygraph_graphql_operations_total', { operation_type: 'query', outcome: 'error' })).toBe(1);
    expect(await sample('paygraph_graphql_operations_total', { operation_type: 'mutation', outcome: 'ok' })).toBe(1);
    await stack.gql('{ not valid');
    expect(await sample('paygraph_graphql_operations_total', { operation_type: 'unknown', outcome: 'error' })).toBe(1);
    expect(await scrape()).not.toContain('Charge');
  });

  it('includes the default process metrics under the paygraph_ prefix', async () => {
    const text = await scrape();
    expect(text).toContain('paygraph_process_cpu_user_seconds_total');
    expect(text).toContain('paygraph_nodejs_heap_size_used_bytes');
  });

  it('never contains the card number that was charged', async () => {
    expect(await scrape()).not.toContain(DECLINED_CARD);
  });

  it('keeps each gateway\'s metrics apart (own registry, not the global one)', async () => {
    const other = await startStack();
    try {
      expect(await other.metrics.upstreamRequests.get()).toMatchObject({ values: [] });
      expect(await upstreamCalls('icount', 'cc/transactions')).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });
});
