import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { XMLValidator } from 'fast-xml-parser';
import { ManualClock } from '../../src/emulators/shared/clock.js';
import {
  FbError,
  FreshbooksEmulator,
  FRESHBOOKS_DEMO_TOKEN,
  PAYMENT_TYPES,
  type FreshbooksEmulatorOptions,
  type RunningEmulator,
} from '../../src/emulators/freshbooks/index.js';
import { basic, call, expectOk, failure, fields, req, type CallOptions } from './freshbooks-helpers.js';

/** 2026-11-21 03:30 UTC = 2026-11-20 22:30 in New York: "today" is the US/Eastern date. */
const START = Date.UTC(2026, 10, 21, 3, 30, 0);

const servers: RunningEmulator[] = [];
async function boot(options: FreshbooksEmulatorOptions = {}) {
  const clock = new ManualClock(START);
  // The old generous behaviour these tests were written for; the documented defaults are tested at the end.
  const emu = new FreshbooksEmulator({ clock, generousPayments: true, dateFilterBounds: 'inclusive', currencyOnInvoicePayment: 'fail', ...options });
  const server = await emu.start({ port: 0 });
  servers.push(server);
  const api = (body: string, callOptions?: CallOptions) => call(server.url, body, callOptions);
  return { emu, clock, url: server.url, api };
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

let demo: Awaited<ReturnType<typeof boot>>;
beforeAll(async () => {
  demo = await boot();
});
beforeEach(() => {
  demo.emu.reset();
  demo.clock.set(START);
});

const create = (payment: Record<string, string | number>) => demo.api(req('payment.create', `<payment>${fields(payment)}</payment>`));
const update = (payment: Record<string, string | number>) => demo.api(req('payment.update', `<payment>${fields(payment)}</payment>`));
const getPayment = async (id: number | string) => expectOk(await demo.api(req('payment.get', fields({ payment_id: id })))).payment;
const listPayments = async (filters: Record<string, string | number> = {}) =>
  expectOk(await demo.api(req('payment.list', fields(filters)))).payments;

describe('transport and authentication', () => {
  it('accepts the token as Basic user name whatever the password (X, empty, none)', async () => {
    for (const auth of [basic(FRESHBOOKS_DEMO_TOKEN, 'X'), basic(FRESHBOOKS_DEMO_TOKEN, ''), basic(FRESHBOOKS_DEMO_TOKEN, 'anything'), basic(FRESHBOOKS_DEMO_TOKEN, null)]) {
      const res = await demo.api(req('payment.get', '<payment_id>1</payment_id>'), { auth });
      expect(res.status).toBe(200);
      expect(res.doc['@_status']).toBe('ok');
    }
  });

  it('answers a wrong token with HTTP 401 and an XML fail body, code 20010', async () => {
    const res = await demo.api(req('payment.list'), { auth: basic('not-a-token') });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(failure(res)).toEqual({ code: '20010', error: 'Authentication failed.', field: undefined });
  });

  it('answers a missing Authorization header with 401 / 20010', async () => {
    const res = await demo.api(req('payment.list'), { auth: null });
    expect(res.status).toBe(401);
    expect(failure(res).code).toBe('20010');
  });

  it('accepts extra tokens from the options', async () => {
    const other = await boot({ tokens: ['staff-token-1'], seed: 'empty' });
    expect((await other.api(req('payment.list'), { auth: basic('staff-token-1') })).status).toBe(200);
    expect((await other.api(req('payment.list'))).status).toBe(401);
  });

  it('answers non-POST verbs with 405 and no XML', async () => {
    const res = await demo.api('', { method: 'GET' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(res.text).not.toContain('<');
  });

  it('answers unknown paths with 404', async () => {
    expect((await demo.api(req('payment.list'), { path: '/api/2.1/json' })).status).toBe(404);
  });

  it('redirects every call to /loginSearch.php with HTML when the account is unknown', async () => {
    const lost = await boot({ unknownAccount: true });
    const res = await lost.api(req('payment.list'));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/loginSearch.php');
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toContain('<html>');
  });

  it('reads the raw body whatever the Content-Type, with or without an XML declaration', async () => {
    for (const contentType of [null, 'application/xml', 'text/xml', 'application/x-www-form-urlencoded', 'text/plain']) {
      const res = await demo.api(req('payment.get', '<payment_id>1</payment_id>'), { contentType });
      expect(res.doc['@_status']).toBe('ok');
    }
    const withDecl = await demo.api(`<?xml version="1.0" encoding="utf-8"?>\n${req('payment.get', '<payment_id>1</payment_id>')}`);
    expect(withDecl.doc['@_status']).toBe('ok');
  });

  it('wraps answers in the namespaced envelope with the utf-8 declaration and XML content type', async () => {
    const res = await create({ invoice_id: 15, amount: '10' });
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(res.text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<response xmlns="http://www.freshbooks.com/api/" status="ok">')).toBe(true);
    expect(res.text).toContain('<payment_id>26</payment_id>');
    const upd = await update({ payment_id: 26, notes: 'x' });
    expect(upd.text).toContain('<response xmlns="http://www.freshbooks.com/api/" status="ok"/>');
    const del = await demo.api(req('payment.delete', '<payment_id>26</payment_id>'));
    expect(del.text).toContain('<response xmlns="http://www.freshbooks.com/api/" status="ok"/>');
  });

  it('serves the 2.0 endpoint /api/xml-in with list containers that have no paging attributes', async () => {
    const res = await demo.api(req('payment.list', '<client_id>2</client_id>'), { path: '/api/xml-in' });
    expect(res.text).toMatch(/<payments>\n/);
    expect(res.doc.payments.payment).toHaveLength(1);
  });
});

describe('payment.create', () => {
  it('records an invoice payment and moves the invoice to partial, then paid', async () => {
    expect(demo.emu.getInvoice(15)).toMatchObject({ status: 'sent', paid: '0', amount_outstanding: '900' });
    const first = expectOk(await create({ invoice_id: 15, amount: '400.50', type: 'Bank Transfer', date: '2026-10-01' }));
    const id = Number(first.payment_id);
    expect(demo.emu.getInvoice(15)).toMatchObject({ status: 'partial', paid: '400.5', amount_outstanding: '499.5' });
    const p = await getPayment(id);
    expect(p).toMatchObject({ client_id: '7', invoice_id: '00000000015', amount: '400.50', currency_code: 'ILS', type: 'Bank Transfer', date: '2026-10-01 00:00:00', from_credit: '0' });
    expectOk(await create({ invoice_id: 15, amount: '499.50' }));
    expect(demo.emu.getInvoice(15)).toMatchObject({ status: 'paid', paid: '900', amount_outstanding: '0' });
  });

  it('records a client credit in the client currency by default and in currency_code when given', async () => {
    expect(demo.emu.getClientCredits(7)).toEqual({ ILS: '0' });
    const a = Number(expectOk(await create({ client_id: 7, amount: '150' })).payment_id);
    const b = Number(expectOk(await create({ client_id: 7, amount: '20.25', currency_code: 'USD' })).payment_id);
    expect(demo.emu.getClientCredits(7)).toEqual({ ILS: '150', USD: '20.25' });
    expect(await getPayment(a)).toMatchObject({ invoice_id: '', currency_code: 'ILS', from_credit: '0' });
    expect(await getPayment(b)).toMatchObject({ currency_code: 'USD' });
  });

  it('pays an invoice from credit when both ids are given and reduces the credit in the invoice currency', async () => {
    expect(demo.emu.getClientCredits(4)).toEqual({ USD: '370.12' });
    const id = Number(expectOk(await create({ invoice_id: 11, client_id: 4, amount: '300.12' })).payment_id);
    expect(demo.emu.getClientCredits(4)).toEqual({ USD: '70' });
    expect(demo.emu.getInvoice(11)).toMatchObject({ paid: '900.12', amount_outstanding: '599.88', status: 'partial' });
    expect((await getPayment(id)).from_credit).toBe('1');
  });

  it('refuses a payment from credit larger than the credit, and creates nothing', async () => {
    const res = await create({ invoice_id: 11, client_id: 4, amount: '370.13' });
    expect(failure(res)).toMatchObject({ code: '40010', field: 'amount' });
    expect(demo.emu.getClientCredits(4)).toEqual({ USD: '370.12' });
    expect((await listPayments()).payment).toHaveLength(25);
  });

  it('refuses both ids when the invoice belongs to another client', async () => {
    expect(failure(await create({ invoice_id: 11, client_id: 5, amount: '1' }))).toMatchObject({ code: '40010', field: 'client_id' });
  });

  it('refuses a payment with neither invoice_id nor client_id', async () => {
    expect(failure(await create({ amount: '5' })).code).toBe('40010');
    expect(failure(await demo.api(req('payment.create'))).code).toBe('40010');
  });

  it('answers unknown invoice and client ids with 50010', async () => {
    expect(failure(await create({ invoice_id: 999, amount: '1' }))).toEqual({ code: '50010', error: "'invoice_id' not found. Invoice not found.", field: undefined });
    expect(failure(await create({ client_id: 999, amount: '1' }))).toMatchObject({ code: '50010', error: "'client_id' not found. Client not found." });
  });

  it('defaults type to Check, amount to 0 and date to today in US/Eastern', async () => {
    const id = Number(expectOk(await create({ invoice_id: 15 })).payment_id);
    expect(await getPayment(id)).toMatchObject({ type: 'Check', amount: '0', date: '2026-11-20 00:00:00', updated: '2026-11-20 22:30:00' });
    expect(demo.emu.getInvoice(15)?.status).toBe('sent');
  });

  it('accepts every one of the 17 G3 payment types', async () => {
    expect(PAYMENT_TYPES).toHaveLength(17);
    for (const type of PAYMENT_TYPES) {
      const id = Number(expectOk(await create({ client_id: 1, amount: '1', type })).payment_id);
      expect((await getPayment(id)).type).toBe(type);
    }
  });

  it('rejects a payment type outside the list, case-sensitively, naming the type', async () => {
    for (const type of ['Visa', 'check', 'Wire', 'BankTransfer']) {
      const f = failure(await create({ client_id: 1, amount: '1', type }));
      expect(f).toMatchObject({ code: '40010', field: 'type' });
      expect(f.error).toContain(`'${type}'`);
    }
  });

  it('rejects currency_code on an invoice payment (field currency_code)', async () => {
    expect(failure(await create({ invoice_id: 15, amount: '1', currency_code: 'ILS' }))).toMatchObject({ code: '40010', field: 'currency_code' });
  });

  it('ignores currency_code on an invoice payment when configured to', async () => {
    const lax = await boot({ currencyOnInvoicePayment: 'ignore' });
    const res = expectOk(await lax.api(req('payment.create', '<payment><invoice_id>15</invoice_id><amount>1</amount><currency_code>USD</currency_code></payment>')));
    expect(lax.emu.getPayment(Number(res.payment_id))?.currency_code).toBe('ILS');
  });

  it('answers an unknown or empty currency with Unknown currency / 40010', async () => {
    for (const currency_code of ['XYZ', 'usd', '']) {
      expect(failure(await create({ client_id: 1, amount: '1', currency_code }))).toEqual({ code: '40010', error: 'Unknown currency', field: 'currency_code' });
    }
  });

  it('rejects amounts that are negative, not decimal or too precise for the currency', async () => {
    for (const amount of ['-5', 'abc', '1e3', '12.345', '1,000', '.5', '0x10']) {
      expect(failure(await create({ client_id: 1, amount }))).toMatchObject({ code: '40010', field: 'amount' });
    }
  });

  it('rejects impossible dates', async () => {
    for (const date of ['2026-02-30', '26-01-01', 'yesterday']) {
      expect(failure(await create({ client_id: 1, amount: '1', date }))).toMatchObject({ code: '40010', field: 'date' });
    }
  });

  it('accepts zero-padded ids as sent back by the real service', async () => {
    expectOk(await create({ invoice_id: '00000000015', amount: '1' }));
    expect(demo.emu.getInvoice(15)?.paid).toBe('1');
  });

  it('turns an overpayment into client credit and floors amount_outstanding at 0', async () => {
    expectOk(await create({ invoice_id: 15, amount: '1000' }));
    expect(demo.emu.getInvoice(15)).toMatchObject({ status: 'paid', paid: '1000', amount_outstanding: '0' });
    expect(demo.emu.getClientCredits(7)).toEqual({ ILS: '100' });
  });

  it('is exact with decimals that binary floats get wrong', async () => {
    const inv = demo.emu.addInvoice({ client_id: 5, amount: '0.3' });
    expectOk(await create({ invoice_id: inv, amount: '0.1' }));
    expectOk(await create({ invoice_id: inv, amount: '0.2' }));
    expect(demo.emu.getInvoice(inv)).toMatchObject({ paid: '0.3', amount_outstanding: '0', status: 'paid' });
  });
});

describe('payment.update', () => {
  it('changes only the fields sent and bumps updated', async () => {
    demo.clock.advance(60_000);
    expect(expectOk(await update({ payment_id: 17, notes: 'Revised' })).payment).toBeUndefined();
    expect(await getPayment(17)).toMatchObject({ notes: 'Revised', amount: '770', type: 'ACH', date: '2026-06-20 00:00:00', updated: '2026-11-20 22:31:00' });
  });

  it('keeps the invoice consistent when the amount changes', async () => {
    expectOk(await update({ payment_id: 17, amount: '1770.00' }));
    expect(demo.emu.getInvoice(8)).toMatchObject({ status: 'paid', paid: '1770', amount_outstanding: '0' });
    expectOk(await update({ payment_id: 17, amount: '100' }));
    expect(demo.emu.getInvoice(8)).toMatchObject({ status: 'partial', paid: '100', amount_outstanding: '1670' });
  });

  it('accepts amount 0.00 (the G1 delete) and returns the invoice to its pre-payment status', async () => {
    expect(demo.emu.getInvoice(12)?.status).toBe('paid');
    expectOk(await update({ payment_id: 11, amount: '0.00', notes: 'Payment refunded.' }));
    expect(demo.emu.getInvoice(12)).toMatchObject({ status: 'viewed', paid: '0', amount_outstanding: '301.21' });
    expect((await getPayment(11)).amount).toBe('0.00');
  });

  it('refuses to move a payment to another invoice or client but accepts the same ids repeated', async () => {
    expect(failure(await update({ payment_id: 17, invoice_id: 7 }))).toMatchObject({ code: '40010', field: 'invoice_id' });
    expect(failure(await update({ payment_id: 17, client_id: 1 }))).toMatchObject({ code: '40010', field: 'client_id' });
    expectOk(await update({ payment_id: 17, invoice_id: '00000000008', client_id: 3, type: 'Cash' }));
    expect((await getPayment(17)).type).toBe('Cash');
  });

  it('changes the currency of a credit but refuses currency_code on an invoice payment', async () => {
    expectOk(await update({ payment_id: 16, currency_code: 'EUR' }));
    expect(demo.emu.getClientCredits(1)).toEqual({ ILS: '0', EUR: '200' });
    expect(failure(await update({ payment_id: 17, currency_code: 'USD' }))).toMatchObject({ code: '40010', field: 'currency_code' });
  });

  it('refuses to spend more credit than the client has and to remove credit that was used', async () => {
    const id = Number(expectOk(await create({ invoice_id: 11, client_id: 4, amount: '300' })).payment_id);
    expect(demo.emu.getClientCredits(4)).toEqual({ USD: '70.12' });
    expect(failure(await update({ payment_id: id, amount: '370.13' }))).toMatchObject({ code: '40010', field: 'amount' });
    expectOk(await update({ payment_id: id, amount: '370.12' }));
    expect(demo.emu.getClientCredits(4)).toEqual({ USD: '0' });
    expect(failure(await update({ payment_id: 7, amount: '499' }))).toMatchObject({ code: '40010', field: 'amount' });
  });

  it('validates type, amount and date like create', async () => {
    expect(failure(await update({ payment_id: 17, type: 'Bitcoin' })).field).toBe('type');
    expect(failure(await update({ payment_id: 17, amount: '-1' })).field).toBe('amount');
    expect(failure(await update({ payment_id: 17, date: '2026-13-01' })).field).toBe('date');
  });

  it('requires payment_id and answers unknown ids with 50010', async () => {
    expect(failure(await update({ notes: 'x' }))).toMatchObject({ code: '40010', field: 'payment_id' });
    expect(failure(await update({ payment_id: 4242, notes: 'x' }))).toEqual({ code: '50010', error: "'payment_id' not found. Payment not found.", field: undefined });
  });
});

describe('payment.delete', () => {
  it('removes the payment and returns the invoice to its pre-payment status', async () => {
    expectOk(await demo.api(req('payment.delete', '<payment_id>5</payment_id>')));
    expect(demo.emu.getInvoice(5)).toMatchObject({ status: 'viewed', paid: '0', amount_outstanding: '38.55' });
    expect(failure(await demo.api(req('payment.get', '<payment_id>5</payment_id>'))).code).toBe('50010');
    expect((await listPayments({ client_id: 2 })).payment).toBeUndefined();
  });

  it('gives back the credit a from-credit payment used', async () => {
    expectOk(await demo.api(req('payment.delete', '<payment_id>9</payment_id>')));
    expect(demo.emu.getClientCredits(4)).toEqual({ USD: '500' });
    expect(demo.emu.getInvoice(10)).toMatchObject({ status: 'sent', amount_outstanding: '129.88' });
  });

  it('removes an unused credit but refuses to remove credit that was already spent', async () => {
    expectOk(await demo.api(req('payment.delete', '<payment_id>16</payment_id>')));
    expect(demo.emu.getClientCredits(1)).toEqual({ ILS: '0' });
    expect(failure(await demo.api(req('payment.delete', '<payment_id>7</payment_id>')))).toMatchObject({ code: '40010', field: 'amount' });
  });

  it('answers unknown ids with 50010 and a missing id with 40010', async () => {
    expect(failure(await demo.api(req('payment.delete', '<payment_id>31337</payment_id>'))).code).toBe('50010');
    expect(failure(await demo.api(req('payment.delete'))).code).toBe('40010');
  });
});

describe('payment.get', () => {
  it('returns every field with exact strings', async () => {
    expect(await getPayment(9)).toEqual({
      payment_id: '9', client_id: '4', invoice_id: '00000000010', date: '2026-03-20 00:00:00', currency_code: 'USD',
      type: 'Credit', notes: 'Applied from retainer', updated: '2026-03-20 09:03:57', from_credit: '1', amount: '129.88',
    });
  });

  it('includes gateway_transaction only for the seeded online payment', async () => {
    expect((await getPayment(4)).gateway_transaction).toEqual({ reference_id: 'ch_3QxZ8kLmN2pR4sT6', gateway_name: 'Stripe' });
    expect((await getPayment(3)).gateway_transaction).toBeUndefined();
  });

  it('answers an unknown id with 50010 and a non-numeric id with 40010', async () => {
    expect(failure(await demo.api(req('payment.get', '<payment_id>26</payment_id>')))).toEqual({ code: '50010', error: "'payment_id' not found. Payment not found.", field: undefined });
    expect(failure(await demo.api(req('payment.get', '<payment_id>abc</payment_id>')))).toMatchObject({ code: '40010', field: 'payment_id' });
  });
});

describe('payment.list paging', () => {
  it('defaults to page 1 of 25, newest payment_id first', async () => {
    const list = await listPayments();
    expect([list['@_page'], list['@_per_page'], list['@_pages'], list['@_total']]).toEqual(['1', '25', '1', '25']);
    expect(list.payment.map((p: { payment_id: string }) => Number(p.payment_id))).toEqual(Array.from({ length: 25 }, (_, i) => 25 - i));
  });

  it('computes pages = ceil(total / per_page) and serves later pages', async () => {
    const list = await listPayments({ per_page: 10, page: 3 });
    expect([list['@_page'], list['@_per_page'], list['@_pages'], list['@_total']]).toEqual(['3', '10', '3', '25']);
    expect(list.payment.map((p: { payment_id: string }) => p.payment_id)).toEqual(['5', '4', '3', '2', '1']);
  });

  it('caps per_page silently at 100', async () => {
    const big = await boot({ seed: 'empty' });
    const client = big.emu.addClient({ first_name: 'Bulk', last_name: 'Payer', email: 'bulk@example.com', currency_code: 'USD' });
    for (let i = 0; i < 120; i++) big.emu.addPayment({ client_id: client, amount: String(i) });
    const list = expectOk(await big.api(req('payment.list', '<per_page>500</per_page>'))).payments;
    expect([list['@_per_page'], list['@_pages'], list['@_total']]).toEqual(['100', '2', '120']);
    expect(list.payment).toHaveLength(100);
  });

  it('uses 25 when per_page is below 1 or not a number', async () => {
    for (const per_page of ['0', '-3', 'ten', '']) {
      expect((await listPayments({ per_page }))['@_per_page']).toBe('25');
    }
  });

  it('answers a page past the end with an empty container and the real total/pages', async () => {
    const res = await demo.api(req('payment.list', fields({ per_page: 10, page: 7 })));
    const list = expectOk(res).payments;
    expect([list['@_page'], list['@_pages'], list['@_total']]).toEqual(['7', '3', '25']);
    expect(list.payment).toBeUndefined();
    expect(res.text).toContain('<payments page="7" per_page="10" pages="3" total="25"/>');
  });

  it('gives an empty list pages="0" by default and pages="1" when configured', async () => {
    const list = await listPayments({ client_id: 7 });
    expect([list['@_pages'], list['@_total']]).toEqual(['0', '0']);
    const one = await boot({ seed: 'empty', emptyListPages: 1 });
    const empty = expectOk(await one.api(req('payment.list'))).payments;
    expect([empty['@_pages'], empty['@_total']]).toEqual(['1', '0']);
  });

  it('returns a single-element list as exactly one <payment> child', async () => {
    const res = await demo.api(req('payment.list', '<client_id>2</client_id>'));
    expect(res.text.match(/<payment>/g)).toHaveLength(1);
    expect(expectOk(res).payments.payment[0].payment_id).toBe('5');
  });
});

describe('payment.list filters', () => {
  const ids = async (filters: Record<string, string | number>) =>
    ((await listPayments(filters)).payment ?? []).map((p: { payment_id: string }) => Number(p.payment_id));

  it('filters by client_id and by invoice_id (padded or not)', async () => {
    expect(await ids({ client_id: 4 })).toEqual([25, 21, 20, 9, 7, 4]);
    expect(await ids({ invoice_id: 11 })).toEqual([25, 21, 20]);
    expect(await ids({ invoice_id: '00000000011' })).toEqual([25, 21, 20]);
    expect(await ids({ client_id: 4, invoice_id: 10 })).toEqual([9]);
  });

  it('filters by date_from / date_to inclusively', async () => {
    expect(await ids({ date_from: '2026-03-01', date_to: '2026-03-11' })).toEqual([8, 7, 6]);
    expect(await ids({ date_from: '2026-04-28 12:04:11', date_to: '2026-04-28 12:04:11' })).toEqual([11]);
  });

  it('filters by updated_from / updated_to with dates or date-times', async () => {
    await update({ payment_id: 3, notes: 'touched' }); // updated 2026-11-20 22:30:00
    expect(await ids({ updated_from: '2026-11-20' })).toEqual([3]);
    expect(await ids({ updated_from: '2026-11-20 22:30:00', updated_to: '2026-11-20 22:30:00' })).toEqual([3]);
    expect(await ids({ updated_to: '2026-01-31' })).toEqual([2, 1]); // the never-set 0000-00-00 00:00:00 ones
  });

  it('rejects malformed filter values with 40010 naming the field', async () => {
    expect(failure(await demo.api(req('payment.list', '<date_from>01/03/2026</date_from>')))).toMatchObject({ code: '40010', field: 'date_from' });
    expect(failure(await demo.api(req('payment.list', '<client_id>four</client_id>')))).toMatchObject({ code: '40010', field: 'client_id' });
  });
});

describe('request XML handling', () => {
  it('answers malformed XML with 40010', async () => {
    for (const body of ['<request method="payment.list">', 'not xml at all', '<request method="payment.get"><payment_id>1</request>', '', '<a/><b/>']) {
      expect(failure(await demo.api(body)).code).toBe('40010');
    }
  });

  it('rejects unknown named entities, bare ampersands and DOCTYPEs as malformed', async () => {
    const bodies = [
      req('payment.create', '<payment><client_id>1</client_id><notes>a&nbsp;b</notes></payment>'),
      req('payment.create', '<payment><client_id>1</client_id><notes>A & B</notes></payment>'),
      `<!DOCTYPE r [<!ENTITY x "boom">]>${req('payment.create', '<payment><client_id>1</client_id><notes>&x;</notes></payment>')}`,
    ];
    for (const body of bodies) expect(failure(await demo.api(body)).code).toBe('40010');
    expect((await listPayments()).payment).toHaveLength(25);
  });

  it('answers an unknown or missing method with 40010 naming method', async () => {
    expect(failure(await demo.api(req('payment.void')))).toMatchObject({ code: '40010', field: 'method' });
    expect(failure(await demo.api('<request><payment_id>1</payment_id></request>'))).toMatchObject({ code: '40010', field: 'method' });
  });

  it('round-trips notes with XML metacharacters, ]]> and Hebrew exactly', async () => {
    const notes = `Tom's "A&B" <b>bold</b> ]]> done — שולם במזומן, תודה!`;
    const escaped = notes.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const id = Number(expectOk(await create({ client_id: 3, amount: '1', notes: escaped })).payment_id);
    expect(demo.emu.getPayment(id)?.notes).toBe(notes);
    const res = await demo.api(req('payment.get', `<payment_id>${id}</payment_id>`));
    expect(res.doc.payment.notes).toBe(notes);
    expect(res.text).toContain(']]&gt; done');
    expect(res.text).toContain('שולם במזומן');
    expect(XMLValidator.validate(res.text)).toBe(true);
    const listed = (await listPayments({ client_id: 3 })).payment[0];
    expect(listed.notes).toBe(notes);
  });

  it('decodes CDATA, numeric character references and keeps surrounding whitespace in notes', async () => {
    const body = req('payment.create', '<payment><client_id>3</client_id><notes><![CDATA[  <raw> & ]]>&#x5E9;&#1500;&apos;\n</notes></payment>');
    const id = Number(expectOk(await demo.api(body)).payment_id);
    expect(demo.emu.getPayment(id)?.notes).toBe("  <raw> & של'\n");
    const res = await demo.api(req('payment.get', `<payment_id>${id}</payment_id>`));
    expect(res.text).toContain("<notes>  &lt;raw&gt; &amp; של&apos;\n</notes>");
  });

  it('ignores stray text between elements and pretty-printing whitespace', async () => {
    const body = `\n<request method="payment.create">\n  <payment>\n    <client_id>2</client_id> stray\n    <amount>3</amount>\n  </payment>\n</request>\n`;
    const id = Number(expectOk(await demo.api(body)).payment_id);
    expect(demo.emu.getPayment(id)).toMatchObject({ amount: '3', notes: '' });
  });
});

describe('FreshBooks reference samples (G1 payments page)', () => {
  it('accepts the compact payment.create sample against a seeded client 13 / invoice 344', async () => {
    const g1 = await boot({ seed: 'empty' });
    for (let i = 1; i <= 13; i++) g1.emu.addClient({ first_name: `C${i}`, last_name: 'Test', email: `c${i}@example.com`, currency_code: 'USD' });
    g1.emu.addInvoice({ id: 344, client_id: 13, amount: '19.99', date: '2007-06-01' });
    g1.emu.addPayment({ client_id: 13, amount: '19.99', date: '2007-06-01' }); // both ids = paid from credit
    const res = await g1.api('<request method="payment.create"><payment><client_id>13</client_id><invoice_id>344</invoice_id><date>2007-06-19</date><amount>19.99</amount><type>Check</type><notes>Payment notes.</notes></payment></request>');
    expect(expectOk(res).payment_id).toBe('2');
    expect(g1.emu.getInvoice(344)).toMatchObject({ status: 'paid', paid: '19.99' });
    expect(g1.emu.getPayment(2)).toMatchObject({ from_credit: true, client_id: 13, invoice_id: 344, date: '2007-06-19 00:00:00', notes: 'Payment notes.' });
    expect(g1.emu.getClientCredits(13)).toEqual({ USD: '0' });
  });

  it('accepts the page\'s verbatim samples, including its declaration glitch and # annotations', async () => {
    const g1 = await boot({ seed: 'empty' });
    for (let i = 1; i <= 13; i++) g1.emu.addClient({ first_name: `C${i}`, last_name: 'Test', email: `c${i}@example.com`, currency_code: 'USD' });
    g1.emu.addInvoice({ id: 133, client_id: 3, amount: '50', date: '2007-01-01' });
    g1.emu.addInvoice({ id: 207, client_id: 13, amount: '129.88', date: '2007-05-01' });
    g1.emu.addPayment({ id: 102, client_id: 13, amount: '129.88' }); // credit that the sample spends
    g1.emu.addPayment({ id: 120, invoice_id: 133, amount: '25', date: '2007-03-02' });
    g1.emu.addPayment({ id: 322, client_id: 3, amount: '5' });

    const createSample = `<?xml version="1.0"encoding="utf-8"?> <request method="payment.create"> <payment> <client_id>13</client_id> <invoice_id>207</invoice_id> # Associate this payment with an invoice (Optional) <date>2007-05-30</date> # Default value is today's date (Optional) <amount>129.88</amount> # Default is zero (Optional) <type>Check</type> # Default is Check (Optional) <notes>Prompt payment!</notes> # (Optional) </payment> </request>`;
    expect(expectOk(await g1.api(createSample)).payment_id).toBe('323');
    expect(g1.emu.getPayment(323)).toMatchObject({ invoice_id: 207, client_id: 13, from_credit: true, notes: 'Prompt payment!', date: '2007-05-30 00:00:00' });
    expect(g1.emu.getInvoice(207)?.status).toBe('paid');

    g1.emu.addPayment({ id: 103, client_id: 13, amount: '10' });
    const updateSample = `<?xml version="1.0"encoding="utf-8"?> <request method="payment.update"> <payment> <payment_id>103</payment_id> <amount>0.00</amount> <notes>Payment refunded.</notes> </payment> </request>`;
    const upd = await g1.api(updateSample);
    expectOk(upd);
    expect(upd.text).toContain('status="ok"/>');
    expect(g1.emu.getPayment(103)).toMatchObject({ amount: '0.00', notes: 'Payment refunded.' });

    const getSample = `<?xml version="1.0"encoding="utf-8"?> <request method="payment.get"> <payment_id>322</payment_id> </request>`;
    expect(expectOk(await g1.api(getSample)).payment.payment_id).toBe('322');

    const listSample = `<?xml version="1.0"encoding="utf-8"?> <request method="payment.list"> <client_id>3</client_id> # Filter by client (Optional) <invoice_id>133</invoice_id> # Filter by invoice (Optional) <date_from>2007-01-01</date_from> # Return payments dated after this arg (Optional) <date_to>2007-04-01</date_to> # Return payments dated before this arg (Optional) <page>1</page> # Page number to return, default is 1 (Optional) <per_page>10</per_page> # Number of results per page, default is 25 (Optional) </request>`;
    const list = expectOk(await g1.api(listSample)).payments;
    expect([list['@_page'], list['@_per_page'], list['@_pages'], list['@_total']]).toEqual(['1', '10', '1', '1']);
    expect(list.payment[0]).toMatchObject({ payment_id: '120', invoice_id: '00000000133', date: '2007-03-02 00:00:00', notes: '' });
  });
});

describe('XML fidelity', () => {
  it('zero-pads invoice_id, keeps amounts unscaled and puts amount last in payments', async () => {
    const res = await demo.api(req('payment.get', '<payment_id>5</payment_id>'));
    expect(res.text).toContain('<invoice_id>00000000005</invoice_id>');
    expect(res.text).toContain('<amount>2.00</amount>');
    expect(res.text).toMatch(/<from_credit>0<\/from_credit>\n {4}<amount>2.00<\/amount>\n {2}<\/payment>/);
    const inv = await demo.api(req('invoice.get', '<invoice_id>5</invoice_id>'));
    expect(inv.text).toContain('<invoice_id>00000000005</invoice_id>');
    expect(inv.text).toContain('<number>0000005</number>');
    expect(inv.text).toContain('<amount>38.55</amount>');
    expect(inv.text).toContain('<amount_outstanding>36.55</amount_outstanding>');
    expect(inv.text).toContain('<paid>2</paid>');
    expect(inv.text).toContain('<date>2026-02-20 00:00:00</date>');
  });

  it('mixes <notes/> and <notes></notes>, writes <contacts/> and deprecated attributes', async () => {
    const p = await demo.api(req('payment.get', '<payment_id>8</payment_id>'));
    expect(p.text).toContain('<notes/>');
    expect(p.text).toContain('<amount>45.6</amount>');
    const inv = await demo.api(req('invoice.get', '<invoice_id>1</invoice_id>'));
    expect(inv.text).toContain('<notes></notes>');
    expect(inv.text).toContain('<recurring_id/>');
    const client = await demo.api(req('client.get', '<client_id>1</client_id>'));
    expect(client.text).toContain('<contacts/>');
    expect(client.text).toContain('<credit currency="ILS" deprecated="true">200</credit>');
    expect(client.text).toMatch(/<url deprecated="true">https:\/\/[^<]+<\/url>/);
    expect(client.text).toMatch(/<work_phone>[^<]+<\/work_phone>[\s\S]*<fax><\/fax>/);
  });

  it('shows 0000-00-00 00:00:00 for never-set updated timestamps in seeded records', async () => {
    expect((await getPayment(1)).updated).toBe('0000-00-00 00:00:00');
    expect(expectOk(await demo.api(req('client.get', '<client_id>7</client_id>'))).client.updated).toBe('0000-00-00 00:00:00');
  });

  it('emits plain ids, fixed-scale amounts and uniform empty tags when fidelity is off', async () => {
    const clean = await boot({ fidelity: false });
    const p = await clean.api(req('payment.get', '<payment_id>8</payment_id>'));
    expect(p.text).toContain('<invoice_id>3</invoice_id>');
    expect(p.text).toContain('<amount>45.60</amount>');
    expect(p.text).toMatch(/<date>[^<]+<\/date>\n {4}<amount>/);
    const inv = await clean.api(req('invoice.get', '<invoice_id>5</invoice_id>'));
    expect(inv.text).toContain('<paid>2.00</paid>');
    expect(inv.text).toContain('<date>2026-02-20</date>');
    expect(inv.text).not.toMatch(/<(\w+)><\/\1>/);
    expect(inv.text).not.toContain('deprecated');
    expect(expectOk(await clean.api(req('payment.get', '<payment_id>1</payment_id>'))).payment.updated).toBe('2026-01-20 00:00:00');
  });
});

describe('clients', () => {
  it('client.get returns the §6.2 fields with credits per currency', async () => {
    const c = expectOk(await demo.api(req('client.get', '<client_id>6</client_id>'))).client;
    expect(c).toMatchObject({
      client_id: '6', first_name: 'Avi', last_name: 'Ben-David', organization: 'Ben-David Consulting',
      email: 'avi@bendavid.example', username: 'avi', currency_code: 'EUR', folder: 'active', p_city: 'Berlin',
      contacts: '', language: 'de',
    });
    expect(c.credits.credit).toEqual([{ '#text': '75.5', '@_currency': 'EUR' }, { '#text': '20', '@_currency': 'USD' }]);
    expect(c.credit).toEqual({ '#text': '75.5', '@_currency': 'EUR', '@_deprecated': 'true' });
    expect(Object.keys(c.links)).toEqual(['client_view', 'view', 'statement']);
    expect(demo.emu.getClientCredits(6)).toEqual({ EUR: '75.5', USD: '20' });
  });

  it('lists one contact as a single child and several as repeated children', async () => {
    const one = expectOk(await demo.api(req('client.get', '<client_id>4</client_id>'))).client;
    expect(one.contacts.contact).toHaveLength(1);
    expect(one.contacts.contact[0]).toMatchObject({ username: 'accounts', email: 'accounts@mizrahi-log.example' });
    const two = expectOk(await demo.api(req('client.get', '<client_id>5</client_id>'))).client;
    expect(two.contacts.contact).toHaveLength(2);
  });

  it('client.list returns all active clients newest first with paging attributes', async () => {
    const list = expectOk(await demo.api(req('client.list'))).clients;
    expect([list['@_page'], list['@_per_page'], list['@_pages'], list['@_total']]).toEqual(['1', '25', '1', '7']);
    expect(list.client.map((c: { client_id: string }) => c.client_id)).toEqual(['7', '6', '5', '4', '3', '2', '1']);
  });

  it('client.list filters by email (case-insensitive), username, notes substring, folder and updated', async () => {
    const ids = async (inner: string) =>
      (expectOk(await demo.api(req('client.list', inner))).clients.client ?? []).map((c: { client_id: string }) => c.client_id);
    expect(await ids('<email>NOAM@cohen-bakery.example</email>')).toEqual(['2']);
    expect(await ids('<username>rachel</username>')).toEqual(['5']);
    expect(await ids('<notes>BANK transfer</notes>')).toEqual(['3']);
    expect(await ids('<folder>archived</folder>')).toEqual([]);
    expect(await ids('<updated_from>2026-01-06 00:00:00</updated_from>')).toEqual(['6', '5', '4']);
    expect(failure(await demo.api(req('client.list', '<folder>trash</folder>'))).field).toBe('folder');
  });

  it('answers an unknown client_id with 50010', async () => {
    expect(failure(await demo.api(req('client.get', '<client_id>99</client_id>')))).toEqual({ code: '50010', error: "'client_id' not found. Client not found.", field: undefined });
  });
});

describe('invoices', () => {
  it('invoice.get returns amounts, derived status and line items', async () => {
    const inv = expectOk(await demo.api(req('invoice.get', '<invoice_id>4</invoice_id>'))).invoice;
    expect(inv).toMatchObject({
      invoice_id: '00000000004', number: '0000004', client_id: '1', amount: '3540.00', amount_outstanding: '0', paid: '3540',
      status: 'paid', currency_code: 'ILS', organization: 'Levi Design Studio', first_name: 'Dana', last_name: 'Levi',
      po_number: 'LDS-2026-014', recurring_id: '', folder: 'active',
    });
    expect(inv.lines.line).toHaveLength(2);
    expect(inv.lines.line[1]).toMatchObject({ line_id: '2', name: 'Design hours', unit_cost: '150', quantity: '4', amount: '600', tax1_name: 'VAT', tax1_percent: '18', type: 'Time' });
  });

  it('invoice.list filters number by substring', async () => {
    const numbers = async (inner: string) =>
      (expectOk(await demo.api(req('invoice.list', inner))).invoices.invoice ?? []).map((i: { number: string }) => i.number);
    expect(await numbers('<number>001</number>')).toEqual(['0000015', '0000014', '0000013', '0000012', '0000011', '0000010', '0000001']);
    expect(await numbers('<number>0000007</number>')).toEqual(['0000007']);
    expect(await numbers('<number>FB</number>')).toEqual([]);
  });

  it('invoice.list filters by client, status, dates and paginates newest first', async () => {
    const ids = async (inner: string) =>
      (expectOk(await demo.api(req('invoice.list', inner))).invoices.invoice ?? []).map((i: { invoice_id: string }) => Number(i.invoice_id));
    expect(await ids('<client_id>1</client_id>')).toEqual([4, 3, 2, 1]);
    expect(await ids('<status>partial</status>')).toEqual([13, 11, 8, 5, 2]);
    expect(await ids('<status>draft</status>')).toEqual([6]);
    expect(await ids('<date_from>2026-07-01</date_from><date_to>2026-08-01</date_to>')).toEqual([13, 11]);
    expect(await ids('<recurring_id>3</recurring_id>')).toEqual([]);
    const page = expectOk(await demo.api(req('invoice.list', '<per_page>4</per_page><page>2</page>'))).invoices;
    expect([page['@_pages'], page['@_total']]).toEqual(['4', '15']);
    expect(page.invoice.map((i: { invoice_id: string }) => Number(i.invoice_id))).toEqual([11, 10, 9, 8]);
  });

  it('answers an unknown invoice_id with 50010', async () => {
    expect(failure(await demo.api(req('invoice.get', '<invoice_id>16</invoice_id>')))).toEqual({ code: '50010', error: "'invoice_id' not found. Invoice not found.", field: undefined });
  });
});

describe('demo seed', () => {
  it('has the DEMO_CLIENTS, 15 invoices and 25 payments using all 17 types', async () => {
    expect(expectOk(await demo.api(req('client.list'))).clients['@_total']).toBe('7');
    expect(expectOk(await demo.api(req('invoice.list'))).invoices['@_total']).toBe('15');
    const payments = (await listPayments()).payment as { type: string }[];
    expect(new Set(payments.map((p) => p.type))).toEqual(new Set(PAYMENT_TYPES));
  });

  it('has a client with no payments, one with a single payment and one with many', async () => {
    expect((await listPayments({ client_id: 7 })).payment).toBeUndefined();
    expect((await listPayments({ client_id: 2 })).payment).toHaveLength(1);
    expect((await listPayments({ client_id: 1 })).payment).toHaveLength(8);
  });

  it('has invoices whose lines add up to the amount and whose paid equals the sum of payments', async () => {
    const cents = (s: string) => BigInt(Math.round(Number(s) * 100)); // test-only; every seed value has ≤ 2 decimals
    const invoices = expectOk(await demo.api(req('invoice.list', '<per_page>100</per_page>'))).invoices.invoice;
    const payments = expectOk(await demo.api(req('payment.list', '<per_page>100</per_page>'))).payments.payment;
    for (const inv of invoices) {
      let total = 0n;
      for (const line of inv.lines.line) {
        const net = cents(line.amount);
        expect(net).toBe(cents(line.unit_cost) * BigInt(line.quantity));
        total += net + (net * BigInt(line.tax1_percent)) / 100n;
      }
      expect(total).toBe(cents(inv.amount));
      const paid = payments.filter((p: { invoice_id: string }) => p.invoice_id === inv.invoice_id).reduce((s: bigint, p: { amount: string }) => s + cents(p.amount), 0n);
      expect(cents(inv.paid)).toBe(paid);
    }
  });

  it('restores the seed on reset()', async () => {
    expectOk(await create({ invoice_id: 15, amount: '900' }));
    demo.emu.reset();
    expect(demo.emu.getInvoice(15)?.status).toBe('sent');
    expect(demo.emu.getPayment(26)).toBeUndefined();
  });
});

describe('direct seeding API', () => {
  it('addPayment follows the payment.create rules and throws FbError when the API would fail', () => {
    const empty = new FreshbooksEmulator({ seed: 'empty', clock: new ManualClock(START) });
    const client = empty.addClient({ first_name: 'A', last_name: 'B', email: 'a@b.example', currency_code: 'EUR' });
    const inv = empty.addInvoice({ client_id: client, amount: '100', status: 'viewed', number: 'FB00004' });
    expect(empty.getInvoice(inv)).toMatchObject({ number: 'FB00004', currency_code: 'EUR', status: 'viewed', paid: '0', amount_outstanding: '100', date: '2026-11-20' });
    empty.addPayment({ client_id: client, amount: '30' });
    empty.addPayment({ invoice_id: inv, client_id: client, amount: '30' });
    expect(empty.getClientCredits(client)).toEqual({ EUR: '0' });
    expect(empty.getInvoice(inv)).toMatchObject({ status: 'partial', paid: '30', amount_outstanding: '70' });
    expect(() => empty.addPayment({ invoice_id: inv, amount: '1', type: 'Barter' })).toThrow(FbError);
    expect(() => empty.addPayment({ amount: '1' })).toThrow(FbError);
  });
});

describe('faults and request log', () => {
  it('delays answers with a latency fault', async () => {
    demo.emu.faults.add({ method: 'payment.list', fault: { kind: 'latency', ms: 150 } });
    const t0 = Date.now();
    expectOk(await demo.api(req('payment.list')));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('answers an app-error fault with status="fail" and the code (20010 as HTTP 401)', async () => {
    demo.emu.faults.add({ method: 'payment.get', fault: { kind: 'app-error', code: '50010' } });
    expect(failure(await demo.api(req('payment.get', '<payment_id>1</payment_id>')))).toMatchObject({ code: '50010', error: "'payment_id' not found. Payment not found." });
    demo.emu.faults.add({ fault: { kind: 'app-error', code: '20010' } });
    const auth = await demo.api(req('payment.list'));
    expect(auth.status).toBe(401);
    expect(failure(auth)).toMatchObject({ code: '20010', error: 'Authentication failed.' });
    expect(demo.emu.log.all().map((e) => e.outcome)).toEqual(['fault:50010', 'fault:20010']);
  });

  it('answers an http fault with an HTML 500 page', async () => {
    demo.emu.faults.add({ fault: { kind: 'http', status: 500 } });
    const res = await demo.api(req('payment.list'));
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('answers a malformed fault with truncated XML that does not parse', async () => {
    demo.emu.faults.add({ fault: { kind: 'malformed' } });
    const res = await demo.api(req('payment.list'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(XMLValidator.validate(res.text)).not.toBe(true);
  });

  it('drops the connection with a drop fault; afterProcessing keeps the write', async () => {
    demo.emu.faults.add({ method: 'payment.create', fault: { kind: 'drop' }, afterProcessing: true });
    await expect(create({ invoice_id: 15, amount: '5' })).rejects.toThrow();
    expect(demo.emu.getInvoice(15)?.paid).toBe('5');
    expect(demo.emu.log.all().at(-1)).toMatchObject({ method: 'payment.create', httpStatus: 0, outcome: 'fault:drop' });
  });

  it('logs every call with its method, parsed params, HTTP status and outcome', async () => {
    await create({ invoice_id: 15, amount: '5', notes: 'logged' });
    await demo.api(req('payment.get', '<payment_id>999</payment_id>'));
    await demo.api(req('payment.list'), { auth: basic('wrong') });
    await demo.api('<request method="payment.list">');
    expect(demo.emu.log.count('payment.create')).toBe(1);
    expect(demo.emu.log.all()).toEqual([
      expect.objectContaining({ method: 'payment.create', at: START, httpStatus: 200, outcome: 'OK', params: { method: 'payment.create', payment: { invoice_id: '15', amount: '5', notes: 'logged' } } }),
      expect.objectContaining({ method: 'payment.get', httpStatus: 200, outcome: '50010', params: { method: 'payment.get', payment_id: '999' } }),
      expect.objectContaining({ method: 'payment.list', httpStatus: 401, outcome: '20010' }),
      expect.objectContaining({ method: 'unknown', httpStatus: 200, outcome: '40010' }),
    ]);
  });
});

describe('control API', () => {
  const control = (path: string, method: string, body?: unknown) =>
    fetch(`${demo.url}/__emulator/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });

  it('adds faults, lists requests, advances the clock and resets over HTTP', async () => {
    expect((await control('faults', 'POST', { method: 'payment.list', fault: { kind: 'app-error', code: '40010', message: 'Nope.' } })).status).toBe(200);
    expect(failure(await demo.api(req('payment.list')))).toMatchObject({ code: '40010', error: 'Nope.' });
    const logged = (await (await control('requests', 'GET')).json()) as { method: string }[];
    expect(logged.map((e) => e.method)).toEqual(['payment.list']);

    expect(await (await control('clock', 'POST', { advanceMs: 3_600_000 })).json()).toEqual({ now: START + 3_600_000 });
    const id = Number(expectOk(await create({ invoice_id: 15, amount: '1' })).payment_id);
    expect((await getPayment(id)).updated).toBe('2026-11-20 23:30:00');

    expect((await control('reset', 'POST')).status).toBe(200);
    expect(demo.emu.getPayment(id)).toBeUndefined();
    expect(demo.emu.log.count()).toBe(0);
  });
});
