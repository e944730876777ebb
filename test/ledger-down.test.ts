import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { toGlobalId } from '../src/domain/ids.js';
import type { FaultInjector } from '../src/emulators/shared/faults.js';
import { until } from './support/events.js';
import { freshDatabase, type FreshDatabase } from './support/postgres.js';
import { startPostgres, type RunningPostgres } from './support/postgres-server.js';
import { startStack, type GraphQLResponse, type TestStack } from './support/stack.js';

/**
 * Reads of the ledger, not only its writes, answer STORE_UNAVAILABLE when the ledger's PostgreSQL
 * is down, with the outcome of what the request sent (docs/ledger.md, "Failures of the ledger
 * itself"), and nothing more is sent upstream. The server is this file's own, since the tests stop
 * it: while an upstream call is held at the emulator when the ledger must fail mid-request.
 */
const ENTRY = 'query($key: String!) { ledgerEntry(idempotencyKey: $key) { state } }';
const PAY = `mutation($input: PayInvoiceInput!) { payInvoice(input: $input) { payment { id } userErrors { code } } }`;
const REFUND = `mutation($input: RefundInvoicePaymentInput!) { refundInvoicePayment(input: $input) { refund { id } pending userErrors { code } } }`;
const CREATE_CHECKOUT = `mutation($input: CreateCheckoutInput!) { createCheckout(input: $input) { checkout { id status } userErrors { code } } }`;
const CHECKOUT = 'query($id: ID!) { checkout(id: $id) { status } }';
const CHARGES = '{ charges { confirmationCode status } }';

const checkoutInput = (key: string) => ({
  input: { idempotencyKey: key, invoiceId: toGlobalId('Invoice', 13), successUrl: 'http://127.0.0.1/thanks', cancelUrl: 'http://127.0.0.1/cancel' },
});

let server: RunningPostgres;
let database: FreshDatabase | null = null;
let stack: TestStack | null = null;

beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(() => server?.remove());
afterEach(async () => {
  await server.restart();
  await stack?.close();
  await database?.drop();
  stack = null;
  database = null;
}, 30_000);

async function freshStack(): Promise<TestStack> {
  database = await freshDatabase('ledger_down', server.url);
  stack = await startStack({ databaseUrl: database.url });
  return stack;
}

/** Every upstream call the emulators saw. */
const upstreamCalls = (s: TestStack) => s.icount.log.count() + s.freshbooks.log.count();

/** The first error's code and outcome. */
const failure = (res: GraphQLResponse) => ({ code: res.errors?.[0]?.extensions?.code, outcome: res.errors?.[0]?.extensions?.outcome });

/**
 * Sends a request whose `method` calls are held at `emulator`; the ledger's PostgreSQL is stopped
 * while the `nth` of them is held (those before it go on at once), then it goes on too.
 */
async function ledgerStopsDuring(emulator: { faults: FaultInjector }, method: string, send: () => Promise<GraphQLResponse>, nth = 1): Promise<GraphQLResponse> {
  emulator.faults.add({ method, fault: { kind: 'hold' }, times: nth });
  const answer = send();
  for (let n = 1; n <= nth; n++) {
    await until(() => emulator.faults.heldCount === 1);
    if (n === nth) await server.stop();
    emulator.faults.release();
  }
  return answer;
}

describe('a ledger whose PostgreSQL is down', () => {
  it('ledgerEntry answers STORE_UNAVAILABLE NOT_ATTEMPTED and calls no upstream', async () => {
    const s = await freshStack();
    await server.stop();
    const res = await s.gql(ENTRY, { key: 'any-key' });
    expect(failure(res)).toEqual({ code: 'STORE_UNAVAILABLE', outcome: 'NOT_ATTEMPTED' });
    expect(upstreamCalls(s)).toBe(0);
  });

  it('charges asking for status (refunds counted in the ledger) answer STORE_UNAVAILABLE NOT_ATTEMPTED on the field', async () => {
    const s = await freshStack();
    await server.stop();
    const res = await s.gql(CHARGES);
    expect(failure(res)).toEqual({ code: 'STORE_UNAVAILABLE', outcome: 'NOT_ATTEMPTED' });
    expect(res.errors![0]!.path).toEqual(['charges', 0, 'status']);
  });

  it('checkout(id) answers STORE_UNAVAILABLE NOT_ATTEMPTED', async () => {
    const s = await freshStack();
    const created = await s.gql(CREATE_CHECKOUT, checkoutInput('co-read'));
    const id = created.data!.createCheckout.checkout.id as string;
    await server.stop();
    const before = upstreamCalls(s);
    expect(failure(await s.gql(CHECKOUT, { id }))).toEqual({ code: 'STORE_UNAVAILABLE', outcome: 'NOT_ATTEMPTED' });
    expect(upstreamCalls(s)).toBe(before);
  });

  it('a createCheckout retry that finds iCount down and then the ledger down answers STORE_UNAVAILABLE NOT_ATTEMPTED and records no payment', async () => {
    const s = await freshStack();
    expect((await s.gql(CREATE_CHECKOUT, checkoutInput('co-retry'))).data!.createCheckout.checkout.status).toBe('OPEN');
    const retry = await ledgerStopsDuring(s.icount, 'cc/transactions', () => {
      // After the hold: the charge look-up, once let go, fails.
      s.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'http', status: 503 }, times: -1 });
      return s.gql(CREATE_CHECKOUT, checkoutInput('co-retry'));
    });
    expect(failure(retry)).toEqual({ code: 'STORE_UNAVAILABLE', outcome: 'NOT_ATTEMPTED' });
    expect(s.freshbooks.log.count('payment.create')).toBe(0);
  });

  it('refundInvoicePayment, first run and retry, cut by the ledger before cc/refund: STORE_UNAVAILABLE NOT_ATTEMPTED, nothing refunded or booked', async () => {
    const s = await freshStack();
    const paid = await s.gql(PAY, { input: { idempotencyKey: 'paid', invoiceId: toGlobalId('Invoice', 6), card: { tokenId: 60 }, amount: { amount: '10.00', currency: 'ILS' } } });
    const paymentId = paid.data!.payInvoice.payment.id as string;
    const refund = () => s.gql(REFUND, { input: { idempotencyKey: 'refund-1', paymentId, amount: { amount: '4.00', currency: 'ILS' } } });

    // First run: the ledger goes down while the charge is read again under its lock, before what is
    // left to refund is counted from the ledger's refunds.
    const first = await ledgerStopsDuring(s.icount, 'cc/transactions', refund, 2);
    expect(failure(first)).toEqual({ code: 'STORE_UNAVAILABLE', outcome: 'NOT_ATTEMPTED' });

    // The retry: the ledger answers the key's row, then goes down while the payment is read, before
    // the charge behind the payment is looked up in the ledger.
    await server.restart();
    const retry = await ledgerStopsDuring(s.freshbooks, 'payment.get', refund);
    expect(failure(retry)).toEqual({ code: 'STORE_UNAVAILABLE', outcome: 'NOT_ATTEMPTED' });

    expect(s.icount.log.count('cc/refund')).toBe(0);
    expect(s.freshbooks.log.count('payment.update') + s.freshbooks.log.count('payment.delete')).toBe(0);
  });
});
