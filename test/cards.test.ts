import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ICOUNT_TEST_CARDS } from '../src/emulators/icount/index.js';
import { clientGlobalId, toGlobalId } from '../src/domain/ids.js';
import { startStack, type TestStack } from './support/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.icount.log.clear());

const expiry = `09/${String(new Date().getUTCFullYear() + 3).slice(2)}`;

interface UserErrorResult {
  code: string;
  field: string[] | null;
  message?: string;
}

/** A card mutation's payload: the card as selected, and the user errors. */
interface CardPayload<C> {
  card: C | null;
  userErrors: UserErrorResult[];
}

interface StoreCardResponse {
  storeCard: CardPayload<{
    id: string;
    tokenId: number;
    brand: string;
    last4: string;
    expiryMonth: number | null;
    expiryYear: number | null;
    holderName: string | null;
    client: { icountId: number | null; name: string } | null;
  }>;
}

interface DeleteStoredCardResponse {
  deleteStoredCard: { deletedCardId: string | null; userErrors: UserErrorResult[] };
}

interface IcountClientResult {
  id: string;
  name: string;
  email: string | null;
  icountId: number | null;
  externalId: string | null;
  cards: { tokenId: number; brand: string; last4: string; client: { icountId: number | null } | null }[];
  charges: { confirmationCode: string; amount: { amount: string; currency: string }; installments: { count: number }; client: { name: string } | null }[];
}

describe('stored cards', () => {
  const STORE = `mutation($input: StoreCardInput!) { storeCard(input: $input) {
    card { id tokenId brand last4 expiryMonth expiryYear holderName client { icountId name } }
    userErrors { code field message } } }`;

  it('stores a card for a client and reads it back by ID, never showing more than the last 4 digits', async () => {
    const stored = await stack.gql<StoreCardResponse>(STORE, {
      input: { idempotencyKey: 'store-1', card: { number: ICOUNT_TEST_CARDS.mastercard, expiry, cvv: '321', holderName: 'Maya Friedman' }, clientId: clientGlobalId('icount', 1003) },
    });
    expect(stored.data!.storeCard.userErrors).toEqual([]);
    const card = stored.data!.storeCard.card!;
    expect(card).toMatchObject({ brand: 'MASTERCARD', last4: '0004', holderName: 'Maya Friedman', client: { icountId: 1003 } });
    expect(stack.icount.log.all().find((r) => r.method === 'cc_storage/store')!.params).not.toHaveProperty('cc_cvv', '321');

    const read = await stack.gql<{ card: { tokenId: number; last4: string } | null; node: { tokenId: number } | null }>(`query($id: ID!) { card(id: $id) { tokenId last4 } node(id: $id) { ... on Card { tokenId } } }`, { id: card.id });
    expect(read.data).toEqual({ card: { tokenId: card.tokenId, last4: '0004' }, node: { tokenId: card.tokenId } });

    const dup = await stack.gql<StoreCardResponse>(STORE, {
      input: { idempotencyKey: 'store-2', card: { number: ICOUNT_TEST_CARDS.mastercard, expiry }, clientId: clientGlobalId('icount', 1003), failIfExists: true },
    });
    expect(dup.data!.storeCard.userErrors).toEqual([expect.objectContaining({ code: 'CARD_ALREADY_STORED', field: ['input', 'card'] })]);
  });

  it('stores a card for a client named by identity, creating the client in iCount', async () => {
    const res = await stack.gql<StoreCardResponse>(STORE, {
      input: { idempotencyKey: 'store-3', card: { number: ICOUNT_TEST_CARDS.amex, expiry }, client: { name: 'New Customer Ltd', email: 'new@customer.example' } },
    });
    expect(res.data!.storeCard.userErrors).toEqual([]);
    expect(res.data!.storeCard.card).toMatchObject({ brand: 'AMEX', last4: '0005', client: { name: 'New Customer Ltd' } });
  });

  it('refuses to store an invalid or expired card without calling iCount', async () => {
    const res = await stack.gql<StoreCardResponse>(STORE, { input: { idempotencyKey: 'store-4', card: { number: '1234567812345678', expiry: '01/21' } } });
    expect(res.data!.storeCard.userErrors.map((e) => e.code).sort()).toEqual(['CARD_EXPIRED', 'INVALID_CARD_NUMBER']);
    expect(stack.icount.log.count('cc_storage/store')).toBe(0);
  });

  it('updates the expiry and holder of a stored card, then deletes it', async () => {
    const id = toGlobalId('Card', 62);
    const updated = await stack.gql<{ updateStoredCard: CardPayload<{ expiryMonth: number | null; expiryYear: number | null; holderName: string | null }> }>(`mutation($input: UpdateStoredCardInput!) { updateStoredCard(input: $input) { card { expiryMonth expiryYear holderName } userErrors { code field } } }`, {
      input: { id, expiry: `2031-04`, holderName: 'Y. Mizrahi' },
    });
    expect(updated.data!.updateStoredCard).toEqual({ card: { expiryMonth: 4, expiryYear: 2031, holderName: 'Y. Mizrahi' }, userErrors: [] });

    const DELETE = `mutation($input: DeleteStoredCardInput!) { deleteStoredCard(input: $input) { deletedCardId userErrors { code field } } }`;
    expect((await stack.gql<DeleteStoredCardResponse>(DELETE, { input: { id } })).data!.deleteStoredCard).toEqual({ deletedCardId: id, userErrors: [] });
    expect((await stack.gql<{ card: { tokenId: number } | null }>(`query($id: ID!) { card(id: $id) { tokenId } }`, { id })).data!.card).toBeNull();
    expect((await stack.gql<DeleteStoredCardResponse>(DELETE, { input: { id } })).data!.deleteStoredCard).toEqual({ deletedCardId: null, userErrors: [{ code: 'NOT_FOUND', field: ['input', 'id'] }] });
  });

  it('rejects a past expiry on update without calling cc_storage/update', async () => {
    const res = await stack.gql<{ updateStoredCard: CardPayload<{ tokenId: number }> }>(`mutation($input: UpdateStoredCardInput!) { updateStoredCard(input: $input) { card { tokenId } userErrors { code field } } }`, {
      input: { id: toGlobalId('Card', 57), expiry: '03/19' },
    });
    expect(res.data!.updateStoredCard.userErrors).toEqual([{ code: 'CARD_EXPIRED', field: ['input', 'expiry'] }]);
    expect(stack.icount.log.count('cc_storage/update')).toBe(0);
  });

  it('answers a malformed card ID with BAD_USER_INPUT and an unknown one with null', async () => {
    const bad = await stack.gql(`{ card(id: "%%%") { tokenId } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['id'] });
    const unknown = await stack.gql<{ card: { tokenId: number } | null }>(`query($id: ID!) { card(id: $id) { tokenId } }`, { id: toGlobalId('Card', 123456) });
    expect(unknown.data!.card).toBeNull();
  });
});

describe('clients and charges', () => {
  it('lists a client\'s cards and charges, loading each card and client once', async () => {
    const res = await stack.gql<{ client: IcountClientResult | null }>(`query($id: ID!) { client(id: $id) { id name email icountId externalId
      cards { tokenId brand last4 client { icountId } }
      charges { confirmationCode amount { amount currency } installments { count } client { name } } } }`, { id: clientGlobalId('icount', 1001) });
    expect(res.errors).toBeUndefined();
    const client = res.data!.client!;
    expect(client).toMatchObject({ name: 'Levi Design Studio', email: 'dana@levi-design.example', icountId: 1001, externalId: '1' });
    expect(client.cards.map((c) => c.tokenId)).toEqual(expect.arrayContaining([57, 58]));
    expect(client.charges.length).toBeGreaterThanOrEqual(4);
    expect(client.charges.every((c) => c.client!.name === 'Levi Design Studio')).toBe(true);
    // One client/info for the root, one token list, one transaction search — the nested client fields come from the loader.
    expect(stack.icount.log.count('client/info')).toBe(1);
    expect(stack.icount.log.count('client/get_cc_tokens')).toBe(1);
    expect(stack.icount.log.count('cc/transactions')).toBe(1);
    expect(stack.icount.log.count('cc_storage/token_info')).toBe(0);
  });

  it('filters charges by date range, last 4 digits and confirmation code', async () => {
    const all = await stack.gql<{ charges: { confirmationCode: string; chargedAt: string | null; card: { last4: string } }[] }>(
      `{ charges(filter: { dateFrom: "2026-07-01", dateTo: "2026-07-31" }) { confirmationCode chargedAt card { last4 } } }`,
    );
    expect(all.data!.charges.length).toBe(3);
    expect(all.data!.charges.every((c) => c.chargedAt!.startsWith('2026-07'))).toBe(true);
    const code = all.data!.charges[0]!.confirmationCode;
    const one = await stack.gql<{ charges: { confirmationCode: string }[] }>(`query($c: String!) { charges(filter: { confirmationCode: $c }) { confirmationCode } }`, { c: code });
    expect(one.data!.charges).toEqual([{ confirmationCode: code }]);
    const none = await stack.gql<{ charges: { confirmationCode: string }[] }>(`{ charges(filter: { last4: "9999" }) { confirmationCode } }`);
    expect(none.data!.charges).toEqual([]);
  });

  it('rejects a malformed charge filter without calling iCount', async () => {
    const res = await stack.gql(`{ charges(filter: { last4: "12345" }) { confirmationCode } }`);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['filter', 'last4'] });
    const badDate = await stack.gql(`query($f: ChargeFilter) { charges(filter: $f) { confirmationCode } }`, { f: { dateFrom: '2026-02-30' } });
    expect(badDate.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.icount.log.count('cc/transactions')).toBe(0);
  });

  it('fetches a charge and a client again through node(id)', async () => {
    const [charge] = (await stack.gql<{ charges: { id: string; confirmationCode: string }[] }>(`{ charges(filter: { last4: "0018" }) { id confirmationCode } }`)).data!.charges;
    const res = await stack.gql(`query($a: ID!, $b: ID!) { a: node(id: $a) { id ... on Charge { confirmationCode } } b: node(id: $b) { ... on Client { name } } }`, {
      a: charge!.id,
      b: clientGlobalId('icount', 1006),
    });
    expect(res.data).toEqual({ a: { id: charge!.id, confirmationCode: charge!.confirmationCode }, b: { name: 'Eitan Katz' } });
  });
});

describe('card checks and reference data', () => {
  it('detects brand and issuer', async () => {
    const res = await stack.gql(`{ visa: detectCardBrand(number: "${ICOUNT_TEST_CARDS.visa}") amex: detectCardBrand(number: "${ICOUNT_TEST_CARDS.amex}")
      isracard: detectCardBrand(number: "${ICOUNT_TEST_CARDS.isracard}") issuer: detectCardIssuer(number: "${ICOUNT_TEST_CARDS.isracard}") }`);
    expect(res.data).toEqual({ visa: 'VISA', amex: 'AMEX', isracard: 'ISRACARD', issuer: 'ISRACARD' });
    const bad = await stack.gql(`{ detectCardBrand(number: "<script>") }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('validates a card offline, locally first and then with iCount', async () => {
    type ValidateCardResponse = {
      validateCard: { valid: boolean; brand: string | null; last4: string | null; expiryMonth: number | null; expiryYear: number | null; errors: { code: string; field: string[] | null }[] };
    };
    const Q = `query($input: ValidateCardInput!) { validateCard(input: $input) { valid brand last4 expiryMonth expiryYear errors { code field } } }`;
    const ok = await stack.gql<ValidateCardResponse>(Q, { input: { number: ICOUNT_TEST_CARDS.diners, expiry } });
    expect(ok.data!.validateCard).toMatchObject({ valid: true, brand: 'DINERS', last4: '1667', errors: [] });
    expect(stack.icount.log.count('cc/validate_card_info')).toBe(1);

    const bad = await stack.gql<ValidateCardResponse>(Q, { input: { number: '4580458045804581' } });
    expect(bad.data!.validateCard).toMatchObject({ valid: false, errors: [{ code: 'INVALID_CARD_NUMBER', field: ['input', 'number'] }] });
    const expired = await stack.gql<ValidateCardResponse>(Q, { input: { expiry: '2020-01' } });
    expect(expired.data!.validateCard).toMatchObject({ valid: false, errors: [{ code: 'CARD_EXPIRED', field: ['input', 'expiry'] }] });
  });

  it('verifies a card online and reports a decline', async () => {
    type VerifyCardResponse = {
      verifyCard: { verified: boolean; card: { brand: string; last4: string } | null; userErrors: { code: string; field: string[] | null }[] };
    };
    const M = `mutation($input: VerifyCardInput!) { verifyCard(input: $input) { verified card { brand last4 } userErrors { code field } } }`;
    const ok = await stack.gql<VerifyCardResponse>(M, { input: { card: { number: ICOUNT_TEST_CARDS.visa, expiry, cvv: '123', holderId: '208915123' } } });
    expect(ok.data!.verifyCard).toEqual({ verified: true, card: { brand: 'VISA', last4: '4580' }, userErrors: [] });
    const declined = await stack.gql<VerifyCardResponse>(M, { input: { card: { number: ICOUNT_TEST_CARDS.declined, expiry, cvv: '123', holderId: '208915123' } } });
    expect(declined.data!.verifyCard).toEqual({ verified: false, card: null, userErrors: [{ code: 'CARD_DECLINED', field: ['input', 'card'] }] });
    const incomplete = await stack.gql<VerifyCardResponse>(M, { input: { card: { number: ICOUNT_TEST_CARDS.visa, expiry } } });
    expect(incomplete.data!.verifyCard.userErrors.map((e) => e.field!.join('.')).sort()).toEqual(['input.card.cvv', 'input.card.holderId']);
    expect(stack.icount.log.count('cc/validate_card_cvv')).toBe(2);
  });

  it('refuses to pre-authorise a stored token', async () => {
    const res = await stack.gql<{ authorizeCard: { authorization: { available: boolean } | null; userErrors: { code: string; field: string[] | null }[] } }>(
      `mutation($input: AuthorizeCardInput!) { authorizeCard(input: $input) { authorization { available } userErrors { code field } } }`,
      { input: { idempotencyKey: 'j5-token', card: { tokenId: 57 } } },
    );
    expect(res.data!.authorizeCard.userErrors).toEqual([{ code: 'INVALID_INPUT', field: ['input', 'card', 'tokenId'] }]);
    expect(stack.icount.log.count('cc/j5')).toBe(0);
  });

  it('lists card types, the provider and currencies with iCount\'s own ids', async () => {
    const res = await stack.gql<{
      cardTypes: { icountId: number; code: string; brand: string }[];
      cardProvider: { name: string; supportsAuthorizations: boolean | null; supportsStoredCards: boolean | null };
      currencies: { code: string; icountId: number; decimals: number; symbol: string | null }[];
    }>(`{ cardTypes { icountId code brand } cardProvider { name supportsAuthorizations supportsStoredCards }
      currencies { code icountId decimals symbol } }`);
    expect(res.data!.cardTypes).toEqual(expect.arrayContaining([{ icountId: 1, code: 'VISA', brand: 'VISA' }, { icountId: 22, code: 'ISRACARD', brand: 'ISRACARD' }]));
    expect(res.data!.cardProvider).toEqual({ name: 'emulator', supportsAuthorizations: true, supportsStoredCards: true });
    const byCode = Object.fromEntries(res.data!.currencies.map((c) => [c.code, c.icountId]));
    expect(byCode).toMatchObject({ EUR: 1, USD: 2, GBP: 4, ILS: 5 });
  });

  it('serves currencies from a cache shared across requests', async () => {
    const fresh = await startStack();
    try {
      await Promise.all([fresh.gql(`{ currencies { code } }`), fresh.gql(`{ currencies { code } }`)]);
      await fresh.gql(`{ currencies { code } }`);
      expect(fresh.icount.log.count('currency/get_list')).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});
