import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ICOUNT_DEMO_CREDENTIALS, ICOUNT_PATH, ICOUNT_TEST_CARDS, IcountEmulator, type RunningEmulator } from '../../src/emulators/icount/index.js';
import { ManualClock } from '../../src/emulators/shared/clock.js';

/** The emulator's hosted PayPage: generate_sale, the HTML page, the charge, the IPN and the redirects. */

const clock = new ManualClock(Date.UTC(2026, 10, 21, 9, 0, 0));
const emulator = new IcountEmulator({ clock });
let running: RunningEmulator;
let merchant: http.Server;
let merchantUrl: string;
const ipns: Record<string, string>[] = [];

beforeAll(async () => {
  running = await emulator.start({ port: 0 });
  merchant = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      ipns.push(Object.fromEntries(new URLSearchParams(body)));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => merchant.listen(0, '127.0.0.1', r));
  merchantUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await running.close();
  await new Promise((r) => merchant.close(r));
});

async function api(method: string, params: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await fetch(`${running.url}${ICOUNT_PATH}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...ICOUNT_DEMO_CREDENTIALS, ...params }) });
  return (await res.json()) as Record<string, any>;
}

const sale = (extra: Record<string, unknown> = {}) =>
  api('paypage/generate_sale', {
    paypage_id: 1, sum: 120.5, currency_code: 'ILS', description: 'Invoice 0042 [paygraph:abcdefghijklmnopqrst]',
    success_url: `${merchantUrl}/done`, cancel_url: `${merchantUrl}/cancelled`, ipn_url: `${merchantUrl}/ipn`, ...extra,
  });

const submit = (url: string, form: Record<string, string>) =>
  fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });

const CARD = { cc_number: ICOUNT_TEST_CARDS.visa, cc_validity: '01/30', cc_cvv: '123', cc_holder_name: 'Dana Levi' };

describe('paypage/generate_sale', () => {
  it('answers the documented fields with a sale_url the emulator serves as an HTML form', async () => {
    const reply = await sale();
    expect(reply).toMatchObject({ status: true, reason: 'OK', paypage_id: '1' });
    expect(reply.sale_uniqid).toMatch(/^c\d+p1u[0-9a-f]+$/);
    expect(reply.sale_url).toMatch(new RegExp(`^${running.url}/m/gen/[A-Za-z0-9_-]+$`));
    const page = await fetch(reply.sale_url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    for (const name of ['cc_number', 'cc_validity', 'cc_cvv', 'cc_holder_name']) expect(html).toContain(`name="${name}"`);
    expect(html).toContain('120.5 ILS');
  });

  it('refuses a missing or unknown paypage, a bad sum and a non-http URL', async () => {
    expect(await api('paypage/generate_sale', { sum: 5 })).toMatchObject({ status: false, reason: 'missing_paypage_id' });
    expect(await api('paypage/generate_sale', { paypage_id: 99, sum: 5 })).toMatchObject({ status: false, reason: 'paypage_not_found' });
    expect(await api('paypage/generate_sale', { paypage_id: 1, sum: 0 })).toMatchObject({ status: false, reason: 'empty_sum' });
    expect(await api('paypage/generate_sale', { paypage_id: 1, sum: 5, success_url: 'javascript:alert(1)' })).toMatchObject({ status: false, reason: 'bad_success_url' });
  });
});

describe('the hosted page', () => {
  it('shows validation errors and declines on the page and charges nothing', async () => {
    const { sale_url: url } = await sale();
    const before = emulator.transactions().length;
    const missingCvv = await submit(url, { ...CARD, cc_cvv: '' });
    expect(missingCvv.status).toBe(422);
    expect(await missingCvv.text()).toContain('Enter the CVV');
    const badNumber = await submit(url, { ...CARD, cc_number: '4580458045804581' });
    expect(await badNumber.text()).toMatch(/role="alert">[^<]*bad_cc_number/);
    const declined = await submit(url, { ...CARD, cc_number: ICOUNT_TEST_CARDS.declined });
    expect(await declined.text()).toContain('cc_declined');
    expect(emulator.transactions().length).toBe(before);
  });

  it('charges on submit (in cc/transactions with the description), calls ipn_url, redirects to success_url, and refuses a second payment', async () => {
    ipns.length = 0;
    const { sale_url: url, sale_uniqid } = await sale();
    const paid = await submit(url, CARD);
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`${merchantUrl}/done`);
    const tx = emulator.transactions().at(-1)!;
    expect(tx).toMatchObject({ sum: '120.5', last4: '4580', payment_description: 'Invoice 0042 [paygraph:abcdefghijklmnopqrst]', is_test: false });
    expect(ipns).toEqual([expect.objectContaining({ status: 'success', sale_uniqid, sum: '120.5', currency_code: 'ILS', confirmation_code: tx.confirmation_code, cc_last4: '4580' })]);
    const listed = await api('cc/transactions', { start_date: '2026-11-20', end_date: '2026-11-22', list_type: 'array' });
    expect(JSON.stringify(listed)).toContain('[paygraph:abcdefghijklmnopqrst]');
    const again = await submit(url, CARD);
    expect(again.status).toBe(409);
    expect(emulator.transactions().at(-1)).toBe(tx);
  });

  it('cancel redirects to cancel_url and closes the sale; an expired sale cannot be paid', async () => {
    const { sale_url: url } = await sale();
    const cancelled = await fetch(`${url}/cancel`, { method: 'POST', redirect: 'manual' });
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get('location')).toBe(`${merchantUrl}/cancelled`);
    expect((await submit(url, CARD)).status).toBe(410);
    const { sale_url: later } = await sale();
    clock.advance(61 * 60_000);
    expect((await submit(later, CARD)).status).toBe(410);
    expect((await fetch(`${running.url}/m/gen/nope`)).status).toBe(404);
  });

  it('keeps card data out of the request log', () => {
    const logged = JSON.stringify(emulator.log.all());
    expect(logged).not.toContain(ICOUNT_TEST_CARDS.visa);
    expect(logged).not.toMatch(/"cc_cvv":"123"/);
  });
});
