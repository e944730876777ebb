/**
 * The refund side of the books after a chaos run (refundInvoicePayment): each refund key made one
 * `cc/refund` of the sum it asked for and brought its FreshBooks payment in line once
 * (`payment.update` naming the refund, or `payment.delete` for a full refund); every paid payment
 * holds its charge less its refunds, iCount's `refunded` agrees, nothing is refunded beyond the
 * charge, and each invoice owes what it owed before the run less what its payments still hold.
 * From the emulators' request logs and their own records, never from the gateway.
 */
import type { LoggedRequest } from '../src/emulators/shared/request-log.js';
import { keyOf, intKeyOf } from '../src/domain/ids.js';
import type { LedgerRow } from './books.js';
import { control, type Emulator } from './processes.js';
import { amountOf, cents } from './refund-traffic.js';
import type { KeyState } from './traffic.js';
import { cardTransaction, invoiceOutstanding, paymentAmount, type CardTransaction } from './upstream-reads.js';

export const REFUND_COUNTS = ['doubleRefunds', 'doubleBookings', 'lostBookings', 'overRefunds', 'paymentsOff', 'balancesOff'] as const;
export type RefundCount = (typeof REFUND_COUNTS)[number];
export type Problem = (count: RefundCount | 'strayWrites' | 'wrongAnswers', what: string, row?: LedgerRow) => void;

/** A kill: when, of which gateway, and the refund keys whose requests it cut. */
export interface Kill {
  at: number;
  victim: string;
  refundKeys: string[];
}

export interface RefundWindow {
  /** Kills that cut a refund after its `cc/refund` and before its FreshBooks booking (emulator times). */
  killsMidRefund: number;
  /** Refund rows that had a kill land between their two writes. */
  refundsCaught: number;
}

const MARKER = /\[paygraph:([a-z2-7]{20})\]/;
/** The refund a booking names: the last line of the notes (earlier refunds of the payment left theirs above it). */
const BOOKING_NOTE = /paygraph refund ([a-z2-7]{20})/g;
const bookedBy = (notes: string) => [...notes.matchAll(BOOKING_NOTE)].pop()?.[1];

interface RefundWrites {
  refunds: LoggedRequest[];
  bookings: LoggedRequest[];
  /** payment.delete requests that reached a payment already gone: a second delete. */
  lateDeletes: LoggedRequest[];
}

const dataOf = (row: LedgerRow) => (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as { paymentId?: number; newAmount?: string };
const paymentParams = (w: LoggedRequest) => (w.params.payment ?? {}) as Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
/** `Charge:log:<cc_bill_log_id>:<code>` (or an old `Charge:<code>`): the confirmation code. */
const confirmationOf = (chargeId: string) => keyOf(chargeId, 'Charge')?.split(':').pop() ?? null;

/** Every refundInvoicePayment write in the logs, by the ledger row it belongs to; what belongs to none goes to `stray`. */
async function refundWrites(icount: Emulator, freshbooks: Emulator, rows: LedgerRow[]) {
  const refundRows = rows.filter((r) => r.operation === 'refundInvoicePayment');
  const byId = new Map<string, RefundWrites>(refundRows.map((r) => [r.id, { refunds: [], bookings: [], lateDeletes: [] }]));
  const deleting = new Map(refundRows.flatMap((r) => (cents(dataOf(r).newAmount ?? '1') === 0n ? [[dataOf(r).paymentId, r.id] as const] : [])));
  const stray: LoggedRequest[] = [];
  const add = (id: string | undefined, w: LoggedRequest, list: keyof RefundWrites) => {
    const writes = id === undefined ? undefined : byId.get(id);
    if (writes) writes[list].push(w);
    else stray.push(w);
  };
  for (const w of (await control(icount, 'GET', 'requests')) as LoggedRequest[]) {
    if (w.method === 'cc/refund' && w.outcome === 'OK') add(MARKER.exec(text(w.params.payment_description))?.[1], w, 'refunds');
  }
  for (const w of (await control(freshbooks, 'GET', 'requests')) as LoggedRequest[]) {
    if (w.outcome.startsWith('fault:')) continue;
    if (w.method === 'payment.update' && w.outcome === 'OK') add(bookedBy(text(paymentParams(w).notes)), w, 'bookings');
    if (w.method === 'payment.delete') add(deleting.get(Number(text(w.params.payment_id))), w, w.outcome === 'OK' ? 'bookings' : 'lateDeletes');
  }
  return { byId, stray };
}

export async function auditRefunds(
  icount: Emulator,
  freshbooks: Emulator,
  rows: LedgerRow[],
  keys: KeyState[],
  outstandingBefore: ReadonlyMap<number, bigint>,
  kills: readonly Kill[],
  problem: Problem,
): Promise<RefundWindow> {
  const { byId, stray } = await refundWrites(icount, freshbooks, rows);
  const rowByKey = new Map(rows.map((r) => [r.idempotency_key, r]));
  for (const w of stray) problem('strayWrites', `${w.method} #${w.seq} belongs to no refundInvoicePayment row: ${JSON.stringify(w.params)}`);

  for (const key of keys.filter((k) => k.refund)) {
    const plan = key.refund!;
    const row = rowByKey.get(key.key);
    const { refunds, bookings, lateDeletes } = (row && byId.get(row.id)) ?? { refunds: [], bookings: [], lateDeletes: [] };
    const seen = `asked ${plan.amount} of payment ${plan.paidBy.final?.paymentId} (leaves ${plan.leaves}); requests ${key.requests}, answers ${JSON.stringify(key.transient)}, last ${key.last}`;
    const seqs = (list: LoggedRequest[]) => list.map((w) => `${w.method} #${w.seq}`).join(', ');
    if (refunds.length > 1) problem('doubleRefunds', `key ${key.key}: ${refunds.length} cc/refund (${seqs(refunds)}); ${seen}`, row);
    if (bookings.length + lateDeletes.length > 1) problem('doubleBookings', `key ${key.key}: ${seqs([...bookings, ...lateDeletes])}; ${seen}`, row);
    if (refunds.length > 0 && bookings.length === 0) problem('lostBookings', `key ${key.key}: refunded (${seqs(refunds)}), FreshBooks never brought in line; ${seen}`, row);
    if (refunds.length === 0 && bookings.length > 0) problem('strayWrites', `key ${key.key}: FreshBooks changed (${seqs(bookings)}) without a refund; ${seen}`, row);
    const billLogId = Number(keyOf(plan.paidBy.final!.chargeId ?? '', 'Charge')?.split(':')[1]);
    for (const r of refunds) {
      if (Number(text(r.params.cc_bill_log_id)) !== billLogId || cents(text(r.params.sum)) !== cents(plan.amount)) {
        problem('wrongAnswers', `key ${key.key}: cc/refund #${r.seq} refunded ${text(r.params.sum)} of cc_bill_log_id ${text(r.params.cc_bill_log_id)}, not ${plan.amount} of ${billLogId}; ${seen}`, row);
      }
    }
    for (const b of bookings.filter((w) => w.method === 'payment.update')) {
      if (cents(text(paymentParams(b).amount)) !== cents(plan.leaves)) problem('paymentsOff', `key ${key.key}: payment.update #${b.seq} set ${text(paymentParams(b).amount)}, not ${plan.leaves}; ${seen}`, row);
    }
    if (!key.final) continue; // a stuck key: counted by the main books
    if (key.final.kind === 'rejected') {
      // Every refund the client asks for is within what is left: a refusal is a wrong answer too.
      problem('wrongAnswers', `key ${key.key} was refused ${JSON.stringify(key.final.codes)} with ${refunds.length} cc/refund; ${seen}`, row);
    } else if (refunds.length !== 1 || cents(key.final.refundAmount ?? '0') !== cents(plan.amount) || !sameAmount(key.final.paymentAmount ?? null, plan.leaves)) {
      problem('wrongAnswers', `key ${key.key} answered ${JSON.stringify(key.final)} with ${refunds.length} cc/refund; ${seen}`, row);
    }
  }

  await auditPayments(icount, freshbooks, keys, byId, outstandingBefore, problem);
  return refundWindow(rows, byId, kills);
}

/** A partial refund answers the reduced payment, a full one none. */
const sameAmount = (answered: string | null, leaves: string) => (cents(leaves) === 0n ? answered === null : answered !== null && cents(answered) === cents(leaves));

/** Each paid payment against its charge, and each invoice's balance against what its payments still hold. */
async function auditPayments(
  icount: Emulator,
  freshbooks: Emulator,
  keys: KeyState[],
  byId: ReadonlyMap<string, RefundWrites>,
  outstandingBefore: ReadonlyMap<number, bigint>,
  problem: Problem,
): Promise<void> {
  const refundedByLog = new Map<number, bigint>();
  for (const { refunds } of byId.values()) {
    for (const r of refunds) refundedByLog.set(Number(text(r.params.cc_bill_log_id)), (refundedByLog.get(Number(text(r.params.cc_bill_log_id))) ?? 0n) + cents(text(r.params.sum)));
  }
  const held = new Map<number, bigint>([...outstandingBefore.keys()].map((id) => [id, 0n]));
  for (const paid of keys.filter((k) => k.operation === 'payInvoice' && k.final?.kind === 'paid')) {
    const code = confirmationOf(paid.final!.chargeId ?? '');
    const paymentId = intKeyOf(paid.final!.paymentId ?? '', 'Payment');
    const tx: CardTransaction | null = code ? await cardTransaction(icount, code) : null;
    if (!tx || paymentId === null) {
      problem('paymentsOff', `key ${paid.key}: answered ${JSON.stringify(paid.final)}, but iCount has no such charge or the payment id is not one`);
      continue;
    }
    const payment = (await paymentAmount(freshbooks, paymentId)) ?? 0n;
    const logged = refundedByLog.get(tx.billLogId) ?? 0n;
    const answered = keys
      .filter((k) => k.refund?.paidBy === paid && k.final?.kind === 'refunded')
      .reduce((sum, k) => sum + cents(k.final!.refundAmount!), 0n);
    const books = `charge ${amountOf(tx.sum)} (cc_bill_log_id ${tx.billLogId}), iCount refunded ${amountOf(tx.refunded)}, cc/refund logged ${amountOf(logged)}, refunds answered ${amountOf(answered)}, payment ${paymentId} holds ${amountOf(payment)}`;
    if (tx.refunded > tx.sum || logged > tx.sum) problem('overRefunds', `key ${paid.key}: ${books}`);
    if (payment !== tx.sum - tx.refunded || tx.refunded !== logged || logged < answered) problem('paymentsOff', `key ${paid.key}: ${books}`);
    if (paid.invoiceId !== null) held.set(paid.invoiceId, (held.get(paid.invoiceId) ?? 0n) + tx.sum - tx.refunded);
  }
  for (const [invoiceId, before] of outstandingBefore) {
    const now = await invoiceOutstanding(freshbooks, invoiceId);
    const expected = before - (held.get(invoiceId) ?? 0n);
    if (now !== expected) problem('balancesOff', `invoice ${invoiceId}: owes ${amountOf(now)}; owed ${amountOf(before)} before the run, its chaos payments still hold ${amountOf(held.get(invoiceId) ?? 0n)}`);
  }
}

/** Kills that cut a refund key's request after its cc/refund was logged and before its booking was (the emulators log on the same clock). */
function refundWindow(rows: LedgerRow[], byId: ReadonlyMap<string, RefundWrites>, kills: readonly Kill[]): RefundWindow {
  const rowByKey = new Map(rows.map((r) => [r.idempotency_key, r]));
  const caught = new Set<string>();
  let killsMidRefund = 0;
  for (const kill of kills) {
    let hit = false;
    for (const key of kill.refundKeys) {
      const row = rowByKey.get(key);
      const writes = row && byId.get(row.id);
      const refundAt = writes?.refunds[0]?.at;
      const bookAt = writes?.bookings[0]?.at ?? Infinity;
      if (refundAt !== undefined && refundAt < kill.at && kill.at < bookAt) {
        hit = true;
        caught.add(row!.id);
      }
    }
    if (hit) killsMidRefund += 1;
  }
  return { killsMidRefund, refundsCaught: caught.size };
}
