import { describe, expect, it } from '@jest/globals';
import { clientGlobalId, toGlobalId } from '../src/domain/ids.js';
import { ICOUNT_TEST_CARDS } from '../src/emulators/icount/index.js';
import { freshStacks } from './support/fresh-stack.js';
import type { TestStack } from './support/stack.js';

const PAY = `mutation($input: PayInvoiceInput!) { payInvoice(input: $input) {
  pending
  charge { confirmationCode amount { amount currency } card { brand last4 } }
  payment { freshbooksId type notes amount { amount currency } invoice { status outstanding { amount } } }
  userErrors { code field message } } }`;

const invoice = (n: number) => toGlobalId('Invoice', n);
let stack: TestStack;
const startFresh = freshStacks();
async function fresh(options: Parameters<typeof startFresh>[0] = {}) {
  stack = await startFresh(options);
  return stack;
}

async function pay(input: Record<string, unknown>, on: Pick<TestStack, 'gql'> = stack) {
  const res = await on.gql(PAY, { input });
  expect(res.errors).toBeUndefined();
  return res.data!.payInvoice as { pending: boolean; charge: any; payment: any; userErrors: { code: string; field: string[]; message: string }[] };
}

/** The ledger entry's state of a key, as support staff would look it up. */
async function ledgerState(key: string): Promise<string | undefined> {
  const res = await stack.gql<{ ledgerEntry: { state: string } | null }>('query($key: String!) { ledgerEntry(idempotencyKey: $key) { state } }', { key });
  return res.data?.ledgerEntry?.state;
}

const count = (method: string) => stack.icount.log.count(method) + stack.freshbooks.log.count(method);

describe('payInvoice', () => {
  it('charges the outstanding balance in the invoice currency and records a VISA payment carrying the confirmation code', async () => {
    await fresh();
    const result = await pay({ idempotencyKey: 'pi-1', invoiceId: invoice(13), card: { tokenId: 63 } });
    expect(result.userErrors).toEqual([]);
    expect(result.pending).toBe(false);
    expect(result.charge).toMatchObject({ amount: { amount: '375.50', currency: 'USD' }, card: { brand: 'VISA', last4: '4242' } });
    expect(result.payment).toMatchObject({ type: 'VISA', amount: { amount: '375.50', currency: 'USD' }, invoice: { status: 'PAID', outstanding: { amount: '0.00' } } });
    expect(result.payment.notes).toContain(result.charge.confirmationCode);
    expect(count('cc/bill')).toBe(1);
    expect(count('payment.create')).toBe(1);
    const bill = stack.icount.log.all().find((r) => r.method === 'cc/bill')!;
    // The description carries the ledger's marker, so a lost answer can be found in cc/transactions.
    expect(bill.params).toMatchObject({ client_id: 1005, currency_code: 'USD', payment_description: expect.stringMatching(/^FreshBooks invoice 0000013 \[paygraph:[a-z2-7]{20}\]$/) });
  });

  it('replays the first answer for the same key without charging or recording again', async () => {
    await fresh();
    const input = { idempotencyKey: 'pi-replay', invoiceId: invoice(2), card: { tokenId: 57 }, amount: { amount: '100.00', currency: 'ILS' } };
    const first = await pay(input);
    const second = await pay(input);
    expect(second).toEqual(first);
    expect(count('cc/bill')).toBe(1);
    expect(count('payment.create')).toBe(1);
  });

  it('refuses the same key with a different input', async () => {
    await fresh();
    await pay({ idempotencyKey: 'pi-reuse', invoiceId: invoice(2), card: { tokenId: 57 }, amount: { amount: '100.00', currency: 'ILS' } });
    const other = await pay({ idempotencyKey: 'pi-reuse', invoiceId: invoice(2), card: { tokenId: 57 }, amount: { amount: '200.00', currency: 'ILS' } });
    expect(other.userErrors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'] })]);
    expect(count('cc/bill')).toBe(1);
  });

  it('records the payment type of the card brand: AMEX, and CREDIT_CARD for a brand FreshBooks lacks', async () => {
    await fresh();
    const amex = await pay({ idempotencyKey: 'pi-amex', invoiceId: invoice(5), card: { tokenId: 59 } });
    expect(amex.payment).toMatchObject({ type: 'AMEX', amount: { amount: '36.55', currency: 'ILS' } });
    const isracard = await pay({ idempotencyKey: 'pi-isracard', invoiceId: invoice(6), card: { tokenId: 60 } });
    expect(isracard.payment).toMatchObject({ type: 'CREDIT_CARD', amount: { amount: '600.00' } });
  });

  it('charges a FreshBooks-only client by card details and links the new iCount client', async () => {
    await fresh();
    const result = await pay({ idempotencyKey: 'pi-link', invoiceId: invoice(15), card: { number: ICOUNT_TEST_CARDS.mastercard, expiry: '11/29', cvv: '123' }, test: true });
    expect(result.userErrors).toEqual([]);
    expect(result.payment).toMatchObject({ type: 'MASTERCARD', amount: { amount: '900.00', currency: 'ILS' } });
    const client = await stack.gql(`{ client(id: "${clientGlobalId('freshbooks', 7)}") { icountId externalId charges { confirmationCode } } }`);
    expect(client.data!.client).toMatchObject({ externalId: '7', charges: [{ confirmationCode: result.charge.confirmationCode }] });
  });

  it.each([
    ['an invoice already paid', { invoiceId: invoice(12), card: { tokenId: 63 } }, 'INVOICE_ALREADY_PAID', ['input', 'invoiceId']],
    ['an amount above the outstanding balance', { invoiceId: invoice(13), card: { tokenId: 63 }, amount: { amount: '375.51', currency: 'USD' } }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
    ['a currency other than the invoice\'s', { invoiceId: invoice(13), card: { tokenId: 63 }, amount: { amount: '10.00', currency: 'EUR' } }, 'INVALID_CURRENCY', ['input', 'amount', 'currency']],
    ['an unknown invoice', { invoiceId: invoice(999), card: { tokenId: 63 } }, 'NOT_FOUND', ['input', 'invoiceId']],
    ['a malformed invoice id', { invoiceId: 'nope', card: { tokenId: 63 } }, 'INVALID_INPUT', ['input', 'invoiceId']],
    ['another client\'s stored card', { invoiceId: invoice(13), card: { tokenId: 57 } }, 'NOT_FOUND', ['input', 'card', 'tokenId']],
    ['an invalid card number', { invoiceId: invoice(13), card: { number: '4580458045804581', expiry: '12/30' } }, 'INVALID_CARD_NUMBER', ['input', 'card', 'number']],
  ])('answers %s with a userError and charges nothing', async (_name, input, code, field) => {
    await fresh();
    const result = await pay({ idempotencyKey: `pi-bad-${code}`, ...input });
    expect(result).toMatchObject({ charge: null, payment: null, pending: false });
    expect(result.userErrors).toContainEqual(expect.objectContaining({ code, field }));
    expect(count('cc/bill')).toBe(0);
    expect(count('payment.create')).toBe(0);
  });

  it('replays a decline for the same key without sending the charge again', async () => {
    await fresh();
    const input = { idempotencyKey: 'pi-declined', invoiceId: invoice(13), card: { tokenId: 64 } };
    const first = await pay(input);
    expect(first.userErrors).toEqual([expect.objectContaining({ code: 'CARD_DECLINED' })]);
    expect(await pay(input)).toEqual(first);
    expect(count('cc/bill')).toBe(1);
  });

  it('charges once when ten identical requests arrive together', async () => {
    await fresh();
    const input = { idempotencyKey: 'pi-concurrent', invoiceId: invoice(11), card: { tokenId: 61 }, amount: { amount: '50.00', currency: 'USD' } };
    const answers = await Promise.all(Array.from({ length: 10 }, () => pay(input)));
    expect(count('cc/bill')).toBe(1);
    const codes = new Set(answers.map((a) => (a.userErrors[0]?.code ?? 'OK')));
    for (const code of codes) expect(['OK', 'IDEMPOTENCY_KEY_IN_PROGRESS']).toContain(code);
    const after = await pay(input);
    expect(after.payment).not.toBeNull();
    expect(count('cc/bill')).toBe(1);
    expect(count('payment.create')).toBe(1);
  });
});

describe('payInvoice when FreshBooks fails after the charge', () => {
  const input = { idempotencyKey: 'pi-pending', invoiceId: invoice(11), card: { tokenId: 61 }, amount: { amount: '120.00', currency: 'USD' } };

  it('keeps the charge, says the payment is pending, and completes it on a retry with the same key', async () => {
    await fresh();
    stack.freshbooks.faults.add({ method: 'payment.create', fault: { kind: 'http', status: 503 }, times: -1 });
    const first = await pay(input);
    expect(first).toMatchObject({ pending: true, payment: null, userErrors: [] });
    expect(first.charge.confirmationCode).toMatch(/^\d+$/);

    stack.freshbooks.faults.clear();
    const second = await pay(input);
    expect(second).toMatchObject({ pending: false, charge: first.charge, payment: { type: 'VISA', amount: { amount: '120.00' } } });
    expect(count('cc/bill')).toBe(1);
  });

  it('is completed by the background reconciler once the 503 is known not to have recorded anything', async () => {
    await fresh({ env: { FRESHBOOKS_TIMEOUT_MS: '300' } });
    stack.freshbooks.faults.add({ method: 'payment.create', fault: { kind: 'http', status: 503 }, times: -1 });
    expect((await pay(input)).pending).toBe(true);
    // A 503 may come from a proxy after FreshBooks recorded the payment: unknown until looked up.
    expect(await ledgerState(input.idempotencyKey)).toBe('UNKNOWN');
    stack.freshbooks.faults.clear();
    await new Promise((r) => setTimeout(r, 350)); // past the write's settle time
    await stack.gateway.reconciler.runOnce();
    expect(await ledgerState(input.idempotencyKey)).toBe('SUCCEEDED');
    const replay = await pay(input);
    expect(replay).toMatchObject({ pending: false, payment: { amount: { amount: '120.00' } } });
    expect(count('cc/bill')).toBe(1);
    expect(stack.freshbooks.log.all().filter((r) => r.method === 'payment.create' && r.outcome === 'OK')).toHaveLength(1);
  });

  it('does not record twice when FreshBooks recorded the payment but the answer was lost', async () => {
    await fresh();
    stack.freshbooks.faults.add({ method: 'payment.create', fault: { kind: 'drop' }, afterProcessing: true });
    expect((await pay(input)).pending).toBe(true);
    const retried = await pay(input);
    expect(retried).toMatchObject({ pending: false, payment: { amount: { amount: '120.00' } } });
    expect(count('payment.create')).toBe(1);
    const onInvoice = await stack.gql(`{ payments(filter: { invoiceId: "${invoice(11)}" }) { nodes { notes } } }`);
    expect(onInvoice.data!.payments.nodes.filter((p: { notes: string }) => p.notes.includes(retried.charge.confirmationCode))).toHaveLength(1);
  });

  it('survives a gateway restart between the two steps, with the ledger in PostgreSQL', async () => {
    await fresh({ postgres: true });
    stack.freshbooks.faults.add({ method: 'payment.create', fault: { kind: 'http', status: 503 }, times: -1 });
    const first = await pay(input);
    expect(first.pending).toBe(true);

    await stack.restartGateway();
    stack.freshbooks.faults.clear();
    expect(await stack.gateway.reconciler.runOnce()).toBe(1);
    const replay = await pay(input);
    expect(replay).toMatchObject({ pending: false, charge: first.charge, payment: { amount: { amount: '120.00' } } });
    expect(count('cc/bill')).toBe(1);
  });

  it('never charges again after a cc/bill whose answer never came: the retry finds the charge and records it', async () => {
    await fresh({ env: { ICOUNT_TIMEOUT_MS: '300' } });
    stack.icount.faults.add({ method: 'cc/bill', fault: { kind: 'latency', ms: 600 }, afterProcessing: true });
    const res = await stack.gql(PAY, { input });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', method: 'cc/bill', outcome: 'UNKNOWN' });
    await new Promise((r) => setTimeout(r, 400));
    const retry = await pay(input);
    expect(retry).toMatchObject({ pending: false, userErrors: [], payment: { amount: { amount: '120.00' } } });
    expect(retry.charge.confirmationCode).toBe(stack.icount.transactions().find((t) => t.payment_description?.includes('[paygraph:'))!.confirmation_code);
    expect(count('cc/bill')).toBe(1);
    expect(count('payment.create')).toBe(1);
  });

  it('frees the key when iCount failed before the charge was sent', async () => {
    await fresh();
    stack.icount.faults.add({ method: 'cc_storage/token_info', fault: { kind: 'http', status: 503 } });
    const res = await stack.gql(PAY, { input });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', method: 'cc_storage/token_info' });
    expect(count('cc/bill')).toBe(0);
    const retry = await pay(input);
    expect(retry).toMatchObject({ pending: false, userErrors: [] });
    expect(count('cc/bill')).toBe(1);
  });
});
