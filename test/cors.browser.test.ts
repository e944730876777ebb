import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { DEMO_API_KEY } from '../src/auth.js';
import { startStack, type TestStack } from './support/stack.js';

/**
 * CORS_ORIGINS in a real browser (Debian's chromium through playwright-core, as the explorer
 * test): a page on origin A calls the gateway on origin B and gets data; a page on a third origin
 * is refused at the preflight; a "simple" cross-origin request is still refused by CSRF
 * prevention; credentials are never allowed.
 */

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** A page server: one empty HTML page, on its own port (its own origin). */
async function pageServer(): Promise<{ origin: string; close: () => void }> {
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><title>client</title><p>client page</p>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/** What a page's fetch got: the status and body, or the browser's refusal. */
type Fetched = { ok: true; status: number; body: string; requestId: string | null } | { ok: false; error: string };

describe('CORS from pages on other origins (headless chromium)', () => {
  let browser: Browser;
  let stack: TestStack;
  let allowed: { origin: string; close: () => void };
  let other: { origin: string; close: () => void };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      execFileSync('bash', [join(process.cwd(), 'scripts', 'ensure-chromium.sh')], { stdio: 'inherit', timeout: 9 * 60_000 });
    }
    allowed = await pageServer();
    other = await pageServer();
    stack = await startStack({ env: { CORS_ORIGINS: `${allowed.origin},https://app.example.com` } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, timeout: 60_000 });
  }, 10 * 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    allowed?.close();
    other?.close();
  }, 60_000);

  /** Opens `origin` in a fresh page and runs fetch(gateway, init) there. */
  async function fetchFrom(origin: string, init: { headers?: Record<string, string>; body: string; credentials?: 'include' | 'omit' }): Promise<Fetched> {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      return await page.evaluate(
        async ({ url, init }) => {
          try {
            const res = await fetch(url, { method: 'POST', ...init });
            return { ok: true as const, status: res.status, body: await res.text(), requestId: res.headers.get('x-request-id') };
          } catch (err) {
            return { ok: false as const, error: String(err) };
          }
        },
        { url: stack.gateway.url, init },
      );
    } finally {
      await context.close();
    }
  }

  const query = JSON.stringify({ query: '{ payments(perPage: 2) { nodes { id } } }' });
  const jsonHeaders = { 'content-type': 'application/json', authorization: `Bearer ${DEMO_API_KEY}` };

  it('lets a page on an allowed origin call the gateway on another origin and read the data and x-request-id', async () => {
    const before = stack.freshbooks.log.count('payment.list');
    const got = await fetchFrom(allowed.origin, { headers: jsonHeaders, body: query });
    expect(got).toMatchObject({ ok: true, status: 200, requestId: expect.any(String) });
    const body = JSON.parse((got as { body: string }).body) as { data: { payments: { nodes: { id: string }[] } } };
    expect(body.data.payments.nodes.length).toBeGreaterThan(0);
    expect(stack.freshbooks.log.count('payment.list')).toBe(before + 1);
  }, 60_000);

  it('refuses a page on a third origin at the preflight: nothing runs, one log line', async () => {
    const before = stack.freshbooks.log.count('payment.list');
    const logged = stack.logs.length;
    const got = await fetchFrom(other.origin, { headers: jsonHeaders, body: query });
    expect(got).toMatchObject({ ok: false, error: expect.stringContaining('Failed to fetch') });
    expect(stack.freshbooks.log.count('payment.list')).toBe(before);
    const lines = stack.logs.slice(logged).filter((l) => l.msg === 'request rejected');
    expect(lines).toEqual([expect.objectContaining({ status: 403, code: 'CORS_ORIGIN_NOT_ALLOWED', method: 'OPTIONS' })]);
  }, 60_000);

  it('keeps CSRF prevention: a simple cross-origin POST (text/plain, no preflight) is refused before it runs', async () => {
    const before = stack.freshbooks.log.count('payment.list');
    const got = await fetchFrom(allowed.origin, { headers: { 'content-type': 'text/plain' }, body: query });
    expect(got).toMatchObject({ ok: true, status: 400 });
    expect((got as { body: string }).body).toContain('CSRF');
    expect(stack.freshbooks.log.count('payment.list')).toBe(before);
  }, 60_000);

  it('never allows credentials: a fetch with credentials: include is refused by the browser', async () => {
    const got = await fetchFrom(allowed.origin, { headers: jsonHeaders, body: query, credentials: 'include' });
    expect(got).toMatchObject({ ok: false });
  }, 60_000);

  it('answers the preflight with the origin, the methods and headers a GraphQL client needs, and no credentials', async () => {
    const res = await fetch(stack.gateway.url, {
      method: 'OPTIONS',
      headers: { origin: allowed.origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed.origin);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization.*content-type.*apollo-require-preflight/);
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toContain('Origin');
    const refused = await fetch(stack.gateway.url, { method: 'OPTIONS', headers: { origin: other.origin, 'access-control-request-method': 'POST' } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});
