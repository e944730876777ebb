/**
 * The client side of the chaos run: money-moving mutations under idempotency keys, sent to
 * whichever gateway is up and retried with the same key and input until the answer is final.
 */
import { ICOUNT_TEST_CARDS } from '../src/emulators/icount/index.js';

export type Operation = 'payInvoice' | 'chargeCard' | 'refundInvoicePayment';

/** What a key finally answered: the client's view of whether money moved. */
export interface FinalAnswer {
  kind: 'paid' | 'charged' | 'refunded' | 'rejected';
  chargeId: string | null;
  paymentId: string | null;
  codes: string[];
  /** refundInvoicePayment: the amount refunded, and the payment's amount after it (null once a full refund deleted it). */
  refundAmount?: string;
  paymentAmount?: string | null;
}

/** A refundInvoicePayment key: which payInvoice key's payment it refunds, and what the client expects. */
export interface RefundPlan {
  /** The payInvoice key that recorded the payment. */
  paidBy: KeyState;
  /** What is refunded (the input's amount, or all that is left when the input names none). */
  amount: string;
  /** The payment's amount once refunded ('0.00': deleted). */
  leaves: string;
}

export interface KeyState {
  key: string;
  operation: Operation;
  input: Record<string, unknown>;
  /** payInvoice: the FreshBooks invoice id (one unsettled payment per invoice at a time). */
  invoiceId: number | null;
  requests: number;
  /** Non-final answers seen, by kind (`IDEMPOTENCY_KEY_IN_PROGRESS`, `pending`, `network`, ...). */
  transient: Record<string, number>;
  last: string;
  final: FinalAnswer | null;
  /** A second request after the final answer must answer the same. */
  replay: FinalAnswer | null;
  /** refundInvoicePayment keys only. */
  refund: RefundPlan | null;
  /** The gateway a request of this key is waiting on now (a kill of that gateway cuts it). */
  inFlightTo: string | null;
}

/** Seeded PRNG (mulberry32): the same --seed replays the same choices. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
export const between = (rng: () => number, min: number, max: number) => Math.floor(min + rng() * (max - min + 1));
export const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

const toGlobalId = (type: string, key: number) => Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');

/**
 * Demo-seed invoices with a balance whose client has an iCount twin (linked, or by e-mail for
 * invoice 8), and a card of that client: a stored token, or card details where it has none.
 */
const INVOICES = [
  { id: 2, currency: 'ILS', card: { tokenId: 57 } },
  { id: 5, currency: 'ILS', card: { tokenId: 59 } },
  { id: 8, currency: 'ILS', card: { number: ICOUNT_TEST_CARDS.visa, expiry: '12/30', cvv: '123', holderName: 'Maya Friedman' } },
  { id: 11, currency: 'USD', card: { tokenId: 61 } },
  { id: 13, currency: 'USD', card: { tokenId: 63 } },
] as const;

export const INVOICE_IDS: readonly number[] = INVOICES.map((i) => i.id);

/** Stored cards of the demo seed; 64 is the scripted decline (a REJECTED row now and then). */
const CHARGE_TOKENS = [57, 58, 59, 60, 61, 62, 63, 64] as const;

/** A new payInvoice key on an invoice no open key holds, or null when all are held. */
export function newPayInvoice(rng: () => number, key: string, busyInvoices: ReadonlySet<number>): KeyState | null {
  const free = INVOICES.filter((i) => !busyInvoices.has(i.id));
  if (free.length === 0) return null;
  const invoice = pick(rng, free);
  const input = {
    idempotencyKey: key,
    invoiceId: toGlobalId('Invoice', invoice.id),
    card: invoice.card,
    amount: { amount: `${between(rng, 1, 3)}.${String(between(rng, 0, 99)).padStart(2, '0')}`, currency: invoice.currency },
  };
  return fresh(key, 'payInvoice', input, invoice.id);
}

export function newChargeCard(rng: () => number, key: string): KeyState {
  const input = {
    idempotencyKey: key,
    amount: { amount: `${between(rng, 1, 20)}.${String(between(rng, 0, 99)).padStart(2, '0')}`, currency: pick(rng, ['ILS', 'USD']) },
    card: { tokenId: pick(rng, CHARGE_TOKENS) },
    description: `chaos ${key}`,
  };
  return fresh(key, 'chargeCard', input, null);
}

export function fresh(key: string, operation: Operation, input: Record<string, unknown>, invoiceId: number | null, refund: RefundPlan | null = null): KeyState {
  return { key, operation, input, invoiceId, requests: 0, transient: {}, last: 'not sent', final: null, replay: null, refund, inFlightTo: null };
}

const DOCUMENTS: Record<Operation, string> = {
  payInvoice: 'mutation Pay($input: PayInvoiceInput!) { result: payInvoice(input: $input) { charge { id } payment { id } pending userErrors { code message } } }',
  chargeCard: 'mutation Charge($input: ChargeCardInput!) { result: chargeCard(input: $input) { charge { id } userErrors { code message } } }',
  refundInvoicePayment:
    'mutation Refund($input: RefundInvoicePaymentInput!) { result: refundInvoicePayment(input: $input) { refund { amount { amount } } charge { id } payment { id amount { amount } } pending userErrors { code message } } }',
};

/** Answers that mean "not settled yet: retry the same key later". */
const RETRY_CODES = new Set(['IDEMPOTENCY_KEY_IN_PROGRESS', 'OUTCOME_UNKNOWN', 'INVOICE_PAYMENT_IN_PROGRESS', 'REFUND_IN_PROGRESS']);

type Answer = { final: FinalAnswer } | { transient: string };

/** Sends the key's mutation once to `url`; never throws. */
export async function send(url: string, apiKey: string, state: KeyState, timeoutMs: number): Promise<Answer> {
  state.requests += 1;
  let body: { data?: { result?: Payload | null } | null; errors?: { extensions?: { code?: string; outcome?: string } }[] };
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query: DOCUMENTS[state.operation], variables: { input: state.input } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return { transient: `http-${res.status}` };
    }
  } catch (err) {
    const name = err instanceof Error && err.name === 'TimeoutError' ? 'client-timeout' : 'network';
    return { transient: name };
  }
  const payload = body.data?.result;
  if (!payload) {
    const ext = body.errors?.[0]?.extensions;
    return { transient: `error:${ext?.code ?? 'none'}${ext?.outcome ? `/${ext.outcome}` : ''}` };
  }
  return classify(state.operation, payload);
}

interface Payload {
  charge: { id: string } | null;
  payment?: { id: string; amount?: { amount: string } } | null;
  refund?: { amount: { amount: string } } | null;
  pending?: boolean;
  userErrors: { code: string; message: string }[];
}

function classify(operation: Operation, p: Payload): Answer {
  const codes = p.userErrors.map((e) => e.code);
  const retry = codes.find((c) => RETRY_CODES.has(c));
  if (retry) return { transient: retry };
  if (operation === 'refundInvoicePayment') {
    if (p.pending) return { transient: 'pending' };
    if (p.refund) {
      const payment = p.payment ?? null;
      return { final: { kind: 'refunded', chargeId: p.charge?.id ?? null, paymentId: payment?.id ?? null, codes, refundAmount: p.refund.amount.amount, paymentAmount: payment?.amount?.amount ?? null } };
    }
    if (codes.length) return { final: { kind: 'rejected', chargeId: null, paymentId: null, codes } };
    return { transient: `odd:${JSON.stringify(p)}` };
  }
  if (operation === 'payInvoice') {
    if (p.pending) return { transient: 'pending' };
    if (p.charge && p.payment) return { final: { kind: 'paid', chargeId: p.charge.id, paymentId: p.payment.id, codes } };
  } else if (p.charge) {
    return { final: { kind: 'charged', chargeId: p.charge.id, paymentId: null, codes } };
  }
  if (!p.charge && codes.length) return { final: { kind: 'rejected', chargeId: null, paymentId: null, codes } };
  return { transient: `odd:${JSON.stringify(p)}` };
}

/** Applies an answer to the key's state; true when it is now final. */
export function record(state: KeyState, answer: Answer): boolean {
  if ('final' in answer) {
    if (state.final) state.replay = answer.final;
    else state.final = answer.final;
    state.last = answer.final.kind;
    return true;
  }
  state.transient[answer.transient] = (state.transient[answer.transient] ?? 0) + 1;
  state.last = answer.transient;
  return false;
}

export const sameAnswer = (a: FinalAnswer, b: FinalAnswer) =>
  a.kind === b.kind && a.chargeId === b.chargeId && a.paymentId === b.paymentId && a.refundAmount === b.refundAmount && a.paymentAmount === b.paymentAmount;

/** What `Query.ledgerEntry` (the support view) shows for a key. */
export interface LedgerView {
  state: string;
  chargeId: string | null;
  paymentId: string | null;
}

const LEDGER_ENTRY = 'query Entry($key: String!) { ledgerEntry(idempotencyKey: $key) { state charge { id } payment { id } } }';

/** The key's ledgerEntry; null when the gateway knows no entry; a string saying why when the query failed. */
export async function ledgerEntry(url: string, apiKey: string, key: string): Promise<LedgerView | null | string> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query: LEDGER_ENTRY, variables: { key } }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json()) as { data?: { ledgerEntry: { state: string; charge: { id: string } | null; payment: { id: string } | null } | null }; errors?: unknown[] };
    if (!body.data) return `ledgerEntry failed: ${JSON.stringify(body.errors)}`;
    const entry = body.data.ledgerEntry;
    return entry && { state: entry.state, chargeId: entry.charge?.id ?? null, paymentId: entry.payment?.id ?? null };
  } catch (err) {
    return `ledgerEntry failed: ${err instanceof Error ? err.message : String(err)}`;
  }
}
