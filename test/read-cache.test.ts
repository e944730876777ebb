import { afterEach, describe, expect, it } from '@jest/globals';
import { clientGlobalId, toGlobalId } from '../src/domain/ids.js';
import { ICOUNT_TEST_CARDS } from '../src/emulators/icount/index.js';
import type { LruReadCache } from '../src/cache/read-cache.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { freshDatabase } from './support/postgres.js';
import { startStack, type StackOptions, type TestStack } from './support/stack.js';

/** The nested list of docs/performance.md: payments with their client, the client's cards and the invoice. */
const NESTED = `query($perPage: Int) { payments(perPage: $perPage) { nodes {
  amount { amount } client { name cards { last4 } } invoice { number } } } }`;

interface NestedResponse {
  payments: { nodes: { amount: { amount: string }; client: { name: string; cards: { last4: string }[] } | null; invoice: { number: string } | null }[] };
}

const INVOICE = `query($id: ID!) { invoice(id: $id) { paid { amount } outstanding { amount } status } }`;
const CARDS = `query($id: ID!) { client(id: $id) { cards { tokenId last4 } } }`;

/** Every upstream call since the logs were last cleared, per method, from both emulators' request logs. */
function calls(stack: TestStack): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of [...stack.icount.log.all(), ...stack.freshbooks.log.all()]) counts[r.method] = (counts[r.method] ?? 0) + 1;
  return counts;
}

function total(stack: TestStack): number {
  return stack.icount.log.count() + stack.freshbooks.log.count();
}

function clearLogs(stack: TestStack): void {
  stack.icount.log.clear();
  stack.freshbooks.log.clear();
}

/** POSTs a query with `Cache-Control: no-cache`. */
async function gqlNoCache<T>(stack: TestStack, query: string, variables: Record<string, unknown>): Promise<{ data?: T; errors?: unknown[] }> {
  const res = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer paygraph-demo-key', 'cache-control': 'no-cache' },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: unknown[] };
}

/**
 * Runs `query` cold with every upstream call held, letting one wave go at a time: a wave is every
 * call the gateway has sent and holds no answer for, once it sends no more (nothing new for
 * `quietMs`). Answers how many calls each wave held, so its length is the round trips the query
 * waited for.
 */
async function waves(stack: TestStack, query: string, variables: Record<string, unknown>, quietMs = 500): Promise<number[]> {
  const emulators = [stack.icount, stack.freshbooks];
  for (const emulator of emulators) emulator.faults.add({ fault: { kind: 'hold' }, times: -1 });
  const held = () => emulators.reduce((sum, emulator) => sum + emulator.faults.heldCount, 0);
  let answered = false;
  const answer = gqlNoCache(stack, query, variables).finally(() => (answered = true));
  const sizes: number[] = [];
  let seen = -1;
  let quietSince = Date.now();
  while (!answered) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    if (held() !== seen) [seen, quietSince] = [held(), Date.now()];
    else if (seen > 0 && Date.now() - quietSince >= quietMs) {
      sizes.push(emulators.reduce((sum, emulator) => sum + emulator.faults.release(), 0));
      seen = -1;
    }
  }
  for (const emulator of emulators) emulator.faults.clear();
  expect((await answer).errors).toBeUndefined();
  return sizes;
}

interface Seeded {
  stack: TestStack;
  /** Per client, in order: FreshBooks id, iCount twin id, invoice ids. */
  clients: { freshbooksId: number; icountId: number; invoiceIds: number[] }[];
}

/**
 * `clients` FreshBooks clients, each with an iCount twin holding one stored card, and
 * `paymentsPerClient` payments per client, each on its own invoice of 100.00 paid 1.50. Payments are
 * added round-robin, so any `clients` consecutive ones name every client.
 */
async function seededStack(clients: number, paymentsPerClient: number, options: Pick<StackOptions, 'env' | 'databaseUrl'> = {}): Promise<Seeded> {
  const stack = await startStack({ icount: { seed: 'empty' }, freshbooks: { seed: 'empty' }, ...options });
  const seeded: Seeded['clients'] = [];
  for (let c = 1; c <= clients; c++) {
    const freshbooksId = stack.freshbooks.addClient({ first_name: `First${c}`, last_name: `Last${c}`, organization: `Org ${c}`, email: `c${c}@example.test`, currency_code: 'ILS' });
    const icountId = stack.icount.addClient({ client_name: `Org ${c}`, email: `c${c}@example.test`, custom_client_id: String(freshbooksId) });
    stack.icount.storeCard({ client_id: icountId, cc_number: ICOUNT_TEST_CARDS.visa, cc_validity: '2030-12' });
    seeded.push({ freshbooksId, icountId, invoiceIds: [] });
  }
  for (let p = 1; p <= paymentsPerClient; p++) {
    for (const client of seeded) {
      const invoiceId = stack.freshbooks.addInvoice({ client_id: client.freshbooksId, amount: '100.00', currency_code: 'ILS' });
      stack.freshbooks.addPayment({ invoice_id: invoiceId, amount: '1.50', type: 'Check' });
      client.invoiceIds.push(invoiceId);
    }
  }
  return { stack, clients: seeded };
}

describe('the cross-request read cache', () => {
  let stacks: TestStack[] = [];
  const keep = (seeded: Seeded): Seeded => (stacks.push(seeded.stack), seeded);
  afterEach(async () => {
    await Promise.all(stacks.map((s) => s.close()));
    stacks = [];
  });

  it('answers a warm nested list of 100 payments over 10 clients with one upstream call: the page', async () => {
    const { stack } = keep(await seededStack(10, 10));
    const cold = await stack.gql<NestedResponse>(NESTED, { perPage: 100 });
    expect(cold.errors).toBeUndefined();
    expect(total(stack)).toBe(42); // 1 page + 4 per distinct client, and the process's iCount login

    clearLogs(stack);
    const warm = await stack.gql<NestedResponse>(NESTED, { perPage: 100 });
    expect(warm.errors).toBeUndefined();
    expect(calls(stack)).toEqual({ 'payment.list': 1 }); // payments are money state: never cached
    expect(warm.data).toEqual(cold.data);
    expect(warm.data!.payments.nodes[0]).toMatchObject({ client: { cards: [{ last4: '4580' }] }, invoice: { number: expect.any(String) } });
  });

  it('costs the same cold for a page of 10 as for a page of 100 over the same 10 clients', async () => {
    const small = keep(await seededStack(10, 10)).stack;
    const large = keep(await seededStack(10, 10)).stack;
    expect((await small.gql<NestedResponse>(NESTED, { perPage: 10 })).data!.payments.nodes).toHaveLength(10);
    expect((await large.gql<NestedResponse>(NESTED, { perPage: 100 })).data!.payments.nodes).toHaveLength(100);
    // A page of 10 wants one invoice per client (invoice.get), a page of 100 ten (invoice.list): one call per client either way.
    const invoiceReads = ({ 'invoice.get': get = 0, 'invoice.list': list = 0, ...rest }: Record<string, number>) => ({ ...rest, invoice: get + list });
    expect(invoiceReads(calls(small))).toEqual(invoiceReads(calls(large)));
    expect(total(small)).toBe(42);
  });

  it('waits for 3 upstream round trips cold: the page; clients, twins and invoices together; then cards', async () => {
    const { stack } = keep(await seededStack(10, 10));
    await stack.gql('{ currencies { code } }'); // the iCount login and the currency list, out of the way
    clearLogs(stack);
    expect(await waves(stack, NESTED, { perPage: 100 })).toEqual([1, 30, 10]);
    expect(calls(stack)).toEqual({ 'payment.list': 1, 'client.get': 10, 'invoice.list': 10, 'client/get_list': 10, 'client/get_cc_tokens': 10 });
  });

  it('reads around the cache for a request with Cache-Control: no-cache, and refreshes it', async () => {
    const { stack, clients } = keep(await seededStack(10, 10));
    const cold = await stack.gql<NestedResponse>(NESTED, { perPage: 100 });
    clearLogs(stack);
    const fresh = await gqlNoCache<NestedResponse>(stack, NESTED, { perPage: 100 });
    expect(fresh.errors).toBeUndefined();
    expect(total(stack)).toBe(41); // cold again: 1 page + 4 per distinct client
    expect(fresh.data).toEqual(cold.data);

    // A payment the gateway did not record (in FreshBooks' own UI): the cached invoice is stale until its TTL.
    const invoiceId = clients[0]!.invoiceIds[0]!;
    const id = toGlobalId('Invoice', invoiceId);
    stack.freshbooks.addPayment({ invoice_id: invoiceId, amount: '10.00', type: 'Check' });
    clearLogs(stack);
    expect((await stack.gql(INVOICE, { id })).data!.invoice.outstanding).toEqual({ amount: '98.50' });
    expect(total(stack)).toBe(0);
    expect((await gqlNoCache<{ invoice: { outstanding: { amount: string } } }>(stack, INVOICE, { id })).data!.invoice.outstanding).toEqual({ amount: '88.50' });
    expect(calls(stack)).toEqual({ 'invoice.get': 1 });
    clearLogs(stack);
    expect((await stack.gql(INVOICE, { id })).data!.invoice.outstanding).toEqual({ amount: '88.50' });
    expect(total(stack)).toBe(0);
  });

  it('sees a card stored, then deleted, through the gateway with one call each time', async () => {
    const { stack, clients } = keep(await seededStack(2, 1));
    const client = clientGlobalId('icount', clients[0]!.icountId);
    expect((await stack.gql(CARDS, { id: client })).data!.client.cards).toHaveLength(1);
    clearLogs(stack);
    expect((await stack.gql(CARDS, { id: client })).data!.client.cards).toHaveLength(1);
    expect(total(stack)).toBe(0);

    const stored = await stack.gql(`mutation($input: StoreCardInput!) { storeCard(input: $input) { card { id tokenId } userErrors { code } } }`, {
      input: { idempotencyKey: 'cache-store-1', card: { number: ICOUNT_TEST_CARDS.mastercard, expiry: '2031-06' }, clientId: client },
    });
    expect(stored.data!.storeCard.userErrors).toEqual([]);
    clearLogs(stack);
    const afterStore = await stack.gql(CARDS, { id: client });
    expect(afterStore.data!.client.cards.map((c: { last4: string }) => c.last4).sort()).toEqual(['0004', '4580']);
    expect(calls(stack)).toEqual({ 'client/get_cc_tokens': 1 });

    const deleted = await stack.gql(`mutation($input: DeleteStoredCardInput!) { deleteStoredCard(input: $input) { deletedCardId userErrors { code } } }`, {
      input: { id: stored.data!.storeCard.card.id },
    });
    expect(deleted.data!.deleteStoredCard.userErrors).toEqual([]);
    clearLogs(stack);
    const afterDelete = await stack.gql(CARDS, { id: client });
    expect(afterDelete.data!.client.cards.map((c: { last4: string }) => c.last4)).toEqual(['4580']);
    expect(calls(stack)).toEqual({ 'client/get_cc_tokens': 1 });
    clearLogs(stack);
    expect((await stack.gql(`query($id: ID!) { card(id: $id) { tokenId } }`, { id: stored.data!.storeCard.card.id })).data!.card).toBeNull();
    expect(calls(stack)).toEqual({ 'cc_storage/token_info': 1 });
  });

  describe('an invoice after a payment written through the gateway', () => {
    /**
     * Caches the invoice, runs `write`, then reads it again: the change shows, for at most one
     * call (none when the mutation itself read the invoice again after writing: it reads fresh and
     * refreshes the cache).
     */
    async function afterWrite(stack: TestStack, invoiceId: number, write: () => Promise<void>): Promise<{ paid: { amount: string }; outstanding: { amount: string } }> {
      const id = toGlobalId('Invoice', invoiceId);
      await stack.gql(INVOICE, { id });
      clearLogs(stack);
      await stack.gql(INVOICE, { id });
      expect(total(stack)).toBe(0);
      await write();
      clearLogs(stack);
      const read = await stack.gql(INVOICE, { id });
      expect(total(stack)).toBeLessThanOrEqual(1);
      expect(stack.freshbooks.log.count('invoice.get')).toBe(total(stack));
      return read.data!.invoice;
    }

    it('payInvoice', async () => {
      const { stack, clients } = keep(await seededStack(1, 1));
      const invoiceId = clients[0]!.invoiceIds[0]!;
      const invoice = await afterWrite(stack, invoiceId, async () => {
        const res = await stack.gql(`mutation($input: PayInvoiceInput!) { payInvoice(input: $input) { payment { id } userErrors { code message } } }`, {
          input: { idempotencyKey: 'cache-pay-1', invoiceId: toGlobalId('Invoice', invoiceId), card: { number: ICOUNT_TEST_CARDS.visa, expiry: '2030-12', cvv: '123' }, amount: { amount: '8.50', currency: 'ILS' } },
        });
        expect(res.data!.payInvoice.userErrors).toEqual([]);
      });
      expect(invoice).toMatchObject({ paid: { amount: '10.00' }, outstanding: { amount: '90.00' } });
    });

    it('recordPayment', async () => {
      const { stack, clients } = keep(await seededStack(1, 1));
      const invoiceId = clients[0]!.invoiceIds[0]!;
      const invoice = await afterWrite(stack, invoiceId, async () => {
        const res = await stack.gql(`mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id } userErrors { code } } }`, {
          input: { idempotencyKey: 'cache-record-1', invoiceId: toGlobalId('Invoice', invoiceId), amount: { amount: '98.50', currency: 'ILS' } },
        });
        expect(res.data!.recordPayment.userErrors).toEqual([]);
      });
      expect(invoice).toMatchObject({ paid: { amount: '100.00' }, outstanding: { amount: '0.00' }, status: 'PAID' });
    });

    it('updatePayment and deletePayment', async () => {
      const { stack, clients } = keep(await seededStack(1, 1));
      const invoiceId = clients[0]!.invoiceIds[0]!;
      const page = await stack.gql(`{ payments(perPage: 5) { nodes { id } } }`);
      const paymentId = page.data!.payments.nodes[0].id as string;
      const updated = await afterWrite(stack, invoiceId, async () => {
        const res = await stack.gql(`mutation($input: UpdatePaymentInput!) { updatePayment(input: $input) { payment { id } userErrors { code } } }`, {
          input: { id: paymentId, amount: { amount: '40.00', currency: 'ILS' } },
        });
        expect(res.data!.updatePayment.userErrors).toEqual([]);
      });
      expect(updated).toMatchObject({ paid: { amount: '40.00' }, outstanding: { amount: '60.00' } });

      const deleted = await afterWrite(stack, invoiceId, async () => {
        const res = await stack.gql(`mutation($input: DeletePaymentInput!) { deletePayment(input: $input) { deletedPaymentId userErrors { code } } }`, {
          input: { id: paymentId, idempotencyKey: 'cache-delete-1' },
        });
        expect(res.data!.deletePayment.userErrors).toEqual([]);
      });
      expect(deleted).toMatchObject({ paid: { amount: '0.00' }, outstanding: { amount: '100.00' } });
    });
  });

  it('charges what an invoice owes now, not what a cached copy says: mutations read invoices fresh', async () => {
    const { stack, clients } = keep(await seededStack(1, 1));
    const invoiceId = clients[0]!.invoiceIds[0]!;
    const id = toGlobalId('Invoice', invoiceId);
    expect((await stack.gql(INVOICE, { id })).data!.invoice.outstanding).toEqual({ amount: '98.50' });
    // Paid almost in full outside the gateway: the cached copy still says 98.50.
    stack.freshbooks.addPayment({ invoice_id: invoiceId, amount: '90.00', type: 'Check' });

    const res = await stack.gql(`mutation($input: PayInvoiceInput!) { payInvoice(input: $input) { charge { amount { amount } } userErrors { code } } }`, {
      input: { idempotencyKey: 'cache-pay-fresh', invoiceId: id, card: { number: ICOUNT_TEST_CARDS.visa, expiry: '2030-12', cvv: '123' } },
    });
    expect(res.data!.payInvoice).toEqual({ charge: { amount: { amount: '8.50' } }, userErrors: [] });
  });

  it('counts hits, misses and bypasses per kind in /metrics', async () => {
    const { stack } = keep(await seededStack(2, 2));
    await stack.gql(NESTED, { perPage: 100 });
    await stack.gql(NESTED, { perPage: 100 });
    await gqlNoCache(stack, `{ currencies { code } }`, {});
    const text = await (await fetch(stack.gateway.url.replace(/\/graphql$/, '/metrics'))).text();
    const count = (cache: string, result: string) => Number(text.match(new RegExp(`^paygraph_cache_lookups_total\\{cache="${cache}",result="${result}"\\} (\\d+)`, 'm'))?.[1] ?? 0);
    // Per request, the DataLoaders ask once per distinct key: FreshBooks client + twin per client, the first time misses.
    expect(count('clients', 'miss')).toBe(4);
    expect(count('clients', 'hit')).toBe(4);
    expect(count('cards', 'miss')).toBe(2);
    expect(count('cards', 'hit')).toBe(2);
    expect(count('invoices', 'miss')).toBe(4);
    expect(count('invoices', 'hit')).toBe(4);
    expect(count('currencies', 'bypass')).toBe(1);
  });

  it('keeps no card number in the cache: a stored card is held by token with its last 4 digits only', async () => {
    const { stack, clients } = keep(await seededStack(1, 1));
    const client = clientGlobalId('icount', clients[0]!.icountId);
    const stored = await stack.gql(`mutation($input: StoreCardInput!) { storeCard(input: $input) { card { id } userErrors { code } } }`, {
      input: { idempotencyKey: 'cache-pan-1', card: { number: ICOUNT_TEST_CARDS.amex, expiry: '2031-06', cvv: '1234', holderName: 'Dana Levi' }, clientId: client },
    });
    expect(stored.data!.storeCard.userErrors).toEqual([]);
    await stack.gql(CARDS, { id: client });
    await stack.gql(`query($id: ID!) { card(id: $id) { last4 } }`, { id: stored.data!.storeCard.card.id });
    await stack.gql(NESTED, { perPage: 10 });

    const cache = stack.runtime.readCache as LruReadCache;
    const held = JSON.stringify(cache.values());
    expect(held).toContain('"last4":"0005"');
    for (const pan of [ICOUNT_TEST_CARDS.amex, ICOUNT_TEST_CARDS.visa]) expect(held).not.toContain(pan);
    expect(held).not.toContain('1234"');
  });

  it('hands every request frozen values: one request cannot change what another reads', async () => {
    const { stack, clients } = keep(await seededStack(1, 1));
    await stack.gql(CARDS, { id: clientGlobalId('icount', clients[0]!.icountId) });
    const cache = stack.runtime.readCache as LruReadCache;
    expect(cache.size).toBeGreaterThan(0);
    for (const value of cache.values()) if (value !== null) expect(Object.isFrozen(value)).toBe(true);
  });

  it('with READ_CACHE=off reads clients, cards and invoices upstream every time', async () => {
    const { stack } = keep(await seededStack(10, 10, { env: { READ_CACHE: 'off' } }));
    await stack.gql(NESTED, { perPage: 100 });
    clearLogs(stack);
    await stack.gql(NESTED, { perPage: 100 });
    expect(total(stack)).toBe(41);
  });

  it('refuses cache settings out of range at start, naming the variable', () => {
    expect(() => loadConfig({ READ_CACHE: 'maybe' })).toThrow(ConfigError);
    expect(() => loadConfig({ READ_CACHE_TTL_INVOICES_SECONDS: '0' })).toThrow(/READ_CACHE_TTL_INVOICES_SECONDS/);
    expect(() => loadConfig({ READ_CACHE_MAX_ENTRIES: '10' })).toThrow(/READ_CACHE_MAX_ENTRIES/);
    expect(loadConfig({}).env).toMatchObject({ READ_CACHE: 'on', READ_CACHE_MAX_ENTRIES: 10_000, READ_CACHE_TTL_CLIENTS_SECONDS: 60, READ_CACHE_TTL_CARDS_SECONDS: 30, READ_CACHE_TTL_INVOICES_SECONDS: 10 });
  });

  it('drops a key written on one replica on every replica sharing the PostgreSQL ledger', async () => {
    const db = await freshDatabase('read_cache');
    try {
      const { stack, clients } = await seededStack(1, 1, { databaseUrl: db.url, env: { DATABASE_URL: db.url } });
      stacks.push(stack);
      const replica = await stack.startGateway();
      const invoiceId = clients[0]!.invoiceIds[0]!;
      const id = toGlobalId('Invoice', invoiceId);
      for (const gateway of [stack, replica]) expect((await gateway.gql(INVOICE, { id })).data!.invoice.outstanding).toEqual({ amount: '98.50' });
      const replicaCache = replica.runtime.readCache as LruReadCache;
      expect(replicaCache.has(`freshbooks:invoice:${invoiceId}`)).toBe(true);

      const res = await stack.gql(`mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id } userErrors { code } } }`, {
        input: { idempotencyKey: 'cache-replicas-1', invoiceId: id, amount: { amount: '8.50', currency: 'ILS' } },
      });
      expect(res.data!.recordPayment.userErrors).toEqual([]);
      // NOTIFY is asynchronous: the replica drops the invoice when it hears of the write.
      for (let i = 0; i < 200 && replicaCache.has(`freshbooks:invoice:${invoiceId}`); i++) await new Promise((r) => setTimeout(r, 10));
      clearLogs(stack);
      expect((await replica.gql(INVOICE, { id })).data!.invoice.outstanding).toEqual({ amount: '90.00' });
      expect(calls(stack)).toEqual({ 'invoice.get': 1 });
      await stack.close();
    } finally {
      await db.drop();
    }
  });
});
