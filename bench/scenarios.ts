import { DEMO_API_KEY } from '../src/auth.js';
import { toGlobalId } from '../src/domain/ids.js';
import type { BenchData } from './seed.js';

/** One HTTP request, for autocannon and for the pre-flight check. */
export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  /** The body holds `[<id>]` placeholders autocannon replaces with a unique id per request. */
  unique?: boolean;
  /** Sent besides the API key and content type. */
  headers?: Record<string, string>;
}

/**
 * Which gateway/baseline processes: `sqlite` — the ledger in an SQLite file in a fresh DATA_DIR
 * (fsync per commit), where `npm start` keeps it against real accounts, and `warn` logs: the
 * default for every scenario; `postgres` — the ledger in a PostgreSQL database of its own
 * (DATABASE_URL); `info` — `info` logs.
 */
export type Variant = 'sqlite' | 'postgres' | 'info';

export interface Scenario {
  key: string;
  title: string;
  /** Which gateway/baseline processes (see Variant). */
  variant: Variant;
  gateway: BenchRequest;
  /** The request to the reference side (the baseline, the reference gateway or the peer). */
  baseline: BenchRequest;
  /** Single reads: which p50 budget applies (target 4). */
  wire?: 'json' | 'xml';
  /**
   * What the gateway is compared with: the baseline (default); the gateway with the default
   * settings (`warn` logs, SQLite ledger) and the reference request (the same request, to isolate
   * one setting's cost, or the same query sent with `Cache-Control: no-cache`, for the cache);
   * or the peer (bench/peers/apollo-rest: plain Apollo Server + RESTDataSource) answering the
   * same GraphQL request, which is what users compare paygraph with.
   */
  reference?: 'baseline' | 'gateway' | 'peer';
  /** What the two sides are called in the tables (default: gateway, and baseline or peer). */
  labels?: { gateway: string; reference: string };
  /** The pre-flight compares the two answers after this (ids that differ per request are masked). */
  normalise?: (data: unknown) => unknown;
}

export const AUTH_HEADERS = { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'application/json' };

export function graphql(query: string, variables?: Record<string, unknown>, unique = false, headers?: Record<string, string>): BenchRequest {
  return { method: 'POST', path: '/graphql', body: JSON.stringify({ query, variables }), unique, ...(headers ? { headers } : {}) };
}

const PAYMENT = 'query Payment($id: ID!) { payment(id: $id) { id amount { amount currency } date type notes } }';
const CARD = 'query Card($id: ID!) { card(id: $id) { id tokenId brand last4 expiryMonth expiryYear holderName } }';
/** The nested list of issue 14: a page of payments, each with its client, the client's stored cards and the invoice. */
export const nestedQuery = (perPage = 100) =>
  `query Nested { payments(perPage: ${perPage}) { nodes { amount { amount } client { name cards { last4 } } invoice { number } } } }`;
export const NESTED = nestedQuery();
/**
 * "Bypass the cross-request read cache for this request" (issue 14 item 3): a cold read. The bench
 * depends on this header only, never on how the cache is built.
 */
export const NO_CACHE = { 'cache-control': 'no-cache' };
const CHARGE =
  'mutation Charge($input: ChargeCardInput!) { chargeCard(input: $input) { charge { id confirmationCode amount { amount currency } card { brand last4 } } userErrors { code field message } } }';
const CURRENCIES = 'query Currencies { currencies { code icountId decimals } }';
const PAGE = 'query Page { payments(perPage: 100) { nodes { id amount { amount } date type notes } } }';

/** Charges differ by confirmation code (and so by id): compare everything else. */
function maskCharge(data: unknown): unknown {
  return JSON.parse(JSON.stringify(data), (key, value: unknown) => (key === 'id' || key === 'confirmationCode' ? '<per charge>' : value));
}

/**
 * Every read but the cache scenario's and the nested list's is sent cold by default (`warmReads`
 * false): the gateway then makes the same upstream calls as the baseline and the peer, so the
 * comparisons measure the gateway's own cost, not what the read cache saves (the cache scenario
 * measures that). With `warmReads` the header is left off, as most clients send: stored cards and
 * invoices may then come from the cache. The peer ignores the header.
 */
export function scenarios(data: BenchData, { warmReads = false } = {}): Scenario[] {
  const read = warmReads ? undefined : NO_CACHE;
  const chargeInput = (key: string) => ({
    idempotencyKey: key,
    amount: { amount: '10.00', currency: 'ILS' },
    card: { tokenId: data.tokenId },
    description: 'bench',
    test: true,
  });
  const charge = (variant: Variant, key: string, title: string): Scenario => ({
    key,
    title,
    variant,
    gateway: graphql(CHARGE, { input: chargeInput('bench-[<id>]') }, true),
    baseline: { method: 'POST', path: '/charge', body: JSON.stringify(chargeInput('bench-[<id>]')), unique: true },
    normalise: maskCharge,
  });
  return [
    {
      key: 'payment',
      title: 'a. payment(id) — FreshBooks XML read',
      variant: 'sqlite',
      wire: 'xml',
      gateway: graphql(PAYMENT, { id: toGlobalId('Payment', data.paymentId) }, false, read),
      baseline: { method: 'GET', path: `/payment?id=${data.paymentId}` },
    },
    {
      key: 'card',
      title: 'b. card(id) — iCount JSON read',
      variant: 'sqlite',
      wire: 'json',
      gateway: graphql(CARD, { id: toGlobalId('Card', data.tokenId) }, false, read),
      baseline: { method: 'GET', path: `/card?id=${data.tokenId}` },
    },
    {
      key: 'peer-payment',
      title: 'a. payment(id) against the peer (Apollo Server 5 standalone + RESTDataSource, same query)',
      variant: 'sqlite',
      reference: 'peer',
      gateway: graphql(PAYMENT, { id: toGlobalId('Payment', data.paymentId) }, false, read),
      baseline: graphql(PAYMENT, { id: toGlobalId('Payment', data.paymentId) }, false, read),
    },
    {
      key: 'peer-card',
      title: 'b. card(id) against the peer (Apollo Server 5 standalone + RESTDataSource, same query)',
      variant: 'sqlite',
      reference: 'peer',
      gateway: graphql(CARD, { id: toGlobalId('Card', data.tokenId) }, false, read),
      baseline: graphql(CARD, { id: toGlobalId('Card', data.tokenId) }, false, read),
    },
    {
      key: 'nested',
      title: `c. nested payments(perPage: 100), ${data.payments} payments / ${data.clients} clients, cold (Cache-Control: no-cache)`,
      variant: 'sqlite',
      // Cold, so both sides make the same upstream calls; warm is the cache scenario's.
      gateway: graphql(NESTED, undefined, false, NO_CACHE),
      baseline: { method: 'GET', path: '/payments/nested' },
    },
    {
      key: 'cache',
      title: `cache: nested payments(perPage: 100) warm (no header) against cold (Cache-Control: no-cache), same gateway`,
      variant: 'sqlite',
      reference: 'gateway',
      labels: { gateway: 'warm', reference: 'cold' },
      gateway: graphql(NESTED),
      baseline: graphql(NESTED, undefined, false, NO_CACHE),
    },
    charge('sqlite', 'charge', 'd. chargeCard (test, unique idempotency key), ledger in an SQLite file (DATA_DIR), as npm start keeps it'),
    charge('postgres', 'charge-postgres', 'd. chargeCard (test, unique idempotency key), ledger in PostgreSQL (DATABASE_URL)'),
    {
      key: 'currencies',
      title: 'e. currencies (process cache; baseline reads the same cache)',
      variant: 'sqlite',
      gateway: graphql(CURRENCIES),
      baseline: { method: 'GET', path: '/currencies' },
    },
    {
      key: 'page',
      title: 'f. payments(perPage: 100) flat page — payment.list XML of 100',
      variant: 'sqlite',
      gateway: graphql(PAGE, undefined, false, read),
      baseline: { method: 'GET', path: '/payments/page' },
    },
    {
      key: 'logging',
      title: 'logging cost: card(id) with LOG_LEVEL=info (a line per operation, to /dev/null) vs the gateway at warn',
      variant: 'info',
      reference: 'gateway',
      labels: { gateway: 'gw@info', reference: 'gw@warn' },
      gateway: graphql(CARD, { id: toGlobalId('Card', data.tokenId) }, false, read),
      baseline: graphql(CARD, { id: toGlobalId('Card', data.tokenId) }, false, read),
    },
  ];
}

/** The soak's mix: every scenario's gateway request in turn, on every connection. */
export function soakMix(list: Scenario[]): BenchRequest[] {
  const seen = new Set<string>();
  return list.filter((s) => s.variant !== 'info' && !seen.has(s.gateway.body!) && seen.add(s.gateway.body!)).map((s) => s.gateway);
}
