import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ApiKeyAuthenticator, parseApiKeys } from '../src/auth.js';
import { toGlobalId } from '../src/domain/ids.js';
import { startStack, type TestStack } from './support/stack.js';

const READER = 'reader-key-0123456789abcdef';
const WRITER = 'writer-key-0123456789abcdef';
const CHARGER = 'charger-key-0123456789abcdef';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ env: { API_KEYS: `${READER}:read,${WRITER}:read+write,${CHARGER}:charge` } });
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.icount.log.clear();
  stack.freshbooks.log.clear();
});

const CHARGE = `mutation($input: ChargeCardInput!) { chargeCard(input: $input) { charge { confirmationCode } userErrors { code } } }`;
const charge = (key: string) => ({ input: { idempotencyKey: key, amount: { amount: '5.00', currency: 'ILS' }, card: { tokenId: 57 } } });
const RECORD = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id } userErrors { code } } }`;
const record = (key: string) => ({ input: { idempotencyKey: key, invoiceId: toGlobalId('Invoice', 15), amount: { amount: '1.00', currency: 'ILS' } } });
const upstreamCalls = () => stack.icount.log.count() + stack.freshbooks.log.count();

describe('gateway authentication', () => {
  it('answers 401 UNAUTHENTICATED without a key, with a WWW-Authenticate header, and calls nothing', async () => {
    const res = await fetch(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ currencies { code } }' }) });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(upstreamCalls()).toBe(0);
  });

  it('answers 401 for an unknown key, and a key that only differs in case', async () => {
    for (const key of ['not-a-key-at-all-0000', READER.toUpperCase(), `${READER}x`]) {
      const res = await stack.gql(`{ currencies { code } }`, {}, { apiKey: key });
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(upstreamCalls()).toBe(0);
  });

  it('lets a read key query, and refuses it money-moving and writing mutations with FORBIDDEN before any upstream call', async () => {
    expect((await stack.gql(`{ cardTypes { code } }`, {}, { apiKey: READER })).errors).toBeUndefined();
    stack.icount.log.clear();
    const charged = await stack.gql(CHARGE, charge('auth-1'), { apiKey: READER });
    expect(charged.status).toBe(403);
    expect(charged.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'charge', field: 'Mutation.chargeCard' });
    const recorded = await stack.gql(RECORD, record('auth-2'), { apiKey: READER });
    expect(recorded.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'write' });
    expect(upstreamCalls()).toBe(0);
  });

  it('lets a write key record payments but not charge cards', async () => {
    expect((await stack.gql(RECORD, record('auth-3'), { apiKey: WRITER })).data!.recordPayment.userErrors).toEqual([]);
    const charged = await stack.gql(CHARGE, charge('auth-4'), { apiKey: WRITER });
    expect(charged.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(stack.icount.log.count('cc/bill')).toBe(0);
  });

  it('lets a charge key charge, but not read without the read scope', async () => {
    expect((await stack.gql(CHARGE, charge('auth-5'), { apiKey: CHARGER })).data!.chargeCard.userErrors).toEqual([]);
    const read = await stack.gql(`{ payments { nodes { id } } }`, {}, { apiKey: CHARGER });
    expect(read.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'read' });
  });

  it('checks fields reached through fragments too', async () => {
    const res = await stack.gql(`mutation M($input: ChargeCardInput!) { ...F } fragment F on Mutation { chargeCard(input: $input) { charge { id } } }`, charge('auth-6'), { apiKey: READER });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(stack.icount.log.count('cc/bill')).toBe(0);
  });

  it('scopes idempotency keys per API key', async () => {
    const other = `${CHARGER}-two`;
    const second = await startStack({ env: { API_KEYS: `${CHARGER}:charge,${other}:charge` } });
    try {
      const a = await second.gql(CHARGE, charge('shared-key'), { apiKey: CHARGER });
      const b = await second.gql(CHARGE, charge('shared-key'), { apiKey: other });
      expect(a.data!.chargeCard.charge.confirmationCode).not.toEqual(b.data!.chargeCard.charge.confirmationCode);
      expect(second.icount.log.count('cc/bill')).toBe(2);
    } finally {
      await second.close();
    }
  });

  it('never writes an API key to the logs', async () => {
    await stack.gql(`{ cardTypes { code } }`, {}, { apiKey: READER });
    await stack.gql(`{ cardTypes { code } }`, {}, { apiKey: 'wrong-key-0123456789' });
    const logged = JSON.stringify(stack.logs);
    expect(logged).not.toContain(READER);
    expect(logged).not.toContain('wrong-key-0123456789');
    expect(logged).toContain('"principal"');
  });
});

describe('API_KEYS parsing', () => {
  it('parses keys with scopes', () => {
    expect(parseApiKeys(`${READER}:read, ${CHARGER}:read+charge`)).toEqual([
      { key: READER, scopes: ['read'] },
      { key: CHARGER, scopes: ['read', 'charge'] },
    ]);
  });

  it.each([['short:read'], [`${READER}`], [`${READER}:admin`], [`${READER}:`]])('refuses %p without echoing the key', (spec) => {
    let message = '';
    try {
      parseApiKeys(spec);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/API_KEYS entry 1/);
    expect(message).not.toContain(READER);
  });

  it('authenticates only "Bearer <key>"', () => {
    const auth = new ApiKeyAuthenticator([{ key: READER, scopes: ['read'] }]);
    expect(auth.authenticate(`Bearer ${READER}`)?.scopes.has('read')).toBe(true);
    expect(auth.authenticate(READER)).toBeNull();
    expect(auth.authenticate(`Basic ${READER}`)).toBeNull();
    expect(auth.authenticate(undefined)).toBeNull();
    expect(auth.authenticate(`Bearer ${READER}`)?.id).toMatch(/^[0-9a-f]{12}$/);
  });
});
