import { describe, expect, it } from '@jest/globals';
import { toGlobalId } from '../src/domain/ids.js';
import { ICOUNT_TEST_CARDS } from '../src/emulators/icount/index.js';
import { freshStacks } from './support/fresh-stack.js';
import type { TestStack } from './support/stack.js';
import { ledgerRows } from './support/ledger.js';

const CHARGE = `mutation($input: ChargeCardInput!) { chargeCard(input: $input) { charge { confirmationCode amount { amount } } userErrors { code field message } } }`;
const chargeInput = (key: string, amount = '12.00') => ({
  input: { idempotencyKey: key, amount: { amount, currency: 'ILS' }, card: { number: ICOUNT_TEST_CARDS.visa, expiry: '12/30', cvv: '123' } },
});

let stack: TestStack;
const startFresh = freshStacks();
async function fresh(options: Parameters<typeof startFresh>[0] = {}) {
  stack = await startFresh(options);
  return stack;
}

describe('idempotency keys on money-moving mutations', () => {
  it('replays the first chargeCard result for the same key without a second cc/bill', async () => {
    await fresh();
    const first = await stack.gql(CHARGE, chargeInput('idem-1'));
    const second = await stack.gql(CHARGE, chargeInput('idem-1'));
    expect(second.data).toEqual(first.data);
    expect(first.data!.chargeCard.charge.confirmationCode).toMatch(/^\d+$/);
    expect(stack.icount.log.count('cc/bill')).toBe(1);
  });

  it('refuses the same key with a different input or for another mutation', async () => {
    await fresh();
    await stack.gql(CHARGE, chargeInput('idem-2'));
    const other = await stack.gql(CHARGE, chargeInput('idem-2', '13.00'));
    expect(other.data!.chargeCard).toEqual({ charge: null, userErrors: [expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'] })] });
    const store = await stack.gql(`mutation($input: StoreCardInput!) { storeCard(input: $input) { card { tokenId } userErrors { code } } }`, {
      input: { idempotencyKey: 'idem-2', card: { number: ICOUNT_TEST_CARDS.visa, expiry: '12/30' }, client: { name: 'X Ltd' } },
    });
    expect(store.data!.storeCard.userErrors).toEqual([{ code: 'IDEMPOTENCY_KEY_REUSED' }]);
    expect(stack.icount.log.count('cc/bill')).toBe(1);
    expect(stack.icount.log.count('cc_storage/store')).toBe(0);
  });

  it('makes concurrent duplicates wait for the first result: one cc/bill, twenty equal answers', async () => {
    await fresh();
    stack.icount.faults.add({ method: 'cc/bill', fault: { kind: 'latency', ms: 200 } });
    const answers = await Promise.all(Array.from({ length: 20 }, () => stack.gql(CHARGE, chargeInput('idem-3'))));
    expect(stack.icount.log.count('cc/bill')).toBe(1);
    expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);
    expect(answers[0]!.data!.chargeCard.charge).not.toBeNull();
  });

  it('answers IDEMPOTENCY_KEY_IN_PROGRESS when the first request takes longer than the wait', async () => {
    await fresh({ env: { IDEMPOTENCY_WAIT_MS: '100' } });
    stack.icount.faults.add({ method: 'cc/bill', fault: { kind: 'latency', ms: 400 } });
    const [first, second] = await Promise.all([
      stack.gql(CHARGE, chargeInput('idem-4')),
      new Promise((r) => setTimeout(r, 50)).then(() => stack.gql(CHARGE, chargeInput('idem-4'))),
    ]);
    expect(first.data!.chargeCard.charge).not.toBeNull();
    expect(second.data!.chargeCard.userErrors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_IN_PROGRESS' })]);
    expect(stack.icount.log.count('cc/bill')).toBe(1);
  });

  it('never sends a charge again after a cc/bill whose answer was lost: the retry finds it in iCount', async () => {
    await fresh();
    stack.icount.faults.add({ method: 'cc/bill', fault: { kind: 'drop' }, afterProcessing: true });
    const first = await stack.gql(CHARGE, chargeInput('idem-5'));
    expect(first.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', method: 'cc/bill', outcome: 'UNKNOWN' });
    const again = await stack.gql(CHARGE, chargeInput('idem-5'));
    expect(again.data!.chargeCard.userErrors).toEqual([]);
    const charged = stack.icount.transactions().find((t) => t.payment_description?.includes('[paygraph:'));
    expect(again.data!.chargeCard.charge.confirmationCode).toBe(charged!.confirmation_code);
    expect(stack.icount.log.count('cc/bill')).toBe(1);
    expect(stack.icount.log.count('cc/transactions')).toBe(1);
  });

  it('frees the key when the failure came before anything was sent', async () => {
    await fresh();
    stack.icount.faults.add({ method: 'currency/get_list', fault: { kind: 'http', status: 503 } });
    const first = await stack.gql(CHARGE, chargeInput('idem-6'));
    expect(first.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', method: 'currency/get_list' });
    const again = await stack.gql(CHARGE, chargeInput('idem-6'));
    expect(again.data!.chargeCard.charge).not.toBeNull();
    expect(stack.icount.log.count('cc/bill')).toBe(1);
  });

  it('replays recordPayment, deletePayment, storeCard and authorizeCard', async () => {
    await fresh();
    const RECORD = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id } userErrors { code } } }`;
    const rec = { input: { idempotencyKey: 'idem-rec', invoiceId: toGlobalId('Invoice', 15), amount: { amount: '10.00', currency: 'ILS' } } };
    const recorded = await stack.gql(RECORD, rec);
    expect(await stack.gql(RECORD, rec)).toEqual(recorded);
    expect(stack.freshbooks.log.count('payment.create')).toBe(1);

    const DELETE = `mutation($input: DeletePaymentInput!) { deletePayment(input: $input) { deletedPaymentId userErrors { code } } }`;
    const del = { input: { idempotencyKey: 'idem-del', id: recorded.data!.recordPayment.payment.id } };
    const deleted = await stack.gql(DELETE, del);
    expect(deleted.data!.deletePayment.userErrors).toEqual([]);
    expect(await stack.gql(DELETE, del)).toEqual(deleted); // not NOT_FOUND the second time
    expect(stack.freshbooks.log.count('payment.delete')).toBe(1);

    const STORE = `mutation($input: StoreCardInput!) { storeCard(input: $input) { card { tokenId } userErrors { code } } }`;
    const st = { input: { idempotencyKey: 'idem-store', card: { number: ICOUNT_TEST_CARDS.diners, expiry: '12/30' }, client: { name: 'Replay Ltd' } } };
    expect(await stack.gql(STORE, st)).toEqual(await stack.gql(STORE, st));
    expect(stack.icount.log.count('cc_storage/store')).toBe(1);

    const AUTH = `mutation($input: AuthorizeCardInput!) { authorizeCard(input: $input) { authorization { confirmationCode } userErrors { code } } }`;
    const au = { input: { idempotencyKey: 'idem-j5', card: { number: ICOUNT_TEST_CARDS.visa, expiry: '12/30', cvv: '123', holderId: '208915123' } } };
    expect(await stack.gql(AUTH, au)).toEqual(await stack.gql(AUTH, au));
    expect(stack.icount.log.count('cc/j5')).toBe(1);
  });
});

describe('idempotency across replicas sharing the PostgreSQL ledger', () => {
  it('50 concurrent identical chargeCard calls split over two gateways reach cc/bill once, and all answers agree', async () => {
    await fresh({ postgres: true });
    const replica = await stack.startGateway();
    stack.icount.faults.add({ method: 'cc/bill', fault: { kind: 'latency', ms: 150 } });
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? replica : stack).gql(CHARGE, chargeInput('idem-replicas'))));
    expect(stack.icount.log.count('cc/bill')).toBe(1);
    expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);
    expect(answers[0]!.data!.chargeCard.charge.confirmationCode).toMatch(/^\d+$/);
  });

  it('stores no card data in the ledger', async () => {
    await fresh({ postgres: true });
    await stack.gql(CHARGE, { input: { ...chargeInput('idem-card-data').input, card: { number: ICOUNT_TEST_CARDS.amex, expiry: '12/30', cvv: '8642', holderId: '208915123' } } });
    const rows = await ledgerRows(stack.ledgerLocation);
    expect(rows.length).toBe(1);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(ICOUNT_TEST_CARDS.amex);
    expect(text).not.toMatch(/(^|\D)8642(\D|$)/);
    expect(text).not.toContain('208915123');
  });
});
