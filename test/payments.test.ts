import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { clientGlobalId, toGlobalId } from '../src/domain/ids.js';
import { startStack, type GraphQLResponse, type TestStack } from './support/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.freshbooks.log.clear());

let seq = 0;
const key = () => `pay-key-${++seq}`;
const invoiceId = (n: number) => toGlobalId('Invoice', n);
const paymentId = (n: number) => toGlobalId('Payment', n);

const PAYMENT_FIELDS = `id freshbooksId amount { amount currency } date type notes fromCredit isCredit updatedAt
  client { id name freshbooksId } invoice { freshbooksId number status outstanding { amount } }`;
const RECORD = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { ${PAYMENT_FIELDS} } userErrors { code field message } } }`;

/** The selection of PAYMENT_FIELDS. */
interface PaymentResult {
  id: string;
  freshbooksId: number;
  amount: { amount: string; currency: string };
  date: string;
  type: string;
  notes: string;
  fromCredit: boolean;
  isCredit: boolean;
  updatedAt: string | null;
  client: { id: string; name: string; freshbooksId: number | null } | null;
  invoice: { freshbooksId: number; number: string; status: string; outstanding: { amount: string } } | null;
}

interface RecordPaymentResponse {
  recordPayment: { payment: PaymentResult | null; userErrors: { code: string; field: string[] | null; message: string }[] };
}

interface PageInfoResult {
  page: number;
  perPage: number;
  totalPages: number;
  totalCount: number;
}

interface InvoiceResult {
  id: string;
  number: string;
  amount: { amount: string; currency: string };
  paid: { amount: string };
  outstanding: { amount: string };
  status: string;
  date: string;
  lines: { name: string; unitCost: string; quantity: string; amount: string }[];
  client: { name: string } | null;
  payments: { freshbooksId: number; amount: { amount: string } }[];
}

interface ClientsAndClientResponse {
  clients: { nodes: { freshbooksId: number | null; name: string; credits: { amount: string; currency: string }[] }[]; pageInfo: { totalCount: number } };
  client: {
    name: string;
    organization: string | null;
    firstName: string | null;
    lastName: string | null;
    currency: string | null;
    email: string | null;
    invoices: { nodes: { number: string }[] };
    payments: { nodes: { freshbooksId: number; isCredit: boolean }[]; pageInfo: { totalPages: number } };
  } | null;
}

interface UpdatePaymentResponse {
  updatePayment: {
    payment: { amount: { amount: string }; notes: string; type: string; invoice: { status: string } | null } | null;
    userErrors: { code: string; field: string[] | null }[];
  };
}

interface DeletePaymentResponse {
  deletePayment: { deletedPaymentId: string | null; userErrors: { code: string; field: string[] | null }[] };
}

/** Sends recordPayment with a fresh idempotency key; the response as the gateway gave it. */
function record(input: Record<string, unknown>): Promise<GraphQLResponse<RecordPaymentResponse>> {
  return stack.gql<RecordPaymentResponse>(RECORD, { input: { idempotencyKey: key(), ...input } });
}

describe('reading payments, invoices and clients', () => {
  it('pages through payments newest first with FreshBooks paging figures', async () => {
    const res = await stack.gql<{ payments: { nodes: { freshbooksId: number }[]; pageInfo: PageInfoResult } }>(`{ payments(page: 2, perPage: 10) { nodes { freshbooksId } pageInfo { page perPage totalPages totalCount } } }`);
    expect(res.data!.payments.pageInfo).toEqual({ page: 2, perPage: 10, totalPages: 3, totalCount: 25 });
    expect(res.data!.payments.nodes.map((p) => p.freshbooksId)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
    expect(stack.freshbooks.log.count('payment.list')).toBe(1);
  });

  it('reads a payment with exact amounts, its invoice (zero padding removed, number kept) and its client', async () => {
    const res = await stack.gql<{ payment: PaymentResult | null }>(`query($id: ID!) { payment(id: $id) { ${PAYMENT_FIELDS} } }`, { id: paymentId(8) });
    expect(res.data!.payment).toMatchObject({
      freshbooksId: 8,
      amount: { amount: '45.60', currency: 'ILS' },
      date: '2026-03-11',
      type: 'PAYPAL',
      notes: '',
      isCredit: false,
      client: { name: 'Levi Design Studio', freshbooksId: 1, id: clientGlobalId('freshbooks', 1) },
      invoice: { freshbooksId: 3, number: '0000003', status: 'PAID', outstanding: { amount: '0.00' } },
    });
  });

  it('keeps XML metacharacters and Hebrew in notes exactly', async () => {
    const res = await stack.gql(`{ a: payment(id: "${paymentId(21)}") { notes } b: payment(id: "${paymentId(17)}") { notes } }`);
    expect(res.data).toEqual({ a: { notes: 'PO "WH-7" & <urgent> — A&B\'s' }, b: { notes: 'תשלום חלקי — היתרה בסוף החודש' } });
  });

  it('filters payments by client, invoice and date range', async () => {
    const res = await stack.gql<{
      byClient: { pageInfo: { totalCount: number } };
      byInvoice: { nodes: { freshbooksId: number }[] };
      byDate: { nodes: { date: string }[] };
    }>(`query($c: ID!, $i: ID!) {
      byClient: payments(filter: { clientId: $c }) { pageInfo { totalCount } }
      byInvoice: payments(filter: { invoiceId: $i }) { nodes { freshbooksId } }
      byDate: payments(filter: { dateFrom: "2026-06-01", dateTo: "2026-06-30" }) { nodes { date } } }`, { c: clientGlobalId('freshbooks', 6), i: invoiceId(4) });
    expect(res.data!.byClient.pageInfo.totalCount).toBe(4);
    expect(res.data!.byInvoice.nodes.map((p) => p.freshbooksId)).toEqual([15, 12, 10]);
    expect(res.data!.byDate.nodes.every((p) => p.date.startsWith('2026-06'))).toBe(true);
  });

  it('reads invoices with lines, balances and their payments', async () => {
    const res = await stack.gql<{ invoice: InvoiceResult | null }>(`query($id: ID!) { invoice(id: $id) { id number amount { amount currency } paid { amount } outstanding { amount } status date
      lines { name unitCost quantity amount } client { name } payments { freshbooksId amount { amount } } } }`, { id: invoiceId(12) });
    expect(res.data!.invoice).toMatchObject({
      number: '0000012',
      amount: { amount: '301.21', currency: 'USD' },
      paid: { amount: '301.21' },
      outstanding: { amount: '0.00' },
      status: 'PAID',
      client: { name: 'Central Perk Supplies' },
      payments: [{ freshbooksId: 11, amount: { amount: '301.21' } }],
    });
    expect(res.data!.invoice!.lines).toHaveLength(2);
  });

  it('lists invoices by status and number', async () => {
    const res = await stack.gql<{
      drafts: { nodes: { number: string; status: string }[] };
      numbered: { nodes: { number: string }[]; pageInfo: { totalCount: number } };
    }>(`{ drafts: invoices(filter: { status: DRAFT }) { nodes { number status } }
      numbered: invoices(filter: { number: "000001" }) { nodes { number } pageInfo { totalCount } } }`);
    expect(res.data!.drafts.nodes).toEqual([{ number: '0000006', status: 'DRAFT' }]);
    // A substring match, as FreshBooks does it: 0000001 and 0000010–0000015.
    expect(res.data!.numbered.pageInfo.totalCount).toBe(7);
    expect(res.data!.numbered.nodes.map((n) => n.number)).toEqual(expect.arrayContaining(['0000001', '0000010', '0000015']));
  });

  it('lists FreshBooks clients with their credits per currency, and a client\'s invoices and payments', async () => {
    const res = await stack.gql<ClientsAndClientResponse>(`{ clients(perPage: 100) { nodes { freshbooksId name credits { amount currency } } pageInfo { totalCount } }
      client(id: "${clientGlobalId('freshbooks', 6)}") { name organization firstName lastName currency email
        invoices { nodes { number } } payments(perPage: 2) { nodes { freshbooksId isCredit } pageInfo { totalPages } } } }`);
    expect(res.data!.clients.pageInfo.totalCount).toBe(7);
    const avi = res.data!.clients.nodes.find((c) => c.freshbooksId === 6);
    expect(avi!.credits).toEqual(expect.arrayContaining([{ amount: '75.50', currency: 'EUR' }, { amount: '20.00', currency: 'USD' }]));
    expect(res.data!.client).toMatchObject({ name: 'Ben-David Consulting', firstName: 'Avi', lastName: 'Ben-David', currency: 'EUR', invoices: { nodes: [{ number: '0000014' }] } });
    expect(res.data!.client!.payments.pageInfo.totalPages).toBe(2);
  });

  it('fetches payments and invoices through node(id)', async () => {
    const res = await stack.gql(`{ p: node(id: "${paymentId(4)}") { ... on Payment { gatewayTransaction { referenceId gatewayName } } }
      i: node(id: "${invoiceId(9)}") { ... on Invoice { number } } }`);
    expect(res.data).toEqual({ p: { gatewayTransaction: { referenceId: 'ch_3QxZ8kLmN2pR4sT6', gatewayName: 'Stripe' } }, i: { number: '0000009' } });
  });

  it('answers an unknown id with null and a malformed one with BAD_USER_INPUT', async () => {
    const res = await stack.gql(`{ payment(id: "${paymentId(99999)}") { id } invoice(id: "${invoiceId(99999)}") { id } }`);
    expect(res.data).toEqual({ payment: null, invoice: null });
    const bad = await stack.gql(`{ payment(id: "${toGlobalId('Card', 1)}") { id } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['id'] });
  });

  it.each([[0], [101], [-1]])('refuses perPage %p without calling FreshBooks', async (perPage) => {
    const res = await stack.gql(`query($n: Int) { payments(perPage: $n) { nodes { id } } }`, { n: perPage });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['perPage'] });
    expect(stack.freshbooks.log.count('payment.list')).toBe(0);
  });
});

describe('recordPayment', () => {
  it('records an invoice payment and the invoice balance follows', async () => {
    const notes = 'Ref <A&B> "quoted" \'single\' ]]> — תשלום עבור חשבונית\n  second line  ';
    const { data, errors } = await record({ invoiceId: invoiceId(15), amount: { amount: '100.00', currency: 'ILS' }, type: 'BANK_TRANSFER', date: '2026-11-20', notes });
    expect(errors).toBeUndefined();
    const result = data!.recordPayment;
    expect(result.userErrors).toEqual([]);
    expect(result.payment).toMatchObject({
      amount: { amount: '100.00', currency: 'ILS' },
      type: 'BANK_TRANSFER',
      date: '2026-11-20',
      notes,
      isCredit: false,
      invoice: { freshbooksId: 15, status: 'PARTIAL', outstanding: { amount: '800.00' } },
    });
    expect(stack.freshbooks.getInvoice(15)).toMatchObject({ amount_outstanding: '800' });
  });

  it('records a client credit in the given currency', async () => {
    const { data, errors } = await record({ clientId: clientGlobalId('freshbooks', 7), amount: { amount: '50', currency: 'GBP' } });
    expect(errors).toBeUndefined();
    const result = data!.recordPayment;
    expect(result.userErrors).toEqual([]);
    expect(result.payment).toMatchObject({ isCredit: true, invoice: null, amount: { amount: '50.00', currency: 'GBP' }, type: 'CHECK' });
    expect(stack.freshbooks.getClientCredits(7)).toMatchObject({ GBP: '50' });
  });

  it('pays an invoice from the client\'s credit', async () => {
    const before = stack.freshbooks.getClientCredits(4);
    const { data, errors } = await record({ invoiceId: invoiceId(11), amount: { amount: '100.00', currency: 'USD' }, fromCredit: true, type: 'CREDIT' });
    expect(errors).toBeUndefined();
    const result = data!.recordPayment;
    expect(result.userErrors).toEqual([]);
    expect(result.payment).toMatchObject({ fromCredit: true, type: 'CREDIT' });
    expect(Number(stack.freshbooks.getClientCredits(4).USD)).toBeCloseTo(Number(before.USD) - 100, 2);
  });

  const bad: [string, Record<string, unknown>, string, string[]][] = [
    ['a negative amount', { invoiceId: invoiceId(15), amount: { amount: '-10.00', currency: 'ILS' } }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
    ['a fraction of a cent', { invoiceId: invoiceId(15), amount: { amount: '10.001', currency: 'ILS' } }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
    ['a currency other than the invoice\'s', { invoiceId: invoiceId(15), amount: { amount: '10.00', currency: 'USD' } }, 'INVALID_CURRENCY', ['input', 'amount', 'currency']],
    ['an unknown invoice', { invoiceId: invoiceId(4242), amount: { amount: '10.00', currency: 'ILS' } }, 'NOT_FOUND', ['input', 'invoiceId']],
    ['an id that is not an invoice id', { invoiceId: 'abc', amount: { amount: '10.00', currency: 'ILS' } }, 'INVALID_INPUT', ['input', 'invoiceId']],
    ['an unknown client for a credit', { clientId: clientGlobalId('freshbooks', 4242), amount: { amount: '10.00', currency: 'ILS' } }, 'NOT_FOUND', ['input', 'clientId']],
    ['another client than the invoice\'s', { invoiceId: invoiceId(15), clientId: clientGlobalId('freshbooks', 1), amount: { amount: '10.00', currency: 'ILS' } }, 'INVALID_INPUT', ['input', 'clientId']],
    ['neither invoice nor client', { amount: { amount: '10.00', currency: 'ILS' } }, 'INVALID_INPUT', ['input', 'invoiceId']],
    ['an empty client id next to an invoice', { invoiceId: invoiceId(15), clientId: '', amount: { amount: '10.00', currency: 'ILS' } }, 'INVALID_INPUT', ['input', 'clientId']],
    ['an empty invoice id next to a client', { invoiceId: '', clientId: clientGlobalId('freshbooks', 7), amount: { amount: '10.00', currency: 'ILS' } }, 'INVALID_INPUT', ['input', 'invoiceId']],
    ['more than the client\'s credit', { invoiceId: invoiceId(15), amount: { amount: '10.00', currency: 'ILS' }, fromCredit: true }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
    ['notes of unreasonable size', { invoiceId: invoiceId(15), amount: { amount: '10.00', currency: 'ILS' }, notes: 'x'.repeat(4001) }, 'INVALID_INPUT', ['input', 'notes']],
    ['notes with control characters', { invoiceId: invoiceId(15), amount: { amount: '10.00', currency: 'ILS' }, notes: 'a\u0000b' }, 'INVALID_INPUT', ['input', 'notes']],
  ];
  it.each(bad)('answers %s with a userError and sends no payment.create', async (_name, input, code, field) => {
    const { data, errors } = await record(input);
    expect(errors).toBeUndefined();
    const result = data!.recordPayment;
    expect(result.payment).toBeNull();
    expect(result.userErrors).toContainEqual(expect.objectContaining({ code, field }));
    expect(stack.freshbooks.log.count('payment.create')).toBe(0);
  });

  it.each([
    ['an unknown payment type', { type: 'BITCOIN' }],
    ['a date that is not a date', { date: '2026-13-01' }],
    ['a date in year 6', { date: '0006-10-16' }],
    ['an amount sent as a number', { amount: { amount: 10, currency: 'ILS' } }],
  ])('rejects %s with BAD_USER_INPUT', async (_name, override) => {
    const res = await stack.gql(RECORD, { input: { idempotencyKey: key(), invoiceId: invoiceId(15), amount: { amount: '10.00', currency: 'ILS' }, ...override } });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.freshbooks.log.count('payment.create')).toBe(0);
  });

  it('does not retry a payment.create answered with HTTP 500', async () => {
    stack.freshbooks.faults.add({ method: 'payment.create', fault: { kind: 'http', status: 500 }, times: -1 });
    try {
      const res = await stack.gql(RECORD, { input: { idempotencyKey: key(), invoiceId: invoiceId(15), amount: { amount: '1.00', currency: 'ILS' } } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'FRESHBOOKS', method: 'payment.create' });
      expect(stack.freshbooks.log.count('payment.create')).toBe(1);
    } finally {
      stack.freshbooks.faults.clear();
    }
  });
});

describe('updatePayment and deletePayment', () => {
  it('changes only the given fields; amount zero reopens the invoice', async () => {
    const recorded = await record({ invoiceId: invoiceId(13), amount: { amount: '375.50', currency: 'USD' }, notes: 'to be zeroed' });
    expect(recorded.errors).toBeUndefined();
    const created = recorded.data!.recordPayment;
    expect(created.payment!.invoice!.status).toBe('PAID');
    const UPDATE = `mutation($input: UpdatePaymentInput!) { updatePayment(input: $input) { payment { amount { amount } notes type invoice { status } } userErrors { code field } } }`;
    const res = await stack.gql<UpdatePaymentResponse>(UPDATE, { input: { id: created.payment!.id, amount: { amount: '0', currency: 'USD' } } });
    expect(res.data!.updatePayment).toEqual({ payment: { amount: { amount: '0.00' }, notes: 'to be zeroed', type: 'CHECK', invoice: { status: 'PARTIAL' } }, userErrors: [] });
    const wrongCurrency = await stack.gql<UpdatePaymentResponse>(UPDATE, { input: { id: created.payment!.id, amount: { amount: '1.00', currency: 'EUR' } } });
    expect(wrongCurrency.data!.updatePayment.userErrors).toEqual([{ code: 'INVALID_CURRENCY', field: ['input', 'amount', 'currency'] }]);
    const unknown = await stack.gql<UpdatePaymentResponse>(UPDATE, { input: { id: paymentId(98765), notes: 'x' } });
    expect(unknown.data!.updatePayment.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'id'] }]);
    expect(stack.freshbooks.log.count('payment.update')).toBe(1);
  });

  it('deletes a payment, restores the invoice balance, and reports an unknown payment', async () => {
    const recorded = await record({ invoiceId: invoiceId(5), amount: { amount: '10.00', currency: 'ILS' } });
    expect(recorded.errors).toBeUndefined();
    const created = recorded.data!.recordPayment;
    const outstanding = created.payment!.invoice!.outstanding.amount;
    const DELETE = `mutation($input: DeletePaymentInput!) { deletePayment(input: $input) { deletedPaymentId userErrors { code field } } }`;
    const res = await stack.gql<DeletePaymentResponse>(DELETE, { input: { id: created.payment!.id, idempotencyKey: key() } });
    expect(res.data!.deletePayment).toEqual({ deletedPaymentId: created.payment!.id, userErrors: [] });
    const invoice = await stack.gql<{ invoice: { outstanding: { amount: string } } | null }>(`{ invoice(id: "${invoiceId(5)}") { outstanding { amount } } }`);
    expect(Number(invoice.data!.invoice!.outstanding.amount)).toBeCloseTo(Number(outstanding) + 10, 2);
    const again = await stack.gql<DeletePaymentResponse>(DELETE, { input: { id: created.payment!.id, idempotencyKey: key() } });
    expect(again.data!.deletePayment).toEqual({ deletedPaymentId: null, userErrors: [{ code: 'NOT_FOUND', field: ['input', 'id'] }] });
  });
});

describe('FreshBooks failures are contained', () => {
  it('reports FreshBooks down as UPSTREAM_UNAVAILABLE while iCount fields still answer', async () => {
    stack.freshbooks.faults.add({ method: 'payment.list', fault: { kind: 'http', status: 503 } });
    const res = await stack.gql<{ payments: { nodes: { id: string }[] } | null; currencies: { code: string }[] }>(`{ payments { nodes { id } } currencies { code } }`);
    expect(res.errors?.[0]).toMatchObject({ path: ['payments'], extensions: { code: 'UPSTREAM_UNAVAILABLE', upstream: 'FRESHBOOKS' } });
    expect(res.data!.currencies.length).toBeGreaterThan(0);
  });

  it('reports a truncated XML body as UPSTREAM_BAD_RESPONSE', async () => {
    stack.freshbooks.faults.add({ method: 'invoice.list', fault: { kind: 'malformed' } });
    const res = await stack.gql(`{ invoices { nodes { id } } }`);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', upstream: 'FRESHBOOKS' });
  });
});
