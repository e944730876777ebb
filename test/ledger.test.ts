import { describe, expect, it } from '@jest/globals';
import { toGlobalId } from '../src/domain/ids.js';
import { freshStacks } from './support/fresh-stack.js';
import type { TestStack } from './support/stack.js';

/**
 * The ledger against the ways money safety broke before (docs/ledger.md): upstreams that process a
 * write and then answer badly, concurrent payments of one invoice, test charges, a ledger that is
 * down. Every case ends with exactly one upstream write per key.
 */
const CHARGE = `mutation($input: ChargeCardInput!) { chargeCard(input: $input) { charge { confirmationCode } userErrors { code field message } } }`;
const RECORD = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { freshbooksId notes } userErrors { code field message } } }`;
const PAY = `mutation($input: PayInvoiceInput!) { payInvoice(input: $input) { pending charge { confirmationCode } payment { freshbooksId } userErrors { code field message } } }`;
const ENTRY = `query($key: String!) { ledgerEntry(idempotencyKey: $key) { state step attempts operation charge { confirmationCode } payment { freshbooksId } } }`;

interface ChargeAnswer { chargeCard: { charge: { confirmationCode: string } | null; userErrors: { code: string; field: string[] | null; message: string }[] } }
interface PayAnswer { payInvoice: { pending: boolean; charge: { confirmationCode: string } | null; payment: { freshbooksId: number } | null; userErrors: { code: string; field: string[] | null }[] } }

const chargeInput = (key: string) => ({ input: { idempotencyKey: key, amount: { amount: '12.00', currency: 'ILS' }, card: { tokenId: 57 } } });
const payInput = (key: string, invoice = 6) => ({ input: { idempotencyKey: key, invoiceId: toGlobalId('Invoice', invoice), card: { tokenId: 60 }, amount: { amount: '10.00', currency: 'ILS' } } });

let stack: TestStack;
const startFresh = freshStacks();
async function fresh(options: Parameters<typeof startFresh>[0] = {}) {
  stack = await startFresh(options);
  return stack;
}

describe('writes processed upstream, then answered badly', () => {
  it.each([400, 401, 403, 404, 408, 409])('cc/bill charged then HTTP %i: the retry finds the charge, cc/bill is sent once', async (status) => {
    await fresh({ env: { ICOUNT_TIMEOUT_MS: '300' } });
    stack.icount.faults.add({ method: 'cc/bill', fault: { kind: 'http', status }, afterProcessing: true });
    const first = await stack.gql<ChargeAnswer>(CHARGE, chargeInput(`http-${status}`));
    expect(first.errors?.[0]?.extensions).toMatchObject({ method: 'cc/bill', outcome: 'UNKNOWN' });
    const retry = await stack.gql<ChargeAnswer>(CHARGE, chargeInput(`http-${status}`));
    expect(retry.data!.chargeCard.userErrors).toEqual([]);
    expect(retry.data!.chargeCard.charge!.confirmationCode).toMatch(/^\d+$/);
    expect(stack.icount.log.count('cc/bill')).toBe(1);
    const entry = await stack.gql(ENTRY, { key: `http-${status}` });
    expect(entry.data!.ledgerEntry).toMatchObject({ state: 'SUCCEEDED', attempts: 1, operation: 'chargeCard' });
  });

  it('payment.create recorded then HTTP 409: the retry finds the payment by its marker, one payment', async () => {
    await fresh();
    stack.freshbooks.faults.add({ method: 'payment.create', fault: { kind: 'http', status: 409 }, afterProcessing: true });
    const input = { input: { idempotencyKey: 'rec-409', invoiceId: toGlobalId('Invoice', 2), amount: { amount: '5.00', currency: 'ILS' }, notes: 'cheque 12' } };
    const first = await stack.gql(RECORD, input);
    expect(first.errors?.[0]?.extensions).toMatchObject({ method: 'payment.create', outcome: 'UNKNOWN' });
    const retry = await stack.gql(RECORD, input);
    expect(retry.data!.recordPayment.userErrors).toEqual([]);
    // The marker is split off: the notes read back as typed.
    expect(retry.data!.recordPayment.payment.notes).toBe('cheque 12');
    expect(stack.freshbooks.log.count('payment.create')).toBe(1);
  });

  it('cc/j5 held then HTTP 409: never sent again; the key says the outcome is unknown (a J5 is found by card number only)', async () => {
    await fresh();
    stack.icount.faults.add({ method: 'cc/j5', fault: { kind: 'http', status: 409 }, afterProcessing: true });
    const AUTHORIZE = `mutation($input: AuthorizeCardInput!) { authorizeCard(input: $input) { authorization { confirmationCode } userErrors { code field message } } }`;
    const input = { input: { idempotencyKey: 'j5-409', card: { number: '4580000000000000', expiry: '12/30', cvv: '123', holderId: '208915123' } } };
    const first = await stack.gql(AUTHORIZE, input);
    expect(first.errors?.[0]?.extensions).toMatchObject({ method: 'cc/j5', outcome: 'UNKNOWN' });
    const retry = await stack.gql(AUTHORIZE, input);
    expect(retry.data!.authorizeCard.userErrors).toEqual([expect.objectContaining({ code: 'OUTCOME_UNKNOWN', field: ['input', 'idempotencyKey'] })]);
    expect(stack.icount.log.count('cc/j5')).toBe(1);
    const entry = await stack.gql(ENTRY, { key: 'j5-409' });
    expect(entry.data!.ledgerEntry).toMatchObject({ state: 'UNKNOWN', operation: 'authorizeCard', attempts: 1 });
  });

  it('a write that never left (circuit open) leaves the key free: the same key charges once the circuit closes', async () => {
    await fresh({ env: { CIRCUIT_FAILURE_THRESHOLD: '1', CIRCUIT_HALF_OPEN_AFTER_MS: '300' } });
    stack.icount.faults.add({ method: 'cc_storage/token_info', fault: { kind: 'http', status: 503 } });
    const broken = await stack.gql(`{ card(id: "${toGlobalId('Card', 57)}") { last4 } }`);
    expect(broken.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    const refused = await stack.gql<ChargeAnswer>(CHARGE, chargeInput('circuit'));
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', outcome: 'NOT_ATTEMPTED' });
    expect(stack.icount.log.count('cc/bill')).toBe(0);
    await new Promise((r) => setTimeout(r, 350));
    const charged = await stack.gql<ChargeAnswer>(CHARGE, chargeInput('circuit'));
    expect(charged.data!.chargeCard.charge!.confirmationCode).toMatch(/^\d+$/);
    expect(stack.icount.log.count('cc/bill')).toBe(1);
  });
});

describe('payInvoice: one invoice, one payment at a time', () => {
  it('5 concurrent payments of one invoice with different keys charge once; the others are told the invoice is busy', async () => {
    await fresh();
    stack.icount.faults.add({ method: 'cc/bill', fault: { kind: 'latency', ms: 200 } });
    const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => stack.gql<PayAnswer>(PAY, payInput(`busy-${n}`))));
    const paid = answers.filter((a) => a.data!.payInvoice.payment);
    const busy = answers.filter((a) => a.data!.payInvoice.userErrors[0]?.code === 'INVOICE_PAYMENT_IN_PROGRESS');
    expect(paid).toHaveLength(1);
    expect(busy).toHaveLength(4);
    expect(busy[0]!.data!.payInvoice.userErrors[0]!.field).toEqual(['input', 'invoiceId']);
    expect(stack.icount.log.count('cc/bill')).toBe(1);
  });

  it('while key A is charged but not recorded (FreshBooks down), key B cannot charge the invoice again', async () => {
    await fresh();
    stack.freshbooks.faults.add({ method: 'payment.create', fault: { kind: 'http', status: 503 }, times: -1 });
    const a = await stack.gql<PayAnswer>(PAY, payInput('pending-a'));
    expect(a.data!.payInvoice.pending).toBe(true);
    const b = await stack.gql<PayAnswer>(PAY, payInput('pending-b'));
    expect(b.data!.payInvoice.userErrors).toEqual([expect.objectContaining({ code: 'INVOICE_PAYMENT_IN_PROGRESS' })]);
    expect(stack.icount.log.count('cc/bill')).toBe(1);
    const entry = await stack.gql(ENTRY, { key: 'pending-a' });
    expect(entry.data!.ledgerEntry).toMatchObject({ state: 'UNKNOWN', step: 'record', charge: { confirmationCode: a.data!.payInvoice.charge!.confirmationCode } });
  });

  it('refuses a test charge outside demo mode: test charges never settle real books', async () => {
    const apiKey = 'live-key-0123456789abcdef';
    await fresh({
      env: { ICOUNT_CID: 'acme', ICOUNT_USER: 'api', ICOUNT_PASS: 'secret', FRESHBOOKS_URL: 'https://acme.freshbooks.com/api/2.1/xml-in', FRESHBOOKS_TOKEN: 'fb', API_KEYS: `${apiKey}:read+write+charge` },
    });
    const res = await stack.gql<PayAnswer>(PAY, { input: { ...payInput('live-test').input, test: true } }, { apiKey });
    expect(res.data!.payInvoice.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'test'] })]);
    expect(stack.icount.log.count('cc/bill')).toBe(0);
    expect(stack.freshbooks.log.count('payment.create')).toBe(0);
  });
});

describe('a ledger that is down', () => {
  it('answers STORE_UNAVAILABLE with outcome NOT_ATTEMPTED and sends nothing', async () => {
    await fresh();
    await stack.runtime.ledger.close();
    const res = await stack.gql<ChargeAnswer>(CHARGE, chargeInput('ledger-down'));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'STORE_UNAVAILABLE', outcome: 'NOT_ATTEMPTED' });
    expect(stack.icount.log.count('cc/bill')).toBe(0);
  });
});

describe('replicas sharing PostgreSQL', () => {
  it('a restarted replica settles a charge whose answer was lost by finding it in iCount', async () => {
    await fresh({ postgres: true, env: { ICOUNT_TIMEOUT_MS: '300' } });
    stack.icount.faults.add({ method: 'cc/bill', fault: { kind: 'drop' }, afterProcessing: true });
    await stack.gql(CHARGE, chargeInput('pg-lost'));
    await stack.restartGateway();
    await new Promise((r) => setTimeout(r, 350));
    await stack.gateway.reconciler.runOnce();
    const entry = await stack.gql(ENTRY, { key: 'pg-lost' });
    expect(entry.data!.ledgerEntry).toMatchObject({ state: 'SUCCEEDED', operation: 'chargeCard', charge: { confirmationCode: expect.stringMatching(/^\d+$/) } });
    expect(stack.icount.log.count('cc/bill')).toBe(1);
  });
});
