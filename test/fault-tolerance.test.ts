import { afterEach, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { clientGlobalId, toGlobalId } from '../src/domain/ids.js';
import { ICOUNT_DEMO_CREDENTIALS, ICOUNT_TEST_CARDS } from '../src/emulators/icount/index.js';
import { startStack, type StackOptions, type TestStack } from './support/stack.js';

/** iCount: one cc/transactions call. */
const CHARGES = `{ charges(filter: { last4: "1111" }) { confirmationCode } }`;
/** FreshBooks: one payment.list call (and the lookups its currencies need). */
const PAYMENTS = `{ payments(perPage: 2) { nodes { id } } }`;
/** Sequential calls across both: payment.list → client.get → (iCount login) → client/get_list → client/get_cc_tokens. */
const PAYMENT_CARDS = `{ payments(perPage: 5) { nodes { id client { cards { last4 } } } } }`;
/** iCount, sequential: client/info → client/get_cc_tokens. */
const ICOUNT_CLIENT_CARDS = `query($id: ID!) { client(id: $id) { icountId cards { last4 } } }`;
const CHARGE = `mutation($input: ChargeCardInput!) { chargeCard(input: $input) { charge { confirmationCode } userErrors { code } } }`;
const RECORD = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id } userErrors { code } } }`;
const MINUTE = 60_000;

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function start(env: Record<string, string> = {}, options: Omit<StackOptions, 'env'> = {}): Promise<TestStack> {
  stack = await startStack({ ...options, env });
  return stack;
}

/** Runs `fn`, returning its result and how long it took on the wall clock. */
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const result = await fn();
  return [result, Date.now() - started];
}

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

/** Real HTTP exchanges the gateway reported to its metrics for one upstream method. */
async function reportedCalls(s: TestStack, upstream: 'icount' | 'freshbooks', method: string): Promise<number> {
  const metric = s.metrics.registry.getSingleMetric('paygraph_upstream_requests_total');
  const { values } = await metric!.get();
  return values.filter((v) => v.labels.upstream === upstream && v.labels.method === method).reduce((n, v) => n + v.value, 0);
}

const chargeInput = (key: string, number: string = ICOUNT_TEST_CARDS.visa) => ({
  input: { idempotencyKey: key, amount: { amount: '10.00', currency: 'ILS' }, card: { number, expiry: '12/30', cvv: '123' } },
});

describe('timeouts and the request deadline', () => {
  it('answers UPSTREAM_TIMEOUT when one call is slower than its per-call timeout', async () => {
    const s = await start({ FRESHBOOKS_TIMEOUT_MS: '200' });
    s.freshbooks.faults.add({ method: 'payment.list', fault: { kind: 'latency', ms: 600 } });
    const res = await s.gql(PAYMENTS);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', upstream: 'FRESHBOOKS', method: 'payment.list' });
    expect(res.errors?.[0]?.message).toMatch(/did not answer payment\.list in time/);
  });

  it('cuts a request at its overall deadline although each of its sequential calls stays under the per-call timeout', async () => {
    // payment.list 150 ms, then the twin (client/get_list) 500 ms beside client.get's 150 ms, then the
    // cards 500 ms: each far under its 2 s timeout, in sequence 1150 ms against a 600 ms deadline.
    const s = await start({ REQUEST_DEADLINE_MS: '600', ICOUNT_TIMEOUT_MS: '2000', FRESHBOOKS_TIMEOUT_MS: '2000' });
    for (const method of ['payment.list', 'client.get']) s.freshbooks.faults.add({ method, fault: { kind: 'latency', ms: 150 }, times: -1 });
    for (const method of ['client/get_list', 'client/get_cc_tokens']) s.icount.faults.add({ method, fault: { kind: 'latency', ms: 500 }, times: -1 });

    const [res, elapsed] = await timed(() => s.gql(PAYMENT_CARDS));

    // The twin look-up, started at ~150 ms, is the call the deadline cut: the cards were never asked for.
    expect(res.data?.payments?.nodes?.length).toBe(5);
    expect(res.errors?.length).toBeGreaterThan(0);
    for (const error of res.errors!) {
      expect(error.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', upstream: 'ICOUNT' });
      expect(error.message).toMatch(/request deadline passed/);
    }
    expect(elapsed).toBeLessThan(1_000);
    await sleep(550); // let the cut calls' emulator latency run out: nothing more is sent
    expect(s.icount.log.count('client/get_cc_tokens')).toBe(0);
  });

  it('sends nothing more once the deadline has cut a request', async () => {
    const s = await start({ REQUEST_DEADLINE_MS: '300', FRESHBOOKS_TIMEOUT_MS: '2000' });
    s.freshbooks.faults.add({ method: 'payment.list', fault: { kind: 'latency', ms: 400 } });
    const res = await s.gql(PAYMENT_CARDS);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', upstream: 'FRESHBOOKS', method: 'payment.list' });
    await sleep(150);
    expect(s.freshbooks.log.count('client.get')).toBe(0);
    expect(s.icount.log.count()).toBe(0);
  });

  it('lets the shared currency fetch finish and be cached though the request that started it ran out of time', async () => {
    const s = await start({ REQUEST_DEADLINE_MS: '200' });
    s.icount.faults.add({ method: 'currency/get_list', fault: { kind: 'latency', ms: 400 } });
    const first = await s.gql(`{ currencies { code } }`);
    expect(first.errors).toBeUndefined();
    expect((await s.gql(`{ currencies { code } }`)).data!.currencies.length).toBeGreaterThan(0);
    expect(s.icount.log.count('currency/get_list')).toBe(1);
  });
});

describe('retries: reads only, with backoff', () => {
  it('retries an iCount read answered with HTTP 500 twice, then succeeds', async () => {
    const s = await start({ ICOUNT_READ_RETRIES: '2' });
    s.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'http', status: 500 }, times: 2 });
    const res = await s.gql(CHARGES);
    expect(res.errors).toBeUndefined();
    expect(res.data!.charges.length).toBeGreaterThan(0);
    expect(s.icount.log.count('cc/transactions')).toBe(3);
  });

  it('retries a FreshBooks read answered with HTTP 503 twice, then succeeds, backing off ~150 then ~300 ms', async () => {
    const s = await start({ FRESHBOOKS_READ_RETRIES: '2' });
    s.freshbooks.faults.add({ method: 'payment.list', fault: { kind: 'http', status: 503 }, times: 2 });
    const [res, elapsed] = await timed(() => s.gql(PAYMENTS));
    expect(res.errors).toBeUndefined();
    expect(s.freshbooks.log.count('payment.list')).toBe(3);
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(1_500); // not got's default 1 s + 2 s
  });

  it('gives up after the configured retries with UPSTREAM_UNAVAILABLE', async () => {
    const s = await start({ ICOUNT_READ_RETRIES: '2' });
    s.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'http', status: 500 }, times: -1 });
    const res = await s.gql(CHARGES);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'ICOUNT', httpStatus: 500 });
    expect(s.icount.log.count('cc/transactions')).toBe(3);
    expect(await reportedCalls(s, 'icount', 'cc/transactions')).toBe(1); // one call, its retries inside
  });

  it('never retries cc/bill answered with HTTP 500', async () => {
    const s = await start({ ICOUNT_READ_RETRIES: '2' });
    s.icount.faults.add({ method: 'cc/bill', fault: { kind: 'http', status: 500 }, times: -1 });
    const res = await s.gql(CHARGE, chargeInput('ft-bill-500'));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'ICOUNT', method: 'cc/bill', httpStatus: 500 });
    expect(s.icount.log.count('cc/bill')).toBe(1);
  });

  it('never retries payment.create answered with HTTP 500', async () => {
    const s = await start({ FRESHBOOKS_READ_RETRIES: '2' });
    s.freshbooks.faults.add({ method: 'payment.create', fault: { kind: 'http', status: 500 }, times: -1 });
    const res = await s.gql(RECORD, {
      input: { idempotencyKey: 'ft-create-500', invoiceId: toGlobalId('Invoice', 15), amount: { amount: '10.00', currency: 'ILS' } },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'FRESHBOOKS', method: 'payment.create', httpStatus: 500 });
    expect(s.freshbooks.log.count('payment.create')).toBe(1);
  });

  it('retries a read whose connection was dropped (iCount and FreshBooks)', async () => {
    const s = await start({ ICOUNT_READ_RETRIES: '1', FRESHBOOKS_READ_RETRIES: '1' });
    s.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'drop' } });
    s.freshbooks.faults.add({ method: 'payment.list', fault: { kind: 'drop' } });
    const res = await s.gql(`{ charges(filter: { last4: "1111" }) { confirmationCode } payments(perPage: 2) { nodes { id } } }`);
    expect(res.errors).toBeUndefined();
    expect(s.icount.log.count('cc/transactions')).toBe(2);
    expect(s.freshbooks.log.count('payment.list')).toBe(2);
  });

  it('answers UPSTREAM_UNAVAILABLE when a read keeps being dropped', async () => {
    const s = await start({ FRESHBOOKS_READ_RETRIES: '1' });
    s.freshbooks.faults.add({ method: 'payment.list', fault: { kind: 'drop' }, times: -1 });
    const res = await s.gql(PAYMENTS);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'FRESHBOOKS' });
    expect(res.errors?.[0]?.message).toMatch(/could not be reached for payment\.list \(ECONNRESET\)/);
    expect(s.freshbooks.log.count('payment.list')).toBe(2);
  });

  it('reports a malformed body as UPSTREAM_BAD_RESPONSE and does not retry it', async () => {
    const s = await start({ ICOUNT_READ_RETRIES: '2', FRESHBOOKS_READ_RETRIES: '2' });
    s.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'malformed' } });
    s.freshbooks.faults.add({ method: 'payment.list', fault: { kind: 'malformed' } });
    const res = await s.gql(`{ charges(filter: { last4: "1111" }) { confirmationCode } payments(perPage: 2) { nodes { id } } }`);
    const codes = Object.fromEntries(res.errors!.map((e) => [e.extensions!.upstream, e.extensions!.code]));
    expect(codes).toEqual({ ICOUNT: 'UPSTREAM_BAD_RESPONSE', FRESHBOOKS: 'UPSTREAM_BAD_RESPONSE' });
    expect(s.icount.log.count('cc/transactions')).toBe(1);
    expect(s.freshbooks.log.count('payment.list')).toBe(1);
  });

  it('reports iCount\'s plain-text "Too many requests" (HTTP 200) as UPSTREAM_RATE_LIMITED once the read\'s retries are spent', async () => {
    const s = await start({ ICOUNT_READ_RETRIES: '2' });
    s.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'http', status: 200, body: 'Too many requests', contentType: 'text/plain' }, times: -1 });
    const res = await s.gql(CHARGES);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', upstream: 'ICOUNT', httpStatus: 200 });
    expect(s.icount.log.count('cc/transactions')).toBe(3);
  });

  it('reports an HTML 502 page as UPSTREAM_UNAVAILABLE after retrying the read, without quoting the page', async () => {
    const s = await start({ FRESHBOOKS_READ_RETRIES: '1' });
    s.freshbooks.faults.add({ method: 'payment.list', fault: { kind: 'http', status: 502, body: '<html><body>Bad Gateway from nginx</body></html>', contentType: 'text/html' }, times: -1 });
    const res = await s.gql(PAYMENTS);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'FRESHBOOKS', httpStatus: 502 });
    expect(res.errors?.[0]?.message).not.toContain('nginx');
    expect(s.freshbooks.log.count('payment.list')).toBe(2);
  });

  it('waits for Retry-After before retrying a read answered with 429', async () => {
    const s = await start({ ICOUNT_READ_RETRIES: '1', RETRY_AFTER_MAX_MS: '5000' });
    await s.gql(CHARGES); // log in first, so only the retry wait is measured
    s.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'http', status: 429, headers: { 'retry-after': '1' } } });
    const [res, elapsed] = await timed(() => s.gql(CHARGES));
    expect(res.errors).toBeUndefined();
    expect(s.icount.log.count('cc/transactions')).toBe(3);
    expect(elapsed).toBeGreaterThanOrEqual(950);
  });

  it('fails fast with UPSTREAM_RATE_LIMITED when Retry-After asks for longer than RETRY_AFTER_MAX_MS', async () => {
    const s = await start({ FRESHBOOKS_READ_RETRIES: '2', RETRY_AFTER_MAX_MS: '1000' });
    s.freshbooks.faults.add({ method: 'payment.list', fault: { kind: 'http', status: 429, headers: { 'retry-after': '30' } } });
    const [res, elapsed] = await timed(() => s.gql(PAYMENTS));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', upstream: 'FRESHBOOKS', httpStatus: 429 });
    expect(s.freshbooks.log.count('payment.list')).toBe(1);
    expect(elapsed).toBeLessThan(1_000);
  });
});

describe('iCount session expiry', () => {
  it('logs in again once when the sid expired between two requests', async () => {
    const s = await start();
    await s.gql(CHARGES);
    s.clock.advance(21 * MINUTE);
    expect((await s.gql(CHARGES)).errors).toBeUndefined();
    expect(s.icount.log.count('auth/login')).toBe(2);
  });

  it('logs in again once when iCount ends the session', async () => {
    const s = await start();
    await s.gql(CHARGES);
    // The request log redacts the sid: take it from the gateway's session.
    const { sid } = (s.runtime.icount as unknown as { session: { sid: string } }).session;
    s.icount.endSession(sid);
    expect((await s.gql(CHARGES)).errors).toBeUndefined();
    expect(s.icount.log.count('auth/login')).toBe(2);
  });

  it('survives the sid expiring between two calls of the same GraphQL request, with one re-login', async () => {
    const s = await start();
    s.icount.faults.add({ method: 'client/get_cc_tokens', fault: { kind: 'latency', ms: 300 } });
    const pending = s.gql(ICOUNT_CLIENT_CARDS, { id: clientGlobalId('icount', 1003) });
    await until(() => s.icount.log.count('client/info') === 1);
    s.clock.advance(21 * MINUTE); // while client/get_cc_tokens is on its way
    const res = await pending;
    expect(res.errors).toBeUndefined();
    expect(res.data!.client).toMatchObject({ icountId: 1003, cards: expect.any(Array) });
    expect(s.icount.log.all().map((r) => `${r.method}:${r.outcome}`)).toEqual([
      'auth/login:OK', 'client/info:OK', 'client/get_cc_tokens:auth_required', 'auth/login:OK', 'client/get_cc_tokens:OK',
    ]);
  });
});

describe('circuit breaker', () => {
  const BREAKER = { CIRCUIT_FAILURE_THRESHOLD: '3', CIRCUIT_HALF_OPEN_AFTER_MS: '300' };
  const HALF_OPEN_WAIT_MS = 400;

  it('opens after N consecutive failures, then fails fast without any HTTP request', async () => {
    const s = await start(BREAKER);
    s.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'http', status: 500 }, times: -1 });
    for (let i = 0; i < 3; i++) expect((await s.gql(CHARGES)).errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', httpStatus: 500 });
    expect(s.runtime.icount.circuitState()).toBe('open');
    const sent = s.icount.log.count();

    const res = await s.gql(CHARGES);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'ICOUNT', method: 'cc/transactions', circuit: 'open' });
    expect(res.errors?.[0]?.extensions).not.toHaveProperty('httpStatus');
    expect(res.errors?.[0]?.message).toBe('iCount is unavailable (circuit open); retry later');
    expect(res.data).toEqual({ charges: null });
    expect(s.icount.log.count()).toBe(sent);
    expect(await reportedCalls(s, 'icount', 'cc/transactions')).toBe(3); // fast failures are not exchanges
  });

  it('stays open until the interval, lets one trial through, and closes when it succeeds', async () => {
    const s = await start(BREAKER);
    s.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'http', status: 503 }, times: 3 });
    for (let i = 0; i < 3; i++) await s.gql(CHARGES);
    expect((await s.gql(CHARGES)).errors?.[0]?.extensions?.circuit).toBe('open');
    expect((await s.gql(CHARGES)).errors?.[0]?.extensions?.circuit).toBe('open');
    expect(s.icount.log.count('cc/transactions')).toBe(3);

    await sleep(HALF_OPEN_WAIT_MS);
    expect(s.runtime.icount.circuitState()).toBe('half-open');
    const trial = await s.gql(CHARGES);
    expect(trial.errors).toBeUndefined();
    expect(s.runtime.icount.circuitState()).toBe('closed');
    expect((await s.gql(CHARGES)).errors).toBeUndefined();
    expect(s.icount.log.count('cc/transactions')).toBe(5);
  });

  it('opens again at once when the half-open trial fails', async () => {
    const s = await start(BREAKER);
    s.freshbooks.faults.add({ method: 'payment.list', fault: { kind: 'http', status: 500 }, times: 4 });
    for (let i = 0; i < 3; i++) await s.gql(PAYMENTS);
    expect(s.runtime.freshbooks.circuitState()).toBe('open');
    await sleep(HALF_OPEN_WAIT_MS);
    expect((await s.gql(PAYMENTS)).errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', httpStatus: 500 });
    expect(s.runtime.freshbooks.circuitState()).toBe('open');
    expect((await s.gql(PAYMENTS)).errors?.[0]?.extensions).toMatchObject({ circuit: 'open' });
    expect(s.freshbooks.log.count('payment.list')).toBe(4);
  });

  it('counts timeouts and bad responses as failures', async () => {
    const s = await start({ ...BREAKER, ICOUNT_TIMEOUT_MS: '150' });
    s.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'latency', ms: 300 } });
    const codes = [(await s.gql(CHARGES)).errors?.[0]?.extensions];
    s.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'malformed' }, times: 2 });
    for (let i = 0; i < 3; i++) codes.push((await s.gql(CHARGES)).errors?.[0]?.extensions);
    expect(codes).toMatchObject([{ code: 'UPSTREAM_TIMEOUT' }, { code: 'UPSTREAM_BAD_RESPONSE' }, { code: 'UPSTREAM_BAD_RESPONSE' }, { circuit: 'open' }]);
  });

  it('does not count application errors (a declined card, status:false) and is reset by them', async () => {
    const s = await start({ ...BREAKER, CIRCUIT_FAILURE_THRESHOLD: '2' });
    await s.gql(CHARGES); // log in
    for (let i = 0; i < 3; i++) {
      s.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'http', status: 500 } });
      expect((await s.gql(CHARGES)).errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      const declined = await s.gql(CHARGE, chargeInput(`ft-declined-${i}`, ICOUNT_TEST_CARDS.declined));
      expect(declined.errors).toBeUndefined();
      expect(declined.data!.chargeCard.userErrors.length).toBeGreaterThan(0);
      s.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'app-error', code: 'no_permission' } });
      expect((await s.gql(CHARGES)).errors?.[0]?.extensions?.circuit).toBeUndefined();
    }
    expect(s.runtime.icount.circuitState()).toBe('closed');
    expect(s.icount.log.count('cc/bill')).toBe(3);
  });

  it('does not count rejected credentials as upstream failures', async () => {
    const s = await start({ ...BREAKER, CIRCUIT_FAILURE_THRESHOLD: '1' }, { icountAuth: () => ({ mode: 'session', ...ICOUNT_DEMO_CREDENTIALS, pass: 'wrong' }) });
    for (let i = 0; i < 3; i++) expect((await s.gql(CHARGES)).errors?.[0]?.extensions?.code).toBe('UPSTREAM_AUTH');
    expect(s.icount.log.count('auth/login')).toBe(3);
    expect(s.runtime.icount.circuitState()).toBe('closed');
  });

  it('does not count a call cut by the request deadline against the upstream', async () => {
    const s = await start({ ...BREAKER, CIRCUIT_FAILURE_THRESHOLD: '1', REQUEST_DEADLINE_MS: '200' });
    s.freshbooks.faults.add({ method: 'payment.list', fault: { kind: 'latency', ms: 400 } });
    expect((await s.gql(PAYMENTS)).errors?.[0]?.message).toMatch(/request deadline passed/);
    expect(s.runtime.freshbooks.circuitState()).toBe('closed');
    expect((await s.gql(PAYMENTS)).errors).toBeUndefined();
  });

  it('keeps the upstreams independent: iCount down does not open the FreshBooks circuit', async () => {
    const s = await start({ ...BREAKER, CIRCUIT_FAILURE_THRESHOLD: '2' });
    s.icount.faults.add({ method: '*', fault: { kind: 'http', status: 503 }, times: -1 });
    for (let i = 0; i < 2; i++) await s.gql(CHARGES);
    expect(s.runtime.icount.circuitState()).toBe('open');

    const res = await s.gql(`{ charges(filter: { last4: "1111" }) { confirmationCode } payments(perPage: 2) { nodes { id } } }`);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions).toMatchObject({ upstream: 'ICOUNT', circuit: 'open' });
    expect(res.data!.charges).toBeNull();
    expect(res.data!.payments.nodes).toHaveLength(2);
    expect(s.runtime.freshbooks.circuitState()).toBe('closed');
  });
});
