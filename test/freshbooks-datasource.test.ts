import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  FreshbooksEmulator, FRESHBOOKS_DEMO_TOKEN, FRESHBOOKS_NS, FRESHBOOKS_PATH, FRESHBOOKS_V20_PATH, PAYMENT_TYPES, type RunningEmulator,
} from '../src/emulators/freshbooks/index.js';
import { ManualClock } from '../src/emulators/shared/clock.js';
import { FreshbooksAPI } from '../src/datasources/freshbooks/api.js';
import { FreshbooksTransport, type FreshbooksTransportOptions } from '../src/datasources/freshbooks/transport.js';
import { PAYMENT_TYPE_TABLE, fromWirePaymentType, toWirePaymentType } from '../src/datasources/freshbooks/payment-types.js';
import { buildRequest, parseResponse } from '../src/datasources/freshbooks/xml.js';
import { UpstreamError } from '../src/errors.js';
import { PAYMENT_FIELDS } from '../src/services/record-payment.js';
import type { Outcome, PaymentRecord } from '../src/domain/records.js';
import { setWireWarningSink, type WireWarning } from '../src/domain/wire-warnings.js';

/** Where FreshBooks' element names sit in the mutation inputs (as the resolvers pass it). */
const FIELDS = PAYMENT_FIELDS;

const XML = 'application/xml; charset=utf-8';
/** An emulator fault that answers HTTP 200 with this XML instead of processing the call. */
const xmlFault = (body: string) => ({ kind: 'http' as const, status: 200, body, contentType: XML });
const envelope = (status: 'ok' | 'fail', inner: string) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<response xmlns="${FRESHBOOKS_NS}" status="${status}">\n${inner}\n</response>\n`;

let emu: FreshbooksEmulator;
let running: RunningEmulator;
let endpoint: string;

beforeAll(async () => {
  // The old generous output (currency_code and from_credit on every payment); the documented defaults are tested below.
  emu = new FreshbooksEmulator({ clock: new ManualClock(), seed: 'demo', fidelity: true, generousPayments: true });
  running = await emu.start();
  endpoint = `${running.url}${FRESHBOOKS_PATH}`;
});
afterAll(() => running.close());
beforeEach(() => emu.reset());

function transport(options: Partial<FreshbooksTransportOptions> = {}): FreshbooksTransport {
  return new FreshbooksTransport({ url: endpoint, token: FRESHBOOKS_DEMO_TOKEN, timeoutMs: 2000, readRetries: 1, ...options });
}
const api = (options: Partial<FreshbooksTransportOptions> = {}) => new FreshbooksAPI(transport(options), { baseCurrency: 'USD' });

async function upstreamError(promise: Promise<unknown>): Promise<UpstreamError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof UpstreamError)) throw new Error(`expected an UpstreamError, got ${String(err)}`);
  return err;
}

function value<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`expected success, got ${JSON.stringify(outcome.errors)}`);
  return outcome.value;
}

/**
 * The responses of the archived FreshBooks payments page (reference seeds/003), verbatim, with
 * its glitches: no space before `encoding`, no namespace, `<note>` for `<notes>`, a `...` between
 * items, and a list item without `<amount>`.
 */
const SEED_RESPONSES = {
  create: '<?xml version="1.0"encoding="utf-8"?> <response status="ok"> <payment_id>103</payment_id> </response>',
  update: '<?xml version="1.0"encoding="utf-8"?> <response status="ok"/>',
  get: '<?xml version="1.0"encoding="utf-8"?> <response status="ok"> <payment> <payment_id>109</payment_id> <client_id>13</client_id> <invoice_id>207</invoice_id> <date>2007-05-30 00:00:00</date> <amount>129.88</amount> <type>Check</type> <notes>Prompt payment!</notes> </payment> </response>',
  list: '<?xml version="1.0"encoding="utf-8"?> <response status="ok"> <payments page="1" per_page="10" pages="23" total="221"> <payment> <payment_id>165</payment_id> <invoice_id>203</invoice_id> <date>2007-03-02 12:04:11</date> <type>Cash</type> <note></note> <client_id>43</client_id> </payment> ... </payments> </response>',
};

describe('the seed page\'s XML responses', () => {
  it('parses the create, update, get and list responses', () => {
    expect(parseResponse('payment.create', SEED_RESPONSES.create)).toMatchObject({ status: 'ok', response: { payment_id: '103' } });
    expect(parseResponse('payment.update', SEED_RESPONSES.update)).toMatchObject({ status: 'ok', failures: [] });
    expect(parseResponse('payment.get', SEED_RESPONSES.get).response.payment).toMatchObject({ payment_id: '109', invoice_id: '207', amount: '129.88' });
    const list = parseResponse('payment.list', SEED_RESPONSES.list).response.payments as Record<string, unknown>;
    expect(list).toMatchObject({ '@_page': '1', '@_per_page': '10', '@_pages': '23', '@_total': '221' });
    expect(list.payment).toEqual([expect.objectContaining({ payment_id: '165', invoice_id: '203', type: 'Cash' })]);
  });

  it('reads the sample payment over HTTP into a record with its exact amount', async () => {
    emu.faults.add({ method: 'payment.get', fault: xmlFault(SEED_RESPONSES.get) });
    const payment = await api().paymentById.load(109);
    expect(payment).toMatchObject({ freshbooksId: 109, clientId: 13, invoiceId: 207, date: '2007-05-30', amount: { amount: '129.88', currency: 'USD' }, type: 'CHECK', notes: 'Prompt payment!' });
  });

  it('takes the sample create answer as the new payment id and reads it back', async () => {
    emu.faults.add({ method: 'payment.create', fault: xmlFault(SEED_RESPONSES.create) });
    emu.faults.add({ method: 'payment.get', fault: xmlFault(SEED_RESPONSES.get) });
    const created = value(await api().createPayment({ invoiceId: 1, amount: '129.88' }, FIELDS));
    expect(created).toMatchObject({ freshbooksId: 109, amount: { amount: '129.88' } });
    expect(emu.log.all().find((r) => r.method === 'payment.get')?.params).toMatchObject({ payment_id: '103' });
  });

  it('reads the sample list over HTTP: its paging, one item, and the missing amount as FreshBooks\' default 0', async () => {
    emu.faults.add({ method: 'payment.list', fault: xmlFault(SEED_RESPONSES.list) });
    const page = await api().listPayments({}, 1, 10);
    expect(page.pageInfo).toEqual({ page: 1, perPage: 10, totalPages: 23, totalCount: 221 });
    expect(page.nodes).toEqual([expect.objectContaining({ freshbooksId: 165, invoiceId: 203, clientId: 43, date: '2007-03-02', type: 'CASH', amount: expect.objectContaining({ amount: expect.stringMatching(/^0(\.0+)?$/) }) })]);
  });
});

describe('payment types', () => {
  it('maps all 17 GraphQL values to the exact FreshBooks strings and back', () => {
    expect(PAYMENT_TYPE_TABLE).toHaveLength(17);
    expect(PAYMENT_TYPE_TABLE.map((t) => t.wire).sort()).toEqual([...PAYMENT_TYPES].sort());
    for (const { value: v, wire } of PAYMENT_TYPE_TABLE) {
      expect(toWirePaymentType(v)).toBe(wire);
      expect(fromWirePaymentType(wire)).toBe(v);
    }
    expect(toWirePaymentType('BANK_TRANSFER')).toBe('Bank Transfer');
    expect(toWirePaymentType('TWO_CHECKOUT')).toBe('2Checkout');
    expect(toWirePaymentType('PAYPAL')).toBe('PayPal');
  });

  it('does not recognise a FreshBooks type spelt with other casing', () => {
    expect(fromWirePaymentType('paypal')).toBeNull();
    expect(fromWirePaymentType('Visa')).toBeNull();
    expect(fromWirePaymentType('Bitcoin')).toBeNull();
  });
});

describe('XML requests and replies', () => {
  it('builds the request envelope with every text value escaped by the builder and absent fields left out', () => {
    const xml = buildRequest('payment.create', { payment: { invoice_id: 7, notes: `<b> & "q" 'a' ]]> \r\n`, date: undefined } });
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?><request method="payment.create"><payment><invoice_id>7</invoice_id>'
      + '<notes>&lt;b&gt; &amp; &quot;q&quot; &apos;a&apos; ]]&gt; &#13;\n</notes></payment></request>',
    );
  });

  it('parses single items as arrays, empty containers as no items, and attributes as strings', () => {
    const reply = parseResponse('client.get', envelope('ok', `
      <client><client_id>4</client_id><contacts/><credits><credit currency="USD">12.50</credit></credits></client>`));
    const client = reply.response.client as Record<string, unknown>;
    expect(client.contacts).toBe('');
    expect(client.credits).toEqual({ credit: [{ '#text': '12.50', '@_currency': 'USD' }] });
  });

  it('accepts a namespace prefix on the response elements', () => {
    const reply = parseResponse('payment.create', '<fb:response xmlns:fb="http://www.freshbooks.com/api/" status="ok"><fb:payment_id>7</fb:payment_id></fb:response>');
    expect(reply.response.payment_id).toBe('7');
  });

  it('pairs several error/code/field triples of a failure', () => {
    const reply = parseResponse('payment.create', envelope('fail',
      '<error>bad amount</error><code>40010</code><field>amount</field><error>bad type</error><code>40010</code><field>type</field>'));
    expect(reply.failures).toEqual([
      { message: 'bad amount', code: '40010', field: 'amount' },
      { message: 'bad type', code: '40010', field: 'type' },
    ]);
  });

  it.each([
    ['an HTML page', '<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>'],
    ['well-formed XML that is not a <response>', '<html><body>Log in</body></html>'],
    ['a <response> without status', '<response><payment_id>1</payment_id></response>'],
    ['a truncated document', '<response status="ok"><payments><payment><payment_id>1</payme'],
    ['JSON', '{"status":"ok"}'],
    ['an empty body', ''],
    ['a failure without a code', '<response status="fail"></response>'],
  ])('rejects %s as UPSTREAM_BAD_RESPONSE', (_what, body) => {
    expect(() => parseResponse('payment.list', body)).toThrow(expect.objectContaining({ upstreamCode: 'UPSTREAM_BAD_RESPONSE' }));
  });
});

describe('reads against the emulator (fidelity mode)', () => {
  it('reads a payment: zero-padded invoice id, unscaled amount, <notes/>, never-set updated', async () => {
    const fb = api();
    expect(await fb.paymentById.load(8)).toEqual({
      freshbooksId: 8, clientId: 1, invoiceId: 3, date: '2026-03-11', amount: { amount: '45.60', currency: 'ILS' },
      type: 'PAYPAL', notes: '', ledgerId: null, updatedAt: '2026-03-11T21:56:44Z' /* 17:56:44 EDT */, fromCredit: false, gateway: null,
    });
    const never = await fb.paymentById.load(2);
    expect(never).toMatchObject({ invoiceId: 7, amount: { amount: '300.00', currency: 'ILS' }, notes: '', updatedAt: null, type: 'CHECK' });
  });

  it('reads the gateway transaction of an online payment and from_credit of a payment from credit', async () => {
    const fb = api();
    expect((await fb.paymentById.load(4))?.gateway).toEqual({ referenceId: 'ch_3QxZ8kLmN2pR4sT6', gatewayName: 'Stripe' });
    expect(await fb.paymentById.load(9)).toMatchObject({ fromCredit: true, type: 'CREDIT', invoiceId: 10, clientId: 4 });
    expect(await fb.paymentById.load(7)).toMatchObject({ invoiceId: null, clientId: 4, amount: { amount: '500.00', currency: 'USD' } });
  });

  it('reads an invoice with its display number exact, amounts scaled and lines', async () => {
    const invoice = await api().invoiceById.load(5);
    expect(invoice).toMatchObject({
      freshbooksId: 5, number: '0000005', clientId: 2, status: 'PARTIAL', date: '2026-02-20',
      amount: { amount: '38.55', currency: 'ILS' }, paid: { amount: '2.00', currency: 'ILS' }, outstanding: { amount: '36.55', currency: 'ILS' },
      poNumber: null, notes: null,
    });
    expect(invoice?.lines).toEqual([{ name: 'Delivery fee', description: 'Weekend delivery, Haifa bay area', unitCost: '38.55', quantity: '1', amount: '38.55' }]);
    expect(await api().invoiceById.load(6)).toMatchObject({ status: 'DRAFT', updatedAt: null });
  });

  it('reads client credits per currency from the credit attributes, and empty contacts', async () => {
    const fb = api();
    expect(await fb.clientById.load(6)).toMatchObject({
      freshbooksId: 6, firstName: 'Avi', lastName: 'Ben-David', currency: 'EUR',
      credits: [{ amount: '75.50', currency: 'EUR' }, { amount: '20.00', currency: 'USD' }],
      updatedAt: '2026-01-07T14:45:12Z',
    });
    expect((await fb.clientById.load(7))?.updatedAt).toBeNull();
  });

  it('answers unknown ids (50010) with null from every loader', async () => {
    const fb = api();
    expect(await fb.paymentById.load(999)).toBeNull();
    expect(await fb.invoiceById.load(999)).toBeNull();
    expect(await fb.clientById.load(999)).toBeNull();
  });

  it('makes one get per distinct id, in parallel, however often an id is asked for', async () => {
    const fb = api();
    const loaded = await Promise.all([1, 2, 1, 3, 2].map((id) => fb.paymentById.load(id)));
    expect(loaded.map((p) => p?.freshbooksId)).toEqual([1, 2, 1, 3, 2]);
    expect(emu.log.count('payment.get')).toBe(3);
  });

  it('turns a read failure other than not-found into UPSTREAM_ERROR', async () => {
    emu.faults.add({ method: 'invoice.get', fault: { kind: 'app-error', code: '40010', message: 'Staff may not see this invoice.' } });
    const err = await upstreamError(api().invoiceById.load(1));
    expect(err.upstreamCode).toBe('UPSTREAM_ERROR');
    expect(err.extensions).toMatchObject({ upstream: 'FRESHBOOKS', method: 'invoice.get', reason: '40010' });
  });
});

describe('listPayments', () => {
  it('maps the paging attributes and primes paymentById', async () => {
    const fb = api();
    const page = await fb.listPayments({}, 3, 10);
    expect(page.pageInfo).toEqual({ page: 3, perPage: 10, totalPages: 3, totalCount: 25 });
    expect(page.nodes.map((p) => p.freshbooksId)).toEqual([5, 4, 3, 2, 1]);
    await fb.paymentById.load(4);
    expect(emu.log.count('payment.get')).toBe(0);
  });

  it('returns a one-payment page as a list of one, and an empty page as no nodes', async () => {
    const fb = api();
    const one = await fb.listPayments({ invoiceId: 3 }, 1, 25);
    expect(one.nodes.map((p) => p.amount.amount)).toEqual(['45.60']);
    expect(one.pageInfo).toEqual({ page: 1, perPage: 25, totalPages: 1, totalCount: 1 });
    const none = await fb.listPayments({ clientId: 7 }, 1, 25);
    expect(none).toEqual({ nodes: [], pageInfo: { page: 1, perPage: 25, totalPages: 0, totalCount: 0 } });
  });

  it('sends the filters as FreshBooks elements and nothing for filters not given', async () => {
    await api().listPayments({ clientId: 1, dateFrom: '2026-02-01', dateTo: '2026-06-30' }, 1, 50);
    expect(emu.log.all()[0]?.params).toEqual({
      // "dated after/before this arg": the day before and the day after, to stay inclusive.
      method: 'payment.list', client_id: '1', date_from: '2026-01-31', date_to: '2026-07-01', page: '1', per_page: '50',
    });
  });

  it('sends updatedFrom/updatedTo as US/Eastern wall time (EDT in summer, EST in winter)', async () => {
    const page = await api().listPayments({ updatedFrom: '2026-01-15T17:00:00Z', updatedTo: '2026-07-01T16:00:00Z' }, 1, 100);
    expect(emu.log.all()[0]?.params).toMatchObject({ updated_from: '2026-01-15 12:00:00', updated_to: '2026-07-01 12:00:00' });
    const updated = page.nodes.map((p) => p.updatedAt!);
    expect(updated.length).toBeGreaterThan(0);
    for (const at of updated) expect(at >= '2026-01-15T17:00:00Z' && at <= '2026-07-01T16:00:00Z').toBe(true);
  });

  it('costs one call when FreshBooks sends currency_code with every payment', async () => {
    const page = await api().listPayments({}, 1, 25);
    expect(new Set(page.nodes.map((p) => p.amount.currency))).toEqual(new Set(['ILS', 'USD', 'EUR']));
    expect(emu.log.count()).toBe(1);
  });

  it('without currency_code, costs one list call plus one invoice read per distinct client (and client.get for a credit)', async () => {
    const payment = (id: number, invoice: string, client: number, amount: string) =>
      `<payment><payment_id>${id}</payment_id><client_id>${client}</client_id><invoice_id>${invoice}</invoice_id>`
      + `<date>2026-05-01 00:00:00</date><type>Check</type><notes/><updated>2026-05-01 10:00:00</updated><amount>${amount}</amount></payment>`;
    const body = envelope('ok', `<payments page="1" per_page="25" pages="1" total="6">${[
      payment(31, '00000000001', 1, '10'), payment(32, '00000000001', 1, '20.5'), payment(33, '00000000009', 4, '30'),
      payment(34, '00000000014', 6, '40'), payment(35, '00000000014', 6, '50'), payment(36, '', 6, '60'),
    ].join('')}</payments>`);
    emu.faults.add({ method: 'payment.list', fault: xmlFault(body) });
    const page = await api().listPayments({}, 1, 25);
    expect(page.nodes.map((p) => `${p.freshbooksId}:${p.amount.amount} ${p.amount.currency}`)).toEqual([
      '31:10.00 ILS', '32:20.50 ILS', '33:30.00 USD', '34:40.00 EUR', '35:50.00 EUR', '36:60.00 EUR',
    ]);
    expect(emu.log.count('payment.list')).toBe(1);
    // Each client's payments are on one invoice: invoice.get reads just it (several: invoice.list, test/read-cache.test.ts).
    expect(emu.log.all().filter((r) => r.method === 'invoice.get').map((r) => r.params.invoice_id).sort()).toEqual(['1', '14', '9']);
    expect(emu.log.count('invoice.list')).toBe(0);
    expect(emu.log.count('client.get')).toBe(1);
  });

  it('takes the payment currency from invoices already loaded in the request, without calling again', async () => {
    const body = envelope('ok', '<payments page="1" per_page="25" pages="1" total="1"><payment><payment_id>41</payment_id>'
      + '<client_id>7</client_id><invoice_id>00000000015</invoice_id><date>2026-09-02 00:00:00</date><amount>1</amount>'
      + '<type>Cash</type><notes></notes><updated>0000-00-00 00:00:00</updated></payment></payments>');
    const fb = api();
    await fb.listInvoices({ clientId: 7 }, 1, 25);
    emu.faults.add({ method: 'payment.list', fault: xmlFault(body) });
    const page = await fb.listPayments({}, 1, 25);
    expect(page.nodes[0]?.amount).toEqual({ amount: '1.00', currency: 'ILS' });
    expect(emu.log.count('invoice.get')).toBe(0);
  });

  it('gives the same records from the clean XML mode as from the fidelity mode', async () => {
    const clean = new FreshbooksEmulator({ clock: new ManualClock(), seed: 'demo', fidelity: false });
    const server = await clean.start();
    try {
      const cleanApi = new FreshbooksAPI(new FreshbooksTransport({ url: `${server.url}${FRESHBOOKS_PATH}`, token: FRESHBOOKS_DEMO_TOKEN, timeoutMs: 2000, readRetries: 0 }), { baseCurrency: 'USD' });
      const strip = (nodes: PaymentRecord[]) => nodes.map(({ updatedAt: _, ...rest }) => rest);
      expect(strip((await cleanApi.listPayments({}, 1, 100)).nodes)).toEqual(strip((await api().listPayments({}, 1, 100)).nodes));
    } finally {
      await server.close();
    }
  });

  it('falls back to the request for paging on the 2.0 endpoint, which sends no paging attributes', async () => {
    const page = await api({ url: `${running.url}${FRESHBOOKS_V20_PATH}` }).listPayments({ clientId: 2 }, 1, 25);
    expect(page.pageInfo).toEqual({ page: 1, perPage: 25, totalPages: 1, totalCount: 1 });
  });

  it('reads a payment type paygraph does not know as OTHER, with a warning, instead of failing the page', async () => {
    const warnings: WireWarning[] = [];
    setWireWarningSink((w) => warnings.push(w));
    try {
      emu.faults.add({ method: 'payment.list', fault: xmlFault(envelope('ok', '<payments page="1" per_page="25" pages="1" total="1"><payment>'
        + '<payment_id>1</payment_id><client_id>1</client_id><invoice_id/><date>2026-01-01 00:00:00</date><currency_code>USD</currency_code>'
        + '<type>Bitcoin</type><notes/><amount>1</amount></payment></payments>')) });
      const page = await api().listPayments({}, 1, 25);
      expect(page.nodes.map((p) => p.type)).toEqual(['OTHER']);
      expect(warnings).toEqual([expect.objectContaining({ upstream: 'FRESHBOOKS', kind: 'unknown_payment_type', value: 'Bitcoin' })]);
    } finally {
      setWireWarningSink(null);
    }
  });
});

describe('listInvoices and listClients', () => {
  it('lists invoices by client, status and number, keeping numbers exact, and primes invoiceById', async () => {
    const fb = api();
    const paid = await fb.listInvoices({ clientId: 1, status: 'paid' }, 1, 25);
    expect(paid.nodes.map((i) => i.number)).toEqual(['0000004', '0000003', '0000001']);
    expect(paid.nodes.every((i) => i.status === 'PAID')).toBe(true);
    expect((await fb.listInvoices({ number: '00012' }, 1, 25)).nodes.map((i) => i.freshbooksId)).toEqual([12]);
    await fb.invoiceById.load(3);
    expect(emu.log.count('invoice.get')).toBe(0);
  });

  it('lists clients by e-mail and primes clientById; an unknown e-mail gives an empty page', async () => {
    const fb = api();
    const found = await fb.listClients({ email: 'avi@bendavid.example' }, 1, 25);
    expect(found.nodes.map((c) => c.freshbooksId)).toEqual([6]);
    expect(found.pageInfo).toEqual({ page: 1, perPage: 25, totalPages: 1, totalCount: 1 });
    await fb.clientById.load(6);
    expect(emu.log.count('client.get')).toBe(0);
    expect((await fb.listClients({ email: 'nobody@example.com' }, 1, 25)).nodes).toEqual([]);
  });
});

describe('createPayment', () => {
  it('records an invoice payment once, reads it back, and sends no currency_code', async () => {
    const fb = api();
    const payment = value(await fb.createPayment({ invoiceId: 15, amount: '100', currency: 'ILS', type: 'BANK_TRANSFER', date: '2026-11-20' }, FIELDS));
    expect(payment).toMatchObject({ invoiceId: 15, clientId: 7, amount: { amount: '100.00', currency: 'ILS' }, type: 'BANK_TRANSFER', date: '2026-11-20', notes: '' });
    expect(emu.getPayment(payment.freshbooksId)).toMatchObject({ amount: '100', type: 'Bank Transfer' });
    expect(emu.log.all().map((r) => r.method)).toEqual(['payment.create', 'payment.get']);
    expect(emu.log.all()[0]?.params).toEqual({
      method: 'payment.create', payment: { invoice_id: '15', amount: '100', date: '2026-11-20', type: 'Bank Transfer' },
    });
    expect(emu.getInvoice(15)?.status).toBe('partial');
  });

  it('records a client credit in the currency given', async () => {
    const payment = value(await api().createPayment({ clientId: 7, amount: '25.5', currency: 'USD' }, FIELDS));
    expect(payment).toMatchObject({ invoiceId: null, clientId: 7, amount: { amount: '25.50', currency: 'USD' }, type: 'CHECK' });
    expect(emu.log.all()[0]?.params).toMatchObject({ payment: { client_id: '7', amount: '25.5', currency_code: 'USD' } });
    expect(emu.getClientCredits(7)).toMatchObject({ USD: '25.5' });
  });

  it('pays an invoice from credit when both ids are given', async () => {
    const payment = value(await api().createPayment({ invoiceId: 11, clientId: 4, amount: '100' }, FIELDS));
    expect(payment).toMatchObject({ fromCredit: true, amount: { amount: '100.00', currency: 'USD' } });
    expect(emu.getClientCredits(4)).toMatchObject({ USD: '270.12' });
  });

  it.each([
    ['markup and the CDATA end', `<b>bold</b> & "quoted" 'single' ]]> <![CDATA[x]]> &amp; &lt;`],
    ['leading and trailing whitespace and newlines', '  \n\tpadded note\n  '],
    ['CRLF line ends', 'line one\r\nline two\r\n'],
    ['Hebrew', 'תשלום עבור חשבונית 0000015'],
    ['only spaces', '   '],
  ])('round-trips notes with %s exactly through create and get', async (_what, notes) => {
    const created = value(await api().createPayment({ invoiceId: 15, amount: '1', notes }, FIELDS));
    expect(created.notes).toBe(notes);
    expect(emu.getPayment(created.freshbooksId)?.notes).toBe(notes);
    expect((await api().paymentById.load(created.freshbooksId))?.notes).toBe(notes);
  });

  it('answers an unknown invoice or client (50010) with NOT_FOUND on the input field', async () => {
    expect(await api().createPayment({ invoiceId: 999, amount: '1' }, FIELDS)).toEqual({
      ok: false, errors: [{ code: 'NOT_FOUND', field: ['invoiceId'], message: 'FreshBooks has no invoice with this id.' }],
    });
    const client = await api().createPayment({ clientId: 999, amount: '1', currency: 'USD' }, FIELDS);
    expect(!client.ok && client.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['clientId'] });
  });

  it('maps 40010 on amount, currency and client to INVALID_AMOUNT, INVALID_CURRENCY and INVALID_INPUT', async () => {
    const amount = await api().createPayment({ invoiceId: 15, amount: '10.123' }, FIELDS);
    expect(!amount.ok && amount.errors[0]).toMatchObject({ code: 'INVALID_AMOUNT', field: ['amount', 'amount'] });
    const currency = await api().createPayment({ clientId: 7, amount: '10', currency: 'XXX' }, FIELDS);
    expect(!currency.ok && currency.errors[0]).toMatchObject({ code: 'INVALID_CURRENCY', field: ['amount', 'currency'], message: 'Unknown currency' });
    const client = await api().createPayment({ invoiceId: 1, clientId: 2, amount: '10' }, FIELDS);
    expect(!client.ok && client.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['clientId'] });
    expect(emu.log.count('payment.get')).toBe(0);
  });

  it('maps 40010 for an invalid type and for currency_code on an invoice payment to userErrors with fields', async () => {
    emu.faults.add({ method: 'payment.create', fault: xmlFault(envelope('fail',
      "<error>Invalid payment type 'Bitcoin'.</error><code>40010</code><field>type</field>")) });
    const type = await api().createPayment({ invoiceId: 15, amount: '1' }, FIELDS);
    expect(type).toEqual({ ok: false, errors: [{ code: 'INVALID_INPUT', field: ['type'], message: "Invalid payment type 'Bitcoin'." }] });
    emu.faults.add({ method: 'payment.create', fault: xmlFault(envelope('fail',
      '<error>currency_code can only be set when creating a credit; invoice payments take the invoice currency.</error><code>40010</code><field>currency_code</field>')) });
    const currency = await api().createPayment({ invoiceId: 15, amount: '1' }, FIELDS);
    expect(!currency.ok && currency.errors[0]).toMatchObject({ code: 'INVALID_CURRENCY', field: ['amount', 'currency'] });
  });

  it('answers an unknown failure code with UPSTREAM_REJECTED and FreshBooks\' message cut to 200 characters', async () => {
    emu.faults.add({ method: 'payment.create', fault: { kind: 'app-error', code: '60010', message: `Account locked. ${'x'.repeat(400)}` } });
    const outcome = await api().createPayment({ invoiceId: 15, amount: '1' }, FIELDS);
    if (outcome.ok) throw new Error('expected a failure');
    expect(outcome.errors[0]).toMatchObject({ code: 'UPSTREAM_REJECTED', field: null });
    expect(outcome.errors[0]?.message).toMatch(/^FreshBooks refused the request \(60010\): Account locked\. x+$/);
    expect(outcome.errors[0]!.message.length).toBeLessThanOrEqual('FreshBooks refused the request (60010): '.length + 200);
  });

  it('never retries payment.create: HTTP 500 is UPSTREAM_UNAVAILABLE after exactly one attempt', async () => {
    emu.faults.add({ method: 'payment.create', fault: { kind: 'http', status: 500 }, times: 5 });
    const err = await upstreamError(api({ readRetries: 3 }).createPayment({ invoiceId: 15, amount: '1', notes: 'SECRET-NOTE' }, FIELDS));
    expect(err.upstreamCode).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.extensions).toMatchObject({ httpStatus: 500, method: 'payment.create' });
    expect(err.message).not.toContain('SECRET-NOTE');
    expect(emu.log.count('payment.create')).toBe(1);
  });

  it('never retries payment.create after a dropped connection, even though the payment may exist', async () => {
    emu.faults.add({ method: 'payment.create', fault: { kind: 'drop' }, afterProcessing: true });
    const err = await upstreamError(api({ readRetries: 3 }).createPayment({ invoiceId: 15, amount: '1' }, FIELDS));
    expect(err.upstreamCode).toBe('UPSTREAM_UNAVAILABLE');
    expect(emu.log.count('payment.create')).toBe(1);
    expect(emu.getInvoice(15)?.paid).toBe('1');
  });

  it('answers UPSTREAM_TIMEOUT when payment.create is not answered in time, without a retry', async () => {
    emu.faults.add({ method: 'payment.create', fault: { kind: 'latency', ms: 500 } });
    const err = await upstreamError(api({ timeoutMs: 150, readRetries: 3 }).createPayment({ invoiceId: 15, amount: '1', notes: 'SECRET-NOTE' }, FIELDS));
    expect(err.upstreamCode).toBe('UPSTREAM_TIMEOUT');
    expect(err.message).not.toContain('SECRET-NOTE');
    await sleep(600); // let the emulator finish the request it was still holding
    expect(emu.log.count('payment.create')).toBe(1);
  });

  it('says the payment was recorded when reading it back fails', async () => {
    emu.faults.add({ method: 'payment.get', fault: { kind: 'http', status: 503 }, times: 5 });
    const err = await upstreamError(api({ readRetries: 0 }).createPayment({ invoiceId: 15, amount: '1' }, FIELDS));
    expect(err.upstreamCode).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.message).toMatch(/^FreshBooks recorded payment 26, but reading it back failed/);
  });
});

describe('updatePayment and deletePayment', () => {
  it('updates only the given fields and returns the payment as FreshBooks now has it', async () => {
    const fb = api();
    expect((await fb.paymentById.load(3))?.amount.amount).toBe('1000.00');
    const updated = value(await fb.updatePayment(3, { amount: '900', notes: '  corrected\n' }, FIELDS));
    expect(updated).toMatchObject({ freshbooksId: 3, amount: { amount: '900.00', currency: 'ILS' }, notes: '  corrected\n', type: 'BANK_TRANSFER' });
    expect(emu.log.all().find((r) => r.method === 'payment.update')?.params).toEqual({
      method: 'payment.update', payment: { payment_id: '3', amount: '900', notes: '  corrected\n' },
    });
    expect(emu.log.count('payment.get')).toBe(2);
    expect(emu.getInvoice(2)?.paid).toBe('1400');
  });

  it('changes the type with the FreshBooks spelling', async () => {
    const updated = value(await api().updatePayment(3, { type: 'TWO_CHECKOUT', date: '2026-02-16' }, FIELDS));
    expect(updated).toMatchObject({ type: 'TWO_CHECKOUT', date: '2026-02-16' });
    expect(emu.getPayment(3)?.type).toBe('2Checkout');
  });

  it('answers an unknown payment with NOT_FOUND on the id field', async () => {
    expect(await api().updatePayment(999, { notes: 'x' }, FIELDS)).toEqual({
      ok: false, errors: [{ code: 'NOT_FOUND', field: ['id'], message: 'FreshBooks has no payment with this id.' }],
    });
    const deleted = await api().deletePayment(999, FIELDS);
    expect(!deleted.ok && deleted.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['id'] });
  });

  it('deletes a payment, forgets it, and the invoice goes back to its earlier status', async () => {
    const fb = api();
    expect(await fb.paymentById.load(8)).not.toBeNull();
    expect(await fb.deletePayment(8, FIELDS)).toEqual({ ok: true, value: 8 });
    expect(await fb.paymentById.load(8)).toBeNull();
    expect((await fb.invoiceById.load(3))?.status).toBe('VIEWED');
    expect(emu.log.count('payment.delete')).toBe(1);
  });

  it('maps a refused delete with an unknown code to UPSTREAM_REJECTED', async () => {
    emu.faults.add({ method: 'payment.delete', fault: { kind: 'app-error', code: '50020', message: 'Failed to delete payment. Request failed.' } });
    expect(await api().deletePayment(8, FIELDS)).toEqual({
      ok: false, errors: [{ code: 'UPSTREAM_REJECTED', field: null, message: 'FreshBooks refused the request (50020): Failed to delete payment. Request failed.' }],
    });
  });
});

describe('transport failures', () => {
  it('answers a wrong token (HTTP 401, 20010) with UPSTREAM_AUTH and does not retry', async () => {
    const err = await upstreamError(api({ token: 'wrong-token' }).listPayments({}, 1, 25));
    expect(err.upstreamCode).toBe('UPSTREAM_AUTH');
    expect(err.extensions).toMatchObject({ httpStatus: 401, reason: '20010', upstream: 'FRESHBOOKS' });
    expect(err.message).not.toContain('wrong-token');
    expect(emu.log.count('payment.list')).toBe(1);
  });

  it('answers a 20010 failure inside an HTTP 200 reply with UPSTREAM_AUTH, not a userError', async () => {
    emu.faults.add({ method: 'payment.create', fault: xmlFault(envelope('fail', '<error>Authentication failed.</error><code>20010</code>')) });
    expect((await upstreamError(api().createPayment({ invoiceId: 15, amount: '1' }, FIELDS))).upstreamCode).toBe('UPSTREAM_AUTH');
  });

  it('answers an unknown account (302 to an HTML login page) with UPSTREAM_AUTH naming the account URL', async () => {
    const unknown = new FreshbooksEmulator({ clock: new ManualClock(), unknownAccount: true });
    const server = await unknown.start();
    try {
      const err = await upstreamError(api({ url: `${server.url}${FRESHBOOKS_PATH}` }).paymentById.load(1));
      expect(err.upstreamCode).toBe('UPSTREAM_AUTH');
      expect(err.message).toMatch(/account URL is wrong/);
      expect(err.extensions).toMatchObject({ httpStatus: 302 });
      expect(unknown.log.count()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('answers a truncated body (HTTP 200) with UPSTREAM_BAD_RESPONSE', async () => {
    emu.faults.add({ method: 'payment.list', fault: { kind: 'malformed' } });
    expect((await upstreamError(api().listPayments({}, 1, 25))).upstreamCode).toBe('UPSTREAM_BAD_RESPONSE');
  });

  it('answers an HTML page served with HTTP 200 with UPSTREAM_BAD_RESPONSE', async () => {
    emu.faults.add({ method: 'payment.get', fault: { kind: 'http', status: 200, body: '<!DOCTYPE html><html><body><p>Scheduled maintenance<br></body></html>' } });
    const err = await upstreamError(api().paymentById.load(1));
    expect(err.upstreamCode).toBe('UPSTREAM_BAD_RESPONSE');
    expect(err.message).not.toContain('maintenance');
  });

  it('retries a read after HTTP 500 and succeeds', async () => {
    emu.faults.add({ method: 'payment.list', fault: { kind: 'http', status: 500 } });
    const page = await api({ readRetries: 2 }).listPayments({}, 1, 5);
    expect(page.nodes).toHaveLength(5);
    expect(emu.log.count('payment.list')).toBe(2);
  });

  it('gives up on a read after its retries with UPSTREAM_UNAVAILABLE (503) or UPSTREAM_RATE_LIMITED (429)', async () => {
    emu.faults.add({ method: 'payment.list', fault: { kind: 'http', status: 503 }, times: 10 });
    const err = await upstreamError(api({ readRetries: 1 }).listPayments({}, 1, 5));
    expect(err.upstreamCode).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.extensions).toMatchObject({ httpStatus: 503 });
    expect(emu.log.count('payment.list')).toBe(2);
    emu.faults.clear();
    emu.faults.add({ method: 'client.get', fault: { kind: 'http', status: 429 } });
    expect((await upstreamError(api({ readRetries: 0 }).clientById.load(1))).extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', httpStatus: 429 });
  });

  it('answers UPSTREAM_TIMEOUT when a read is not answered in time', async () => {
    emu.faults.add({ method: 'payment.get', fault: { kind: 'latency', ms: 400 } });
    expect((await upstreamError(api({ timeoutMs: 100, readRetries: 0 }).paymentById.load(1))).upstreamCode).toBe('UPSTREAM_TIMEOUT');
    await sleep(450);
  });

  it('retries a read after a dropped connection', async () => {
    emu.faults.add({ method: 'invoice.get', fault: { kind: 'drop' } });
    expect((await api({ readRetries: 1 }).invoiceById.load(1))?.number).toBe('0000001');
    expect(emu.log.count('invoice.get')).toBe(2);
  });

  it('answers a refused connection with UPSTREAM_UNAVAILABLE', async () => {
    const closed = new FreshbooksEmulator({ clock: new ManualClock() });
    const server = await closed.start();
    await server.close();
    const err = await upstreamError(api({ url: `${server.url}${FRESHBOOKS_PATH}`, readRetries: 0 }).paymentById.load(1));
    expect(err.upstreamCode).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('answers other HTTP errors (400: API access not enabled) with UPSTREAM_ERROR', async () => {
    emu.faults.add({ method: 'payment.get', fault: { kind: 'http', status: 400 } });
    const err = await upstreamError(api().paymentById.load(1));
    expect(err.upstreamCode).toBe('UPSTREAM_ERROR');
    expect(err.message).toMatch(/API access/);
  });

  it('reports every call to onCall with its method and outcome', async () => {
    const events: { method: string; outcome: string }[] = [];
    const fb = api({ onCall: ({ method, outcome }) => events.push({ method, outcome }) });
    await fb.paymentById.load(1);
    await fb.paymentById.load(999);
    await upstreamError(api({ token: 'nope', onCall: ({ method, outcome }) => events.push({ method, outcome }) }).clientById.load(1));
    expect(events).toEqual([
      { method: 'payment.get', outcome: 'ok' },
      { method: 'payment.get', outcome: '50010' },
      { method: 'client.get', outcome: 'upstream_auth' },
    ]);
  });

  it('POSTs the XML document to the one URL with Basic auth (token:X) and an XML content type', async () => {
    const seen: { method?: string; url?: string; headers?: http.IncomingHttpHeaders; body?: string } = {};
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        Object.assign(seen, { method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(200, { 'content-type': XML });
        res.end(envelope('fail', "<error>'payment_id' not found. Payment not found.</error><code>50010</code>"));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}/api/2.1/xml-in`;
      expect(await new FreshbooksAPI(transport({ url, token: 'tok-123' }), { baseCurrency: 'USD' }).paymentById.load(41)).toBeNull();
      expect(seen).toMatchObject({ method: 'POST', url: '/api/2.1/xml-in', body: '<?xml version="1.0" encoding="utf-8"?><request method="payment.get"><payment_id>41</payment_id></request>' });
      expect(seen.headers?.authorization).toBe(`Basic ${Buffer.from('tok-123:X').toString('base64')}`);
      expect(seen.headers?.['content-type']).toMatch(/^application\/xml/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});


describe('documented payment shapes (issue 16 item 7)', () => {
  it('takes an invoice payment\'s currency from its invoice, a credit\'s from currency_code, over HTTP', async () => {
    const documented = new FreshbooksEmulator({ clock: new ManualClock(), seed: 'demo' });
    const running = await documented.start();
    try {
      const fb = new FreshbooksAPI(new FreshbooksTransport({ url: `${running.url}${FRESHBOOKS_PATH}`, token: FRESHBOOKS_DEMO_TOKEN, timeoutMs: 5000, readRetries: 0 }), { baseCurrency: 'GBP' });
      const page = await fb.listPayments({}, 1, 100);
      const calls = documented.log.all().map((r) => r.method);
      expect(calls[0]).toBe('payment.list');
      expect(calls).toContain('invoice.list');
      // No payment carries GBP (the base currency): each found its invoice's or its own currency.
      expect(page.nodes.every((p) => p.amount.currency !== 'GBP')).toBe(true);
      expect(page.nodes.find((p) => p.freshbooksId === 9)).toMatchObject({ fromCredit: true, amount: { currency: 'USD' } });
      const raw = await fetch(`${running.url}${FRESHBOOKS_PATH}`, {
        method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${FRESHBOOKS_DEMO_TOKEN}:X`).toString('base64')}` },
        body: '<?xml version="1.0" encoding="utf-8"?><request method="payment.get"><payment_id>1</payment_id></request>',
      });
      const text = await raw.text();
      expect(text).not.toContain('<currency_code>');
      expect(text).not.toContain('<from_credit>');
    } finally {
      await running.close();
    }
  });

  it('keeps date filters inclusive although FreshBooks reads them as after/before', async () => {
    const documented = new FreshbooksEmulator({ clock: new ManualClock(), seed: 'demo' });
    const running = await documented.start();
    try {
      const fb = new FreshbooksAPI(new FreshbooksTransport({ url: `${running.url}${FRESHBOOKS_PATH}`, token: FRESHBOOKS_DEMO_TOKEN, timeoutMs: 5000, readRetries: 0 }), { baseCurrency: 'USD' });
      const all = (await fb.listPayments({}, 1, 100)).nodes;
      const day = all[0]!.date;
      const same = (await fb.listPayments({ dateFrom: day, dateTo: day }, 1, 100)).nodes;
      expect(same.length).toBe(all.filter((p) => p.date === day).length);
      expect(same.length).toBeGreaterThan(0);
    } finally {
      await running.close();
    }
  });
});
