import { describe, expect, it } from '@jest/globals';
import { toGlobalId } from '../src/domain/ids.js';
import { freshStacks } from './support/fresh-stack.js';
import type { TestStack } from './support/stack.js';

const CHARGE = `mutation($input: ChargeCardInput!) { chargeCard(input: $input) { charge { id confirmationCode status amount { amount currency } } userErrors { code field } } }`;
const REFUND = `mutation($input: RefundChargeInput!) { refundCharge(input: $input) {
  refund { id amount { amount currency } reason confirmationCode }
  charge { id status refundedAmount { amount currency } refunds { amount { amount } } }
  userErrors { code field message } } }`;
const PAY = `mutation($input: PayInvoiceInput!) { payInvoice(input: $input) { charge { id } payment { id amount { amount } } userErrors { code } } }`;
const REFUND_PAYMENT = `mutation($input: RefundInvoicePaymentInput!) { refundInvoicePayment(input: $input) {
  pending refund { amount { amount currency } } charge { status refundedAmount { amount } }
  payment { amount { amount } notes } invoice { status outstanding { amount } }
  userErrors { code field message } } }`;

let stack: TestStack;
const startFresh = freshStacks();

async function charge(key: string, amount = '100.00', currency = 'ILS'): Promise<{ id: string; confirmationCode: string }> {
  const res = await stack.gql(CHARGE, { input: { idempotencyKey: key, amount: { amount, currency }, card: { tokenId: 57 } } });
  expect(res.data!.chargeCard.userErrors).toEqual([]);
  return res.data!.chargeCard.charge;
}

async function refund(input: Record<string, unknown>) {
  const res = await stack.gql(REFUND, { input });
  expect(res.errors).toBeUndefined();
  return res.data!.refundCharge as { refund: any; charge: any; userErrors: { code: string; field: string[] }[] };
}

const refunds = () => stack.icount.log.count('cc/refund');

describe('refundCharge', () => {
  it('refunds part, then the rest; the charge says so in iCount and in the API', async () => {
    stack = await startFresh();
    const c = await charge('r-c1');
    expect(Buffer.from(c.id, 'base64url').toString()).toMatch(/^Charge:log:\d+:\d{7}$/);
    const part = await refund({ idempotencyKey: 'r-1', chargeId: c.id, amount: { amount: '30.00', currency: 'ILS' }, reason: 'damaged' });
    expect(part.userErrors).toEqual([]);
    expect(part.refund).toMatchObject({ amount: { amount: '30.00', currency: 'ILS' }, reason: 'damaged' });
    expect(part.charge).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundedAmount: { amount: '30.00' }, refunds: [{ amount: { amount: '30.00' } }] });
    const rest = await refund({ idempotencyKey: 'r-2', chargeId: c.id });
    expect(rest.refund.amount.amount).toBe('70.00');
    expect(rest.charge).toMatchObject({ status: 'REFUNDED', refundedAmount: { amount: '100.00' } });
    const row = stack.icount.transactions().find((t) => t.confirmation_code === c.confirmationCode)!;
    expect(row.refunded).toBe('100.00');
    // An old id (confirmation code only) still resolves, to the same charge.
    const old = await stack.gql(`query($id: ID!) { node(id: $id) { ... on Charge { id status } } }`, { id: toGlobalId('Charge', c.confirmationCode) });
    expect(old.data!.node).toEqual({ id: c.id, status: 'REFUNDED' });
    const again = await refund({ idempotencyKey: 'r-3', chargeId: c.id, amount: { amount: '1.00', currency: 'ILS' } });
    expect(again.userErrors).toEqual([expect.objectContaining({ code: 'CHARGE_NOT_REFUNDABLE', field: ['input', 'chargeId'] })]);
    expect(refunds()).toBe(2);
  });

  it('replays the first refund for the same key', async () => {
    stack = await startFresh();
    const c = await charge('r-c2');
    const input = { idempotencyKey: 'r-replay', chargeId: c.id, amount: { amount: '10.00', currency: 'ILS' } };
    const first = await refund(input);
    const second = await refund(input);
    expect(second.refund).toEqual(first.refund);
    expect(refunds()).toBe(1);
  });

  it('never refunds more than what is left under 10 concurrent refunds with different keys', async () => {
    stack = await startFresh();
    const c = await charge('r-c3');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => refund({ idempotencyKey: `r-conc-${i}`, chargeId: c.id, amount: { amount: '30.00', currency: 'ILS' } })),
    );
    const ok = results.filter((r) => r.userErrors.length === 0);
    expect(ok).toHaveLength(3);
    for (const r of results.filter((r) => r.userErrors.length)) expect(r.userErrors[0]).toMatchObject({ code: 'INVALID_AMOUNT', field: ['input', 'amount', 'amount'] });
    expect(refunds()).toBe(3);
    expect(stack.icount.transactions().find((t) => t.confirmation_code === c.confirmationCode)!.refunded).toBe('90.00');
  });

  it('refuses bad input with a userError naming the field, and writes nothing upstream', async () => {
    stack = await startFresh();
    const c = await charge('r-c4');
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ amount: { amount: '100.01', currency: 'ILS' } }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
      [{ amount: { amount: '0', currency: 'ILS' } }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
      [{ amount: { amount: '-5.00', currency: 'ILS' } }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
      [{ amount: { amount: '5.00', currency: 'USD' } }, 'INVALID_CURRENCY', ['input', 'amount', 'currency']],
      [{ chargeId: toGlobalId('Charge', '0000000') }, 'NOT_FOUND', ['input', 'chargeId']],
      [{ chargeId: 'nonsense' }, 'INVALID_INPUT', ['input', 'chargeId']],
    ];
    for (const [i, [change, code, field]] of cases.entries()) {
      const r = await refund({ idempotencyKey: `r-bad-${i}`, chargeId: c.id, ...change });
      expect(r.userErrors).toEqual([expect.objectContaining({ code, field })]);
    }
    // A charged-back charge and a test charge outside demo mode.
    const row = stack.icount.transactions().find((t) => t.confirmation_code === c.confirmationCode)!;
    row.is_chargeback = true;
    const back = await refund({ idempotencyKey: 'r-bad-cb', chargeId: c.id });
    expect(back.userErrors).toEqual([expect.objectContaining({ code: 'CHARGE_NOT_REFUNDABLE', field: ['input', 'chargeId'] })]);
    expect(refunds()).toBe(0);
  });

  it('refuses to refund a test charge outside demo mode', async () => {
    const apiKey = 'live-key-0123456789abcdef';
    stack = await startFresh({
      env: { ICOUNT_CID: 'acme', ICOUNT_USER: 'api', ICOUNT_PASS: 'secret', FRESHBOOKS_URL: 'https://acme.freshbooks.com/api/2.1/xml-in', FRESHBOOKS_TOKEN: 'fb', API_KEYS: `${apiKey}:read+write+charge` },
    });
    const test = await stack.gql(CHARGE, { input: { idempotencyKey: 'r-test', amount: { amount: '5.00', currency: 'ILS' }, card: { tokenId: 57 }, test: true } }, { apiKey });
    expect(test.data!.chargeCard.charge.status).toBe('TEST');
    const res = await stack.gql(REFUND, { input: { idempotencyKey: 'r-bad-test', chargeId: test.data!.chargeCard.charge.id } }, { apiKey });
    expect(res.data!.refundCharge.userErrors).toEqual([expect.objectContaining({ code: 'CHARGE_NOT_REFUNDABLE', field: ['input', 'chargeId'] })]);
    expect(refunds()).toBe(0);
  });
});

describe('refundInvoicePayment', () => {
  async function paid(key: string) {
    const res = await stack.gql(PAY, { input: { idempotencyKey: key, invoiceId: toGlobalId('Invoice', 2), card: { tokenId: 57 }, amount: { amount: '100.00', currency: 'ILS' } } });
    expect(res.data!.payInvoice.userErrors).toEqual([]);
    return res.data!.payInvoice as { charge: { id: string }; payment: { id: string } };
  }
  const refundPayment = async (input: Record<string, unknown>) => (await stack.gql(REFUND_PAYMENT, { input })).data!.refundInvoicePayment;

  it('reduces the payment for a partial refund and deletes it for the rest; the invoice owes it again', async () => {
    stack = await startFresh();
    const before = (await stack.gql(`{ invoice(id: "${toGlobalId('Invoice', 2)}") { outstanding { amount } } }`)).data!.invoice.outstanding.amount;
    const { payment } = await paid('rp-pay');
    const part = await refundPayment({ idempotencyKey: 'rp-1', paymentId: payment.id, amount: { amount: '40.00', currency: 'ILS' } });
    expect(part.userErrors).toEqual([]);
    expect(part).toMatchObject({ pending: false, refund: { amount: { amount: '40.00' } }, charge: { status: 'PARTIALLY_REFUNDED' }, payment: { amount: { amount: '60.00' } } });
    expect(part.payment.notes).toMatch(/Refunded 40\.00 ILS to the card/);
    expect(Number(part.invoice.outstanding.amount)).toBeCloseTo(Number(before) - 60, 2);
    const rest = await refundPayment({ idempotencyKey: 'rp-2', paymentId: payment.id });
    expect(rest).toMatchObject({ pending: false, payment: null, refund: { amount: { amount: '60.00' } }, charge: { status: 'REFUNDED' } });
    expect(rest.invoice.outstanding.amount).toBe(before);
    expect(stack.freshbooks.log.count('payment.delete')).toBe(1);
  });

  it('keeps a refund whose FreshBooks update failed pending, and completes it by retry and by the reconciler', async () => {
    stack = await startFresh({ env: { FRESHBOOKS_TIMEOUT_MS: '300', IDEMPOTENCY_WAIT_MS: '200' } });
    const { payment } = await paid('rp-pay2');
    stack.freshbooks.faults.add({ method: 'payment.update', fault: { kind: 'http', status: 503 }, times: -1 });
    const first = await refundPayment({ idempotencyKey: 'rp-crash', paymentId: payment.id, amount: { amount: '25.00', currency: 'ILS' } });
    expect(first).toMatchObject({ pending: true, refund: { amount: { amount: '25.00' } }, payment: null });
    // Another refund of the same charge waits its turn: the unsettled one holds the charge.
    const other = await refundPayment({ idempotencyKey: 'rp-other', paymentId: payment.id, amount: { amount: '5.00', currency: 'ILS' } });
    expect(other.userErrors).toEqual([expect.objectContaining({ code: 'REFUND_IN_PROGRESS', field: ['input', 'paymentId'] })]);
    stack.freshbooks.faults.clear();
    await new Promise((r) => setTimeout(r, 350)); // past the write's settle time
    await stack.gateway.reconciler.runOnce();
    const state = await stack.gql(`{ ledgerEntry(idempotencyKey: "rp-crash") { state } }`);
    expect(state.data!.ledgerEntry.state).toBe('SUCCEEDED');
    const retry = await refundPayment({ idempotencyKey: 'rp-crash', paymentId: payment.id, amount: { amount: '25.00', currency: 'ILS' } });
    expect(retry).toMatchObject({ pending: false, payment: { amount: { amount: '75.00' } } });
    expect(refunds()).toBe(1);
  });

  it('does not refund twice when FreshBooks updated the payment but the answer was lost', async () => {
    stack = await startFresh();
    const { payment } = await paid('rp-pay4');
    stack.freshbooks.faults.add({ method: 'payment.update', fault: { kind: 'drop' }, afterProcessing: true });
    const first = await refundPayment({ idempotencyKey: 'rp-drop', paymentId: payment.id, amount: { amount: '10.00', currency: 'ILS' } });
    expect(first.pending).toBe(true);
    const retry = await refundPayment({ idempotencyKey: 'rp-drop', paymentId: payment.id, amount: { amount: '10.00', currency: 'ILS' } });
    expect(retry).toMatchObject({ pending: false, payment: { amount: { amount: '90.00' } } });
    expect(refunds()).toBe(1);
    expect(stack.freshbooks.log.count('payment.update')).toBe(1);
  });

  it('replays a full refund for the same key once FreshBooks has deleted the payment', async () => {
    stack = await startFresh();
    const { payment } = await paid('rp-pay5');
    const input = { idempotencyKey: 'rp-full', paymentId: payment.id };
    const first = await refundPayment(input);
    expect(first).toMatchObject({ pending: false, payment: null, refund: { amount: { amount: '100.00' } }, userErrors: [] });
    const retry = await refundPayment(input);
    expect(retry).toEqual(first);
    expect(refunds()).toBe(1);
    expect(stack.freshbooks.log.count('payment.delete')).toBe(1);
  });

  it('completes a full refund whose deletion answer was lost when the key is retried, without refunding again', async () => {
    stack = await startFresh();
    const { payment } = await paid('rp-pay6');
    stack.freshbooks.faults.add({ method: 'payment.delete', fault: { kind: 'drop' }, afterProcessing: true });
    const input = { idempotencyKey: 'rp-full-drop', paymentId: payment.id };
    const first = await refundPayment(input);
    expect(first).toMatchObject({ pending: true, refund: { amount: { amount: '100.00' } } });
    const retry = await refundPayment(input);
    expect(retry).toMatchObject({ pending: false, payment: null, refund: { amount: { amount: '100.00' } }, userErrors: [] });
    expect(refunds()).toBe(1);
    expect(stack.freshbooks.log.count('payment.delete')).toBe(1);
  });

  it('never deletes a later payment when a full refund whose deletion answer was lost is settled', async () => {
    stack = await startFresh({ env: { FRESHBOOKS_TIMEOUT_MS: '300', LEDGER_SETTLE_MS: '100', IDEMPOTENCY_WAIT_MS: '200' } });
    const first = await paid('rp-pay7');
    stack.freshbooks.faults.add({ method: 'payment.delete', fault: { kind: 'drop' }, afterProcessing: true });
    const input = { idempotencyKey: 'rp-full-reuse', paymentId: first.payment.id };
    expect((await refundPayment(input)).pending).toBe(true);
    // The next payment is recorded while the deletion is still unsettled: FreshBooks never reuses the deleted payment's id.
    const later = await paid('rp-pay8');
    expect(later.payment.id).not.toBe(first.payment.id);
    await new Promise((r) => setTimeout(r, 500)); // past the deletion's settle time
    const retry = await refundPayment(input);
    expect(retry).toMatchObject({ pending: false, payment: null, refund: { amount: { amount: '100.00' } }, userErrors: [] });
    const still = await stack.gql(`query($id: ID!) { node(id: $id) { ... on Payment { id } } }`, { id: later.payment.id });
    expect(still.data!.node).toEqual({ id: later.payment.id });
    expect(stack.freshbooks.log.count('payment.delete')).toBe(1);
    expect(refunds()).toBe(1);
  });

  it('refuses a payment with no card charge behind it and an amount above the payment', async () => {
    stack = await startFresh();
    const plain = await refundPayment({ idempotencyKey: 'rp-bad-1', paymentId: toGlobalId('Payment', 1) });
    expect(plain.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'paymentId'] })]);
    const { payment } = await paid('rp-pay3');
    const above = await refundPayment({ idempotencyKey: 'rp-bad-2', paymentId: payment.id, amount: { amount: '100.01', currency: 'ILS' } });
    expect(above.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_AMOUNT', field: ['input', 'amount', 'amount'] })]);
    expect(refunds()).toBe(0);
  });
});

describe('ledgerEntry of refunds', () => {
  const ENTRY = `query($key: String!) { ledgerEntry(idempotencyKey: $key) {
    operation state step charge { id status } payment { id amount { amount } } refund { amount { amount currency } reason } } }`;
  const entry = async (key: string) => (await stack.gql(ENTRY, { key })).data!.ledgerEntry;

  it('says which charge, payment and refund each refund operation concerns, settled or pending', async () => {
    stack = await startFresh({ env: { FRESHBOOKS_TIMEOUT_MS: '300' } });
    const c = await charge('le-c');
    await refund({ idempotencyKey: 'le-r', chargeId: c.id, amount: { amount: '15.00', currency: 'ILS' }, reason: 'late' });
    expect(await entry('le-r')).toEqual({
      operation: 'refundCharge', state: 'SUCCEEDED', step: null,
      charge: { id: c.id, status: 'PARTIALLY_REFUNDED' }, payment: null, refund: { amount: { amount: '15.00', currency: 'ILS' }, reason: 'late' },
    });

    const res = await stack.gql(PAY, { input: { idempotencyKey: 'le-pay', invoiceId: toGlobalId('Invoice', 2), card: { tokenId: 57 }, amount: { amount: '100.00', currency: 'ILS' } } });
    const { charge: paidCharge, payment } = res.data!.payInvoice;
    await stack.gql(REFUND_PAYMENT, { input: { idempotencyKey: 'le-rp', paymentId: payment.id, amount: { amount: '40.00', currency: 'ILS' } } });
    expect(await entry('le-rp')).toMatchObject({
      operation: 'refundInvoicePayment', state: 'SUCCEEDED',
      charge: { id: paidCharge.id, status: 'PARTIALLY_REFUNDED' }, payment: { id: payment.id, amount: { amount: '60.00' } }, refund: { amount: { amount: '40.00' } },
    });

    // Refunded, FreshBooks not yet in line: the charge and the refund, no payment yet.
    stack.freshbooks.faults.add({ method: 'payment.update', fault: { kind: 'http', status: 503 }, times: -1 });
    await stack.gql(REFUND_PAYMENT, { input: { idempotencyKey: 'le-rp2', paymentId: payment.id, amount: { amount: '10.00', currency: 'ILS' } } });
    expect(await entry('le-rp2')).toMatchObject({ operation: 'refundInvoicePayment', charge: { id: paidCharge.id }, payment: null, refund: { amount: { amount: '10.00' } } });
    expect(['PENDING', 'UNKNOWN']).toContain((await entry('le-rp2')).state);
  });
});
