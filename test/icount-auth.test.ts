import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IcountTransport, TOKEN_REFRESH_MARGIN_MS, type IcountAuth } from '../src/datasources/icount/transport.js';
import { ICOUNT_DEMO_CREDENTIALS, ICOUNT_DEMO_TOKEN, ICOUNT_PATH, IcountEmulator, type IcountEmulatorOptions } from '../src/emulators/icount/index.js';
import { ManualClock } from '../src/emulators/shared/clock.js';
import type { RunningEmulator } from '../src/emulators/shared/server.js';
import type { ReadinessReport } from '../src/readiness.js';
import { startStack, type TestStack } from './support/stack.js';

// Issue 16 item 2: any auth-looking failure gets one transparent re-login (session) or token
// refresh (token) and one re-send; a second one is UPSTREAM_AUTH; a write answered HTTP 401/403
// without an envelope is never sent again (its outcome is unknown).

const MINUTE = 60_000;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function emulator(options: IcountEmulatorOptions = {}): Promise<{ emu: IcountEmulator; clock: ManualClock; url: string }> {
  const clock = new ManualClock(Date.parse('2026-06-01T09:00:00Z'));
  const emu = new IcountEmulator({ clock, ...options });
  const running: RunningEmulator = await emu.start();
  closers.push(() => running.close());
  return { emu, clock, url: `${running.url}${ICOUNT_PATH}` };
}

function transport(url: string, auth: IcountAuth, now?: () => number, authFailureReasons: string[] = []): IcountTransport {
  return new IcountTransport({ url, auth, timeoutMs: 2000, readRetries: 0, authFailureReasons, ...(now ? { now } : {}) });
}

/** A scripted iCount: each request is answered by `answer` (HTTP status and body); requests are recorded. */
async function scripted(answer: (method: string, body: Record<string, unknown>, n: number) => { status: number; body: string }): Promise<{ url: string; calls: { method: string; body: Record<string, unknown>; authorization?: string }[] }> {
  const calls: { method: string; body: Record<string, unknown>; authorization?: string }[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const method = req.url!.replace(/^\/api\/v3\.php\//, '');
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      calls.push({ method, body, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
      const out = answer(method, body, calls.filter((c) => c.method === method).length);
      res.writeHead(out.status, { 'content-type': out.body.startsWith('{') ? 'application/json' : 'text/plain' }).end(out.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3.php`, calls };
}

const ok = (extra: Record<string, unknown> = {}) => ({ status: 200, body: JSON.stringify({ status: true, reason: 'OK', ...extra }) });
const refused = (reason: string, status = 200) => ({ status, body: JSON.stringify({ status: false, reason }) });
const SESSION: IcountAuth = { mode: 'session', ...ICOUNT_DEMO_CREDENTIALS };

describe('session mode: one transparent re-login for any auth-looking reason', () => {
  it.each(['session_expired', 'not_authenticated', 'invalid_sid', 'login_required', 'Unauthorized'])('re-logs in on %s, not only on the listed reasons', async (reason) => {
    const { emu, url } = await emulator({ authFailureReason: reason });
    const t = transport(url, SESSION);
    await t.call('cc/card_types', {});
    emu.endSession((t as unknown as { session: { sid: string } }).session.sid);
    const reply = await t.call('cc/card_types', {});
    expect(reply.status).toBe(true);
    expect(emu.log.all().map((r) => `${r.method}:${r.outcome}`)).toEqual([
      'auth/login:OK', 'cc/card_types:OK', `cc/card_types:${reason}`, 'auth/login:OK', 'cc/card_types:OK',
    ]);
  });

  it('ICOUNT_AUTH_FAILURE_REASONS adds reasons that look like nothing', async () => {
    const { emu, clock, url } = await emulator({ authFailureReason: 'e42' });
    const t = transport(url, SESSION, () => clock.now(), ['e42']);
    await t.call('cc/card_types', {});
    clock.advance(10 * MINUTE);
    emu.endSession((t as unknown as { session: { sid: string } }).session.sid);
    expect((await t.call('cc/card_types', {})).status).toBe(true);
    expect(emu.log.count('auth/login')).toBe(2);
  });

  it('a card reason (cc_expired, bad_token) is an answer, not an auth failure', async () => {
    const stub = await scripted((method) => (method === 'auth/login' ? ok({ sid: 's1' }) : refused(method === 'cc/bill' ? 'cc_expired' : 'bad_token')));
    const t = transport(stub.url, SESSION);
    expect(await t.call('cc/bill', { sum: 1 })).toMatchObject({ status: false, reason: 'cc_expired' });
    expect(await t.call('cc_storage/token_info', { cc_token_id: 9 })).toMatchObject({ status: false, reason: 'bad_token' });
    expect(stub.calls.map((c) => c.method)).toEqual(['auth/login', 'cc/bill', 'cc_storage/token_info']);
  });

  it('a second auth failure after the re-login is UPSTREAM_AUTH (REJECTED: nothing happened)', async () => {
    let sid = 0;
    const stub = await scripted((method) => (method === 'auth/login' ? ok({ sid: `s${++sid}` }) : refused('session_expired')));
    const t = transport(stub.url, SESSION);
    await expect(t.call('cc/bill', { sum: 1 })).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_AUTH', reason: 'session_expired', outcome: 'REJECTED' } });
    expect(stub.calls.map((c) => `${c.method}:${c.body.sid ?? ''}`)).toEqual(['auth/login:', 'cc/bill:s1', 'auth/login:', 'cc/bill:s2']);
  });

  it('re-sends a write refused with an auth-looking envelope (parsed: nothing happened)', async () => {
    let sid = 0;
    const stub = await scripted((method, body) => (method === 'auth/login' ? ok({ sid: `s${++sid}` }) : body.sid === 's1' ? refused('sid_timeout', 401) : ok({ confirmation_code: '777' })));
    const t = transport(stub.url, SESSION);
    expect(await t.call('cc/bill', { sum: 1 })).toMatchObject({ status: true, confirmation_code: '777' });
    expect(stub.calls.filter((c) => c.method === 'cc/bill')).toHaveLength(2);
  });

  it('HTTP 401 without an envelope: a read is re-sent after a re-login, a write is not (outcome UNKNOWN)', async () => {
    let sid = 0;
    const stub = await scripted((method, body) => (method === 'auth/login' ? ok({ sid: `s${++sid}` }) : body.sid === 's1' ? { status: 401, body: 'Unauthorized' } : ok()));
    const read = transport(stub.url, SESSION);
    expect((await read.call('cc/transactions', { start_date: '2026-01-01' })).status).toBe(true);
    expect(stub.calls.map((c) => `${c.method}:${c.body.sid ?? ''}`)).toEqual(['auth/login:', 'cc/transactions:s1', 'auth/login:', 'cc/transactions:s2']);

    stub.calls.length = 0;
    sid = 0;
    const write = transport(stub.url, SESSION);
    await expect(write.call('cc/bill', { sum: 1 })).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_AUTH', httpStatus: 401, outcome: 'UNKNOWN' } });
    expect(stub.calls.map((c) => c.method)).toEqual(['auth/login', 'cc/bill']);
    // The next call starts with a fresh sid.
    expect((await write.call('cc/card_types', {})).status).toBe(true);
    expect(stub.calls.map((c) => `${c.method}:${c.body.sid ?? ''}`).slice(2)).toEqual(['auth/login:', 'cc/card_types:s2']);
  });
});

describe('token mode: token/refresh before expiry and once after an auth failure', () => {
  it('the emulator: token/create lasts one day by default and expires on its clock; token/refresh gives a new pair', async () => {
    const { emu, clock, url } = await emulator();
    const post = async (method: string, body: Record<string, unknown>, bearer?: string) =>
      (await (await fetch(`${url}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) }, body: JSON.stringify(body) })).json()) as Record<string, any>;
    const made = await post('token/create', { ...ICOUNT_DEMO_CREDENTIALS });
    expect(made).toMatchObject({ status: true, expires_in: 86_400 });
    expect((await post('cc/card_types', {}, made.access_token)).status).toBe(true);
    clock.advance(24 * 60 * MINUTE);
    expect(await post('cc/card_types', {}, made.access_token)).toMatchObject({ status: false, reason: 'auth_required' });
    const renewed = await post('token/refresh', { access_token: made.access_token, refresh_token: made.refresh_token });
    expect(renewed).toMatchObject({ status: true, expires_in: 86_400 });
    expect(renewed.access_token).not.toBe(made.access_token);
    expect((await post('cc/card_types', {}, renewed.access_token)).status).toBe(true);
    // The old pair is spent.
    expect((await post('token/refresh', { access_token: made.access_token, refresh_token: made.refresh_token })).status).toBe(false);
    expect((await post('token/create', { ...ICOUNT_DEMO_CREDENTIALS, expires_in: 0 })).expires_at).toBe(0);
    expect(emu.log.count('token/refresh')).toBe(2);
  });

  it('refreshes 5 minutes before the expiry it was told, keeps the new pair in memory, and says so in tokenState', async () => {
    const { emu, clock, url } = await emulator();
    const pair = emu.createToken(3600);
    const t = transport(url, { mode: 'token', token: pair.access_token, refreshToken: pair.refresh_token!, expiresAt: pair.expires_at * 1000 }, () => clock.now());
    expect(t.tokenState()).toEqual({ expiresAt: new Date(pair.expires_at * 1000).toISOString(), refreshable: true });
    await t.call('cc/card_types', {});
    clock.advance(60 * MINUTE - TOKEN_REFRESH_MARGIN_MS + 1000);
    await t.call('cc/card_types', {});
    expect(emu.log.all().map((r) => `${r.method}:${r.outcome}`)).toEqual(['cc/card_types:OK', 'token/refresh:OK', 'cc/card_types:OK']);
    const after = t.tokenState()!;
    expect(Date.parse(after.expiresAt!)).toBe(Math.floor((clock.now() + 3600 * 1000) / 1000) * 1000);
    // Once more an hour later: the refreshed pair refreshes again.
    clock.advance(60 * MINUTE);
    await t.call('cc/card_types', {});
    expect(emu.log.count('token/refresh')).toBe(2);
  });

  it('refreshes once when iCount refuses a token it did not know had expired, then re-sends', async () => {
    const { emu, clock, url } = await emulator();
    const pair = emu.createToken(600);
    const t = transport(url, { mode: 'token', token: pair.access_token, refreshToken: pair.refresh_token! }, () => clock.now());
    clock.advance(11 * MINUTE);
    expect((await t.call('cc/card_types', {})).status).toBe(true);
    expect(emu.log.all().map((r) => `${r.method}:${r.outcome}`)).toEqual(['cc/card_types:auth_required', 'token/refresh:OK', 'cc/card_types:OK']);
  });

  it('without a refresh token, an expired token is UPSTREAM_AUTH', async () => {
    const { emu, clock, url } = await emulator();
    const pair = emu.createToken(600, true);
    const t = transport(url, { mode: 'token', token: pair.access_token }, () => clock.now());
    clock.advance(11 * MINUTE);
    await expect(t.call('cc/card_types', {})).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_AUTH' } });
    expect(emu.log.count('token/refresh')).toBe(0);
    expect(t.tokenState()).toEqual({ expiresAt: null, refreshable: false });
  });

  it('/readyz shows when the token expires', async () => {
    const expiresAt = Date.parse('2030-01-01T00:00:00Z');
    const stack: TestStack = await startStack({ icountAuth: () => ({ mode: 'token', token: ICOUNT_DEMO_TOKEN, refreshToken: 'RT-unused', expiresAt }) });
    closers.push(() => stack.close());
    const body = (await (await fetch(new URL('/readyz', stack.gateway.url))).json()) as ReadinessReport;
    expect(body.checks.icount.ok).toBe(true);
    expect(body.icountToken).toEqual({ expiresAt: '2030-01-01T00:00:00.000Z', refreshable: true });
  });
});
