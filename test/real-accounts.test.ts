import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { ICOUNT_DEMO_CREDENTIALS, ICOUNT_TEST_CARDS } from '../src/emulators/icount/index.js';
import { toGlobalId } from '../src/domain/ids.js';
import { startStack, type TestStack } from './support/stack.js';

// Issue 16 wiring, over HTTP against the emulators: FRESHBOOKS_TIMEZONE reaches the FreshBooks
// datasource, and a J5's currency comes from the ledger (iCount's J5 status has none).

const PAYMENTS = `{ payments(perPage: 100) { nodes { freshbooksId updatedAt } } }`;
type PaymentsResponse = { payments: { nodes: { freshbooksId: number; updatedAt: string | null }[] } };

/** The seeded payments 3 (updated 2026-02-15 12:21:39) and 12 (2026-05-10 12:24:36), account wall time. */
async function updatedAts(stack: TestStack): Promise<Record<number, string | null>> {
  const res = await stack.gql<PaymentsResponse>(PAYMENTS);
  expect(res.errors).toBeUndefined();
  const byId = Object.fromEntries(res.data!.payments.nodes.map((p) => [p.freshbooksId, p.updatedAt]));
  return { 3: byId[3] ?? null, 12: byId[12] ?? null };
}

describe('FRESHBOOKS_TIMEZONE', () => {
  it('defaults to US/Eastern: EST in February, EDT in May', async () => {
    const stack = await startStack();
    try {
      expect(await updatedAts(stack)).toEqual({ 3: '2026-02-15T17:21:39Z', 12: '2026-05-10T16:24:36Z' });
    } finally {
      await stack.close();
    }
  });

  it('Europe/London: GMT before the UK change (29 March 2026), BST after it', async () => {
    const stack = await startStack({ env: { FRESHBOOKS_TIMEZONE: 'Europe/London' } });
    try {
      expect(stack.runtime.freshbooksTimeZone).toBe('Europe/London');
      expect(await updatedAts(stack)).toEqual({ 3: '2026-02-15T12:21:39Z', 12: '2026-05-10T11:24:36Z' });
    } finally {
      await stack.close();
    }
  });

  it('Asia/Tokyo: no DST, nine hours ahead all year', async () => {
    const stack = await startStack({ env: { FRESHBOOKS_TIMEZONE: 'Asia/Tokyo' } });
    try {
      expect(await updatedAts(stack)).toEqual({ 3: '2026-02-15T03:21:39Z', 12: '2026-05-10T03:24:36Z' });
    } finally {
      await stack.close();
    }
  });
});

describe('J5 currency from the ledger', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  const nextYear = new Date().getUTCFullYear() + 2;
  const card = { number: ICOUNT_TEST_CARDS.visa, expiry: `12/${String(nextYear).slice(2)}`, cvv: '123', holderName: 'Dana Levi', holderId: '208915123' };
  const STATUS = `query($card: CardInput!) { cardAuthorization(card: $card) { available confirmationCode total { amount currency } remaining { amount currency } } }`;
  type StatusResponse = { cardAuthorization: { available: boolean; confirmationCode: string | null; total: { amount: string; currency: string } | null; remaining: { amount: string; currency: string } | null } };

  it('shows a USD J5 as USD although cc/j5_status sends no currency', async () => {
    const auth = await stack.gql<{ authorizeCard: { authorization: { confirmationCode: string; total: { currency: string } } | null; userErrors: unknown[] } }>(
      `mutation($input: AuthorizeCardInput!) { authorizeCard(input: $input) { authorization { confirmationCode total { currency } } userErrors { code } } }`,
      { input: { idempotencyKey: randomUUID(), card, amount: { amount: '250.00', currency: 'USD' } } },
    );
    expect(auth.data!.authorizeCard.userErrors).toEqual([]);
    const code = auth.data!.authorizeCard.authorization!.confirmationCode;
    expect(auth.data!.authorizeCard.authorization!.total.currency).toBe('USD');

    const status = await stack.gql<StatusResponse>(STATUS, { card: { number: card.number } });
    expect(status.errors).toBeUndefined();
    expect(stack.icount.log.count('cc/j5_status')).toBeGreaterThan(0);
    expect(status.data!.cardAuthorization).toEqual({
      available: true,
      confirmationCode: code,
      total: { amount: '250.00', currency: 'USD' },
      remaining: { amount: '250.00', currency: 'USD' },
    });
  });

  it('falls back to ILS for a J5 the ledger does not know', async () => {
    const other = { number: ICOUNT_TEST_CARDS.mastercard, expiry: card.expiry, cvv: '123', holderName: 'Dana Levi', holderId: '208915123' };
    // Made directly on the emulator, not through the gateway.
    const res = await fetch(stack.icountUrl + '/cc/j5', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sid: await sidOf(stack), cc_number: other.number, cc_validity: `${nextYear}-12`, cc_cvv: '123', cc_holder_id: '208915123', sum: 40, currency_code: 'USD' }),
    });
    expect(((await res.json()) as { status: boolean }).status).toBe(true);
    const status = await stack.gql<StatusResponse>(STATUS, { card: { number: other.number } });
    expect(status.data!.cardAuthorization.total).toEqual({ amount: '40.00', currency: 'ILS' });
  });
});

async function sidOf(stack: TestStack): Promise<string> {
  const res = await fetch(stack.icountUrl + '/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ICOUNT_DEMO_CREDENTIALS) });
  return ((await res.json()) as { sid: string }).sid;
}

describe('upstream error text is scrubbed before it is relayed', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  const SECRET_TEXT = 'card 4580458045804580 cvv: 123 holder 208915124 sid=6548e19b2c02c922612458 Authorization: Bearer API3E8-SECRET pass=hunter2';
  const leaks = (message: string) => ['4580458045804580', ' 123 ', '208915124', '6548e19b2c02c922612458', 'API3E8-SECRET', 'hunter2'].filter((s) => message.includes(s));

  it('iCount error_description', async () => {
    stack.icount.faults.add({ method: 'cc/bill', fault: { kind: 'app-error', code: 'provider_refused', message: SECRET_TEXT } });
    const nextYear = new Date().getUTCFullYear() + 2;
    const res = await stack.gql<{ chargeCard: { userErrors: { code: string; message: string }[] } }>(
      `mutation($input: ChargeCardInput!) { chargeCard(input: $input) { charge { id } userErrors { code message } } }`,
      { input: { idempotencyKey: randomUUID(), amount: { amount: '10.00', currency: 'ILS' }, card: { number: ICOUNT_TEST_CARDS.visa, expiry: `12/${String(nextYear).slice(2)}`, cvv: '123', holderName: 'Dana Levi' } } },
    );
    const message = res.data!.chargeCard.userErrors[0]!.message;
    expect(message).toContain('provider_refused');
    expect(message).toContain('************4580');
    expect(leaks(message)).toEqual([]);
  });

  it('FreshBooks <error> text', async () => {
    stack.freshbooks.faults.add({ method: 'payment.create', fault: { kind: 'app-error', code: '40099', message: SECRET_TEXT } });
    const res = await stack.gql<{ recordPayment: { userErrors: { code: string; message: string }[] } }>(
      `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { freshbooksId } userErrors { code message } } }`,
      { input: { idempotencyKey: randomUUID(), invoiceId: toGlobalId('Invoice', 15), amount: { amount: '10.00', currency: 'ILS' } } },
    );
    const message = JSON.stringify(res.data?.recordPayment ?? res.errors);
    expect(message).toContain('4580');
    expect(leaks(message)).toEqual([]);
  });
});
