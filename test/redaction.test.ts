import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_API_KEY } from '../src/auth.js';
import { toGlobalId } from '../src/domain/ids.js';
import { ICOUNT_DEMO_CREDENTIALS, ICOUNT_TEST_CARDS } from '../src/emulators/icount/index.js';
import { FRESHBOOKS_DEMO_TOKEN } from '../src/emulators/freshbooks/index.js';
import { startStack, type TestStack } from './support/stack.js';
import { ledgerRows } from './support/ledger.js';
import { freshDatabase, type FreshDatabase } from './support/postgres.js';

/**
 * Card data never rests: charge with a known card number, CVV and holder id, provoke every kind
 * of error with them, then read everything the gateway wrote or stored — its logs, its metrics,
 * every ledger row, the emulators' request logs and every HTTP answer — and count.
 */
const NUMBER = ICOUNT_TEST_CARDS.amex; // 378282246310005
const DECLINED = ICOUNT_TEST_CARDS.declined;
const CVV = '7391';
const HOLDER_ID = '314159265';
const secrets = { NUMBER, DECLINED, CVV, HOLDER_ID, icountPass: ICOUNT_DEMO_CREDENTIALS.pass, freshbooksToken: FRESHBOOKS_DEMO_TOKEN, apiKey: DEMO_API_KEY };

let stack: TestStack;
let database: FreshDatabase;
const answers: string[] = [];

async function send(query: string, variables: Record<string, unknown>) {
  const res = await stack.gql(query, variables);
  answers.push(JSON.stringify(res));
  return res;
}

const CHARGE = `mutation($input: ChargeCardInput!) { chargeCard(input: $input) { charge { confirmationCode card { last4 } } userErrors { code field message } } }`;
const card = (overrides: Record<string, unknown> = {}) => ({ number: NUMBER, expiry: '10/30', cvv: CVV, holderId: HOLDER_ID, holderName: 'Dana Levi', ...overrides });

beforeAll(async () => {
  database = await freshDatabase('redaction');
  stack = await startStack({ databaseUrl: database.url });
  let n = 0;
  const key = () => `redaction-${++n}`;
  // Success, decline, local validation failures, scalar type errors, upstream failures.
  await send(CHARGE, { input: { idempotencyKey: key(), amount: { amount: '10.00', currency: 'ILS' }, card: card(), test: true } });
  await send(CHARGE, { input: { idempotencyKey: key(), amount: { amount: '10.00', currency: 'ILS' }, card: card({ number: DECLINED }) } });
  await send(CHARGE, { input: { idempotencyKey: key(), amount: { amount: '10.00', currency: 'ILS' }, card: card({ expiry: '13/99' }) } });
  await send(CHARGE, { input: { idempotencyKey: key(), amount: { amount: '10.00', currency: 'ILS' }, card: card({ number: `${NUMBER}1` }) } });
  await send(CHARGE, { input: { idempotencyKey: key(), amount: { amount: '10.00', currency: 'ILS' }, card: card({ number: Number(NUMBER), cvv: Number(CVV) }) } });
  await send(CHARGE, { input: { idempotencyKey: key(), amount: { amount: 10, currency: 'ILS' }, card: card() } });
  stack.icount.faults.add({ method: 'cc/bill', fault: { kind: 'http', status: 502 } });
  await send(CHARGE, { input: { idempotencyKey: key(), amount: { amount: '10.00', currency: 'ILS' }, card: card() } });
  stack.icount.faults.add({ method: 'cc/bill', fault: { kind: 'app-error', code: 'bad_cc_cvv', message: `CVV ${CVV} wrong for ${NUMBER}` } });
  await send(CHARGE, { input: { idempotencyKey: key(), amount: { amount: '10.00', currency: 'ILS' }, card: card() } });
  // The card in other mutations: store, verify, authorise, pay an invoice (journal), and pending.
  await send(`mutation($input: StoreCardInput!) { storeCard(input: $input) { card { tokenId } userErrors { code } } }`, { input: { idempotencyKey: key(), card: card(), client: { name: 'Redaction Ltd' } } });
  await send(`mutation($input: VerifyCardInput!) { verifyCard(input: $input) { verified userErrors { code } } }`, { input: { card: card() } });
  await send(`mutation($input: AuthorizeCardInput!) { authorizeCard(input: $input) { authorization { available } userErrors { code } } }`, { input: { idempotencyKey: key(), card: card() } });
  stack.freshbooks.faults.add({ method: 'payment.create', fault: { kind: 'http', status: 503 } });
  await send(`mutation($input: PayInvoiceInput!) { payInvoice(input: $input) { pending charge { confirmationCode } userErrors { code } } }`, {
    input: { idempotencyKey: key(), invoiceId: toGlobalId('Invoice', 15), card: card(), amount: { amount: '50.00', currency: 'ILS' }, test: true },
  });
  await send(`query($card: CardInput!) { cardAuthorization(card: $card) { available } }`, { card: { number: NUMBER } });
  await send(`query($input: ValidateCardInput!) { validateCard(input: $input) { valid } }`, { input: { number: NUMBER, expiry: '10/30' } });
});

afterAll(async () => {
  await stack.close();
  await database.drop();
});

async function everythingWritten(): Promise<Record<string, string>> {
  return {
    gatewayLogs: JSON.stringify(stack.logs),
    metrics: await stack.metrics.registry.metrics(),
    ledger: JSON.stringify(await ledgerRows(stack.ledgerLocation)),
    icountRequestLog: JSON.stringify(stack.icount.log.all()),
    freshbooksRequestLog: JSON.stringify(stack.freshbooks.log.all()),
    httpAnswers: answers.join('\n'),
  };
}

describe('no card data, secrets or keys at rest', () => {
  it('found something to scan: logs, stored records, request logs and answers are not empty', async () => {
    const written = await everythingWritten();
    for (const [where, text] of Object.entries(written)) expect([where, text.length > 100]).toEqual([where, true]);
    expect(written.ledger).toContain('payInvoice');
    expect(written.ledger).toContain('chargeCard');
    // The card did flow through, masked to its last 4 digits.
    expect(written.icountRequestLog).toContain(`${'*'.repeat(NUMBER.length - 4)}${NUMBER.slice(-4)}`);
  });

  it.each(Object.keys(secrets))('has zero occurrences of the %s anywhere', async (name) => {
    const value = secrets[name as keyof typeof secrets];
    const written = await everythingWritten();
    const found = Object.entries(written).flatMap(([where, text]) => {
      const pattern = /^\d+$/.test(value) ? new RegExp(`(^|\\D)${value}(\\D|$)`, 'g') : new RegExp(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');
      const hits = text.match(pattern)?.length ?? 0;
      return hits ? [`${where}: ${hits}`] : [];
    });
    expect(found).toEqual([]);
  });
});
