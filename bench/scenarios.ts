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
}

/**
 * Which gateway/baseline processes: `memory` — the ledger in memory, `warn` logs (the default for
 * every read); `sqlite` — the ledger in an SQLite file in a fresh DATA_DIR (fsync per commit);
 * `postgres` — the ledger in a PostgreSQL database of its own (DATABASE_URL); `info` — `info` logs.
 */
export type Variant = 'memory' | 'sqlite' | 'postgres' | 'info';

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
   * What the gateway is compared with: the baseline (default); the same gateway with the default
   * settings (`warn` logs, ledger in memory) and the same request, to isolate one setting's cost;
   * or the peer (bench/peers/apollo-rest: plain Apollo Server + RESTDataSource) answering the
   * same GraphQL request, which is what users compare paygraph with.
   */
  reference?: 'baseline' | 'gateway' | 'peer';
  /** The pre-flight compares the two answers after this (ids that differ per request are masked). */
  normalise?: (data: unknown) => unknown;
}

export const AUTH_HEADERS = { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'application/json' };

function graphql(query: string, variables?: Record<string, unknown>, unique = false): BenchRequest {
  return { method: 'POST', path: '/graphql', body: JSON.stringify({ query, variables }), unique };
}

const PAYMENT = 'query Payment($id: ID!) { payment(id: $id) { id amount { amount currency } date type notes } }';
const CARD = 'query Card($id: ID!) { card(id: $id) { id tokenId brand last4 expiryMonth expiryYear holderName } }';
export const NESTED = 'query Nested { payments(perPage: 100) { nodes { amount { amount } client { name cards { last4 } } invoice { number } } } }';
const CHARGE =
  'mutation Charge($input: ChargeCardInput!) { chargeCard(input: $input) { charge { id confirmationCode amount { amount currency } card { brand last4 } } userErrors { code field message } } }';
const CURRENCIES = 'query Currencies { currencies { code icountId decimals } }';
const PAGE = 'query Page { payments(perPage: 100) { nodes { id amount { amount } date type notes } } }';

/** Charges differ by confirmation code (and so by id): compare everything else. */
function maskCharge(data: unknown): unknown {
  return JSON.parse(JSON.stringify(data), (key, value: unknown) => (key === 'id' || key === 'confirmationCode' ? '<per charge>' : value));
}

export function scenarios(data: BenchData): Scenario[] {
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
      variant: 'memory',
      wire: 'xml',
      gateway: graphql(PAYMENT, { id: toGlobalId('Payment', data.paymentId) }),
      baseline: { method: 'GET', path: `/payment?id=${data.paymentId}` },
    },
    {
      key: 'card',
      title: 'b. card(id) — iCount JSON read',
      variant: 'memory',
      wire: 'json',
      gateway: graphql(CARD, { id: toGlobalId('Card', data.tokenId) }),
      baseline: { method: 'GET', path: `/card?id=${data.tokenId}` },
    },
    {
      key: 'peer-payment',
      title: 'a. payment(id) against the peer (Apollo Server 5 standalone + RESTDataSource, same query)',
      variant: 'memory',
      reference: 'peer',
      gateway: graphql(PAYMENT, { id: toGlobalId('Payment', data.paymentId) }),
      baseline: graphql(PAYMENT, { id: toGlobalId('Payment', data.paymentId) }),
    },
    {
      key: 'peer-card',
      title: 'b. card(id) against the peer (Apollo Server 5 standalone + RESTDataSource, same query)',
      variant: 'memory',
      reference: 'peer',
      gateway: graphql(CARD, { id: toGlobalId('Card', data.tokenId) }),
      baseline: graphql(CARD, { id: toGlobalId('Card', data.tokenId) }),
    },
    {
      key: 'nested',
      title: `c. nested payments(perPage: 100), ${data.payments} payments / ${data.clients} clients`,
      variant: 'memory',
      gateway: graphql(NESTED),
      baseline: { method: 'GET', path: '/payments/nested' },
    },
    charge('memory', 'charge', 'd. chargeCard (test, unique idempotency key), ledger in memory'),
    charge('sqlite', 'charge-sqlite', 'd. chargeCard (test, unique idempotency key), ledger in an SQLite file (DATA_DIR)'),
    charge('postgres', 'charge-postgres', 'd. chargeCard (test, unique idempotency key), ledger in PostgreSQL (DATABASE_URL)'),
    {
      key: 'currencies',
      title: 'e. currencies (process cache; baseline reads the same cache)',
      variant: 'memory',
      gateway: graphql(CURRENCIES),
      baseline: { method: 'GET', path: '/currencies' },
    },
    {
      key: 'page',
      title: 'f. payments(perPage: 100) flat page — payment.list XML of 100',
      variant: 'memory',
      gateway: graphql(PAGE),
      baseline: { method: 'GET', path: '/payments/page' },
    },
    {
      key: 'logging',
      title: 'logging cost: card(id) with LOG_LEVEL=info (a line per operation, to /dev/null) vs the gateway at warn',
      variant: 'info',
      reference: 'gateway',
      gateway: graphql(CARD, { id: toGlobalId('Card', data.tokenId) }),
      baseline: graphql(CARD, { id: toGlobalId('Card', data.tokenId) }),
    },
  ];
}

/** The soak's mix: every scenario's gateway request in turn, on every connection. */
export function soakMix(list: Scenario[]): BenchRequest[] {
  const seen = new Set<string>();
  return list.filter((s) => s.variant !== 'info' && !seen.has(s.gateway.body!) && seen.add(s.gateway.body!)).map((s) => s.gateway);
}
