import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { DEMO_API_KEY } from '../src/auth.js';
import { loadConfig } from '../src/config.js';
import { EXPLORER_ASSETS, EXPLORER_CSP } from '../src/explorer/index.js';
import { createLogger } from '../src/logger.js';
import { start, type RunningPaygraph } from '../src/main.js';
import { until } from './support/events.js';
import { startStack, type TestStack } from './support/stack.js';

/**
 * The offline explorer (`GET /explorer`, GraphiQL from our own assets) and the demo preload of
 * both explorers. The browser part drives Debian's chromium (scripts/ensure-chromium.sh) with
 * playwright-core: no browser download, no network beyond loopback.
 */

const CHROMIUM = '/usr/bin/chromium';
// Without the background-networking flags chromium keeps trying Google's hosts on a closed network.
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const silentLogger = createLogger('silent');
/** Every absolute URL in a text, except those of `origin`. */
const foreignUrls = (text: string, origin?: string) => (text.match(/https?:\/\/[^\s"'<>)]+/g) ?? []).filter((u) => !origin || !u.startsWith(origin));

describe('explorers in demo mode', () => {
  let paygraph: RunningPaygraph;
  let origin: string;
  beforeAll(async () => {
    paygraph = await start(loadConfig({ PORT: '0' }), silentLogger);
    origin = new URL(paygraph.gateway.url).origin;
  });
  afterAll(() => paygraph?.stop());

  it('opens Sandbox with the example charge, its variables and the demo key', async () => {
    const html = await (await fetch(`${origin}/`, { headers: { accept: 'text/html' } })).text();
    const config = JSON.parse(html.match(/var embeddedSandboxConfig = (\{.*\});/)![1]!) as {
      initialState: { document: string; variables: { input: Record<string, any> }; headers: Record<string, string> };
    };
    expect(config.initialState.document).toContain('mutation ChargeDemoCard($input: ChargeCardInput!)');
    expect(config.initialState.variables.input).toMatchObject({ card: { tokenId: 57 }, test: true, amount: { amount: '25.00', currency: 'ILS' } });
    expect(config.initialState.variables.input.idempotencyKey).toMatch(/^demo-charge-[0-9a-f]{8}$/);
    expect(config.initialState.headers).toEqual({ Authorization: `Bearer ${DEMO_API_KEY}` });
  });

  it('serves /explorer with a strict CSP and no external URL in the page or its init script', async () => {
    const res = await fetch(`${origin}/explorer`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(EXPLORER_CSP);
    expect(EXPLORER_CSP).toContain("script-src 'self';");
    expect(EXPLORER_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const script = await (await fetch(`${origin}/explorer/assets/explorer.js`)).text();
    expect(foreignUrls(html, origin)).toEqual([]);
    expect(foreignUrls(script, origin)).toEqual([]);
    // The only inline <script> is the JSON data block (not executable; the CSP forbids inline scripts).
    const inline = [...html.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)].filter((m) => !/\bsrc=/.test(m[1]!));
    expect(inline.map((m) => m[1]!.trim())).toEqual(['type="application/json" id="paygraph-explorer-config"']);
    const config = JSON.parse(inline[0]![2]!) as Record<string, string>;
    expect(config).toMatchObject({ endpoint: '/graphql', headers: expect.stringContaining(`Bearer ${DEMO_API_KEY}`) });
    expect(JSON.parse(config.variables!)).toMatchObject({ input: { card: { tokenId: 57 }, test: true } });
    // Two tabs for a browser with nothing stored: the charge, and the payment events subscription with the same key.
    const tabs = (config as unknown as { tabs: { query: string; headers: string }[] }).tabs;
    expect(tabs.map((t) => t.query.match(/^(mutation|subscription) \w+/m)?.[0])).toEqual(['mutation ChargeDemoCard', 'subscription PaymentEvents']);
    expect(tabs[1]!.headers).toContain(`Bearer ${DEMO_API_KEY}`);
  });

  it('serves every explorer asset from node_modules and src/explorer, and nothing else', async () => {
    for (const [name, file] of Object.entries(EXPLORER_ASSETS)) {
      const res = await fetch(`${origin}/explorer/assets/${name}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(name.endsWith('.css') ? /^text\/css/ : /^(text|application)\/javascript/);
      expect((await res.arrayBuffer()).byteLength).toBe(readFileSync(file).byteLength);
    }
    for (const path of ['/explorer/assets/package.json', '/explorer/assets/..%2Fpackage.json', '/explorer/assets/graphiql.min.js.map', '/explorer/nope']) {
      expect((await fetch(`${origin}${path}`)).status).toBe(404);
    }
  });
});

describe('explorers with real upstreams (not demo mode)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());

  it('never puts a key into Sandbox or /explorer', async () => {
    const origin = new URL(stack.gateway.url).origin;
    const sandbox = await (await fetch(`${origin}/`, { headers: { accept: 'text/html' } })).text();
    const explorer = await (await fetch(`${origin}/explorer`)).text();
    for (const html of [sandbox, explorer]) {
      expect(html).not.toContain(DEMO_API_KEY);
      expect(html).not.toContain('ChargeDemoCard');
    }
    expect(explorer).toContain('YOUR_KEY');
  });
});

describe('GraphiQL at /explorer in a real browser (Debian chromium, offline)', () => {
  let browser: Browser;
  let paygraph: RunningPaygraph;
  let shots: string;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      // Installs Debian's package (a few minutes); idempotent. CI runs it before the tests.
      execFileSync('bash', [join(process.cwd(), 'scripts', 'ensure-chromium.sh')], { stdio: 'inherit', timeout: 9 * 60_000 });
    }
    shots = mkdtempSync(join(tmpdir(), 'paygraph-explorer-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, timeout: 60_000 });
    paygraph = await start(loadConfig({ PORT: '0' }), silentLogger);
  }, 10 * 60_000);
  afterAll(async () => {
    await browser?.close();
    await paygraph?.stop();
    // Kept when asked for (to look at it), else removed: artifacts are not committed.
    if (shots && !process.env.PAYGRAPH_KEEP_SCREENSHOTS) rmSync(shots, { recursive: true, force: true });
  }, 60_000);

  it('opens with the example charge and the demo key, and runs it in one click', async () => {
    const origin = new URL(paygraph.gateway.url).origin;
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const problems: string[] = [];
    const foreign: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
    page.on('pageerror', (e) => void problems.push(`page error: ${e.message}`));
    page.on('request', (r) => void (!r.url().startsWith(`${origin}/`) && !r.url().startsWith('data:') && foreign.push(r.url())));
    try {
      const response = await page.goto(`${origin}/explorer`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);

      // The example operation, its variables and the Authorization header are preloaded.
      await page.locator('.graphiql-query-editor', { hasText: 'mutation ChargeDemoCard' }).waitFor();
      const variables = JSON.parse(
        (await page.evaluate(`document.querySelector('.graphiql-editor-tool .graphiql-editor .CodeMirror').CodeMirror.getValue()`)) as string,
      ) as { input: Record<string, any> };
      expect(variables.input).toMatchObject({ card: { tokenId: 57 }, test: true, idempotencyKey: expect.stringMatching(/^demo-charge-/) });
      await page.locator('button[data-name="headers"]').click();
      await page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden)', { hasText: `Bearer ${DEMO_API_KEY}` }).waitFor();
      await page.locator('button[data-name="variables"]').click();

      // One click on the run button.
      await page.locator('.graphiql-execute-button').click();
      const result = page.locator('.result-window', { hasText: '"last4": "1111"' });
      await result.waitFor();
      const text = (await result.textContent()) ?? '';
      expect(text).toContain('"confirmationCode"');
      expect(text).toContain('"userErrors": []');
      const code = text.match(/"confirmationCode": "(\w+)"/)?.[1];
      expect(code).toBeDefined();
      // It really went to iCount (the emulator), once.
      expect(paygraph.emulators.icount!.emulator.log.count('cc/bill')).toBe(1);

      const file = join(shots, 'explorer.png');
      await page.screenshot({ path: file });
      const png = readFileSync(file);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.byteLength).toBeGreaterThan(20_000);

      // Offline: nothing but this origin was asked for; no CSP violation or script error.
      expect(foreign).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('opens a second tab with the paymentEvents subscription, which runs over WebSocket and shows a charge made elsewhere', async () => {
    const origin = new URL(paygraph.gateway.url).origin;
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const problems: string[] = [];
    const sockets: string[] = [];
    const sent: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
    page.on('pageerror', (e) => void problems.push(`page error: ${e.message}`));
    page.on('websocket', (ws) => {
      sockets.push(ws.url());
      ws.on('framesent', (f) => void sent.push(String(f.payload)));
    });
    try {
      await page.goto(`${origin}/explorer`, { waitUntil: 'load' });
      await page.locator('.graphiql-tab', { hasText: 'PaymentEvents' }).click();
      await page.locator('.graphiql-query-editor', { hasText: 'subscription PaymentEvents' }).waitFor();
      await page.locator('button[data-name="headers"]').click();
      await page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden)', { hasText: `Bearer ${DEMO_API_KEY}` }).waitFor();

      await page.locator('.graphiql-execute-button').click();
      // graphql-ws: the key in the connection parameters, then the subscription.
      await until(() => sent.some((f) => f.includes('"type":"subscribe"')), 30_000);
      expect(sockets).toEqual([`${origin.replace(/^http/, 'ws')}/graphql`]);
      expect(JSON.parse(sent.find((f) => f.includes('"connection_init"'))!)).toEqual({ type: 'connection_init', payload: { Authorization: `Bearer ${DEMO_API_KEY}` } });
      await new Promise((r) => setTimeout(r, 200)); // the subscribe message reaches the server

      // A charge from elsewhere (another client) shows up in the running subscription.
      const res = await fetch(paygraph.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_API_KEY}` },
        body: JSON.stringify({
          query: 'mutation($input: ChargeCardInput!) { chargeCard(input: $input) { charge { confirmationCode } userErrors { code } } }',
          variables: { input: { idempotencyKey: 'explorer-events-1', amount: { amount: '3.00', currency: 'ILS' }, card: { tokenId: 57 }, test: true } },
        }),
      });
      const charged = (await res.json()) as { data: { chargeCard: { charge: { confirmationCode: string } } } };
      const result = page.locator('.result-window', { hasText: '"CHARGE_APPROVED"' });
      await result.waitFor();
      const text = (await result.textContent()) ?? '';
      expect(text).toContain('"idempotencyKey": "explorer-events-1"');
      expect(text).toContain(`"confirmationCode": "${charged.data.chargeCard.charge.confirmationCode}"`);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
