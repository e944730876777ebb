import { parseExpiry } from './card-rules.js';
import { DEMO_CLIENTS, ICOUNT_ONLY_CLIENTS } from '../shared/demo-clients.js';
import { describeCard, ICOUNT_TEST_CARDS } from './cards.js';
import { currencyByCode } from './currencies.js';
import { defaultFirstPayment } from './money.js';
import { IcountState } from './state.js';

/** Stored cards of the demo seed (token ids 57–64). Token 64 is the scripted-decline card. */
const DEMO_TOKENS = [
  { client: 1001, pan: '4111111111111111', validity: '2028-07', holder: 'Dana Levi', holderId: '208915123' },
  { client: 1001, pan: '5454545454545454', validity: '2029-03', holder: 'Dana Levi', holderId: '208915123' },
  { client: 1002, pan: '371449635398431', validity: '2028-11', holder: 'Noam Cohen', holderId: '301234567' },
  { client: 1002, pan: '900000018', validity: '2029-01', holder: 'Noam Cohen', holderId: '301234567' },
  { client: 1004, pan: '4580000000000000', validity: '2028-05', holder: 'Yossi Mizrahi', holderId: '025874136' },
  { client: 1004, pan: '5200000000000007', validity: '2029-09', holder: 'Yossi Mizrahi', holderId: '025874136' },
  { client: 1005, pan: '4242424242424242', validity: '2028-12', holder: 'Rachel Green', holderId: '039876541' },
  { client: 1005, pan: ICOUNT_TEST_CARDS.declined, validity: '2029-06', holder: 'Rachel Green', holderId: '039876541' },
] as const;

/** [UTC date-time, client_id, token id or card {last4, brand, validity}, sum, currency, payments, description]. */
type SeedCharge = [string, number, number | { last4: string; brand: 'VISA' | 'MASTERCARD' | 'AMEX' | 'ISRACARD'; validity: string }, string, 'ILS' | 'USD', number, string];

const DEMO_CHARGES: readonly SeedCharge[] = [
  ['2026-06-02T08:15:00Z', 1001, 57, '450.00', 'ILS', 1, 'Logo design — deposit'],
  ['2026-06-09T10:40:00Z', 1002, 59, '1200.00', 'ILS', 3, 'Oven maintenance contract'],
  ['2026-06-18T13:05:00Z', 1004, 61, '310.50', 'USD', 1, 'Freight Haifa–Ashdod'],
  ['2026-06-27T07:55:00Z', 1005, 63, '89.90', 'USD', 1, 'Coffee beans subscription'],
  ['2026-07-03T11:20:00Z', 1003, { last4: '1111', brand: 'VISA', validity: '2028-02' }, '275.00', 'ILS', 1, 'Hardware order 7781'],
  ['2026-07-14T09:00:00Z', 1001, 58, '3600.00', 'ILS', 12, 'Brand identity package'],
  ['2026-07-22T15:30:00Z', 1006, { last4: '4444', brand: 'MASTERCARD', validity: '2027-10' }, '149.00', 'ILS', 1, 'Workshop ticket'],
  ['2026-08-01T08:00:00Z', 1002, 60, '640.00', 'ILS', 2, 'Flour delivery August'],
  ['2026-08-12T12:45:00Z', 1004, 62, '1250.00', 'USD', 1, 'Container storage Q3'],
  ['2026-08-20T16:10:00Z', 1007, { last4: '0005', brand: 'AMEX', validity: '2028-08' }, '58.40', 'ILS', 1, 'Catering — team breakfast'],
  ['2026-09-02T09:25:00Z', 1005, 63, '89.90', 'USD', 1, 'Coffee beans subscription'],
  ['2026-09-10T10:10:00Z', 1001, 57, '980.00', 'ILS', 1, 'Website mockups'],
  ['2026-09-24T14:35:00Z', 1003, { last4: '1111', brand: 'VISA', validity: '2028-02' }, '1890.00', 'ILS', 6, 'Tool shed renovation'],
  ['2026-10-01T07:45:00Z', 1002, 59, '1200.00', 'ILS', 3, 'Oven maintenance contract'],
  ['2026-10-08T11:50:00Z', 1004, 61, '405.25', 'USD', 1, 'Express freight'],
  ['2026-10-15T13:15:00Z', 1006, { last4: '0018', brand: 'ISRACARD', validity: '2029-04' }, '320.00', 'ILS', 2, 'Private lesson pack'],
  ['2026-10-27T08:30:00Z', 1005, 63, '89.90', 'USD', 1, 'Coffee beans subscription'],
  ['2026-11-03T10:05:00Z', 1001, 58, '2150.00', 'ILS', 1, 'Print run — brochures'],
  ['2026-11-11T12:00:00Z', 1007, { last4: '0005', brand: 'AMEX', validity: '2028-08' }, '212.70', 'ILS', 1, 'Catering — board meeting'],
  ['2026-11-17T09:40:00Z', 1002, 60, '75.00', 'ILS', 1, 'Sample tasting (test charge)'],
];

const TOKENS_CREATED_AT = Date.UTC(2026, 4, 15, 9, 0, 0);

/** The demo customers of `DEMO_CLIENTS`/`ICOUNT_ONLY_CLIENTS`, their stored cards and a charge history. */
export function seedDemo(state: IcountState): void {
  for (const c of DEMO_CLIENTS) {
    if (c.icount === 'none' || c.icountId === undefined) continue;
    state.addClient({
      client_name: c.organization,
      company_name: c.organization,
      first_name: c.firstName,
      last_name: c.lastName,
      email: c.email,
      custom_client_id: c.icount === 'linked' ? String(c.freshbooksId) : '',
    }, c.icountId);
  }
  for (const c of ICOUNT_ONLY_CLIENTS) {
    const [first = '', ...rest] = c.name.split(' ');
    state.addClient({ client_name: c.name, first_name: first, last_name: rest.join(' '), email: c.email }, c.icountId);
  }
  for (const t of DEMO_TOKENS) {
    const card = describeCard(t.pan, parseExpiry(t.validity)!);
    state.addToken(t.client, card, { name: t.holder, idMasked: `*****${t.holderId.slice(-4)}` }, TOKENS_CREATED_AT);
  }
  for (const [at, clientId, source, sum, code, payments, description] of DEMO_CHARGES) {
    const client = state.clients.get(clientId)!;
    const token = typeof source === 'number' ? state.tokens.get(source)! : undefined;
    const card = typeof source === 'number' ? token! : { ...source, expiry: parseExpiry(source.validity)! };
    state.addTransaction({
      confirmation_code: state.nextConfirmationCode(),
      charged_at: Date.parse(at),
      is_test: description.includes('(test charge)'),
      sum,
      first_payment: payments > 1 ? defaultFirstPayment(sum, payments) : sum,
      num_of_payments: payments,
      is_credit: false,
      currency_id: currencyByCode(code)!.currency_id,
      brand: card.brand,
      last4: card.last4,
      exp_month: card.expiry.month,
      exp_year: card.expiry.year,
      holder_name: token?.holder_name ?? `${client.first_name} ${client.last_name}`.trim(),
      client_id: client.client_id,
      client_name: client.client_name,
      client_email: client.email,
      custom_client_id: client.custom_client_id,
      client_vat_id: client.vat_id,
      cc_token_id: token?.cc_token_id ?? null,
      payment_description: description,
      j5_transaction_id: null,
    });
  }
}

export function createState(seed: 'demo' | 'empty'): IcountState {
  const state = new IcountState();
  if (seed === 'demo') seedDemo(state);
  return state;
}
