import { afterEach, describe, expect, it } from '@jest/globals';
import { ICOUNT_DEMO_CREDENTIALS, ICOUNT_DEMO_TOKEN, ICOUNT_TEST_CARDS } from '../src/emulators/icount/index.js';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { IcountTransport } from '../src/datasources/icount/transport.js';
import { startStack, type TestStack } from './support/stack.js';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const CHARGES = `query { charges(filter: { last4: "1111" }) { confirmationCode } }`;
const CHARGE = `mutation($input: ChargeCardInput!) { chargeCard(input: $input) { charge { confirmationCode } userErrors { code } } }`;
const chargeInput = (k: string) => ({ input: { idempotencyKey: k, amount: { amount: '10.00', currency: 'ILS' }, card: { tokenId: 57 } } });
const MINUTE = 60_000;

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('iCount session auth', () => {
  it('logs in once and reuses the sid across requests', async () => {
    stack = await startStack();
    for (let i = 0; i < 3; i++) expect((await stack.gql(CHARGES)).errors).toBeUndefined();
    expect(stack.icount.log.count('auth/login')).toBe(1);
    expect(stack.icount.log.count('cc/transactions')).toBe(3);
  });

  it('keeps a sid alive while it is used (20 minutes sliding)', async () => {
    stack = await startStack();
    await stack.gql(CHARGES);
    for (let i = 0; i < 3; i++) {
      stack.clock.advance(15 * MINUTE);
      expect((await stack.gql(CHARGES)).errors).toBeUndefined();
    }
    expect(stack.icount.log.count('auth/login')).toBe(1);
  });

  it('re-logs in once, transparently, when iCount has expired the sid', async () => {
    stack = await startStack();
    await stack.gql(CHARGES);
    stack.clock.advance(21 * MINUTE);
    const res = await stack.gql(CHARGES);
    expect(res.errors).toBeUndefined();
    expect(res.data!.charges.length).toBeGreaterThan(0);
    expect(stack.icount.log.all().map((r) => `${r.method}:${r.outcome}`)).toEqual([
      'auth/login:OK', 'cc/transactions:OK', 'cc/transactions:auth_required', 'auth/login:OK', 'cc/transactions:OK',
    ]);
  });

  it('re-sends a charge rejected for an expired sid exactly once, and charges once', async () => {
    stack = await startStack();
    await stack.gql(CHARGES);
    stack.clock.advance(25 * MINUTE);
    const before = stack.icount.transactions().length;
    const res = await stack.gql(CHARGE, chargeInput('sid-expiry-charge'));
    expect(res.data!.chargeCard.userErrors).toEqual([]);
    expect(stack.icount.transactions().length).toBe(before + 1);
  });

  it('shares one login between concurrent requests', async () => {
    stack = await startStack();
    await Promise.all(Array.from({ length: 10 }, () => stack!.gql(CHARGES)));
    expect(stack.icount.log.count('auth/login')).toBe(1);
  });

  it('answers UPSTREAM_AUTH when the credentials are wrong, after one login attempt per request', async () => {
    stack = await startStack({ icountAuth: () => ({ mode: 'session', ...ICOUNT_DEMO_CREDENTIALS, pass: 'wrong' }) });
    const res = await stack.gql(CHARGES);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_AUTH', upstream: 'ICOUNT' });
    expect(res.errors?.[0]?.message).not.toContain('wrong');
    expect(stack.icount.log.count('cc/transactions')).toBe(0);
  });
});

describe('iCount per-call credentials and API tokens', () => {
  it('sends cid/user/pass on every call without logging in', async () => {
    stack = await startStack({ icountAuth: () => ({ mode: 'credentials', ...ICOUNT_DEMO_CREDENTIALS }) });
    expect((await stack.gql(CHARGES)).errors).toBeUndefined();
    expect(stack.icount.log.count('auth/login')).toBe(0);
    expect(stack.icount.log.all()[0]!.params).toMatchObject({ cid: ICOUNT_DEMO_CREDENTIALS.cid, pass: '[REDACTED]' });
  });

  it('authenticates with a Bearer API token', async () => {
    stack = await startStack({ icountAuth: () => ({ mode: 'token', token: ICOUNT_DEMO_TOKEN }) });
    expect((await stack.gql(CHARGES)).errors).toBeUndefined();
    expect(stack.icount.log.count('auth/login')).toBe(0);
  });

  it('answers UPSTREAM_AUTH for an unknown token', async () => {
    stack = await startStack({ icountAuth: () => ({ mode: 'token', token: 'API3E8-NOPE' }) });
    expect((await stack.gql(CHARGES)).errors?.[0]?.extensions?.code).toBe('UPSTREAM_AUTH');
  });
});

describe('iCount failures are contained', () => {
  it('times out a slow upstream with UPSTREAM_TIMEOUT', async () => {
    stack = await startStack({ env: { ICOUNT_TIMEOUT_MS: '200' } });
    stack.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'latency', ms: 600 } });
    const res = await stack.gql(CHARGES);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', upstream: 'ICOUNT', method: 'cc/transactions' });
    expect(res.data).toEqual({ charges: null });
  });

  it('does not retry a cc/bill answered with HTTP 500', async () => {
    stack = await startStack({ env: { ICOUNT_READ_RETRIES: '2' } });
    await stack.gql(CHARGES); // log in first
    stack.icount.faults.add({ method: 'cc/bill', fault: { kind: 'http', status: 500 }, times: -1 });
    const res = await stack.gql(CHARGE, chargeInput('http-500'));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'ICOUNT', httpStatus: 500 });
    expect(stack.icount.log.count('cc/bill')).toBe(1);
  });

  it('does not retry a cc/bill whose connection dropped after iCount charged, and says so', async () => {
    stack = await startStack({ env: { ICOUNT_READ_RETRIES: '2' } });
    await stack.gql(CHARGES);
    const before = stack.icount.transactions().length;
    stack.icount.faults.add({ method: 'cc/bill', fault: { kind: 'drop' }, afterProcessing: true });
    const res = await stack.gql(CHARGE, chargeInput('dropped'));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'ICOUNT', method: 'cc/bill' });
    expect(stack.icount.log.count('cc/bill')).toBe(1);
    expect(stack.icount.transactions().length).toBe(before + 1);
  });

  it('does not retry a cc/bill that iCount processed but answered too late', async () => {
    stack = await startStack({ env: { ICOUNT_TIMEOUT_MS: '300', ICOUNT_READ_RETRIES: '2' } });
    await stack.gql(CHARGES);
    const before = stack.icount.transactions().length;
    stack.icount.faults.add({ method: 'cc/bill', fault: { kind: 'latency', ms: 700 }, afterProcessing: true });
    const res = await stack.gql(CHARGE, chargeInput('slow-bill'));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', method: 'cc/bill' });
    await new Promise((r) => setTimeout(r, 800));
    expect(stack.icount.log.count('cc/bill')).toBe(1);
    expect(stack.icount.transactions().length).toBe(before + 1);
  });

  it('gives up on a provider that never answers, without sending the charge again', async () => {
    stack = await startStack({ env: { ICOUNT_TIMEOUT_MS: '300', ICOUNT_READ_RETRIES: '2' } });
    const before = stack.icount.transactions().length;
    const res = await stack.gql(CHARGE, {
      input: { idempotencyKey: 'provider-timeout', amount: { amount: '10.00', currency: 'ILS' }, card: { number: ICOUNT_TEST_CARDS.providerTimeout, expiry: '12/30', cvv: '123' } },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_TIMEOUT');
    // The emulator logs a held request when the gateway closes its connection; a second attempt would
    // be held and closed (and logged) within another 300 ms timeout.
    await new Promise((r) => setTimeout(r, 800));
    expect(stack.icount.log.all().filter((e) => e.method === 'cc/bill').map((e) => e.outcome)).toEqual(['provider_timeout']);
    expect(stack.icount.transactions().length).toBe(before);
  });

  it('retries a read answered with HTTP 503 and succeeds', async () => {
    stack = await startStack({ env: { ICOUNT_READ_RETRIES: '2' } });
    stack.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'http', status: 503 } });
    const res = await stack.gql(CHARGES);
    expect(res.errors).toBeUndefined();
    expect(stack.icount.log.count('cc/transactions')).toBe(2);
  });

  it('reports a malformed body as UPSTREAM_BAD_RESPONSE', async () => {
    stack = await startStack();
    stack.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'malformed' } });
    expect((await stack.gql(CHARGES)).errors?.[0]?.extensions?.code).toBe('UPSTREAM_BAD_RESPONSE');
  });

  it('reports an HTML error page as UPSTREAM_UNAVAILABLE', async () => {
    stack = await startStack();
    stack.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'http', status: 502 } });
    expect((await stack.gql(CHARGES)).errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', httpStatus: 502 });
  });

  it('reports a refused connection as UPSTREAM_UNAVAILABLE', async () => {
    const port = await closedPort();
    const transport = new IcountTransport({
      url: `http://127.0.0.1:${port}/api/v3.php`,
      auth: { mode: 'credentials', ...ICOUNT_DEMO_CREDENTIALS },
      timeoutMs: 1000,
      readRetries: 0,
      authFailureReasons: ['auth_required'],
    });
    await expect(transport.call('cc/card_types', {})).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_UNAVAILABLE', upstream: 'ICOUNT' } });
  });

  it('treats an application error sent with HTTP 400 like any other application error', async () => {
    stack = await startStack({ icount: { applicationErrorStatus: 400 } });
    stack.icount.faults.add({ method: 'cc/bill', fault: { kind: 'app-error', code: 'bad_cc_cvv' } });
    const res = await stack.gql(CHARGE, chargeInput('reason-with-http-400'));
    expect(res.data!.chargeCard.userErrors).toEqual([{ code: 'INVALID_CVV' }]);
    expect(stack.icount.log.all().at(-1)).toMatchObject({ method: 'cc/bill', httpStatus: 400 });
  });

  it('maps each iCount cc/bill reason to its userError', async () => {
    stack = await startStack();
    const expected: Record<string, string> = {
      empty_sum: 'INVALID_AMOUNT', missing_cc_number: 'INVALID_CARD_NUMBER', bad_cc_number: 'INVALID_CARD_NUMBER', bad_token: 'NOT_FOUND',
      bad_cc_validity: 'INVALID_EXPIRY', cc_expired: 'CARD_EXPIRED', bad_cc_cvv: 'INVALID_CVV', bad_num_of_payments: 'INVALID_INSTALLMENTS',
      bad_first_payment: 'INVALID_INSTALLMENTS', bad_currency: 'INVALID_CURRENCY', cc_declined: 'CARD_DECLINED', client_not_found: 'NOT_FOUND',
      something_new: 'UPSTREAM_REJECTED',
    };
    for (const [reason, code] of Object.entries(expected)) {
      stack.icount.faults.add({ method: 'cc/bill', fault: { kind: 'app-error', code: reason } });
      const res = await stack.gql(CHARGE, chargeInput(`reason-${reason}`));
      expect([reason, res.data!.chargeCard.userErrors]).toEqual([reason, [{ code }]]);
    }
  });

  it('maps an account-level failure (card module disabled) to UPSTREAM_ERROR', async () => {
    stack = await startStack();
    stack.icount.faults.add({ method: 'cc/bill', fault: { kind: 'app-error', code: 'cc_disabled' } });
    const res = await stack.gql(CHARGE, chargeInput('disabled'));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstream: 'ICOUNT', reason: 'cc_disabled' });
  });

  it('reports a success without a confirmation code as UPSTREAM_BAD_RESPONSE, not as a charge', async () => {
    stack = await startStack();
    const res = await stack.gql(CHARGE, {
      input: { idempotencyKey: 'no-conf', amount: { amount: '10.00', currency: 'ILS' }, card: { number: ICOUNT_TEST_CARDS.noConfirmation, expiry: '12/30', cvv: '123' } },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(res.errors?.[0]?.message).toMatch(/reconciled/);
  });
});
