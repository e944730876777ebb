import { describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { ICOUNT_TEST_CARDS } from '../src/emulators/icount/index.js';
import type { IcountEmulator } from '../src/emulators/icount/index.js';
import { freshStacks } from './support/fresh-stack.js';

/**
 * Throttling (issue 16 item 3): upstream 429s and iCount's plain-text "Too many requests" are
 * UPSTREAM_RATE_LIMITED; reads retry within the deadline, writes never; the client-side limit
 * (ICOUNT_RATE_LIMIT …) queues bursts, lets writes go first, and is shared by replicas.
 */
const stack = freshStacks();

/** iCount: one cc/transactions call (after a login). */
const CHARGES = `{ charges(filter: { last4: "1111" }) { confirmationCode } }`;
/** FreshBooks: one payment.list call (and the lookups its currencies need). */
const PAYMENTS = `{ payments(perPage: 2) { nodes { id } } }`;
const CHARGE = `mutation($input: ChargeCardInput!) { chargeCard(input: $input) { charge { confirmationCode } userErrors { code } } }`;
const chargeInput = (key: string) => ({
  input: { idempotencyKey: key, amount: { amount: '10.00', currency: 'ILS' }, card: { number: ICOUNT_TEST_CARDS.visa, expiry: '12/30', cvv: '123' } },
});
const TOO_MANY = { kind: 'http', status: 200, body: 'Too many requests', contentType: 'text/plain' } as const;

/** Wall-clock arrival times (and methods) of the requests the emulator receives (its own log keeps its manual clock). */
function received(emulator: IcountEmulator): { method: string; at: number }[] {
  const seen: { method: string; at: number }[] = [];
  const parse = emulator.parse.bind(emulator);
  emulator.parse = (req, body) => {
    const at = Date.now();
    const parsed = parse(req, body);
    seen.push({ method: parsed.method, at });
    return parsed;
  };
  return seen;
}

/** The most requests any window of `windowMs` saw (`slackMs` for the way from the gateway to the emulator). */
function busiestWindow(times: number[], windowMs: number, slackMs = 150): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < sorted.length; i++) {
    const inside = sorted.filter((t) => t >= sorted[i]! && t < sorted[i]! + windowMs - slackMs).length;
    most = Math.max(most, inside);
  }
  return most;
}

describe('upstream throttling answers', () => {
  it('maps HTTP 429 to UPSTREAM_RATE_LIMITED: a read once its retries are spent, a write at once, sent once, outcome UNKNOWN', async () => {
    const s = await stack({ env: { ICOUNT_READ_RETRIES: '1', RETRY_AFTER_MAX_MS: '1000' } });
    s.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'http', status: 429 }, times: -1 });
    const read = await s.gql(CHARGES);
    expect(read.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', upstream: 'ICOUNT', httpStatus: 429 });
    expect(s.icount.log.count('cc/transactions')).toBe(2);

    s.icount.faults.add({ method: 'cc/bill', fault: { kind: 'http', status: 429 }, times: -1 });
    const write = await s.gql(CHARGE, chargeInput('rl-bill-429'));
    expect(write.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', method: 'cc/bill', httpStatus: 429, outcome: 'UNKNOWN' });
    expect(s.icount.log.count('cc/bill')).toBe(1);
  });

  it('maps iCount\'s plain-text "Too many requests" under HTTP 200 to UPSTREAM_RATE_LIMITED; a read backs off and succeeds, a write is not sent again', async () => {
    const s = await stack({ env: { ICOUNT_READ_RETRIES: '2' } });
    s.icount.faults.add({ method: 'cc/transactions', fault: TOO_MANY, times: 1 });
    const read = await s.gql(CHARGES);
    expect(read.errors).toBeUndefined();
    expect(s.icount.log.count('cc/transactions')).toBe(2);

    s.icount.faults.add({ method: 'cc/transactions', fault: TOO_MANY, times: -1 });
    const refused = await s.gql(CHARGES);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', upstream: 'ICOUNT', httpStatus: 200 });
    expect(s.icount.log.count('cc/transactions')).toBe(2 + 3);

    s.icount.faults.add({ method: 'cc/bill', fault: TOO_MANY, times: -1 });
    const write = await s.gql(CHARGE, chargeInput('rl-bill-text'));
    expect(write.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', method: 'cc/bill', outcome: 'UNKNOWN' });
    expect(s.icount.log.count('cc/bill')).toBe(1);
  });

  it('retries a read after Retry-After within the request deadline (FreshBooks)', async () => {
    const s = await stack({ env: { FRESHBOOKS_READ_RETRIES: '1', RETRY_AFTER_MAX_MS: '5000', REQUEST_DEADLINE_MS: '5000' } });
    s.freshbooks.faults.add({ method: 'payment.list', fault: { kind: 'http', status: 429, headers: { 'retry-after': '1' } } });
    const started = Date.now();
    const res = await s.gql(PAYMENTS);
    expect(res.errors).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(s.freshbooks.log.count('payment.list')).toBe(2);
  });
});

describe('the client-side limit (ICOUNT_RATE_LIMIT)', () => {
  const WINDOW = 1_500;

  it('queues a burst of reads instead of failing them, never more than the limit in any window', async () => {
    const s = await stack({ env: { ICOUNT_RATE_LIMIT: '3', UPSTREAM_RATE_WINDOW_MS: String(WINDOW), REQUEST_DEADLINE_MS: '10000' } });
    const seen = received(s.icount);
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 8 }, () => s.gql(CHARGES)));
    for (const a of answers) expect(a.errors).toBeUndefined();
    // 8 reads and a login: 9 requests at 3 a window take at least two more windows.
    expect(seen).toHaveLength(9);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * WINDOW - 50);
    expect(busiestWindow(seen.map((r) => r.at), WINDOW)).toBeLessThanOrEqual(3);
  });

  it('fails a call still queued at the request deadline with UPSTREAM_RATE_LIMITED, NOT_ATTEMPTED, nothing sent', async () => {
    const s = await stack({ env: { ICOUNT_RATE_LIMIT: '1', UPSTREAM_RATE_WINDOW_MS: '60000', REQUEST_DEADLINE_MS: '500' } });
    await s.gql(CHARGES).catch(() => undefined); // the login takes the minute's only request
    const sent = s.icount.log.count();
    const res = await s.gql(CHARGE, chargeInput('rl-queued-out'));
    // Its first call (the currency list) found the quota spent: nothing at all was sent.
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', upstream: 'ICOUNT', outcome: 'NOT_ATTEMPTED' });
    expect(s.icount.log.count()).toBe(sent);
    expect(s.icount.log.count('cc/bill')).toBe(0);
  });

  it('lets a write go before reads queued earlier', async () => {
    const s = await stack({ env: { ICOUNT_RATE_LIMIT: '1', UPSTREAM_RATE_WINDOW_MS: '1000', REQUEST_DEADLINE_MS: '10000' } });
    await s.gql(CHARGES); // logged in: from here on every request is one call
    const seen = received(s.icount);
    const reads = Array.from({ length: 3 }, () => s.gql(CHARGES));
    await sleep(100); // the reads are queued
    const write = s.runtime.icount.call('cc/bill', { sum: 10, currency_code: 'ILS', cc_number: ICOUNT_TEST_CARDS.visa, cc_validity: '12/30', cc_cvv: '123', client_name: 'Rate Limit' });
    await Promise.all([...reads, write]);
    const order = seen.map((r) => r.method);
    expect(order).toHaveLength(4);
    // The window was still busy with the reads' predecessor when the write arrived: it went first.
    expect(order[0]).toBe('cc/bill');
  });

  it('is one quota for two replicas sharing PostgreSQL', async () => {
    const s = await stack({ postgres: true, env: { ICOUNT_RATE_LIMIT: '2', UPSTREAM_RATE_WINDOW_MS: String(WINDOW), REQUEST_DEADLINE_MS: '15000' } });
    const replica = await s.startGateway();
    const seen = received(s.icount);
    const answers = await Promise.all([...Array.from({ length: 3 }, () => s.gql(CHARGES)), ...Array.from({ length: 3 }, () => replica.gql(CHARGES))]);
    for (const a of answers) expect(a.errors).toBeUndefined();
    // 6 reads and one login per replica: 8 requests at 2 a window, so 4 windows from first to last.
    expect(seen).toHaveLength(8);
    const times = seen.map((r) => r.at);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(3 * WINDOW - 150);
    // Two processes' sends reach the emulator with more jitter than one's: 300 ms of slack.
    expect(busiestWindow(times, WINDOW, 300)).toBeLessThanOrEqual(2);
  });
});
