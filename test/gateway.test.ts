import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { DEMO_API_KEY } from '../src/auth.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { createLogger } from '../src/logger.js';
import { start, type RunningPaygraph } from '../src/main.js';
import { createApolloServer } from '../src/server.js';
import { startStack, type TestStack } from './support/stack.js';

describe('demo mode (npm start with nothing configured)', () => {
  let paygraph: RunningPaygraph;
  const lines: string[] = [];
  beforeAll(async () => {
    const logger = createLogger('info', { write: (l: string) => void lines.push(l) } as pino.DestinationStream);
    paygraph = await start(loadConfig({ PORT: '0' }), logger);
  });
  afterAll(() => paygraph.stop());

  it('says it is in demo mode and how to use real accounts', () => {
    const text = lines.join('\n');
    expect(text).toContain('DEMO MODE');
    expect(text).toContain('ICOUNT_CID');
  });

  it('serves demo data on POST /graphql: a stored card can be charged', async () => {
    const res = await fetch(paygraph.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_API_KEY}` },
      body: JSON.stringify({
        query: `mutation { chargeCard(input: { idempotencyKey: "demo-1", amount: { amount: "25.00", currency: "ILS" }, card: { tokenId: 57 }, test: true }) {
          charge { confirmationCode amount { amount } card { last4 } } userErrors { code } } }`,
      }),
    });
    const body = (await res.json()) as { data: { chargeCard: { charge: { amount: { amount: string }; card: { last4: string } } } } };
    expect(body.data.chargeCard.charge).toMatchObject({ amount: { amount: '25.00' }, card: { last4: '1111' } });
  });

  it('opens Apollo Sandbox for a browser at / and at /graphql', async () => {
    for (const path of ['/', '/graphql']) {
      const res = await fetch(new URL(path, paygraph.gateway.url), { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('embeddable-sandbox');
    }
  });

  it('answers /healthz', async () => {
    const res = await fetch(new URL('/healthz', paygraph.gateway.url));
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers 404 for other paths', async () => {
    expect((await fetch(new URL('/nope', paygraph.gateway.url))).status).toBe(404);
  });
});

describe('createApolloServer used in-process', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('runs operations with executeOperation against the same upstreams', async () => {
    const logger = createLogger('silent');
    const server = createApolloServer({ logger, explorer: false });
    try {
      const res = await server.executeOperation(
        { query: `query($n: String!) { detectCardBrand(number: $n) }`, variables: { n: '4580458045804580' } },
        { contextValue: createContext(stack.runtime, logger) },
      );
      expect(res.body.kind === 'single' && res.body.singleResult.data).toEqual({ detectCardBrand: 'VISA' });
    } finally {
      await server.stop();
    }
  });

  it('hides unexpected internal errors and never returns stack traces', async () => {
    const res = await stack.gql(`{ __typename nope }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(res)).not.toContain('stacktrace');
  });
});

describe('configuration', () => {
  it('reports every bad variable by name', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', ICOUNT_TIMEOUT_MS: '-1', LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT', 'ICOUNT_TIMEOUT_MS', 'LOG_LEVEL']) expect(message).toContain(name);
  });

  it('asks for the missing iCount credentials instead of half-configuring', () => {
    expect(() => loadConfig({ ICOUNT_CID: 'acme' })).toThrow(/ICOUNT_USER.*\n.*ICOUNT_PASS/s);
  });

  it('picks token auth when ICOUNT_TOKEN is set, and demo mode when nothing is', () => {
    const freshbooks = { FRESHBOOKS_URL: 'https://acme.freshbooks.com/api/2.1/xml-in', FRESHBOOKS_TOKEN: 'fb-token' };
    expect(loadConfig({ ICOUNT_TOKEN: 'API3E8-X', API_KEYS: 'a-key-of-sixteen-chars:read', ...freshbooks }).icount).toMatchObject({ emulated: false, mode: 'token' });
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({}).ledger).toEqual({ kind: 'memory' });
  });

  it('never runs half-emulated: one real upstream, or NODE_ENV=production, needs the other', () => {
    expect(() => loadConfig({ FRESHBOOKS_URL: 'https://acme.freshbooks.com/api/2.1/xml-in', FRESHBOOKS_TOKEN: 'fb', API_KEYS: 'a-key-of-sixteen-chars:read' })).toThrow(/ICOUNT_CID.*no silent emulator/);
    expect(() => loadConfig({ ICOUNT_TOKEN: 'API3E8-X', API_KEYS: 'a-key-of-sixteen-chars:read' })).toThrow(/FRESHBOOKS_URL.*no silent emulator/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/ICOUNT_CID[\s\S]*FRESHBOOKS_URL/);
  });

  it('keeps the ledger in DATA_DIR with real upstreams, in PostgreSQL with DATABASE_URL, and refuses REDIS_URL alone', () => {
    const real = { ICOUNT_TOKEN: 'API3E8-X', FRESHBOOKS_URL: 'https://acme.freshbooks.com/api/2.1/xml-in', FRESHBOOKS_TOKEN: 'fb', API_KEYS: 'a-key-of-sixteen-chars:read' };
    expect(loadConfig(real).ledger).toEqual({ kind: 'sqlite', dataDir: './data' });
    expect(loadConfig({ ...real, DATABASE_URL: 'postgres://db/paygraph' }).ledger).toEqual({ kind: 'postgres', url: 'postgres://db/paygraph' });
    expect(() => loadConfig({ ...real, REDIS_URL: 'redis://cache:6379' })).toThrow(/REDIS_URL: Redis no longer holds shared state/);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '5000' })).toThrow(/SHUTDOWN_GRACE_MS: 5000 is shorter than the longest write timeout \(20000 ms\)/);
  });
});
