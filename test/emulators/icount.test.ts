import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import * as emulatorRules from '../../src/emulators/icount/card-rules.js';
import * as gatewayRules from '../../src/lib/cards.js';
import { DEMO_CLIENTS, ICOUNT_ONLY_CLIENTS } from '../../src/emulators/shared/demo-clients.js';
import { ManualClock } from '../../src/emulators/shared/clock.js';
import {
  ICOUNT_DEMO_CREDENTIALS, ICOUNT_DEMO_TOKEN, ICOUNT_PATH, ICOUNT_TEST_CARDS, IcountEmulator,
  type IcountEmulatorOptions, type RunningEmulator,
} from '../../src/emulators/icount/index.js';

type Json = Record<string, any>;
interface Reply { http: number; json: Json; text: string; contentType: string | null }

const START = Date.UTC(2026, 10, 21, 9, 0, 0); // 2026-11-21 09:00 UTC
const MIN = 60_000;
const CREDS = { ...ICOUNT_DEMO_CREDENTIALS };
const CARD = { cc_number: ICOUNT_TEST_CARDS.visa, cc_validity: '2030-01' };
/** Every reply body any test received; checked at the end for card data. */
const allReplies: string[] = [];

class Harness {
  readonly clock = new ManualClock(START);
  readonly emulator: IcountEmulator;
  running!: RunningEmulator;

  constructor(options: IcountEmulatorOptions = {}) {
    this.emulator = new IcountEmulator({ clock: this.clock, ...options });
  }

  async start(): Promise<this> {
    this.running = await this.emulator.start({ port: 0 });
    return this;
  }

  async raw(method: string, init: { body?: string; headers?: Record<string, string>; query?: string; verb?: string } = {}): Promise<Reply> {
    const res = await fetch(`${this.running.url}${ICOUNT_PATH}/${method}${init.query ?? ''}`, {
      method: init.verb ?? 'POST',
      headers: init.headers,
      body: init.verb === 'GET' ? undefined : init.body,
    });
    const text = await res.text();
    allReplies.push(text);
    let json: Json = {};
    try {
      json = JSON.parse(text) as Json;
    } catch {
      /* some tests expect non-JSON */
    }
    return { http: res.status, json, text, contentType: res.headers.get('content-type') };
  }

  /** JSON POST, authenticated with cid/user/pass unless the params say otherwise. */
  call(method: string, params: Json = {}, headers: Record<string, string> = {}): Promise<Reply> {
    return this.raw(method, { body: JSON.stringify({ ...CREDS, ...params }), headers: { 'content-type': 'application/json', ...headers } });
  }

  /** JSON POST without credentials. */
  bare(method: string, params: Json = {}, headers: Record<string, string> = {}): Promise<Reply> {
    return this.raw(method, { body: JSON.stringify(params), headers: { 'content-type': 'application/json', ...headers } });
  }

  control(route: string, verb: string, body?: unknown): Promise<Response> {
    return fetch(`${this.running.url}/__emulator/${route}`, { method: verb, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  reset(): void {
    this.emulator.reset();
    this.clock.set(START);
  }
}

const h = new Harness();
beforeAll(async () => {
  await h.start();
});
afterAll(async () => {
  await h.running.close();
});
beforeEach(() => h.reset());

async function withHarness(options: IcountEmulatorOptions, fn: (x: Harness) => Promise<void>): Promise<void> {
  const x = await new Harness(options).start();
  try {
    await fn(x);
  } finally {
    await x.running.close();
  }
}

describe.each([
  ['the gateway\'s rules', gatewayRules],
  ['the emulator\'s own rules', emulatorRules],
])('magic test cards under %s', (_rules, { detectBrand, isValidCardNumber }) => {
  it('every ICOUNT_TEST_CARDS number passes isValidCardNumber', () => {
    for (const number of Object.values(ICOUNT_TEST_CARDS)) expect(isValidCardNumber(number)).toBe(true);
  });

  it('the brand cards are detected as their brand', () => {
    expect(detectBrand(ICOUNT_TEST_CARDS.visa)).toBe('VISA');
    expect(detectBrand(ICOUNT_TEST_CARDS.mastercard)).toBe('MASTERCARD');
    expect(detectBrand(ICOUNT_TEST_CARDS.amex)).toBe('AMEX');
    expect(detectBrand(ICOUNT_TEST_CARDS.diners)).toBe('DINERS');
    expect(detectBrand(ICOUNT_TEST_CARDS.isracard)).toBe('ISRACARD');
    expect(ICOUNT_TEST_CARDS.isracard.length === 8 || ICOUNT_TEST_CARDS.isracard.length === 9).toBe(true);
  });
});

describe('routing and envelope', () => {
  it('puts the api block, status and reason on a success reply with method data at the top level', async () => {
    const r = await h.call('currency/info', { currency_code: 'USD' });
    expect(r.http).toBe(200);
    expect(r.contentType).toBe('application/json; charset=utf-8');
    expect(r.json.api).toEqual({ version: 3, tz: 2, ts: START / 1000, lang: 'he', rid: expect.any(Number), module: 'currency', method: 'info' });
    expect(r.json.status).toBe(true);
    expect(r.json.reason).toBe('OK');
    expect(r.json.currency_id).toBe(2);
  });

  it('answers failures with HTTP 200, status false, reason, error_description and error_details', async () => {
    const r = await h.call('cc/bill', {});
    expect(r.http).toBe(200);
    expect(r.json).toMatchObject({ status: false, reason: 'empty_sum', error_details: [] });
    expect(typeof r.json.error_description).toBe('string');
    expect(r.json.api).toMatchObject({ version: 3, module: 'cc', method: 'bill' });
  });

  it('gives every reply a larger rid than the one before', async () => {
    const a = await h.call('currency/get_rates');
    const b = await h.call('nope/nope');
    const c = await h.call('currency/get_rates');
    expect(b.json.api.rid).toBeGreaterThan(a.json.api.rid);
    expect(c.json.api.rid).toBeGreaterThan(b.json.api.rid);
  });

  it.each(['client/find', 'client/list', 'client/upsert', 'doc/list', 'nosuch/method', 'cc'])('answers %s with bad_method', async (method) => {
    const r = await h.call(method);
    expect(r.http).toBe(200);
    expect(r.json).toMatchObject({ status: false, reason: 'bad_method', api: { module: method.split('/')[0] } });
  });

  it('answers bad_method before checking authentication', async () => {
    const r = await h.bare('client/find', {});
    expect(r.json.reason).toBe('bad_method');
  });

  it('refuses non-POST requests with HTTP 405', async () => {
    const r = await h.raw('currency/get_rates', { verb: 'GET' });
    expect(r.http).toBe(405);
    expect(r.json.status).toBe(false);
  });

  it('accepts form-encoded bodies with PHP-style nesting', async () => {
    const form = new URLSearchParams({ ...CREDS, client_name: 'Form Client', email: 'form@x.example', 'custom_info[color]': 'blue', 'tags[0]': 'a', 'tags[1]': 'b' });
    const r = await h.raw('client/create', { body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.json).toMatchObject({ status: true, reason: 'client_created' });
    const entry = h.emulator.log.all().at(-1)!;
    expect(entry.params).toMatchObject({ custom_info: { color: 'blue' }, tags: ['a', 'b'] });
  });

  it('charges through a form-encoded body', async () => {
    const form = new URLSearchParams({ ...CREDS, sum: '12.30', cc_number: ICOUNT_TEST_CARDS.mastercard, cc_validity: '0230', client_id: '1001', is_test: '1' });
    const r = await h.raw('cc/bill', { body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.json).toMatchObject({ status: true, sum: 12.3, cc_type: 'MASTERCARD', exp_month: 2, exp_year: 2030 });
  });

  it('merges query-string parameters with the body', async () => {
    const query = `?${new URLSearchParams(CREDS).toString()}`;
    const r = await h.raw('client/info', { query, body: JSON.stringify({ client_id: 1002 }), headers: { 'content-type': 'application/json' } });
    expect(r.json).toMatchObject({ status: true, client_info: { client_id: 1002 } });
  });

  it('answers an unparseable JSON body with status false', async () => {
    const r = await h.raw('cc/bill', { body: '{"sum": 1', headers: { 'content-type': 'application/json' } });
    expect(r.json).toMatchObject({ status: false, reason: 'bad_request_body' });
  });

  it('sends HTTP 400 for status:false replies when applicationErrorStatus is 400', async () => {
    await withHarness({ applicationErrorStatus: 400 }, async (x) => {
      const bad = await x.call('cc/bill', {});
      expect(bad.http).toBe(400);
      expect(bad.json.reason).toBe('empty_sum');
      const ok = await x.call('currency/get_rates');
      expect(ok.http).toBe(200);
    });
  });
});

describe('authentication', () => {
  it('accepts cid/user/pass on any call and refuses a wrong password with auth_required', async () => {
    expect((await h.call('client/info', { client_id: 1001 })).json.status).toBe(true);
    const r = await h.call('client/info', { client_id: 1001, pass: 'wrong' });
    expect(r.json).toMatchObject({ status: false, reason: 'auth_required' });
  });

  it('refuses a call that carries no authentication', async () => {
    expect((await h.bare('client/info', { client_id: 1001 })).json.reason).toBe('auth_required');
  });

  it('logs in with cid/user/pass and returns a 22-hex sid, the user and company_info on request', async () => {
    const r = await h.bare('auth/login', { ...CREDS, get_company_info: true });
    expect(r.json).toMatchObject({ status: true, reason: 'OK', cid: CREDS.cid, user: CREDS.user, user_id: 1 });
    expect(r.json.sid).toMatch(/^[0-9a-f]{22}$/);
    expect(r.json.user_info).toMatchObject({ username: CREDS.user });
    expect(r.json.company_info).toMatchObject({ businessName: expect.any(String) });
    const info = await h.bare('auth/info', { sid: r.json.sid });
    expect(info.json).toMatchObject({ status: true, sid: r.json.sid, cid: CREDS.cid, user: CREDS.user });
  });

  it('refuses auth/login with wrong credentials', async () => {
    expect((await h.bare('auth/login', { ...CREDS, user: 'nobody' })).json.reason).toBe('auth_required');
  });

  it('issues a different sid on every login', async () => {
    const a = (await h.bare('auth/login', CREDS)).json.sid;
    const b = (await h.bare('auth/login', CREDS)).json.sid;
    expect(a).not.toBe(b);
  });

  it('accepts a Bearer token with or without a matching cid and refuses a bad token or a foreign cid', async () => {
    const bearer = { authorization: `Bearer ${ICOUNT_DEMO_TOKEN}` };
    expect((await h.bare('client/info', { client_id: 1001 }, bearer)).json.status).toBe(true);
    expect((await h.bare('client/info', { client_id: 1001, cid: CREDS.cid }, bearer)).json.status).toBe(true);
    expect((await h.bare('client/info', { client_id: 1001, cid: 'other' }, bearer)).json.reason).toBe('auth_required');
    expect((await h.bare('client/info', { client_id: 1001 }, { authorization: 'Bearer API3E8-NOPE' })).json.reason).toBe('auth_required');
  });

  it('turns a Bearer token plus cid into a sid with auth/login', async () => {
    const r = await h.bare('auth/login', { cid: CREDS.cid }, { authorization: `Bearer ${ICOUNT_DEMO_TOKEN}` });
    expect(r.json.sid).toMatch(/^[0-9a-f]{22}$/);
    expect((await h.bare('client/info', { sid: r.json.sid, client_id: 1001 })).json.status).toBe(true);
  });

  it('keeps a sid alive while it is used at least every 20 minutes (sliding expiry)', async () => {
    const sid = (await h.bare('auth/login', CREDS)).json.sid;
    h.clock.advance(19 * MIN);
    expect((await h.bare('auth/info', { sid })).json.status).toBe(true);
    h.clock.advance(19 * MIN);
    expect((await h.bare('auth/info', { sid })).json.status).toBe(true);
    h.clock.advance(21 * MIN);
    const expired = await h.bare('auth/info', { sid });
    expect(expired.json).toMatchObject({ status: false, reason: 'auth_required' });
    h.clock.advance(-30 * MIN);
    expect((await h.bare('auth/info', { sid })).json.status).toBe(false); // stays dead
  });

  it('kills a sid on auth/logout with reason BYE', async () => {
    const sid = (await h.bare('auth/login', CREDS)).json.sid;
    const r = await h.bare('auth/logout', { sid });
    expect(r.json).toMatchObject({ status: true, reason: 'BYE' });
    expect((await h.bare('auth/info', { sid })).json.reason).toBe('auth_required');
  });

  it('forgets a sid when endSession is called', async () => {
    const sid = (await h.bare('auth/login', CREDS)).json.sid;
    h.emulator.endSession(sid);
    expect((await h.bare('auth/info', { sid })).json.reason).toBe('auth_required');
  });

  it('answers auth failures with the configured authFailureReason', async () => {
    await withHarness({ authFailureReason: 'session_expired' }, async (x) => {
      expect((await x.bare('auth/info', { sid: '0123456789abcdef012345' })).json.reason).toBe('session_expired');
    });
  });

  it('accepts other credentials and tokens when configured', async () => {
    await withHarness({ credentials: { cid: 'acme', user: 'u', pass: 'p' }, apiTokens: ['API3E8-A-B-C'] }, async (x) => {
      expect((await x.bare('auth/login', { cid: 'acme', user: 'u', pass: 'p' })).json.status).toBe(true);
      expect((await x.bare('auth/login', CREDS)).json.status).toBe(false);
      expect((await x.bare('auth/info', {}, { authorization: 'Bearer API3E8-A-B-C' })).json.status).toBe(true);
    });
  });
});

describe('cc/bill', () => {
  it('validates in the reference order: each fix reveals the next reason', async () => {
    const params: Json = {
      sum: 0, cc_token_id: 999, cc_validity: '13/99', cc_cvv: '12', num_of_payments: 0, first_payment: 100,
      currency_code: 'XXX', client_id: 999999,
    };
    const steps: [string, Json, string[]?][] = [
      ['empty_sum', { sum: 100 }],
      ['bad_token', {}, ['cc_token_id']],
      ['missing_cc_number', { cc_number: '4580458045804581' }],
      ['bad_cc_number', { cc_number: ICOUNT_TEST_CARDS.visa }],
      ['bad_cc_validity', { cc_validity: '2026-10' }],
      ['cc_expired', { cc_validity: '2030-01' }],
      ['bad_cc_cvv', { cc_cvv: '123' }],
      ['bad_num_of_payments', { num_of_payments: 3 }],
      ['bad_first_payment', { first_payment: 40 }],
      ['bad_currency', { currency_code: 'ILS' }],
      ['client_not_found', { client_id: 1001 }],
    ];
    for (const [reason, fix, remove] of steps) {
      const r = await h.call('cc/bill', params);
      expect(r.json.reason).toBe(reason);
      Object.assign(params, fix);
      for (const key of remove ?? []) delete params[key];
    }
    const ok = await h.call('cc/bill', params);
    expect(ok.json).toMatchObject({ status: true, num_of_payments: 3, client_id: 1001 });
  });

  it('returns the documented success fields, and cc_bill_log_id as integrators report it', async () => {
    const r = await h.call('cc/bill', { ...CARD, sum: 320, client_id: 1001 });
    expect(r.json).toEqual({
      api: expect.any(Object), status: true, reason: 'OK', confirmation_code: expect.stringMatching(/^\d{7}$/),
      sum: 320, currency_id: 5, currency_code: 'ILS', num_of_payments: 1, cc_type: 'VISA', cc_last4: '4580',
      exp_month: 1, exp_year: 2030, client_id: 1001, success: true, cc_bill_log_id: expect.anything(),
    });
  });

  it('treats a missing, zero, negative or non-numeric sum as empty_sum', async () => {
    for (const sum of [undefined, 0, '0.00', -5, 'abc', '1e3']) {
      expect((await h.call('cc/bill', { ...CARD, sum })).json.reason).toBe('empty_sum');
    }
  });

  it('accepts MMYY and zero-stripped 3-digit validities and refuses out-of-range months', async () => {
    expect((await h.call('cc/bill', { ...CARD, sum: 1, cc_validity: '1230' })).json).toMatchObject({ exp_month: 12, exp_year: 2030 });
    expect((await h.call('cc/bill', { ...CARD, sum: 1, cc_validity: 231 })).json).toMatchObject({ exp_month: 2, exp_year: 2031 });
    expect((await h.call('cc/bill', { ...CARD, sum: 1, cc_validity: '1330' })).json.reason).toBe('bad_cc_validity');
    expect((await h.call('cc/bill', { ...CARD, sum: 1, cc_validity: '2026-11' })).json.status).toBe(true); // valid through month end
  });

  it('keeps the amount exactly as sent and never makes it a float', async () => {
    const r = await h.call('cc/bill', { ...CARD, sum: '19.99', client_id: 1001 });
    expect(r.json.sum).toBe(19.99);
    expect(h.emulator.transactions().at(-1)!.sum).toBe('19.99');
    await h.call('cc/bill', { ...CARD, sum: 0.1, client_id: 1001 });
    expect(h.emulator.transactions().at(-1)!.sum).toBe('0.1');
  });

  it('is_test succeeds on a declined magic card and still fails on an invalid number', async () => {
    const ok = await h.call('cc/bill', { sum: 5, cc_number: ICOUNT_TEST_CARDS.declined, cc_validity: '2030-01', is_test: true, client_id: 1001 });
    expect(ok.json).toMatchObject({ status: true, confirmation_code: expect.any(String) });
    expect(h.emulator.transactions().at(-1)!.is_test).toBe(true);
    const bad = await h.call('cc/bill', { sum: 5, cc_number: '4580458045804581', cc_validity: '2030-01', is_test: true });
    expect(bad.json.reason).toBe('bad_cc_number');
  });

  it('declines a non-test charge on the declined magic card and records nothing', async () => {
    const before = h.emulator.transactions().length;
    const r = await h.call('cc/bill', { sum: 5, cc_number: ICOUNT_TEST_CARDS.declined, cc_validity: '2030-01', client_name: 'New Person' });
    expect(r.json).toMatchObject({ status: false, reason: 'cc_declined' });
    expect(h.emulator.transactions().length).toBe(before);
    expect((await h.call('client/info', { client_name: 'New Person' })).json.reason).toBe('client_not_found');
  });

  it('uses the configured declineReason', async () => {
    await withHarness({ declineReason: 'issuer_refused' }, async (x) => {
      const r = await x.call('cc/bill', { sum: 5, cc_number: ICOUNT_TEST_CARDS.declined, cc_validity: '2030-01' });
      expect(r.json.reason).toBe('issuer_refused');
    });
  });

  it('declines a charge through a token stored from the declined card (demo token 64 and a new one)', async () => {
    expect((await h.call('cc/bill', { sum: 5, cc_token_id: 64 })).json.reason).toBe('cc_declined');
    const stored = await h.call('cc_storage/store', { client_id: 1001, cc_number: ICOUNT_TEST_CARDS.declined, cc_validity: '2030-01' });
    expect((await h.call('cc/bill', { sum: 5, cc_token_id: stored.json.cc_token_id })).json.reason).toBe('cc_declined');
    expect((await h.call('cc/bill', { sum: 5, cc_token_id: stored.json.cc_token_id, is_test: true })).json.status).toBe(true);
  });

  it('approves the noConfirmation card without a confirmation_code', async () => {
    const r = await h.call('cc/bill', { sum: 5, cc_number: ICOUNT_TEST_CARDS.noConfirmation, cc_validity: '2030-01', client_id: 1001 });
    expect(r.json.status).toBe(true);
    expect(r.json.success).toBe(true);
    expect('confirmation_code' in r.json).toBe(false);
    expect(h.emulator.transactions().at(-1)!.confirmation_code).toBe('');
  });

  it('never answers a charge on the providerTimeout card and records no transaction', async () => {
    const before = h.emulator.transactions().length;
    const body = JSON.stringify({ ...CREDS, sum: 5, cc_number: ICOUNT_TEST_CARDS.providerTimeout, cc_validity: '2030-01' });
    await expect(fetch(`${h.running.url}${ICOUNT_PATH}/cc/bill`, { method: 'POST', body, signal: AbortSignal.timeout(300) })).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 50));
    expect(h.emulator.transactions().length).toBe(before);
    expect(h.emulator.log.all().at(-1)).toMatchObject({ method: 'cc/bill', outcome: 'provider_timeout' });
  });

  it('still closes the server while a providerTimeout request is held', async () => {
    const x = await new Harness().start();
    const body = JSON.stringify({ ...CREDS, sum: 5, cc_token_id: x.emulator.storeCard({ client_id: 1001, cc_number: ICOUNT_TEST_CARDS.providerTimeout, cc_validity: '2030-01' }) });
    const pending = fetch(`${x.running.url}${ICOUNT_PATH}/cc/bill`, { method: 'POST', body });
    const outcome = pending.then(() => 'answered', () => 'failed');
    await new Promise((r) => setTimeout(r, 100));
    await x.running.close();
    expect(await outcome).toBe('failed');
  });

  it('succeeds in EUR when given the existing but wrong currency_id 1 (the live trap)', async () => {
    const r = await h.call('cc/bill', { ...CARD, sum: 3, currency_id: 1, client_id: 1001 });
    expect(r.json).toMatchObject({ status: true, currency_id: 1, currency_code: 'EUR' });
    expect(h.emulator.transactions().at(-1)!.currency_id).toBe(1);
  });

  it('resolves currency by currency_id, then currency_code, then currency (id, code or name), default ILS', async () => {
    const bill = async (extra: Json) => (await h.call('cc/bill', { ...CARD, sum: 1, ...extra })).json;
    expect(await bill({})).toMatchObject({ currency_code: 'ILS', currency_id: 5 });
    expect(await bill({ currency_code: 'usd' })).toMatchObject({ currency_code: 'USD' });
    expect(await bill({ currency: 'GBP' })).toMatchObject({ currency_id: 4 });
    expect(await bill({ currency: '2' })).toMatchObject({ currency_code: 'USD' });
    expect(await bill({ currency: 'euro' })).toMatchObject({ currency_code: 'EUR' });
    expect(await bill({ currency_id: 2, currency_code: 'ILS' })).toMatchObject({ currency_code: 'USD' });
    expect(await bill({ currency_id: 3 })).toMatchObject({ status: false, reason: 'bad_currency' });
  });

  it('has no idempotency: two identical charges make two transactions with different codes', async () => {
    const before = h.emulator.transactions().length;
    const a = await h.call('cc/bill', { ...CARD, sum: 50, client_id: 1002 });
    const b = await h.call('cc/bill', { ...CARD, sum: 50, client_id: 1002 });
    expect(a.json.confirmation_code).not.toBe(b.json.confirmation_code);
    expect(h.emulator.transactions().length).toBe(before + 2);
  });

  it('records installments: equal split with the remainder first, an explicit first_payment, and credit plans', async () => {
    await h.call('cc/bill', { ...CARD, sum: 100, num_of_payments: 3, client_id: 1001 });
    await h.call('cc/bill', { ...CARD, sum: 100, num_of_payments: 3, first_payment: 50, client_id: 1001 });
    await h.call('cc/bill', { ...CARD, sum: 100, num_of_payments: 2, is_credit: true, client_id: 1001 });
    const list = (await h.call('cc/transactions', { client_id: 1001, start_date: '2026-11-21' })).json.results_list as Json[];
    expect(list.map((t) => [t.cctotal, t.ccfirstpayment, t.cc_numofpayments, t.cc_paymenttype])).toEqual([
      ['100', '33.34', '3', '8'],
      ['100', '50', '3', '8'],
      ['100', '50.00', '2', '6'],
    ]);
    expect((await h.call('cc/bill', { ...CARD, sum: 100, num_of_payments: 37 })).json.reason).toBe('bad_num_of_payments');
    expect((await h.call('cc/bill', { ...CARD, sum: 100, num_of_payments: 1.5 })).json.reason).toBe('bad_num_of_payments');
    expect((await h.call('cc/bill', { ...CARD, sum: 100, num_of_payments: 1, first_payment: 500 })).json.status).toBe(true);
  });

  it('charges a stored token for its owner and echoes cc_token_id; accepts token as an alias', async () => {
    const r = await h.call('cc/bill', { sum: 10, cc_token_id: 59 });
    expect(r.json).toMatchObject({ status: true, cc_token_id: 59, client_id: 1002, cc_type: 'AMEX', cc_last4: '8431' });
    const alias = await h.call('cc/bill', { sum: 10, token: 61 });
    expect(alias.json).toMatchObject({ status: true, cc_token_id: 61, client_id: 1004 });
  });

  it('refuses a token whose stored validity has passed with cc_expired', async () => {
    const id = h.emulator.storeCard({ client_id: 1001, cc_number: ICOUNT_TEST_CARDS.amex, cc_validity: '2025-01' });
    expect((await h.call('cc/bill', { sum: 10, cc_token_id: id })).json.reason).toBe('cc_expired');
  });

  it('matches or creates the client of a direct charge from the identification group', async () => {
    expect((await h.call('cc/bill', { ...CARD, sum: 1, custom_client_id: '4' })).json.client_id).toBe(1004);
    expect((await h.call('cc/bill', { ...CARD, sum: 1, email: 'MAYA@friedman-hw.example' })).json.client_id).toBe(1003);
    expect((await h.call('cc/bill', { ...CARD, sum: 1, custom_client_id: '5', email: 'dana@levi-design.example' })).json.client_id).toBe(1005);
    const created = await h.call('cc/bill', { ...CARD, sum: 1, custom_client_id: 'ext-9', client_name: 'Brand New', email: 'new@x.example' });
    expect(created.json.client_id).toBe(1008);
    expect((await h.call('client/info', { custom_client_id: 'ext-9' })).json.client_info).toMatchObject({ client_name: 'Brand New', email: 'new@x.example' });
    expect((await h.call('cc/bill', { ...CARD, sum: 1, custom_client_id: 'unknown' })).json.reason).toBe('client_not_found');
    expect((await h.call('cc/bill', { ...CARD, sum: 1 })).json).toMatchObject({ status: true, client_id: null });
  });

  it('leaves out success:true when successFlag is false', async () => {
    await withHarness({ successFlag: false }, async (x) => {
      const r = await x.call('cc/bill', { ...CARD, sum: 1 });
      expect(r.json.status).toBe(true);
      expect('success' in r.json).toBe(false);
    });
  });

  it('keeps test charges out of cc/transactions when logTestCharges is false', async () => {
    await withHarness({ seed: 'empty', logTestCharges: false }, async (x) => {
      const id = x.emulator.addClient({ client_name: 'T' });
      expect((await x.call('cc/bill', { ...CARD, sum: 1, client_id: id, is_test: true })).json.status).toBe(true);
      expect((await x.call('cc/transactions', { client_id: id })).json.reason).toBe('no_results_found');
      await x.call('cc/bill', { ...CARD, sum: 1, client_id: id });
      expect((await x.call('cc/transactions', { client_id: id })).json.results_count).toBe(1);
    });
  });
});

describe('J5 pre-approvals', () => {
  const J5_CARD = { cc_number: ICOUNT_TEST_CARDS.mastercard, cc_validity: '2031-07', cc_cvv: '321', cc_holder_id: '208915123' };

  it('requires number, validity, CVV and holder id, and rejects tokens', async () => {
    expect((await h.call('cc/j5', { ...J5_CARD, cc_token_id: 57 })).json.reason).toBe('j5_token_not_supported');
    for (const field of ['cc_number', 'cc_validity', 'cc_cvv', 'cc_holder_id']) {
      const params: Json = { ...J5_CARD };
      delete params[field];
      expect((await h.call('cc/j5', params)).json.reason).toBe(`missing_${field}`);
    }
    expect((await h.call('cc/j5', { ...J5_CARD, cc_validity: 'xx' })).json.reason).toBe('bad_cc_validity');
    expect((await h.call('cc/j5', { ...J5_CARD, cc_cvv: '1' })).json.reason).toBe('bad_cc_cvv');
  });

  it('reserves 5 ILS by default and reports it in cc/j5_status', async () => {
    const r = await h.call('cc/j5', J5_CARD);
    expect(r.json).toMatchObject({ status: true, confirmation_code: expect.stringMatching(/^\d+$/), cc_last4: '0004', cc_type: 'MASTERCARD', transaction_id: expect.any(Number), sum: 5, currency_code: 'ILS' });
    const s = await h.call('cc/j5_status', { cc_number: J5_CARD.cc_number });
    expect(s.json).toMatchObject({
      j5_available: true, total_amount: '5.00', used_amount: '0.00', remaining_amount: '5.00',
      confirmation_code: r.json.confirmation_code, transaction_id: r.json.transaction_id, uid: expect.any(String), ts: '2026-11-21 11:00:00',
    });
    // iCountJ5Status documents no currency (I7).
    expect('currency_code' in s.json).toBe(false);
  });

  it('captures against a J5 with use_j5_if_available, partially, and falls back to a normal charge', async () => {
    const j5 = await h.call('cc/j5', { ...J5_CARD, sum: 100 });
    const stored = await h.call('cc_storage/store', { client_id: 1001, ...J5_CARD });
    const first = await h.call('cc/bill', { sum: 60, cc_token_id: stored.json.cc_token_id, use_j5_if_available: true });
    expect(first.json.status).toBe(true);
    expect(h.emulator.transactions().at(-1)!.j5_transaction_id).toBe(j5.json.transaction_id);
    const status = await h.call('cc/j5_status', { cc_token_id: stored.json.cc_token_id });
    expect(status.json).toMatchObject({ j5_available: true, total_amount: '100.00', used_amount: '60.00', remaining_amount: '40.00' });
    expect((await h.call('cc/j5_status', { cc_token_id: stored.json.cc_token_id, sum: 50 })).json.j5_available).toBe(false);
    await h.call('cc/bill', { ...J5_CARD, sum: 50, use_j5_if_available: true });
    expect(h.emulator.transactions().at(-1)!.j5_transaction_id).toBeNull();
    await h.call('cc/bill', { ...J5_CARD, sum: 40, use_j5_if_available: true });
    expect(h.emulator.transactions().at(-1)!.j5_transaction_id).toBe(j5.json.transaction_id);
    expect((await h.call('cc/j5_status', { cc_number: J5_CARD.cc_number })).json).toMatchObject({ j5_available: false, remaining_amount: '0.00' });
  });

  it('does not touch a J5 without use_j5_if_available', async () => {
    await h.call('cc/j5', { ...J5_CARD, sum: 20 });
    await h.call('cc/bill', { ...J5_CARD, sum: 10 });
    expect((await h.call('cc/j5_status', { cc_number: J5_CARD.cc_number })).json.used_amount).toBe('0.00');
  });

  it('declines a J5 on the declined magic card unless is_test', async () => {
    const declined = { ...J5_CARD, cc_number: ICOUNT_TEST_CARDS.declined };
    expect((await h.call('cc/j5', declined)).json.reason).toBe('cc_declined');
    expect((await h.call('cc/j5', { ...declined, is_test: true })).json.status).toBe(true);
  });

  it('reports j5_available false for a card without a J5', async () => {
    const r = await h.call('cc/j5_status', { cc_token_id: 57 });
    expect(r.json).toMatchObject({ status: true, j5_available: false });
    expect((await h.call('cc/j5_status', { cc_token_id: 999 })).json.reason).toBe('bad_token');
  });
});

describe('card storage', () => {
  const NEW_CARD = { cc_number: ICOUNT_TEST_CARDS.mastercard, cc_validity: '2030-04', cc_holder_name: 'Dana Levi', cc_holder_id: '208915123' };

  it('stores a card for a client and returns integer cc_token_id and client_id', async () => {
    const r = await h.call('cc_storage/store', { client_id: 1001, ...NEW_CARD, cc_cvv: '123' });
    expect(r.json).toMatchObject({ status: true, cc_token_id: 65, client_id: 1001 });
  });

  it('returns the existing token for the same card, or cc_exists with die_if_exists', async () => {
    const a = await h.call('cc_storage/store', { client_id: 1001, ...NEW_CARD });
    const b = await h.call('cc_storage/store', { client_id: 1001, ...NEW_CARD, cc_validity: '2031-01' });
    expect(b.json.cc_token_id).toBe(a.json.cc_token_id);
    const c = await h.call('cc_storage/store', { client_id: 1001, ...NEW_CARD, die_if_exists: true });
    expect(c.json).toMatchObject({ status: false, reason: 'cc_exists' });
    const other = await h.call('cc_storage/store', { client_id: 1002, ...NEW_CARD, die_if_exists: true });
    expect(other.json.status).toBe(true);
  });

  it('behaves the same through cc/store_card_info', async () => {
    const r = await h.call('cc/store_card_info', { custom_client_id: '2', ...NEW_CARD });
    expect(r.json).toMatchObject({ status: true, client_id: 1002 });
    expect((await h.call('cc/store_card_info', { custom_client_id: '2', ...NEW_CARD, die_if_exists: 1 })).json.reason).toBe('cc_exists');
  });

  it('validates the card and needs a client', async () => {
    expect((await h.call('cc_storage/store', { client_id: 1001, cc_validity: '2030-01' })).json.reason).toBe('missing_cc_number');
    expect((await h.call('cc_storage/store', { client_id: 1001, cc_number: ICOUNT_TEST_CARDS.visa })).json.reason).toBe('missing_cc_validity');
    expect((await h.call('cc_storage/store', { client_id: 1001, cc_number: '1234567890123', cc_validity: '2030-01' })).json.reason).toBe('bad_cc_number');
    expect((await h.call('cc_storage/store', { client_id: 1001, ...CARD, cc_validity: '2030/01' })).json.reason).toBe('bad_cc_validity');
    expect((await h.call('cc_storage/store', { client_id: 1001, ...CARD, cc_validity: '0126' })).json.reason).toBe('cc_expired');
    expect((await h.call('cc_storage/store', { ...CARD })).json.reason).toBe('client_not_found');
    expect((await h.call('cc_storage/store', { client_id: 4242, ...CARD })).json.reason).toBe('client_not_found');
  });

  it('creates the owning client from a name or e-mail', async () => {
    const r = await h.call('cc_storage/store', { client_name: 'Card Owner', email: 'owner@x.example', ...CARD });
    expect(r.json).toMatchObject({ status: true, client_id: 1008 });
  });

  it('returns the §7.4 token info with a masked holder id and never the PAN', async () => {
    const id = (await h.call('cc_storage/store', { client_id: 1001, ...NEW_CARD })).json.cc_token_id;
    for (const method of ['cc_storage/token_info', 'cc/get_token_info']) {
      const r = await h.call(method, { cc_token_id: id });
      expect(r.json).toMatchObject({
        status: true, token_id: id, token: expect.stringMatching(/^[0-9a-f]{32}$/), cc_type: 'MASTERCARD', cc_last4: '0004',
        cc_holder_id: '*****5123', cc_holder_name: 'Dana Levi', cc_validity: '2030-04', cc_exp_year: 2030, cc_exp_month: 4,
        cc_exp_date: '2030-04-30',
      });
      // iCountCCTokenInfo documents no client_id (I6): absent unless undocumentedFields.
      expect('client_id' in r.json).toBe(false);
      expect(r.text).not.toContain(NEW_CARD.cc_number);
      expect(r.text).not.toContain(NEW_CARD.cc_holder_id);
    }
    expect((await h.call('cc_storage/token_info', { cc_token_id: 999 })).json.reason).toBe('bad_token');
    expect((await h.call('cc_storage/token_info', {})).json.reason).toBe('missing_cc_token_id');
    expect((await h.call('cc_storage/token_info', { cc_token_id: id, client_id: 1002 })).json.reason).toBe('bad_token');
  });

  it('updates validity and holder fields, validating the validity', async () => {
    const r = await h.call('cc_storage/update', { cc_token_id: 57, cc_validity: '0432', cc_holder_name: 'D. Levi', cc_holder_id: '123456789' });
    expect(r.json).toMatchObject({ status: true, cc_token_id: 57 });
    expect((await h.call('cc_storage/token_info', { cc_token_id: 57 })).json).toMatchObject({ cc_validity: '2032-04', cc_holder_name: 'D. Levi', cc_holder_id: '*****6789' });
    expect((await h.call('cc_storage/update', { cc_token_id: 57, cc_validity: '2032' })).json.reason).toBe('bad_cc_validity');
    expect((await h.call('cc_storage/update', { cc_token_id: 999 })).json.reason).toBe('bad_token');
  });

  it('deletes a token so it can no longer be charged', async () => {
    expect((await h.call('cc_storage/delete', { cc_token_id: 58 })).json).toMatchObject({ status: true, cc_token_id: 58 });
    expect((await h.call('cc_storage/token_info', { cc_token_id: 58 })).json.reason).toBe('bad_token');
    expect((await h.call('cc/bill', { sum: 1, cc_token_id: 58 })).json.reason).toBe('bad_token');
    expect((await h.call('cc_storage/delete', { cc_token_id: 58 })).json.reason).toBe('bad_token');
  });

  it('lists a client\'s tokens with client/get_cc_tokens and client/info get_cc_tokens', async () => {
    const r = await h.call('client/get_cc_tokens', { custom_client_id: '1' });
    expect(r.json.client_id).toBe(1001);
    expect((r.json.cc_tokens as Json[]).map((t) => t.token_id)).toEqual([57, 58]);
    const info = await h.call('client/info', { client_id: 1001, get_cc_tokens: true });
    expect(info.json.client_info.cc_tokens).toEqual(r.json.cc_tokens);
    expect((await h.call('client/get_cc_tokens', { client_id: 1003 })).json.cc_tokens).toEqual([]);
    expect((await h.call('client/get_cc_tokens', { client_id: 4242 })).json.reason).toBe('client_not_found');
  });
});

describe('cc/transactions', () => {
  it('lists the demo history with string values and an integer currency_id', async () => {
    const r = await h.call('cc/transactions', { start_date: '2026-01-01' });
    expect(r.json.results_count).toBe(20);
    const first = r.json.results_list[0] as Json;
    expect(first).toMatchObject({
      cc_bill_log_id: '5001', cc_cardnumber: '1111', cc_cardtype: 'VISA', cc_charge_date: '2026-06-02 11:15:00', cc_holder_name: 'Dana Levi',
      cc_month: '07', cc_year: '2028', cc_numofpayments: '1', ccfirstpayment: '450.00', cctotal: '450.00', client_id: '1001',
      client_name: 'Levi Design Studio', client_email: 'dana@levi-design.example', custom_client_id: '1', confirmation_code: expect.stringMatching(/^\d{7}$/),
      currency_code: 'ILS', currency_id: 5, currency_sign: '₪', is_test: '0', payment_description: 'Logo design — deposit',
      deal_id: expect.any(String), refunded: '0', is_chargeback: '0',
    });
    for (const tx of r.json.results_list as Json[]) {
      for (const [key, value] of Object.entries(tx)) expect([key, typeof value]).toEqual([key, key === 'currency_id' ? 'number' : 'string']);
    }
    expect((r.json.results_list as Json[]).at(-1)!.is_test).toBe('1');
  });

  it('is deterministic: two demo emulators hold the same confirmation codes', async () => {
    const other = new IcountEmulator({ clock: new ManualClock(START) });
    expect(other.transactions().map((t) => t.confirmation_code)).toEqual(h.emulator.transactions().map((t) => t.confirmation_code));
    expect(new Set(other.transactions().map((t) => t.confirmation_code)).size).toBe(20);
  });

  it('filters by client group, inclusive date range, cc_last4 and confirmation_code', async () => {
    const byClient = await h.call('cc/transactions', { custom_client_id: '5' });
    expect((byClient.json.results_list as Json[]).every((t) => t.client_id === '1005')).toBe(true);
    expect(byClient.json.results_count).toBe(3);
    const range = await h.call('cc/transactions', { start_date: '2026-07-03', end_date: '2026-07-22' });
    expect((range.json.results_list as Json[]).map((t) => t.cc_charge_date.slice(0, 10))).toEqual(['2026-07-03', '2026-07-14', '2026-07-22']);
    const last4 = await h.call('cc/transactions', { cc_last4: 5, client_id: 1007 });
    expect(last4.json.results_count).toBe(2);
    const code = h.emulator.transactions()[3]!.confirmation_code;
    const byCode = await h.call('cc/transactions', { confirmation_code: code });
    expect(byCode.json.results_list).toHaveLength(1);
    expect(byCode.json.results_list[0].cc_bill_log_id).toBe('5004');
  });

  it('answers no_results_found when nothing matches, and bad dates with bad_start_date', async () => {
    expect((await h.call('cc/transactions', { start_date: '2027-01-01' })).json).toMatchObject({ status: false, reason: 'no_results_found' });
    expect((await h.call('cc/transactions', { client_id: 4242 })).json.reason).toBe('no_results_found');
    expect((await h.call('cc/transactions', { client_id: 1003, cc_last4: '9999' })).json.reason).toBe('no_results_found');
    expect((await h.call('cc/transactions', { start_date: '2026-02-30' })).json.reason).toBe('bad_start_date');
  });

  it('logs new charges, including test charges, on the clock\'s date', async () => {
    const r = await h.call('cc/bill', { ...CARD, sum: 7, client_id: 1003, is_test: true, payment_description: 'Order A-17' });
    const found = await h.call('cc/transactions', { confirmation_code: r.json.confirmation_code });
    expect(found.json.results_list[0]).toMatchObject({ cc_charge_date: '2026-11-21 11:00:00', is_test: '1', cctotal: '7', payment_description: 'Order A-17', cc_cardnumber: '4580' });
  });
});

describe('validation and card-type methods', () => {
  it('validates card numbers', async () => {
    expect((await h.call('cc/validate_cc_number', { cc_number: ICOUNT_TEST_CARDS.amex })).json).toMatchObject({ status: true, valid: true, cc_type: 'AMEX', card_type_id: 3 });
    expect((await h.call('cc/validate_cc_number', { cc_number: '4580458045804581' })).json).toMatchObject({ status: false, reason: 'bad_cc_number' });
    expect((await h.call('cc/validate_cc_number', {})).json.reason).toBe('missing_cc_number');
  });

  it('validates validities', async () => {
    expect((await h.call('cc/validate_cc_validity', { cc_validity: '0731' })).json).toMatchObject({ valid: true, expired: false, exp_month: 7, exp_year: 2031 });
    expect((await h.call('cc/validate_cc_validity', { cc_validity: '2025-12' })).json.reason).toBe('cc_expired');
    expect((await h.call('cc/validate_cc_validity', { cc_validity: 'soon' })).json.reason).toBe('bad_cc_validity');
  });

  it('validates card info (number + validity + type)', async () => {
    expect((await h.call('cc/validate_card_info', { ...CARD })).json).toMatchObject({ valid: true, cc_type: 'VISA', cc_last4: '4580', exp_year: 2030 });
    expect((await h.call('cc/validate_card_info', { ...CARD, cc_cvv: '12345' })).json.reason).toBe('bad_cc_cvv');
  });

  it('authorizes with validate_card_cvv: all fields required, scripted decline, bad CVV', async () => {
    const full = { ...CARD, cc_cvv: '123', cc_holder_id: '208915123' };
    expect((await h.call('cc/validate_card_cvv', full)).json).toMatchObject({ status: true, valid: true, cc_type: 'VISA', cc_last4: '4580' });
    expect((await h.call('cc/validate_card_cvv', { ...CARD, cc_cvv: '123' })).json.reason).toBe('missing_cc_holder_id');
    expect((await h.call('cc/validate_card_cvv', { ...full, cc_cvv: '12' })).json.reason).toBe('bad_cc_cvv');
    expect((await h.call('cc/validate_card_cvv', { ...full, cc_number: ICOUNT_TEST_CARDS.declined })).json.reason).toBe('cc_declined');
  });

  it('detects card types and issuers by prefix', async () => {
    const cases: [string, string, number, string][] = [
      [ICOUNT_TEST_CARDS.visa, 'VISA', 1, 'CAL'],
      [ICOUNT_TEST_CARDS.mastercard, 'MASTERCARD', 2, 'ISRACARD'],
      [ICOUNT_TEST_CARDS.amex, 'AMEX', 3, 'ISRACARD'],
      [ICOUNT_TEST_CARDS.diners, 'DINERS', 5, 'CAL'],
      [ICOUNT_TEST_CARDS.isracard, 'ISRACARD', 22, 'ISRACARD'],
      ['4111111111111111', 'VISA', 1, 'FOREIGN'],
    ];
    for (const [number, type, id, issuer] of cases) {
      expect((await h.call('cc/detect_cc_type', { cc_number: number })).json).toMatchObject({ cc_type: type, card_type_id: id });
      expect((await h.call('cc/detect_cc_issuer', { cc_number: number })).json).toMatchObject({ issuer, cc_type: type });
    }
    expect((await h.call('cc/detect_cc_type', { cc_number: '9999999999999' })).json).toMatchObject({ cc_type: 'UNKNOWN', card_type_id: 0 });
    expect((await h.call('cc/detect_cc_type', { cc_number: '4580-4580' })).json.reason).toBe('bad_cc_number');
  });

  it('lists card types with the reference ids, as an array or keyed by id', async () => {
    const r = await h.call('cc/card_types');
    const ids = Object.fromEntries((r.json.card_types as Json[]).map((t) => [t.card_type_code, t.card_type_id]));
    expect(ids).toMatchObject({ VISA: 1, MASTERCARD: 2, AMEX: 3, DINERS: 5, JCB: 6, MAESTRO: 7, LEUMICARD: 8, ISRACARD: 22 });
    expect(r.json.card_types[0]).toEqual({ card_type_id: 1, card_type_code: 'VISA', card_type_name: expect.any(String), card_type_title: expect.any(String) });
    const obj = await h.call('cc/card_types', { list_type: 'object' });
    expect(obj.json.card_types['22'].card_type_code).toBe('ISRACARD');
  });

  it('describes the provider', async () => {
    const r = await h.call('cc/provider');
    expect(r.json.provider).toMatchObject({ name: 'emulator', supports_j5: true, supports_tokens: true, currencies: expect.arrayContaining(['ILS', 'USD']) });
  });
});

describe('clients', () => {
  it('is seeded from the shared demo customers', async () => {
    for (const c of DEMO_CLIENTS) {
      const r = await h.call('client/get_list', { email: c.email, list_type: 'array' });
      if (c.icount === 'none') {
        expect(r.json.clients_count).toBe(0);
        continue;
      }
      expect(r.json.clients).toHaveLength(1);
      expect(r.json.clients[0]).toMatchObject({ client_id: c.icountId, custom_client_id: c.icount === 'linked' ? String(c.freshbooksId) : '' });
    }
    for (const c of ICOUNT_ONLY_CLIENTS) {
      expect((await h.call('client/info', { client_id: c.icountId })).json.client_info).toMatchObject({ client_name: c.name, email: c.email, custom_client_id: '' });
    }
  });

  it('creates a client (client_name required) with the next id', async () => {
    const r = await h.call('client/create', { client_name: 'Gal Tours', email: 'gal@tours.example', first_name: 'Gal', last_name: 'Amir', vat_id: '012345678' });
    expect(r.json).toMatchObject({ status: true, reason: 'client_created', client_id: 1008 });
    expect((await h.call('client/create', { email: 'x@x.example' })).json.reason).toBe('missing_client_name');
    expect((await h.call('client/create', { client_name: 'Gal Tours' })).json.client_id).toBe(1009); // duplicates allowed
  });

  it('finds a client by id, custom_client_id, vat_id, e-mail or name, with fname/lname and first_name/last_name', async () => {
    await h.call('client/create', { client_name: 'Gal Tours', vat_id: '012345678', fname: 'Gal', lname: 'Amir' });
    for (const by of [{ client_id: 1008 }, { vat_id: '012345678' }, { client_name: 'Gal Tours' }]) {
      const r = await h.call('client/info', by);
      expect(r.json.client_info).toMatchObject({ client_id: 1008, fname: 'Gal', lname: 'Amir', first_name: 'Gal', last_name: 'Amir', vat_id: '012345678' });
    }
    expect((await h.call('client/info', { email: 'NOAM@cohen-bakery.example' })).json.client_info.client_id).toBe(1002);
    expect((await h.call('client/info', { custom_client_id: '4' })).json.client_info.client_id).toBe(1004);
    expect((await h.call('client/info', { client_id: 4242 })).json.reason).toBe('client_not_found');
    expect((await h.call('client/info', {})).json.reason).toBe('client_not_found');
  });

  it('lists clients keyed by id by default, as an array on request, with filters and paging', async () => {
    const all = await h.call('client/get_list');
    expect(all.json.clients_count).toBe(7);
    expect(Object.keys(all.json.clients)).toEqual(['1001', '1002', '1003', '1004', '1005', '1006', '1007']);
    const page = await h.call('client/get_list', { list_type: 'array', offset: 2, limit: 2 });
    expect(page.json.clients_count).toBe(7);
    expect((page.json.clients as Json[]).map((c) => c.client_id)).toEqual([1003, 1004]);
    const byName = await h.call('client/get_list', { client_name: 'bakery', list_type: 'array', detail_level: 0 });
    expect(byName.json.clients).toEqual([{ client_id: 1002, client_name: 'Cohen Bakery' }]);
  });

  it('upserts with create_or_update: match order client_id, custom_client_id, vat_id, email', async () => {
    const upd = await h.call('client/create_or_update', { custom_client_id: '2', phone: '03-5555555' });
    expect(upd.json).toMatchObject({ status: true, reason: 'client_updated', client_id: 1002 });
    expect((await h.call('client/info', { client_id: 1002 })).json.client_info).toMatchObject({ phone: '03-5555555', client_name: 'Cohen Bakery' });
    const byEmail = await h.call('client/create_or_update', { custom_client_id: '3', email: 'maya@friedman-hw.example' });
    expect(byEmail.json).toMatchObject({ reason: 'client_updated', client_id: 1003 });
    expect((await h.call('client/info', { custom_client_id: '3' })).json.client_info.client_id).toBe(1003);
    const created = await h.call('client/create_or_update', { custom_client_id: '99', client_name: 'Fresh Co' });
    expect(created.json).toMatchObject({ reason: 'client_created', client_id: 1008 });
    expect((await h.call('client/create_or_update', { client_id: 4242, client_name: 'X' })).json.reason).toBe('client_not_found');
  });

  it('updates and hard-deletes clients (their tokens go too)', async () => {
    expect((await h.call('client/update', { client_id: 1001, client_name: 'Levi Studio' })).json).toMatchObject({ reason: 'client_updated', client_id: 1001 });
    expect((await h.call('client/info', { client_id: 1001 })).json.client_info.client_name).toBe('Levi Studio');
    expect((await h.call('client/update', { custom_client_id: 'none', client_name: 'X' })).json.reason).toBe('client_not_found');
    expect((await h.call('client/delete', { client_id: 1001 })).json).toMatchObject({ status: true, client_id: 1001 });
    expect((await h.call('client/info', { client_id: 1001 })).json.reason).toBe('client_not_found');
    expect((await h.call('cc_storage/token_info', { cc_token_id: 57 })).json.reason).toBe('bad_token');
    expect((await h.call('client/delete', {})).json.reason).toBe('missing_client_id');
  });
});

describe('currencies', () => {
  it('lists currencies keyed by code with iCount ids, rates on request, or as an array', async () => {
    const r = await h.call('currency/get_list');
    const list = r.json.currencies_list as Json;
    expect([list.EUR.currency_id, list.USD.currency_id, list.GBP.currency_id, list.ILS.currency_id]).toEqual([1, 2, 4, 5]);
    expect(list.ILS).toEqual({ currency_id: 5, currency_code: 'ILS', currency_name: expect.any(String), currency_sign: '₪' });
    expect(Object.values(list).every((c: any) => c.currency_id === 1 || c.currency_id === 2 || c.currency_id >= 4)).toBe(true);
    const withRates = await h.call('currency/get_list', { get_rates: true, list_type: 'array' });
    expect(Array.isArray(withRates.json.currencies_list)).toBe(true);
    expect(withRates.json.currencies_list.find((c: Json) => c.currency_code === 'USD').rate).toBe(3.65);
  });

  it('answers currency/info by id, code or name', async () => {
    expect((await h.call('currency/info', { currency_id: 4 })).json).toMatchObject({ currency_code: 'GBP', currency_sign: '£' });
    expect((await h.call('currency/info', { currency: 'Euro' })).json.currency_id).toBe(1);
    expect((await h.call('currency/info', {})).json.reason).toBe('missing_currency');
    expect((await h.call('currency/info', { currency_code: 'XYZ' })).json.reason).toBe('bad_currency');
  });

  it('gives fixed rates: get_rates, today and by_date', async () => {
    expect((await h.call('currency/get_rates')).json.currency_rates).toMatchObject({ ILS: 1, USD: 3.65, EUR: 3.95 });
    expect((await h.call('currency/today', { currency_code: 'USD' })).json).toMatchObject({ date: '2026-11-21', currency_id: 2, rate: 3.65 });
    expect((await h.call('currency/by_date', { date: '2026-01-15', currency_id: 1 })).json).toMatchObject({ date: '2026-01-15', rate: 3.95 });
    expect((await h.call('currency/by_date', {})).json.reason).toBe('missing_date');
    expect((await h.call('currency/by_date', { date: '15/01/2026' })).json.reason).toBe('bad_date');
  });
});

describe('faults', () => {
  it('delays a reply with a latency fault', async () => {
    h.emulator.faults.add({ method: 'currency/get_rates', fault: { kind: 'latency', ms: 150 } });
    const t0 = Date.now();
    const r = await h.call('currency/get_rates');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(r.json.status).toBe(true);
  });

  it('answers an app-error fault with a normal status:false envelope', async () => {
    h.emulator.faults.add({ method: 'cc/bill', fault: { kind: 'app-error', code: 'auth_required' } });
    const r = await h.call('cc/bill', { ...CARD, sum: 1 });
    expect(r.json).toMatchObject({ status: false, reason: 'auth_required', error_details: [], api: { module: 'cc', method: 'bill' } });
    expect((await h.call('cc/bill', { ...CARD, sum: 1 })).json.status).toBe(true); // times: 1
  });

  it('answers an http fault with that status and an HTML body', async () => {
    h.emulator.faults.add({ fault: { kind: 'http', status: 500 } });
    const r = await h.call('client/info', { client_id: 1001 });
    expect(r.http).toBe(500);
    expect(r.contentType).toContain('text/html');
  });

  it('answers a malformed fault with truncated JSON', async () => {
    h.emulator.faults.add({ fault: { kind: 'malformed' } });
    const r = await h.call('cc/bill', { ...CARD, sum: 1 });
    expect(r.http).toBe(200);
    expect(r.contentType).toBe('application/json; charset=utf-8');
    expect(() => JSON.parse(r.text)).toThrow();
    expect(r.text.startsWith('{"api":')).toBe(true);
  });

  it('drops the connection with a drop fault', async () => {
    h.emulator.faults.add({ fault: { kind: 'drop' } });
    await expect(h.call('currency/get_rates')).rejects.toThrow();
    expect(h.emulator.log.all().at(-1)).toMatchObject({ httpStatus: 0, outcome: 'fault:drop' });
  });

  it('charges but loses the answer with an afterProcessing drop (the retry trap)', async () => {
    const before = h.emulator.transactions().length;
    h.emulator.faults.add({ method: 'cc/bill', afterProcessing: true, fault: { kind: 'drop' } });
    await expect(h.call('cc/bill', { ...CARD, sum: 9, client_id: 1001 })).rejects.toThrow();
    expect(h.emulator.transactions().length).toBe(before + 1);
  });
});

describe('request log', () => {
  it('records every call with method, outcome, HTTP status and masked card data', async () => {
    await h.call('cc/bill', { ...CARD, sum: 5, cc_cvv: '7391', cc_holder_id: '208915123', client_id: 1001 });
    await h.call('cc/bill', { sum: 0 });
    const log = h.emulator.log.all();
    expect(log.map((e) => [e.method, e.outcome, e.httpStatus])).toEqual([['cc/bill', 'OK', 200], ['cc/bill', 'empty_sum', 200]]);
    expect(log[0]!.params).toMatchObject({ cc_number: '************4580', cc_cvv: '[REDACTED]', cc_holder_id: '[REDACTED]', pass: '[REDACTED]' });
    expect(log[0]!.at).toBe(START);
    const dump = JSON.stringify(log);
    expect(dump).not.toContain(ICOUNT_TEST_CARDS.visa);
    expect(dump).not.toContain('"7391"');
    expect(dump).not.toContain('208915123');
    expect(dump).not.toContain(CREDS.pass);
  });

  it('never stores or echoes a PAN or CVV, even in unexpected fields or on failures', async () => {
    const pan = ICOUNT_TEST_CARDS.mastercard;
    const replies = [
      await h.call('cc/bill', { sum: 5, cc_number: pan, cc_validity: '2030-01', cc_cvv: '8264', payment_description: `card ${pan}` }),
      await h.call('cc/bill', { sum: 5, cc_number: pan, cc_validity: 'bad', cc_cvv: '8264' }),
      await h.call('cc/j5', { cc_number: pan, cc_validity: '2030-01', cc_cvv: '8264', cc_holder_id: '208915123' }),
      await h.call('cc_storage/store', { client_id: 1001, cc_number: pan, cc_validity: '2030-01', cc_cvv: '8264' }),
      await h.call('cc/validate_card_cvv', { cc_number: pan, cc_validity: '2030-01', cc_cvv: '8264', cc_holder_id: '208915123' }),
    ];
    for (const r of replies) {
      expect(r.text).not.toContain(pan);
      expect(r.text).not.toContain('"8264"');
    }
    const dump = JSON.stringify(h.emulator.log.all());
    expect(dump).not.toContain(pan);
    expect(dump).not.toContain('"8264"');
    expect(JSON.stringify(h.emulator.transactions())).not.toContain(pan);
  });
});

describe('control API', () => {
  it('serves the request log at GET /__emulator/requests and clears it with DELETE', async () => {
    await h.call('currency/get_rates');
    const res = await h.control('requests', 'GET');
    expect(((await res.json()) as Json[]).map((e) => e.method)).toEqual(['currency/get_rates']);
    await h.control('requests', 'DELETE');
    expect(h.emulator.log.count()).toBe(0);
  });

  it('adds and clears faults through /__emulator/faults', async () => {
    await h.control('faults', 'POST', { method: 'cc/bill', times: -1, fault: { kind: 'app-error', code: 'cc_declined' } });
    expect((await h.call('cc/bill', { ...CARD, sum: 1 })).json.reason).toBe('cc_declined');
    expect((await h.call('cc/bill', { ...CARD, sum: 1 })).json.reason).toBe('cc_declined');
    await h.control('faults', 'DELETE');
    expect((await h.call('cc/bill', { ...CARD, sum: 1 })).json.status).toBe(true);
  });

  it('moves the manual clock through /__emulator/clock so a sid expires', async () => {
    const sid = (await h.bare('auth/login', CREDS)).json.sid;
    const res = await h.control('clock', 'POST', { advanceMs: 21 * MIN });
    expect(((await res.json()) as Json).now).toBe(START + 21 * MIN);
    expect((await h.bare('auth/info', { sid })).json.reason).toBe('auth_required');
  });

  it('restores the seed, clears faults, log and sessions with POST /__emulator/reset', async () => {
    const sid = (await h.bare('auth/login', CREDS)).json.sid;
    await h.call('client/create', { client_name: 'Temp' });
    await h.call('cc/bill', { ...CARD, sum: 1, client_id: 1001 });
    h.emulator.faults.add({ method: 'cc/provider', fault: { kind: 'http', status: 503 } });
    await h.control('reset', 'POST');
    expect(h.emulator.log.count()).toBe(0);
    expect(h.emulator.transactions()).toHaveLength(20);
    expect((await h.call('client/info', { client_name: 'Temp' })).json.reason).toBe('client_not_found');
    expect((await h.bare('auth/info', { sid })).json.reason).toBe('auth_required');
    expect((await h.call('cc/provider')).http).toBe(200);
  });
});

describe('direct seeding (no HTTP)', () => {
  it('adds clients and stores cards that work over HTTP, keeping no PAN', async () => {
    await withHarness({ seed: 'empty' }, async (x) => {
      expect((await x.call('client/get_list')).json.clients_count).toBe(0);
      const client = x.emulator.addClient({ client_name: 'Direct', email: 'direct@x.example', custom_client_id: 'd-1' });
      expect(client).toBe(1001);
      const token = x.emulator.storeCard({ client_id: client, cc_number: ICOUNT_TEST_CARDS.isracard, cc_validity: '2029-02', cc_holder_name: 'D', cc_holder_id: '123456789' });
      expect(token).toBe(57);
      const r = await x.call('cc/bill', { sum: 42, cc_token_id: token });
      expect(r.json).toMatchObject({ status: true, client_id: client, cc_type: 'ISRACARD', cc_last4: '6782' });
      expect(x.emulator.transactions()).toHaveLength(1);
      expect(JSON.stringify(x.emulator.transactions())).not.toContain(ICOUNT_TEST_CARDS.isracard);
      expect(() => x.emulator.storeCard({ client_id: 9, cc_number: ICOUNT_TEST_CARDS.visa, cc_validity: '2029-02' })).toThrow();
    });
  });
});

describe('card data hygiene across the whole suite', () => {
  it('no reply received by any test contained a full magic card number', () => {
    expect(allReplies.length).toBeGreaterThan(100);
    for (const text of allReplies) {
      for (const [name, pan] of Object.entries(ICOUNT_TEST_CARDS)) {
        if (text.includes(pan)) throw new Error(`reply contains the ${name} PAN: ${text.slice(0, 200)}`);
      }
    }
  });
});

describe('documented shapes by default (issue 16)', () => {
  it('answers empty_query to cc/transactions without a documented filter, every row with allowEmptyTransactionsQuery', async () => {
    expect((await h.call('cc/transactions', {})).json).toMatchObject({ status: false, reason: 'empty_query' });
    expect((await h.call('cc/transactions', { from_date: '2026-01-01' })).json.reason).toBe('empty_query');
    await withHarness({ allowEmptyTransactionsQuery: true }, async (x) => {
      expect((await x.call('cc/transactions', {})).json.results_count).toBe(20);
    });
  });

  it('writes cc_charge_date in Israel time, or as a date alone, and filters on the Israel date', async () => {
    await withHarness({ chargeDateFormat: 'date' }, async (x) => {
      const r = await x.call('cc/transactions', { start_date: '2026-06-02', end_date: '2026-06-02' });
      expect(r.json.results_list[0].cc_charge_date).toBe('2026-06-02');
    });
  });

  it('adds client_id to token info and currency_code to j5_status only with undocumentedFields', async () => {
    await withHarness({ undocumentedFields: true }, async (x) => {
      expect((await x.call('cc_storage/token_info', { cc_token_id: 57 })).json.client_id).toBe(1001);
      const card = { cc_number: ICOUNT_TEST_CARDS.mastercard, cc_validity: '2031-07', cc_cvv: '321', cc_holder_id: '208915123' };
      await x.call('cc/j5', card);
      expect((await x.call('cc/j5_status', { cc_number: card.cc_number })).json.currency_code).toBe('ILS');
    });
  });

  it('puts the currency list under the configured key', async () => {
    await withHarness({ currencyListKey: 'currencies' }, async (x) => {
      const r = await x.call('currency/get_list', { list_type: 'array' });
      expect(Array.isArray(r.json.currencies)).toBe(true);
      expect('currencies_list' in r.json).toBe(false);
    });
  });
});
