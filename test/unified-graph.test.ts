import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ICOUNT_TEST_CARDS } from '../src/emulators/icount/index.js';
import { clientGlobalId, toGlobalId } from '../src/domain/ids.js';
import { startStack, type TestStack } from './support/stack.js';

const NESTED = `query($perPage: Int) { payments(perPage: $perPage) { nodes {
  amount { amount } client { name cards { last4 } } invoice { number } } } }`;

interface NestedResponse {
  payments: { nodes: { amount: { amount: string }; client: { name: string; cards: { last4: string }[] | null } | null; invoice: { number: string } | null }[] };
}

/** The selection of CLIENT (below). */
interface ClientResponse {
  client: {
    id: string;
    name: string;
    email: string | null;
    freshbooksId: number | null;
    icountId: number | null;
    externalId: string | null;
    cards: { tokenId: number }[] | null;
    charges: { confirmationCode: string }[] | null;
    payments: { pageInfo: { totalCount: number } } | null;
    invoices: { nodes: { number: string }[] } | null;
    credits: { amount: string; currency: string }[];
  } | null;
}

/** Every upstream call the gateway made, per method, from both emulators' request logs. */
function calls(stack: TestStack): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of [...stack.icount.log.all(), ...stack.freshbooks.log.all()]) counts[r.method] = (counts[r.method] ?? 0) + 1;
  return counts;
}

/**
 * `clients` FreshBooks clients, each with an iCount twin (custom_client_id) holding one stored
 * card, and `paymentsPerClient` payments per client, each on its own invoice.
 */
async function seededStack(clients: number, paymentsPerClient: number): Promise<TestStack> {
  const stack = await startStack({ icount: { seed: 'empty' }, freshbooks: { seed: 'empty' } });
  for (let c = 1; c <= clients; c++) {
    const fbId = stack.freshbooks.addClient({ first_name: `First${c}`, last_name: `Last${c}`, organization: `Org ${c}`, email: `c${c}@example.test`, currency_code: 'ILS' });
    const icountId = stack.icount.addClient({ client_name: `Org ${c}`, email: `c${c}@example.test`, custom_client_id: String(fbId) });
    stack.icount.storeCard({ client_id: icountId, cc_number: ICOUNT_TEST_CARDS.visa, cc_validity: '2030-12' });
    for (let p = 1; p <= paymentsPerClient; p++) {
      const invoiceId = stack.freshbooks.addInvoice({ client_id: fbId, amount: '100.00', currency_code: 'ILS' });
      stack.freshbooks.addPayment({ invoice_id: invoiceId, amount: `${p}.50`, type: 'Check' });
    }
  }
  return stack;
}

describe('upstream calls for the nested payments list', () => {
  let stacks: TestStack[] = [];
  afterEach(async () => {
    await Promise.all(stacks.map((s) => s.close()));
    stacks = [];
  });

  it('100 payments over 10 clients cost 41 upstream calls: 1 list + 4 per distinct client + 1 login', async () => {
    const stack = await seededStack(10, 10);
    stacks.push(stack);
    const res = await stack.gql<NestedResponse>(NESTED, { perPage: 100 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.payments.nodes).toHaveLength(100);
    expect(res.data!.payments.nodes[0]).toMatchObject({ client: { cards: [{ last4: '4580' }] }, invoice: { number: expect.any(String) } });
    expect(calls(stack)).toEqual({
      'payment.list': 1, // the page
      'client.get': 10, // each payment's client, once per distinct client (FreshBooks has no multi-get)
      'invoice.list': 10, // the invoices of a page, one filtered list per distinct client
      'client/get_list': 10, // each client's iCount twin by custom_client_id
      'client/get_cc_tokens': 10, // each twin's stored cards
      'auth/login': 1, // the iCount session, once per process
    });
  });

  it('does not grow with the number of payments: 20 and 100 payments over 10 clients cost the same', async () => {
    const small = await seededStack(10, 2);
    const large = await seededStack(10, 10);
    stacks.push(small, large);
    await small.gql(NESTED, { perPage: 100 });
    await large.gql(NESTED, { perPage: 100 });
    expect(calls(small)).toEqual(calls(large));
  });
});

describe('one client across both systems (demo data)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  const CLIENT = `query($id: ID!) { client(id: $id) { id name email freshbooksId icountId externalId
    cards { tokenId } charges { confirmationCode } payments { pageInfo { totalCount } } invoices { nodes { number } } credits { amount currency } } }`;

  it('links a FreshBooks client to its iCount twin by custom_client_id', async () => {
    const res = await stack.gql<ClientResponse>(CLIENT, { id: clientGlobalId('freshbooks', 1) });
    const client = res.data!.client!;
    expect(client).toMatchObject({ name: 'Levi Design Studio', freshbooksId: 1, icountId: 1001, externalId: '1' });
    expect(client.cards!.map((c) => c.tokenId).sort()).toEqual([57, 58]);
    expect(client.charges!.length).toBeGreaterThan(0);
    expect(client.payments!.pageInfo.totalCount).toBeGreaterThan(0);
  });

  it('falls back to the same e-mail when the twin has no custom_client_id', async () => {
    const res = await stack.gql<ClientResponse>(CLIENT, { id: clientGlobalId('freshbooks', 3) });
    expect(res.data!.client).toMatchObject({ freshbooksId: 3, icountId: 1003, externalId: null });
    expect(res.data!.client!.charges!.length).toBeGreaterThan(0);
  });

  it('keeps a FreshBooks-only client and an iCount-only client on their side', async () => {
    const fbOnly = await stack.gql<ClientResponse>(CLIENT, { id: clientGlobalId('freshbooks', 6) });
    expect(fbOnly.data!.client).toMatchObject({ icountId: null, cards: [], charges: [] });
    const icountOnly = await stack.gql<ClientResponse>(CLIENT, { id: clientGlobalId('icount', 1006) });
    expect(icountOnly.data!.client).toMatchObject({ id: clientGlobalId('icount', 1006), name: 'Eitan Katz', freshbooksId: null, payments: { pageInfo: { totalCount: 0 } }, credits: [] });
  });

  it('gives the same client ID whichever side it was reached from', async () => {
    const viaIcount = await stack.gql<ClientResponse>(CLIENT, { id: clientGlobalId('icount', 1001) });
    expect(viaIcount.data!.client).toMatchObject({ id: clientGlobalId('freshbooks', 1), freshbooksId: 1, icountId: 1001 });
    const viaCharge = await stack.gql<{
      charges: { client: { id: string; freshbooksId: number | null; payments: { nodes: { client: { id: string } | null }[] } | null } | null }[];
    }>(`{ charges(filter: { last4: "1111" }) { client { id freshbooksId payments(perPage: 1) { nodes { client { id } } } } } }`);
    const client = viaCharge.data!.charges[0]!.client!;
    expect(client.id).toBe(clientGlobalId('freshbooks', 1));
    expect(client.payments!.nodes[0]!.client!.id).toBe(clientGlobalId('freshbooks', 1));
  });

  it('resolves Payment.client, Payment.invoice, Invoice.client, Invoice.payments, Card.client and Charge.client', async () => {
    const res = await stack.gql<{
      payment: {
        client: { name: string; icountId: number | null } | null;
        invoice: { number: string; client: { freshbooksId: number | null } | null; payments: { freshbooksId: number }[] } | null;
      } | null;
      card: { client: { name: string; freshbooksId: number | null; invoices: { pageInfo: { totalCount: number } } | null } | null } | null;
    }>(`{
      payment(id: "${toGlobalId('Payment', 3)}") { client { name icountId } invoice { number client { freshbooksId } payments { freshbooksId } } }
      card(id: "${toGlobalId('Card', 59)}") { client { name freshbooksId invoices { pageInfo { totalCount } } } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.payment).toMatchObject({ client: { name: 'Levi Design Studio', icountId: 1001 }, invoice: { number: '0000002', client: { freshbooksId: 1 } } });
    expect(res.data!.payment!.invoice!.payments.map((p) => p.freshbooksId)).toEqual([6, 3]);
    // iCount's stored-card record does not say whose card it is (docs/upstreams/icount.md, I6).
    expect(res.data!.card!.client).toBeNull();
    const viaClient = await stack.gql<{ client: { cards: { tokenId: number; client: { name: string; freshbooksId: number | null } | null }[] } | null }>(
      `{ client(id: "${clientGlobalId('freshbooks', 2)}") { cards { tokenId client { name freshbooksId } } } }`,
    );
    expect(viaClient.data!.client!.cards.find((c) => c.tokenId === 59)!.client).toMatchObject({ name: 'Cohen Bakery', freshbooksId: 2 });
  });

  it('fetches every type again with node(id)', async () => {
    const ids = {
      card: toGlobalId('Card', 57),
      client: clientGlobalId('freshbooks', 2),
      payment: toGlobalId('Payment', 1),
      invoice: toGlobalId('Invoice', 1),
    };
    const charge = (await stack.gql<{ charges: { id: string }[] }>(`{ charges(filter: { last4: "5454" }) { id } }`)).data!.charges[0]!.id;
    for (const [type, id] of [['Card', ids.card], ['Client', ids.client], ['Payment', ids.payment], ['Invoice', ids.invoice], ['Charge', charge]] as const) {
      const one = await stack.gql<{ node: { __typename: string; id: string } | null }>(`query($id: ID!) { node(id: $id) { __typename id } }`, { id });
      expect(one.data!.node).toEqual({ __typename: type, id });
    }
  });
});

describe('partial results when one upstream is down', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  afterEach(() => {
    stack.icount.faults.clear();
    stack.freshbooks.faults.clear();
  });

  it('returns the iCount side of a client with UPSTREAM_UNAVAILABLE on exactly the FreshBooks fields', async () => {
    stack.freshbooks.faults.add({ method: '*', fault: { kind: 'http', status: 503 }, times: -1 });
    const res = await stack.gql<{
      client: { icountId: number | null; cards: { tokenId: number }[] | null; payments: { nodes: { id: string }[] } | null; invoices: { nodes: { id: string }[] } | null } | null;
    }>(`{ client(id: "${clientGlobalId('icount', 1002)}") { icountId cards { tokenId } payments { nodes { id } } invoices { nodes { id } } } }`);
    expect(res.data!.client).toMatchObject({ icountId: 1002, payments: null, invoices: null });
    expect(res.data!.client!.cards!.length).toBeGreaterThan(0);
    expect(res.errors!.map((e) => e.path!.join('.')).sort()).toEqual(['client.invoices', 'client.payments']);
    expect(res.errors!.every((e) => e.extensions?.code === 'UPSTREAM_UNAVAILABLE' && e.extensions?.upstream === 'FRESHBOOKS')).toBe(true);
  });

  it('returns FreshBooks data when iCount is down, with the error on the iCount fields only', async () => {
    stack.icount.faults.add({ method: '*', fault: { kind: 'drop' }, times: -1 });
    const res = await stack.gql<{
      payments: { nodes: { freshbooksId: number; client: { name: string; cards: { tokenId: number }[] | null } | null }[] } | null;
      charges: { confirmationCode: string }[] | null;
    }>(`{ payments(perPage: 3) { nodes { freshbooksId client { name cards { tokenId } } } } charges { confirmationCode } }`);
    expect(res.data!.payments!.nodes).toHaveLength(3);
    expect(res.data!.charges).toBeNull();
    for (const node of res.data!.payments!.nodes) expect(node.client!.cards).toBeNull();
    expect(res.errors!.every((e) => e.extensions?.upstream === 'ICOUNT')).toBe(true);
    expect(res.errors!.map((e) => e.path!.join('.'))).toContain('charges');
  });
});
