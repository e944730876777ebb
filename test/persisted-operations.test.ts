import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_API_KEY } from '../src/auth.js';
import { ConfigError } from '../src/config.js';
import { toGlobalId } from '../src/domain/ids.js';
import { DEFAULT_MANIFEST, loadManifest, persistedOperationsFromEnv } from '../src/persisted-operations.js';
import { persistedHash } from '../examples/client.js';
import { CurrenciesDocument, InvoicesByStatusDocument, PayInvoiceDocument } from '../examples/gql/graphql.js';
import { startStack, type TestStack } from './support/stack.js';

/** The examples' manifest as the client preset wrote it: `"sha256:<hex>"` → document. */
const manifestJson = JSON.parse(readFileSync(DEFAULT_MANIFEST, 'utf8')) as Record<string, string>;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const AD_HOC = '{ currencies { code } }';

interface Reply {
  status: number;
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, any> }[];
}

/** A raw POST, so that requests can carry `extensions` and no `query`. */
async function post(stack: TestStack, body: Record<string, unknown>): Promise<Reply> {
  const res = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_API_KEY}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, ...((await res.json()) as Omit<Reply, 'status'>) };
}
const byHash = (sha256Hash: string, variables?: Record<string, unknown>) => ({ variables, extensions: { persistedQuery: { version: 1, sha256Hash } } });
const upstreamCalls = (stack: TestStack) => stack.icount.log.all().length + stack.freshbooks.log.all().length;

describe('the manifest', () => {
  it('holds every example operation under the hash embedded in its typed document, and each hash is the sha256 of its document', () => {
    const manifest = loadManifest(DEFAULT_MANIFEST);
    expect(manifest.size).toBe(Object.keys(manifestJson).length);
    for (const doc of [CurrenciesDocument, InvoicesByStatusDocument, PayInvoiceDocument]) {
      const hash = persistedHash(doc);
      expect(manifestJson[`sha256:${hash}`]).toBeDefined();
      expect(sha256(manifest.get(hash)!)).toBe(hash);
    }
  });

  it('refuses a manifest whose hashes do not match, as a configuration error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paygraph-manifest-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ [`sha256:${'0'.repeat(64)}`]: AD_HOC }));
    expect(() => persistedOperationsFromEnv({ PERSISTED_OPERATIONS_ONLY: true, PERSISTED_OPERATIONS_MANIFEST: bad })).toThrow(ConfigError);
    expect(() => persistedOperationsFromEnv({ PERSISTED_OPERATIONS_ONLY: false, PERSISTED_OPERATIONS_MANIFEST: join(dir, 'missing.json') })).toThrow(
      /PERSISTED_OPERATIONS_MANIFEST/,
    );
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ [sha256(AD_HOC)]: AD_HOC }));
    expect(persistedOperationsFromEnv({ PERSISTED_OPERATIONS_ONLY: true, PERSISTED_OPERATIONS_MANIFEST: good }).manifest.get(sha256(AD_HOC))).toBe(AD_HOC);
  });
});

describe('PERSISTED_OPERATIONS_ONLY=true', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ env: { PERSISTED_OPERATIONS_ONLY: 'true' } });
  });
  afterAll(() => stack.close());
  afterEach(() => {
    stack.icount.log.clear();
    stack.freshbooks.log.clear();
  });

  it('runs an example operation sent by its hash only', async () => {
    const res = await post(stack, byHash(persistedHash(InvoicesByStatusDocument), { status: 'PARTIAL', perPage: 5 }));
    expect(res.errors).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.data!.invoices.nodes.map((i: { number: string }) => i.number)).toContain('0000013');
  });

  it('runs a mutation by hash (PayInvoice, invoice 13 with token 63)', async () => {
    const res = await post(
      stack,
      byHash(persistedHash(PayInvoiceDocument), { idempotencyKey: 'po-pay-13', invoiceId: toGlobalId('Invoice', 13), card: { tokenId: 63 }, test: true }),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.payInvoice).toMatchObject({ userErrors: [], payment: { invoice: { status: 'PAID' } } });
  });

  it('runs a full query whose hash is in the manifest (the manifest text, as sent)', async () => {
    const hash = persistedHash(CurrenciesDocument);
    const res = await post(stack, { query: manifestJson[`sha256:${hash}`] });
    expect(res.errors).toBeUndefined();
    expect(res.data!.currencies.length).toBeGreaterThan(0);
  });

  it('refuses a full ad-hoc query with PERSISTED_QUERY_NOT_ALLOWED (HTTP 400), without calling an upstream', async () => {
    const res = await stack.gql(AD_HOC);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'PERSISTED_QUERY_NOT_ALLOWED' }) })]);
    expect(upstreamCalls(stack)).toBe(0);
    // An ordinary error response: quoted request id, and the request log line with the code.
    expect(res.errors![0]!.extensions!.requestId).toEqual(expect.any(String));
    expect(stack.logs).toContainEqual(expect.objectContaining({ msg: 'graphql operation', errors: ['PERSISTED_QUERY_NOT_ALLOWED'] }));
  });

  it('refuses a malformed query the same way: it is never parsed', async () => {
    const res = await stack.gql('{ currencies { code ');
    expect(res.status).toBe(400);
    expect(res.errors!.map((e) => e.extensions!.code)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
  });

  it('refuses an example operation that differs from the manifest text in as much as a comment', async () => {
    const text = `# changed\n${manifestJson[`sha256:${persistedHash(CurrenciesDocument)}`]}`;
    const res = await stack.gql(text);
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions!.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
  });

  it('refuses to register an ad-hoc query by APQ, and does not know it afterwards', async () => {
    const hash = sha256(AD_HOC);
    const register = await post(stack, { query: AD_HOC, ...byHash(hash) });
    expect(register.status).toBe(400);
    expect(register.errors![0]!.extensions!.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    const again = await post(stack, byHash(hash));
    expect(again.errors![0]!.extensions!.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(upstreamCalls(stack)).toBe(0);
  });

  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND', async () => {
    const res = await post(stack, byHash('f'.repeat(64)));
    expect(res.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'PERSISTED_QUERY_NOT_FOUND' }) })]);
    expect(upstreamCalls(stack)).toBe(0);
  });
});

describe('PERSISTED_OPERATIONS_ONLY unset (the default)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('runs full ad-hoc queries as usual', async () => {
    const res = await stack.gql(AD_HOC);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data!.currencies.length).toBeGreaterThan(0);
  });

  it('also accepts the manifest hashes', async () => {
    const res = await post(stack, byHash(persistedHash(CurrenciesDocument)));
    expect(res.errors).toBeUndefined();
    expect(res.data!.currencies.length).toBeGreaterThan(0);
  });

  it('supports automatic persisted queries: unknown hash, register with the query, then the hash alone', async () => {
    const query = '{ invoices(filter: { status: PARTIAL }, perPage: 3) { nodes { number } } }';
    const hash = sha256(query);
    const first = await post(stack, byHash(hash));
    expect(first.errors![0]!.extensions!.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const register = await post(stack, { query, ...byHash(hash) });
    expect(register.errors).toBeUndefined();
    const again = await post(stack, byHash(hash));
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(register.data);
  });

  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND', async () => {
    const res = await post(stack, byHash('e'.repeat(64)));
    expect(res.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'PERSISTED_QUERY_NOT_FOUND' }) })]);
  });

  it('refuses a hash that does not match the query sent with it', async () => {
    const res = await post(stack, { query: AD_HOC, ...byHash('d'.repeat(64)) });
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
  });
});
