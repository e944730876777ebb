import { describe, expect, it } from '@jest/globals';
import { Readiness, type ReadinessReport } from '../src/readiness.js';
import { openLedger } from '../src/ledger/index.js';
import { freshStacks } from './support/fresh-stack.js';
import type { TestStack } from './support/stack.js';

const stackFor = freshStacks();

/** GET /readyz: its status, Cache-Control header, and body (parsed and as text). */
async function readyz(stack: TestStack): Promise<{ status: number; cacheControl: string | null; body: ReadinessReport; text: string }> {
  const res = await fetch(new URL('/readyz', stack.gateway.url));
  const text = await res.text();
  return { status: res.status, cacheControl: res.headers.get('cache-control'), body: JSON.parse(text) as ReadinessReport, text };
}

describe('GET /readyz', () => {
  it('is 200 when both upstreams answer an authenticated read, with each check and its circuit', async () => {
    const stack = await stackFor();
    const { status, cacheControl, body } = await readyz(stack);
    expect(cacheControl).toBe('no-store');
    expect(status).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.checks.icount).toMatchObject({ ok: true, detail: 'reachable and authenticated (cc/card_types)', circuit: 'closed' });
    expect(body.checks.freshbooks).toMatchObject({ ok: true, detail: 'reachable and authenticated (client.list)', circuit: 'closed' });
    expect(body.mode).toBe('demo');
    expect(body.checks.ledger).toMatchObject({ ok: true, detail: 'sqlite answered' });
    expect(stack.freshbooks.log.all().find((r) => r.method === 'client.list')?.params).toMatchObject({ per_page: '1' });
  });

  it('checks the ledger in PostgreSQL when it is there', async () => {
    const stack = await stackFor({ postgres: true });
    const { status, cacheControl, body } = await readyz(stack);
    expect(cacheControl).toBe('no-store');
    expect(status).toBe(200);
    expect(body.checks.ledger).toMatchObject({ ok: true, detail: 'postgres answered' });
  });

  it('is 503 when an upstream is down, saying which and why', async () => {
    const stack = await stackFor();
    stack.icount.faults.add({ method: 'cc/card_types', fault: { kind: 'http', status: 503 }, times: -1 });
    const { status, cacheControl, body } = await readyz(stack);
    expect(cacheControl).toBe('no-store');
    expect(status).toBe(503);
    expect(body.status).toBe('not_ready');
    expect(body.checks.icount.ok).toBe(false);
    expect(body.checks.icount.detail).toBe('UPSTREAM_UNAVAILABLE: iCount answered cc/card_types with HTTP 503');
    expect(body.checks.freshbooks.ok).toBe(true);
  });

  it('is 503 when credentials are rejected, and never shows them', async () => {
    const secret = 'not-the-password-3f1c9a';
    const stack = await stackFor({ icountAuth: () => ({ mode: 'session', cid: 'demo', user: 'demo', pass: secret }) });
    stack.freshbooks.faults.add({ method: 'client.list', fault: { kind: 'app-error', code: '20010', message: 'Authentication failed' } });
    const { status, cacheControl, body, text } = await readyz(stack);
    expect(cacheControl).toBe('no-store');
    expect(status).toBe(503);
    expect(body.checks.icount).toMatchObject({ ok: false, detail: "UPSTREAM_AUTH: iCount rejected paygraph's credentials" });
    expect(body.checks.freshbooks).toMatchObject({ ok: false, detail: "UPSTREAM_AUTH: FreshBooks rejected paygraph's API token" });
    expect(text).not.toContain(secret);
    expect(text).not.toMatch(/https?:\/\/|127\.0\.0\.1/);
  });

  it('counts an upstream application error as ready: it answered and accepted the credentials', async () => {
    const stack = await stackFor();
    stack.icount.faults.add({ method: 'cc/card_types', fault: { kind: 'app-error', code: 'temporarily_disabled' } });
    const { status, cacheControl, body } = await readyz(stack);
    expect(cacheControl).toBe('no-store');
    expect(status).toBe(200);
    expect(body.checks.icount.detail).toBe('reachable and authenticated; cc/card_types answered temporarily_disabled');
  });

  it('caches the result briefly, so probes cannot hammer the upstreams', async () => {
    const stack = await stackFor();
    const probes = await Promise.all(Array.from({ length: 5 }, () => readyz(stack)));
    probes.push(await readyz(stack));
    for (const probe of probes) expect(probe.cacheControl).toBe('no-store');
    expect(stack.icount.log.count('cc/card_types')).toBe(1);
    expect(stack.freshbooks.log.count('client.list')).toBe(1);
    // A failure is cached too: an upstream that just recovered shows after the cache expires.
    stack.freshbooks.faults.add({ method: 'client.list', fault: { kind: 'drop' } });
    const probe = new Readiness(stack.runtime, { cacheMs: 50 });
    expect((await probe.check()).status).toBe('not_ready');
    expect((await probe.check()).status).toBe('not_ready');
    await new Promise((r) => setTimeout(r, 80));
    expect((await probe.check()).status).toBe('ready');
  });

  it('leaves /healthz a pure liveness check: no upstream call', async () => {
    const stack = await stackFor();
    stack.icount.faults.add({ fault: { kind: 'http', status: 503 }, times: -1 });
    const res = await fetch(new URL('/healthz', stack.gateway.url));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(stack.icount.log.count()).toBe(0);
    expect(stack.freshbooks.log.count()).toBe(0);
  });
});

describe('Readiness checks', () => {
  it('bounds each upstream check by its timeout', async () => {
    const stack = await stackFor();
    stack.freshbooks.faults.add({ method: 'client.list', fault: { kind: 'latency', ms: 1_500 } });
    const started = Date.now();
    const report = await new Readiness(stack.runtime, { timeoutMs: 200, cacheMs: 0 }).check();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(report.checks.freshbooks).toMatchObject({ ok: false, detail: 'UPSTREAM_TIMEOUT: no answer within 200 ms', circuit: 'closed' });
    expect(report.checks.icount.ok).toBe(true);
  });

  it('reports an open circuit breaker', async () => {
    const stack = await stackFor({ env: { CIRCUIT_FAILURE_THRESHOLD: '1' } });
    stack.icount.faults.add({ method: 'cc/card_types', fault: { kind: 'http', status: 502 }, times: -1 });
    const probe = new Readiness(stack.runtime, { cacheMs: 0 });
    expect((await probe.check()).checks.icount).toMatchObject({ ok: false, circuit: 'open' });
    const second = await probe.check();
    expect(second.checks.icount).toMatchObject({ ok: false, detail: 'UPSTREAM_UNAVAILABLE: iCount is unavailable (circuit open); retry later', circuit: 'open' });
    // Failed fast: no second request reached iCount.
    expect(stack.icount.log.count('cc/card_types')).toBe(1);
  });

  it('is not ready when the ledger does not answer', async () => {
    const stack = await stackFor();
    const ledger = await openLedger({ kind: 'memory' });
    await ledger.close();
    const report = await new Readiness({ ...stack.runtime, ledger }).check();
    expect(report.status).toBe('not_ready');
    expect(report.checks.ledger).toMatchObject({ ok: false, detail: 'the ledger database does not answer' });
    expect(report.checks.icount.ok).toBe(true);
  });

  it('says stopping (503) once shutdown has begun', async () => {
    const stack = await stackFor();
    stack.gateway.readiness.markStopping();
    const { status, cacheControl, body } = await readyz(stack);
    expect(cacheControl).toBe('no-store');
    expect(status).toBe(503);
    expect(body.status).toBe('stopping');
  });
});
