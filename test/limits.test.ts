import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Lexer, Source, TokenKind } from 'graphql';
import { loadConfig } from '../src/config.js';
import { FRESHBOOKS_DEMO_TOKEN, FRESHBOOKS_PATH, FreshbooksEmulator } from '../src/emulators/freshbooks/index.js';
import { ICOUNT_DEMO_CREDENTIALS, ICOUNT_PATH, IcountEmulator } from '../src/emulators/icount/index.js';
import type { RunningEmulator } from '../src/emulators/shared/server.js';
import { DEFAULT_QUERY_LIMITS } from '../src/limits.js';
import { createLogger } from '../src/logger.js';
import { start, type RunningPaygraph } from '../src/main.js';
import { startStack, type GraphQLResponse, type TestStack } from './support/stack.js';

interface HttpResult {
  status: number;
  contentType: string;
  body: any;
}

/** The key both the demo stacks and the production gateway below accept. */
const PROD_KEY = 'limits-test-key-0123456789abcdef';

/** A raw HTTP request to the GraphQL endpoint: the body is sent as given, with an API key. */
async function send(url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<HttpResult> {
  const auth = { authorization: `Bearer ${PROD_KEY}` };
  const res = await fetch(url, {
    method: init.method ?? 'POST',
    headers: init.method === 'GET' ? { ...auth, ...init.headers } : { 'content-type': 'application/json', ...auth, ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  return { status: res.status, contentType, body: contentType.includes('json') ? JSON.parse(text) : text };
}

/** Number of graphql-js lexer tokens (what MAX_TOKENS counts). */
function tokenCount(query: string): number {
  const lexer = new Lexer(new Source(query));
  let n = 0;
  while (lexer.advance().kind !== TokenKind.EOF) n++;
  return n;
}

/** A stack with these environment variables, started before and closed after the enclosing describe. */
function useStack(env: Record<string, string> = {}): () => TestStack {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ env: { API_KEYS: `${PROD_KEY}:read+write+charge`, ...env } });
  });
  afterAll(() => stack.close());
  return () => stack;
}

const upstreamCalls = (stack: TestStack) => stack.icount.log.count() + stack.freshbooks.log.count();

/** Runs `query` and expects it refused with a validation error naming the limit, before any upstream call. */
async function expectRejected(stack: TestStack, query: string, message: RegExp, code = 'GRAPHQL_VALIDATION_FAILED'): Promise<GraphQLResponse> {
  const before = upstreamCalls(stack);
  const res = await stack.gql(query);
  expect(res.status).toBe(400);
  expect(res.data).toBeUndefined();
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0]!.message).toMatch(message);
  expect(res.errors![0]!.extensions?.code).toBe(code);
  expect(JSON.stringify(res)).not.toContain('stacktrace');
  expect(upstreamCalls(stack)).toBe(before);
  return res;
}

/** Runs `query` and expects data without errors, fetched from the upstreams. */
async function expectServed(stack: TestStack, query: string): Promise<GraphQLResponse> {
  const before = upstreamCalls(stack);
  const res = await stack.gql(query);
  expect(res.errors).toBeUndefined();
  expect(res.status).toBe(200);
  expect(res.data).toBeDefined();
  expect(upstreamCalls(stack)).toBeGreaterThan(before);
  return res;
}

const NESTED = `{ payments(perPage: 100) { nodes { amount { amount } client { name cards { last4 } } invoice { number } } } }`;

describe('default limits', () => {
  const stack = useStack();

  it('come from the environment defaults', () => {
    expect(DEFAULT_QUERY_LIMITS).toEqual({ maxDepth: 12, maxAliases: 30, maxTokens: 3000, maxDirectives: 20, maxCost: 20_000, maxBatch: 10 });
  });

  it('serve a nested query across both upstreams (payments → client → cards, invoice)', async () => {
    const res = await expectServed(stack(), NESTED);
    expect(res.data!.payments.nodes.length).toBeGreaterThan(0);
    expect(res.data!.payments.nodes[0]).toMatchObject({ amount: { amount: expect.any(String) }, client: { name: expect.any(String) } });
  });

  it('refuse a query of more than 3000 tokens before parsing it fully', async () => {
    await expectRejected(stack(), `{ ${'__typename '.repeat(3001)}}`, /^Token limit of 3000 exceeded \(MAX_TOKENS\)\.$/, 'GRAPHQL_PARSE_FAILED');
  });
});

describe('MAX_DEPTH=3', () => {
  const stack = useStack({ MAX_DEPTH: '3' });

  it('serves a query 3 levels deep', async () => {
    await expectServed(stack(), `{ payments { nodes { id } } }`);
  });

  it('refuses a query 4 levels deep with "Query depth limit of 3 exceeded, found 4 (MAX_DEPTH)." and no upstream call', async () => {
    await expectRejected(stack(), `{ payments { nodes { client { name } } } }`, /^Query depth limit of 3 exceeded, found 4 \(MAX_DEPTH\)\.$/);
  });

  it('refuses a cyclic payments → client → payments → client query', async () => {
    await expectRejected(
      stack(),
      `{ payments { nodes { client { payments { nodes { client { payments { nodes { id } } } } } } } } }`,
      /^Query depth limit of 3 exceeded, found 9 \(MAX_DEPTH\)\.$/,
    );
  });

  it('counts fragments as levels too', async () => {
    await expectRejected(
      stack(),
      `query { payments { ...P } } fragment P on PaymentPage { nodes { client { name } } }`,
      /^Query depth limit of 3 exceeded/,
    );
  });
});

describe('MAX_ALIASES=3', () => {
  const stack = useStack({ MAX_ALIASES: '3' });
  const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `p${i}: payments(page: ${i + 1}, perPage: 1) { nodes { id } }`).join(' ')} }`;

  it('serves 3 aliases', async () => {
    const res = await expectServed(stack(), aliased(3));
    expect(Object.keys(res.data!)).toEqual(['p0', 'p1', 'p2']);
  });

  it('does not count aliases of __typename', async () => {
    const res = await stack().gql(`{ a: __typename b: __typename c: __typename d: __typename e: __typename }`);
    expect(res.errors).toBeUndefined();
  });

  it('refuses 4 aliases with "Aliases limit of 3 exceeded, found 4 (MAX_ALIASES)." and no upstream call', async () => {
    await expectRejected(stack(), aliased(4), /^Aliases limit of 3 exceeded, found 4 \(MAX_ALIASES\)\.$/);
  });
});

describe('MAX_TOKENS=40', () => {
  const stack = useStack({ MAX_TOKENS: '40' });
  const base = `{ payments(perPage: 2) { nodes { id amount { amount currency } } } }`;
  /** `base` padded with `__typename` selections (one token each) to exactly `n` tokens. */
  const withTokens = (n: number) => base.replace('{ id', `{ ${'__typename '.repeat(n - tokenCount(base))}id`);

  it('serves a query of exactly 40 tokens', async () => {
    expect(tokenCount(withTokens(40))).toBe(40);
    await expectServed(stack(), withTokens(40));
  });

  it('refuses 41 tokens with "Token limit of 40 exceeded (MAX_TOKENS)." (HTTP 400) and no upstream call', async () => {
    expect(tokenCount(withTokens(41))).toBe(41);
    await expectRejected(stack(), withTokens(41), /^Token limit of 40 exceeded \(MAX_TOKENS\)\.$/, 'GRAPHQL_PARSE_FAILED');
  });
});

describe('MAX_DIRECTIVES=2', () => {
  const stack = useStack({ MAX_DIRECTIVES: '2' });

  it('serves 2 directives', async () => {
    const res = await expectServed(stack(), `{ payments { nodes { id @include(if: true) date @skip(if: true) } } }`);
    expect(res.data!.payments.nodes[0]).not.toHaveProperty('date');
  });

  it('refuses 3 directives with "Directives limit of 2 exceeded, found 3 (MAX_DIRECTIVES)." and no upstream call', async () => {
    await expectRejected(
      stack(),
      `{ payments { nodes { id @include(if: true) date @skip(if: true) amount @include(if: true) { amount } } } }`,
      /^Directives limit of 2 exceeded, found 3 \(MAX_DIRECTIVES\)\.$/,
    );
  });
});

describe('MAX_COST=41', () => {
  const stack = useStack({ MAX_COST: '41' });

  it('serves the nested payments query (cost 40.4375: objects 2, scalars 1, ×1.5 a level)', async () => {
    await expectServed(stack(), NESTED);
  });

  it('refuses one more field at depth 4 with "Query cost limit of 41 exceeded, found 43.8125 (MAX_COST)." and no upstream call', async () => {
    await expectRejected(
      stack(),
      NESTED.replace('amount { amount }', 'amount { amount currency }'),
      /^Query cost limit of 41 exceeded, found 43\.8125 \(MAX_COST\)\.$/,
    );
  });
});

describe('field suggestions', () => {
  const stack = useStack();

  it('are not given for an unknown field', async () => {
    const res = await expectRejected(stack(), `{ paymnts { id } }`, /^Cannot query field "paymnts" on type "Query"\.$/);
    expect(JSON.stringify(res)).not.toMatch(/did you mean|suggestion|"payments"/i);
  });

  it('are not given for an unknown input field or argument', async () => {
    const res = await stack().gql(`{ payments(filter: { clientid: "x" }, perpage: 2) { nodes { id } } }`);
    expect(res.status).toBe(400);
    expect(res.errors!.map((e) => e.message).sort()).toEqual([
      'Field "clientid" is not defined by type "PaymentFilter".',
      'Unknown argument "perpage" on field "Query.payments".',
    ]);
  });

  it('are not given for a misspelt enum value in variables', async () => {
    const res = await stack().gql(`mutation($id: ID!, $t: PaymentType) { updatePayment(input: { id: $id, type: $t }) { payment { id } } }`, { id: 'x', t: 'VIZA' });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toContain('"PaymentType"');
    expect(JSON.stringify(res)).not.toMatch(/did you mean|VISA/i);
  });
});

describe('introspection', () => {
  const query = `{ __schema { queryType { name } } }`;

  describe('INTROSPECTION=false', () => {
    const stack = useStack({ INTROSPECTION: 'false' });
    it('refuses __schema even with the explorer on', async () => {
      await expectRejected(stack(), query, /introspection is not allowed/);
    });
  });

  describe('INTROSPECTION=true', () => {
    const stack = useStack({ INTROSPECTION: 'true' });
    it('answers __schema', async () => {
      const res = await stack().gql(query);
      expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    });
  });
});

describe('batched operations', () => {
  const batch = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ query: `{ payments(page: ${i + 1}, perPage: 1) { nodes { id } } }` })));

  describe('MAX_BATCH=2', () => {
    const stack = useStack({ MAX_BATCH: '2' });

    it('runs a batch of 2 and answers an array of 2 results', async () => {
      const res = await send(stack().gateway.url, { body: batch(2) });
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(2);
      for (const r of res.body) expect(r.data.payments.nodes).toHaveLength(1);
    });

    it('refuses a batch of 3 with HTTP 400, a BAD_REQUEST error naming MAX_BATCH, and runs none of it', async () => {
      const before = upstreamCalls(stack());
      const res = await send(stack().gateway.url, { body: batch(3) });
      expect(res.status).toBe(400);
      expect(res.contentType).toMatch(/^application\/json/);
      expect(res.body).toEqual({ errors: [{ message: 'A batch of 3 operations exceeds the limit of 2 (MAX_BATCH).', extensions: { code: 'BAD_REQUEST' } }] });
      expect(upstreamCalls(stack())).toBe(before);
    });
  });

  describe('MAX_BATCH=1', () => {
    const stack = useStack({ MAX_BATCH: '1' });

    it('refuses any JSON array, even of one operation, and runs none of it', async () => {
      const before = upstreamCalls(stack());
      for (const n of [1, 2]) {
        const res = await send(stack().gateway.url, { body: batch(n) });
        expect(res.status).toBe(400);
        expect(res.body.errors[0]).toEqual({ message: expect.stringContaining('MAX_BATCH=1'), extensions: { code: 'BAD_REQUEST' } });
      }
      expect(upstreamCalls(stack())).toBe(before);
    });

    it('still serves a single operation', async () => {
      await expectServed(stack(), `{ payments(perPage: 1) { nodes { id } } }`);
    });
  });
});

describe('request bodies', () => {
  const stack = useStack({ BODY_LIMIT: '2kb' });

  it('answers a body over BODY_LIMIT with HTTP 413 and a JSON GraphQL error, not an HTML page', async () => {
    const before = upstreamCalls(stack());
    const res = await send(stack().gateway.url, { body: JSON.stringify({ query: `{ payments { nodes { id } } }`, variables: { pad: 'x'.repeat(4096) } }) });
    expect(res.status).toBe(413);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.body).toEqual({ errors: [{ message: 'The request body is larger than the limit (BODY_LIMIT).', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    expect(upstreamCalls(stack())).toBe(before);
  });

  it('serves a body under BODY_LIMIT', async () => {
    const res = await send(stack().gateway.url, { body: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(1500) } }) });
    expect(res.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers malformed JSON with HTTP 400 and a JSON GraphQL error', async () => {
    const res = await send(stack().gateway.url, { body: '{"query": "{ payments { nodes { id } } }"' });
    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.body).toEqual({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
  });
});

describe('CSRF prevention', () => {
  const stack = useStack();
  const getUrl = () => `${stack().gateway.url}?query=${encodeURIComponent('{ __typename }')}`;

  it('refuses a simple GET without content-type or apollo-require-preflight (400)', async () => {
    const res = await send(getUrl(), { method: 'GET' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toContain('Cross-Site Request Forgery');
    expect(res.body.errors[0].extensions).toEqual({ code: 'BAD_REQUEST' });
  });

  it('refuses a simple text/plain POST (400)', async () => {
    const res = await send(stack().gateway.url, { body: JSON.stringify({ query: '{ __typename }' }), headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toContain('Cross-Site Request Forgery');
  });

  it('serves a GET with apollo-require-preflight and a POST with application/json', async () => {
    expect((await send(getUrl(), { method: 'GET', headers: { 'apollo-require-preflight': 'true' } })).body).toEqual({ data: { __typename: 'Query' } });
    expect((await send(stack().gateway.url, { body: JSON.stringify({ query: '{ __typename }' }) })).body).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('a production-configured gateway (npm start with NODE_ENV=production and real-account settings)', () => {
  let paygraph: RunningPaygraph;
  const emulators: RunningEmulator[] = [];
  let url: string;

  beforeAll(async () => {
    const icount = await new IcountEmulator({ seed: 'demo' }).start({ port: 0, host: '127.0.0.1' });
    emulators.push(icount);
    const freshbooks = await new FreshbooksEmulator({ seed: 'demo' }).start({ port: 0, host: '127.0.0.1' });
    emulators.push(freshbooks);
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      ICOUNT_URL: `${icount.url}${ICOUNT_PATH}`,
      ICOUNT_CID: ICOUNT_DEMO_CREDENTIALS.cid,
      ICOUNT_USER: ICOUNT_DEMO_CREDENTIALS.user,
      ICOUNT_PASS: ICOUNT_DEMO_CREDENTIALS.pass,
      FRESHBOOKS_URL: `${freshbooks.url}${FRESHBOOKS_PATH}`,
      FRESHBOOKS_TOKEN: FRESHBOOKS_DEMO_TOKEN,
      API_KEYS: `${PROD_KEY}:read+write+charge`,
    });
    expect(config.demo).toBe(false);
    paygraph = await start(config, createLogger('silent'));
    url = paygraph.gateway.url;
  });
  afterAll(async () => {
    await paygraph?.stop();
    for (const e of emulators) await e.close();
  });

  it('serves queries', async () => {
    const res = await send(url, { body: JSON.stringify({ query: `{ payments(perPage: 1) { nodes { id } } }` }) });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.payments.nodes).toHaveLength(1);
  });

  it('has introspection off (INTROSPECTION=auto) and gives no field suggestions', async () => {
    const intro = await send(url, { body: JSON.stringify({ query: `{ __schema { types { name } } }` }) });
    expect(intro.status).toBe(400);
    expect(intro.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await send(url, { body: JSON.stringify({ query: `{ paymnts { id } }` }) });
    expect(typo.body.errors[0].message).toBe('Cannot query field "paymnts" on type "Query".');
  });

  it('shows the production landing page, not Sandbox', async () => {
    const res = await send(url, { method: 'GET', headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.body).toContain(encodeURIComponent('"isProd":true'));
    expect(res.body).not.toMatch(/<script[^>]+src="[^"]*embeddable-sandbox/);
  });

  it('returns no stack traces in any kind of error', async () => {
    const bodies = [
      JSON.stringify({ query: `{ payments { nodes { id } ` }), // parse error
      JSON.stringify({ query: `{ nope }` }), // validation error
      JSON.stringify({ query: `{ ${'__typename '.repeat(3001)}}` }), // token limit
      JSON.stringify({ query: `query($n: Int) { payments(perPage: $n) { nodes { id } } }`, variables: { n: 'many' } }), // bad variable
      JSON.stringify({ query: `{ node(id: "not-a-global-id") { id } }` }), // resolver error
      JSON.stringify({ query: `{ __typename }`, operationName: 'Missing' }), // unknown operation
      JSON.stringify([{ query: `{ __typename }` }, { query: `{ nope }` }]), // batch with an error
      '{"query": ', // malformed JSON
    ];
    for (const body of bodies) {
      const res = await send(url, { body });
      expect(typeof res.body).toBe('object');
      expect(JSON.stringify(res.body)).toMatch(/"errors"/);
      expect(JSON.stringify(res.body)).not.toMatch(/stacktrace|\.ts:\d+|node_modules|at [\w.<>]+ \(/);
    }
  });
});
