import { describe, expect, it } from '@jest/globals';
import { clientGlobalId, toGlobalId } from '../src/domain/ids.js';
import { ICOUNT_TEST_CARDS } from '../src/emulators/icount/index.js';
import { freshStacks } from './support/fresh-stack.js';
import type { TestStack } from './support/stack.js';

const REPORT = `query($filter: ReconciliationFilter!) { reconciliation(filter: $filter) {
  matched
  unmatchedCharges { id confirmationCode amount { amount currency } description }
  unmatchedPayments { id freshbooksId amount { amount currency } notes }
  mismatches { kind charge { confirmationCode } payment { freshbooksId } expected { amount currency } actual { amount currency } } } }`;
const PAY = `mutation($input: PayInvoiceInput!) { payInvoice(input: $input) { pending charge { id confirmationCode amount { amount currency } } payment { id freshbooksId } userErrors { code } } }`;
const RECONCILE = `mutation($input: ReconcileInput!) { reconcile(input: $input) { payment { freshbooksId amount { amount currency } notes } userErrors { code field message } } }`;

const invoice = (n: number) => toGlobalId('Invoice', n);
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
/** Around today (the emulators' clock is the real one), after the demo data, which ends in November 2026. */
const TODAY = { dateFrom: day(-1), dateTo: day(1) };
const CLEAN = { matched: 0, unmatchedCharges: [], unmatchedPayments: [], mismatches: [] };

let stack: TestStack;
const startFresh = freshStacks();

async function gql(query: string, variables: Record<string, unknown>) {
  const res = await stack.gql(query, variables);
  expect(res.errors).toBeUndefined();
  return res.data!;
}
const report = async (filter: Record<string, unknown>) => (await gql(REPORT, { filter })).reconciliation;
async function pay(key: string, invoiceId: number, card: Record<string, unknown>, amount?: Record<string, string>) {
  const paid = (await gql(PAY, { input: { idempotencyKey: key, invoiceId: invoice(invoiceId), card, ...(amount ? { amount } : {}) } })).payInvoice;
  expect(paid.userErrors).toEqual([]);
  return paid as { pending: boolean; charge: { id: string; confirmationCode: string; amount: { amount: string; currency: string } }; payment: { id: string; freshbooksId: number } | null };
}
const reconcile = async (key: string, chargeId: string) => (await gql(RECONCILE, { input: { idempotencyKey: key, chargeId } })).reconcile;
const created = () => stack.freshbooks.log.all().filter((r) => r.method === 'payment.create' && r.outcome === 'OK').length;

/**
 * Every gap the report is meant to find, made on purpose over real HTTP: charges that paid an
 * invoice with no FreshBooks payment, a card payment with no charge, an amount that differs, a
 * refund not reflected in FreshBooks; next to them, payments that agree.
 */
async function makeGaps() {
  const inv15 = (await gql(`{ invoice(id: "${invoice(15)}") { number amount { currency } } }`, {})).invoice;
  // Agrees: paid, then refunded in part through refundInvoicePayment (the payment follows).
  const agrees = await pay('g-ok', 13, { tokenId: 63 }, { amount: '50.00', currency: 'USD' });
  const partly = (await gql(`mutation($input: RefundInvoicePaymentInput!) { refundInvoicePayment(input: $input) { pending userErrors { code } } }`,
    { input: { idempotencyKey: 'g-ok-refund', paymentId: agrees.payment!.id, amount: { amount: '20.00', currency: 'USD' } } })).refundInvoicePayment;
  expect(partly).toEqual({ pending: false, userErrors: [] });

  // A charge with no payment: FreshBooks refused payment.create, the payInvoice row stays pending.
  stack.freshbooks.faults.add({ method: 'payment.create', fault: { kind: 'http', status: 503 }, times: -1 });
  const pending = await pay('g-pending', 11, { tokenId: 61 }, { amount: '120.00', currency: 'USD' });
  expect(pending.pending).toBe(true);
  stack.freshbooks.faults.clear();

  // A charge with no payment: chargeCard whose description names an invoice.
  const byHand = (await gql(`mutation($input: ChargeCardInput!) { chargeCard(input: $input) { charge { id confirmationCode } userErrors { code } } }`, {
    input: { idempotencyKey: 'g-by-hand', amount: { amount: '30.00', currency: inv15.amount.currency }, card: { number: ICOUNT_TEST_CARDS.visa, expiry: '11/29', cvv: '123' }, description: `FreshBooks invoice ${inv15.number}` },
  })).chargeCard;
  expect(byHand.userErrors).toEqual([]);

  // A payment with no charge: its notes name a confirmation iCount never gave.
  const orphan = (await gql(`mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { freshbooksId } userErrors { code } } }`, {
    input: { idempotencyKey: 'g-orphan', invoiceId: invoice(15), amount: { amount: '5.00', currency: inv15.amount.currency }, type: 'VISA', notes: 'Paid by card VISA ending 4580; iCount confirmation 9999999' },
  })).recordPayment;
  expect(orphan.userErrors).toEqual([]);

  // An amount that differs: someone edited the payment in FreshBooks.
  const edited = await pay('g-edited', 2, { tokenId: 57 }, { amount: '100.00', currency: 'ILS' });
  const update = (await gql(`mutation($input: UpdatePaymentInput!) { updatePayment(input: $input) { userErrors { code } } }`,
    { input: { id: edited.payment!.id, amount: { amount: '90.00', currency: 'ILS' } } })).updatePayment;
  expect(update.userErrors).toEqual([]);

  // A refund not reflected: refundCharge on a payInvoice charge leaves the payment as it was.
  const refunded = await pay('g-refunded', 5, { tokenId: 59 });
  const currency = refunded.charge.amount.currency;
  const refund = (await gql(`mutation($input: RefundChargeInput!) { refundCharge(input: $input) { userErrors { code } } }`,
    { input: { idempotencyKey: 'g-refund', chargeId: refunded.charge.id, amount: { amount: '10.00', currency } } })).refundCharge;
  expect(refund.userErrors).toEqual([]);

  return { agrees, pending, byHand: byHand.charge as { id: string; confirmationCode: string }, orphan: orphan.payment.freshbooksId as number, edited, refunded, inv15 };
}

describe('reconciliation', () => {
  it('is clean on the demo data, month by month and over the whole year', async () => {
    stack = await startFresh();
    expect(await report({ dateFrom: '2026-01-01', dateTo: '2026-12-31' })).toEqual(CLEAN);
    for (const [from, to] of [['2026-06-01', '2026-06-30'], ['2026-11-01', '2026-11-30']]) expect(await report({ dateFrom: from, dateTo: to })).toEqual(CLEAN);
  });

  it('finds every gap made on purpose, and nothing else', async () => {
    stack = await startFresh({ env: { RECONCILE_INTERVAL_MS: '0' } });
    const gaps = await makeGaps();
    const found = await report(TODAY);
    expect(found.matched).toBe(1);
    expect(found.unmatchedCharges.map((c: { confirmationCode: string }) => c.confirmationCode).sort()).toEqual([gaps.pending.charge.confirmationCode, gaps.byHand.confirmationCode].sort());
    expect(found.unmatchedCharges.find((c: { id: string }) => c.id === gaps.pending.charge.id)).toMatchObject({ amount: { amount: '120.00', currency: 'USD' } });
    expect(found.unmatchedCharges.find((c: { id: string }) => c.id === gaps.byHand.id)).toMatchObject({ description: `FreshBooks invoice ${gaps.inv15.number}` });
    expect(found.unmatchedPayments).toEqual([expect.objectContaining({ freshbooksId: gaps.orphan, notes: expect.stringContaining('iCount confirmation 9999999') })]);
    const refundedCurrency = gaps.refunded.charge.amount.currency;
    const charged = gaps.refunded.charge.amount.amount;
    expect(new Set(found.mismatches)).toEqual(new Set([
      { kind: 'AMOUNT', charge: { confirmationCode: gaps.edited.charge.confirmationCode }, payment: { freshbooksId: gaps.edited.payment!.freshbooksId }, expected: { amount: '100.00', currency: 'ILS' }, actual: { amount: '90.00', currency: 'ILS' } },
      {
        kind: 'REFUND_NOT_REFLECTED',
        charge: { confirmationCode: gaps.refunded.charge.confirmationCode },
        payment: { freshbooksId: gaps.refunded.payment!.freshbooksId },
        expected: { amount: (Number(charged) - 10).toFixed(2), currency: refundedCurrency },
        actual: { amount: charged, currency: refundedCurrency },
      },
    ]));
    expect(found.mismatches).toHaveLength(2);

    // One client's: only the pending charge is client 4's (invoice 11).
    const client4 = await report({ ...TODAY, clientId: clientGlobalId('freshbooks', 4) });
    expect(client4).toMatchObject({ matched: 0, unmatchedPayments: [], mismatches: [] });
    expect(client4.unmatchedCharges.map((c: { id: string }) => c.id)).toEqual([gaps.pending.charge.id]);
    // The demo data stays clean next to the gaps.
    expect(await report({ dateFrom: '2026-01-01', dateTo: day(-2) })).toEqual(CLEAN);
  });

  it('refuses a range that ends before it starts, naming the field', async () => {
    stack = await startFresh();
    const res = await stack.gql(REPORT, { filter: { dateFrom: '2026-11-30', dateTo: '2026-11-01' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(res.errors?.[0]?.extensions)).toContain('dateFrom');
  });
});

describe('reconcile', () => {
  it('records the missing payment of each unmatched charge exactly once: replay, a second key, then a clean report', async () => {
    stack = await startFresh({ env: { RECONCILE_INTERVAL_MS: '0', FRESHBOOKS_TIMEOUT_MS: '300' } });
    const gaps = await makeGaps();
    await new Promise((r) => setTimeout(r, 350)); // the refused payment.create is past its settle time
    const before = created();

    // The pending payInvoice: its own row records the payment (with its marker), once.
    const first = await reconcile('rc-1', gaps.pending.charge.id);
    expect(first.userErrors).toEqual([]);
    expect(first.payment).toMatchObject({ amount: { amount: '120.00', currency: 'USD' }, notes: expect.stringContaining(`iCount confirmation ${gaps.pending.charge.confirmationCode}`) });
    expect(await reconcile('rc-1', gaps.pending.charge.id)).toEqual(first);
    const second = await reconcile('rc-2', gaps.pending.charge.id);
    expect(second).toEqual({ payment: null, userErrors: [expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'chargeId'] })] });
    const state = await gql(`{ ledgerEntry(idempotencyKey: "g-pending") { state payment { freshbooksId } } }`, {});
    expect(state.ledgerEntry).toEqual({ state: 'SUCCEEDED', payment: { freshbooksId: first.payment.freshbooksId } });

    // The chargeCard naming an invoice: recorded on that invoice, once.
    const byHand = await reconcile('rc-3', gaps.byHand.id);
    expect(byHand.userErrors).toEqual([]);
    expect(byHand.payment).toMatchObject({ amount: { amount: '30.00' }, notes: expect.stringContaining(`iCount confirmation ${gaps.byHand.confirmationCode}`) });
    expect(await reconcile('rc-3', gaps.byHand.id)).toEqual(byHand);
    const entry = await gql(`{ ledgerEntry(idempotencyKey: "rc-3") { operation state payment { freshbooksId } } }`, {});
    expect(entry.ledgerEntry).toEqual({ operation: 'reconcile', state: 'SUCCEEDED', payment: { freshbooksId: byHand.payment.freshbooksId } });
    expect((await reconcile('rc-4', gaps.byHand.id)).userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'chargeId'] })]);
    expect(created() - before).toBe(2);
    const invoice15 = (await gql(`{ payments(filter: { invoiceId: "${invoice(15)}" }) { nodes { notes } } }`, {})).payments.nodes;
    expect(invoice15.filter((p: { notes: string }) => p.notes.includes(gaps.byHand.confirmationCode))).toHaveLength(1);

    // What is left: the gaps reconcile does not fix.
    const after = await report(TODAY);
    expect(after).toMatchObject({ matched: 3, unmatchedCharges: [] });
    expect(after.unmatchedPayments).toHaveLength(1);
    expect(after.mismatches).toHaveLength(2);
  });

  it('refuses a charge that paid no invoice, and an unknown one, writing nothing', async () => {
    stack = await startFresh();
    const plain = (await gql(`mutation($input: ChargeCardInput!) { chargeCard(input: $input) { charge { id } } }`,
      { input: { idempotencyKey: 'rc-plain', amount: { amount: '12.00', currency: 'ILS' }, card: { tokenId: 57 }, description: 'Not an invoice' } })).chargeCard.charge;
    expect((await reconcile('rc-bad-1', plain.id)).userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'chargeId'] })]);
    expect((await reconcile('rc-bad-2', toGlobalId('Charge', '0000000'))).userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'chargeId'] })]);
    expect((await reconcile('rc-bad-3', 'nonsense')).userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'chargeId'] })]);
    expect(stack.freshbooks.log.count('payment.create')).toBe(0);
  });
});
