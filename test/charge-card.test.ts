import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ICOUNT_TEST_CARDS } from '../src/emulators/icount/index.js';
import { clientGlobalId } from '../src/domain/ids.js';
import { startStack, type GraphQLResponse, type TestStack } from './support/stack.js';

const CHARGE = /* GraphQL */ `
  mutation Charge($input: ChargeCardInput!) {
    chargeCard(input: $input) {
      charge {
        id confirmationCode test description chargedAt
        amount { amount currency }
        card { brand last4 expiryMonth expiryYear holderName }
        installments { count firstPayment credit }
        client { id name icountId }
      }
      userErrors { code field message }
    }
  }
`;

let stack: TestStack;
let seq = 0;
const key = () => `test-key-${++seq}`;
const nextYear = new Date().getUTCFullYear() + 2;
const validCard = { number: ICOUNT_TEST_CARDS.visa, expiry: `12/${String(nextYear).slice(2)}`, cvv: '123', holderName: 'Dana Levi' };

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.icount.log.clear());

interface UserErrorResult {
  code: string;
  field: string[] | null;
  message: string;
}

/** The selection of CHARGE. */
interface ChargeResult {
  id: string;
  confirmationCode: string;
  test: boolean;
  description: string | null;
  chargedAt: string | null;
  amount: { amount: string; currency: string };
  card: { brand: string; last4: string; expiryMonth: number | null; expiryYear: number | null; holderName: string | null };
  installments: { count: number; firstPayment: string | null; credit: boolean };
  client: { id: string; name: string; icountId: number | null } | null;
}

interface ChargeCardResponse {
  chargeCard: { charge: ChargeResult | null; userErrors: UserErrorResult[] };
}

interface AuthorizeCardResponse {
  authorizeCard: {
    authorization: { available: boolean; confirmationCode: string | null; total: { amount: string; currency: string } | null; remaining: { amount: string } | null } | null;
    userErrors: { code: string }[];
  };
}

interface CardAuthorizationResponse {
  cardAuthorization: { available: boolean; used: { amount: string } | null; remaining: { amount: string } | null };
}

/** Sends chargeCard with a fresh idempotency key; the response as the gateway gave it. */
function charge(input: Record<string, unknown>): Promise<GraphQLResponse<ChargeCardResponse>> {
  return stack.gql<ChargeCardResponse>(CHARGE, { input: { idempotencyKey: key(), ...input } });
}

describe('chargeCard', () => {
  it('charges a stored card by token and returns the confirmation code, exact amount and masked card', async () => {
    const { data, errors } = await charge({ amount: { amount: '129.90', currency: 'ILS' }, card: { tokenId: 57 }, description: 'Order A-17' });
    expect(errors).toBeUndefined();
    const result = data!.chargeCard;
    expect(result.userErrors).toEqual([]);
    expect(result.charge).toMatchObject({
      amount: { amount: '129.90', currency: 'ILS' },
      card: { brand: 'VISA', last4: '1111', expiryMonth: 7, expiryYear: 2028 },
      installments: { count: 1, firstPayment: null, credit: false },
      description: 'Order A-17',
      test: false,
      client: { name: 'Levi Design Studio', icountId: 1001 },
    });
    expect(result.charge!.confirmationCode).toMatch(/^\d+$/);
    expect(stack.icount.log.count('cc/bill')).toBe(1);
  });

  it('charges card details in USD with installments and a first payment', async () => {
    const { data, errors } = await charge({
      amount: { amount: '1000.00', currency: 'USD' },
      card: validCard,
      installments: { count: 3, firstPayment: '400.00' },
      test: true,
    });
    expect(errors).toBeUndefined();
    const result = data!.chargeCard;
    expect(result.userErrors).toEqual([]);
    expect(result.charge).toMatchObject({
      amount: { amount: '1000.00', currency: 'USD' },
      card: { brand: 'VISA', last4: ICOUNT_TEST_CARDS.visa.slice(-4), expiryMonth: 12, expiryYear: nextYear },
      installments: { count: 3, firstPayment: '400.00', credit: false },
      test: true,
    });
    const bill = stack.icount.log.all().find((r) => r.method === 'cc/bill')!;
    expect(bill.params).toMatchObject({ currency_code: 'USD', num_of_payments: 3, is_test: true });
  });

  it('sends the expiry to iCount as YYYY-MM whatever format the client used', async () => {
    for (const expiry of [`12/${String(nextYear).slice(2)}`, `12${String(nextYear).slice(2)}`, `${nextYear}-12`]) {
      const { data, errors } = await charge({ amount: { amount: '10.00', currency: 'ILS' }, card: { ...validCard, expiry }, test: true });
      expect(errors).toBeUndefined();
      expect(data!.chargeCard.userErrors).toEqual([]);
    }
    const validities = stack.icount.log.all().filter((r) => r.method === 'cc/bill').map((r) => r.params.cc_validity);
    expect(validities).toEqual([`${nextYear}-12`, `${nextYear}-12`, `${nextYear}-12`]);
  });

  it('charges a client given by its global ID and one given by e-mail', async () => {
    const byId = await charge({ amount: { amount: '5.00', currency: 'ILS' }, card: validCard, clientId: clientGlobalId('icount', 1002), test: true });
    expect(byId.errors).toBeUndefined();
    expect(byId.data!.chargeCard.charge!.client).toMatchObject({ icountId: 1002, name: 'Cohen Bakery' });
    const byEmail = await charge({ amount: { amount: '5.00', currency: 'ILS' }, card: validCard, client: { email: 'noam@cohen-bakery.example' }, test: true });
    expect(byEmail.errors).toBeUndefined();
    expect(byEmail.data!.chargeCard.charge!.client).toMatchObject({ icountId: 1002 });
  });

  it('captures against a J5 pre-authorisation of the same card', async () => {
    const auth = await stack.gql<AuthorizeCardResponse>(
      `mutation($input: AuthorizeCardInput!) { authorizeCard(input: $input) { authorization { available confirmationCode total { amount currency } remaining { amount } } userErrors { code } } }`,
      { input: { idempotencyKey: key(), card: { ...validCard, holderId: '208915123' }, amount: { amount: '300.00', currency: 'ILS' } } },
    );
    expect(auth.data!.authorizeCard.userErrors).toEqual([]);
    expect(auth.data!.authorizeCard.authorization).toMatchObject({ available: true, total: { amount: '300.00', currency: 'ILS' } });
    const captured = await charge({ amount: { amount: '120.00', currency: 'ILS' }, card: validCard, useAuthorization: true });
    expect(captured.errors).toBeUndefined();
    expect(captured.data!.chargeCard.userErrors).toEqual([]);
    const status = await stack.gql<CardAuthorizationResponse>(`query($card: CardInput!) { cardAuthorization(card: $card) { available used { amount } remaining { amount } } }`, {
      card: { number: validCard.number },
    });
    expect(status.data!.cardAuthorization).toEqual({ available: true, used: { amount: '120.00' }, remaining: { amount: '180.00' } });
  });

  it('reports a declined card as CARD_DECLINED', async () => {
    const { data, errors } = await charge({ amount: { amount: '50.00', currency: 'ILS' }, card: { ...validCard, number: ICOUNT_TEST_CARDS.declined } });
    expect(errors).toBeUndefined();
    const result = data!.chargeCard;
    expect(result.charge).toBeNull();
    expect(result.userErrors).toEqual([{ code: 'CARD_DECLINED', field: ['input', 'card'], message: 'The card was declined.' }]);
    expect(stack.icount.log.count('cc/bill')).toBe(1);
  });

  it('never retries cc/bill: identical charges with different keys are two transactions', async () => {
    const a = await charge({ amount: { amount: '7.00', currency: 'ILS' }, card: { tokenId: 58 }, test: true });
    const b = await charge({ amount: { amount: '7.00', currency: 'ILS' }, card: { tokenId: 58 }, test: true });
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(a.data!.chargeCard.charge!.confirmationCode).not.toEqual(b.data!.chargeCard.charge!.confirmationCode);
    expect(stack.icount.log.count('cc/bill')).toBe(2);
  });
});

describe('chargeCard with bad input answers with a userError naming the field and sends no cc/bill', () => {
  const cases: [string, Record<string, unknown>, string, string[]][] = [
    ['a number failing Luhn', { card: { ...validCard, number: '4580458045804581' } }, 'INVALID_CARD_NUMBER', ['input', 'card', 'number']],
    ['a number of the wrong length', { card: { ...validCard, number: '45804580458' } }, 'INVALID_CARD_NUMBER', ['input', 'card', 'number']],
    ['a number with letters', { card: { ...validCard, number: '4580abcd45804580' } }, 'INVALID_CARD_NUMBER', ['input', 'card', 'number']],
    ['a huge number string', { card: { ...validCard, number: '4'.repeat(10_000) } }, 'INVALID_CARD_NUMBER', ['input', 'card', 'number']],
    ['a malformed expiry', { card: { ...validCard, expiry: '13/30' } }, 'INVALID_EXPIRY', ['input', 'card', 'expiry']],
    ['an expiry in words', { card: { ...validCard, expiry: 'next year' } }, 'INVALID_EXPIRY', ['input', 'card', 'expiry']],
    ['a past expiry', { card: { ...validCard, expiry: '01/20' } }, 'CARD_EXPIRED', ['input', 'card', 'expiry']],
    ['a two-digit CVV', { card: { ...validCard, cvv: '12' } }, 'INVALID_CVV', ['input', 'card', 'cvv']],
    ['a CVV with letters', { card: { ...validCard, cvv: '12a' } }, 'INVALID_CVV', ['input', 'card', 'cvv']],
    ['a zero amount', { amount: { amount: '0', currency: 'ILS' } }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
    ['a negative amount', { amount: { amount: '-5.00', currency: 'ILS' } }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
    ['fractional cents', { amount: { amount: '10.005', currency: 'ILS' } }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
    ['decimals in a currency without them', { amount: { amount: '100.5', currency: 'JPY' } }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
    ['a currency iCount does not have', { amount: { amount: '10.00', currency: 'XAF' } }, 'INVALID_CURRENCY', ['input', 'amount', 'currency']],
    ['37 installments', { installments: { count: 37 } }, 'INVALID_INSTALLMENTS', ['input', 'installments', 'count']],
    ['zero installments', { installments: { count: 0 } }, 'INVALID_INSTALLMENTS', ['input', 'installments', 'count']],
    ['a first payment not below the total', { installments: { count: 3, firstPayment: '100.00' } }, 'INVALID_INSTALLMENTS', ['input', 'installments', 'firstPayment']],
    ['an unknown token', { card: { tokenId: 999_999 } }, 'NOT_FOUND', ['input', 'card', 'tokenId']],
    ['both a token and a number', { card: { ...validCard, tokenId: 57 } }, 'INVALID_INPUT', ['input', 'card']],
    ['an unknown client', { clientId: clientGlobalId('icount', 987_654) }, 'NOT_FOUND', ['input', 'clientId']],
    ['a client ID that is not one', { clientId: 'not-an-id' }, 'INVALID_INPUT', ['input', 'clientId']],
    ['an empty client ID', { clientId: '' }, 'INVALID_INPUT', ['input', 'clientId']],
    ['a client ID past 15 digits', { clientId: Buffer.from('Client:freshbooks:9007199254740993').toString('base64url') }, 'INVALID_INPUT', ['input', 'clientId']],
    ['another client\'s token', { card: { tokenId: 57 }, clientId: clientGlobalId('icount', 1002) }, 'NOT_FOUND', ['input', 'card', 'tokenId']],
    ['a huge description', { description: 'x'.repeat(5000) }, 'INVALID_INPUT', ['input', 'description']],
    ['an empty idempotency key', { idempotencyKey: '' }, 'INVALID_INPUT', ['input', 'idempotencyKey']],
  ];

  it.each(cases)('%s', async (_name, override, code, field) => {
    const { data, errors } = await charge({ amount: { amount: '100.00', currency: 'ILS' }, card: validCard, ...override });
    expect(errors).toBeUndefined();
    const result = data!.chargeCard;
    expect(result.charge).toBeNull();
    expect(result.userErrors).toContainEqual(expect.objectContaining({ code, field }));
    expect(stack.icount.log.count('cc/bill')).toBe(0);
    expect(JSON.stringify(result)).not.toContain(ICOUNT_TEST_CARDS.visa);
  });

  it('rejects an amount sent as a JSON number, without echoing card data', async () => {
    const res = await stack.gql(CHARGE, { input: { idempotencyKey: key(), amount: { amount: 10.5, currency: 'ILS' }, card: validCard } });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/Decimal/);
    expect(stack.icount.log.count('cc/bill')).toBe(0);
  });

  it('rejects a card number and CVV sent with the wrong type without echoing them', async () => {
    const res = await stack.gql(CHARGE, {
      input: { idempotencyKey: key(), amount: { amount: '10.00', currency: 'ILS' }, card: { number: Number(ICOUNT_TEST_CARDS.visa), expiry: validCard.expiry, cvv: 987 } },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const text = JSON.stringify(res);
    expect(text).not.toContain(ICOUNT_TEST_CARDS.visa.slice(0, 12));
    expect(text).not.toContain('987');
  });

  it('rejects a missing amount without echoing the CVV, holder id or a short card number', async () => {
    const res = await stack.gql(CHARGE, { input: { idempotencyKey: key(), card: { number: ICOUNT_TEST_CARDS.isracard, expiry: validCard.expiry, cvv: '735', holderId: '208915123' } } });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/"amount" of required type "MoneyInput!" was not provided/);
    const text = JSON.stringify(res.errors);
    for (const secret of ['735', '208915123', ICOUNT_TEST_CARDS.isracard]) expect(text).not.toContain(secret);
  });

  it('rejects an unknown currency code at the schema', async () => {
    const res = await stack.gql(CHARGE, { input: { idempotencyKey: key(), amount: { amount: '10.00', currency: 'ZZZ' }, card: validCard } });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.icount.log.count('cc/bill')).toBe(0);
  });

  it('never writes the card number or CVV to the gateway log or the emulator request log', async () => {
    const approved = await charge({ amount: { amount: '10.00', currency: 'ILS' }, card: { ...validCard, cvv: '735' }, test: true });
    const declined = await charge({ amount: { amount: '10.00', currency: 'ILS' }, card: { ...validCard, number: ICOUNT_TEST_CARDS.declined, cvv: '735' } });
    expect(approved.errors).toBeUndefined();
    expect(declined.errors).toBeUndefined();
    const written = JSON.stringify(stack.logs) + JSON.stringify(stack.icount.log.all());
    expect(written).not.toContain(ICOUNT_TEST_CARDS.visa);
    expect(written).not.toContain(ICOUNT_TEST_CARDS.declined);
    expect(written).not.toContain('"735"');
  });
});
