import Big from 'big.js';
import type { GatewayContext } from '../context.js';
import { keyOf, toGlobalId } from '../domain/ids.js';
import { withMarker } from '../domain/marker.js';
import { isLess, normaliseAmount, subtract } from '../domain/money.js';
import { failure, success, type ChargeRecord, type MoneyRecord, type Outcome, type RefundRecord, type UserErrorRecord } from '../domain/records.js';
import type { LedgerEntry, LedgerState } from '../ledger/index.js';
import { problem } from '../validation/common.js';
import type { Lookup, WriteAhead } from './exactly-once.js';
import { ledgerCall, type LedgerFailureOutcome } from './ledger-call.js';

/**
 * What refunds share (docs/refunds.md): charge ids, the amount left to refund (iCount's `refunded`
 * and the ledger's own count, whichever is more), one refund at a time per charge, the `cc/refund`
 * write and its look-up.
 */

/** A charge's global ID: its `cc_bill_log_id` where iCount gave one (with the code, to find it), else its confirmation code. */
export function chargeGlobalId(charge: Pick<ChargeRecord, 'billLogId' | 'confirmationCode'>): string {
  return charge.billLogId != null ? toGlobalId('Charge', `log:${charge.billLogId}:${charge.confirmationCode}`) : toGlobalId('Charge', charge.confirmationCode);
}

/** The parts of a Charge ID: new ids carry the bill log id and the code, old ones the code alone. */
export function parseChargeId(id: string): { billLogId: number | null; confirmationCode: string } | null {
  const key = keyOf(id, 'Charge');
  if (key === null) return null;
  const m = /^log:([1-9]\d{0,14}):(.*)$/.exec(key);
  return m ? { billLogId: Number(m[1]), confirmationCode: m[2]! } : { billLogId: null, confirmationCode: key };
}

/** The charge a Charge ID names, read fresh from cc/transactions; null when there is none. */
export async function loadCharge(ctx: GatewayContext, id: { billLogId: number | null; confirmationCode: string }): Promise<ChargeRecord | null> {
  if (!id.confirmationCode) return null;
  const found = await ctx.icount.transactions({ confirmationCode: id.confirmationCode });
  return found.find((c) => id.billLogId === null || c.billLogId === id.billLogId) ?? null;
}

/** The ledger lock of a charge's refunds (the unique lock column payInvoice uses for invoices). */
export const chargeLock = (billLogId: number): string => `charge:${billLogId}`;

const REFUND_OPERATIONS = ['refundCharge', 'refundInvoicePayment'] as const;
const COUNTED: readonly LedgerState[] = ['SUCCEEDED', 'PENDING'];
const refundRows = new WeakMap<GatewayContext, Promise<LedgerEntry[]>>();

/**
 * How a read of the ledger's refunds is made: `fresh` skips the request's copy (under a charge's
 * lock, to count every refund settled before); `outcome` is what a failure tells the client
 * (docs/ledger.md, "Failures of the ledger itself").
 */
export interface RefundsRead {
  outcome: LedgerFailureOutcome;
  fresh?: boolean;
}

/** The refunds the ledger holds (made, FreshBooks side possibly pending), once per request. */
async function ledgerRefunds(ctx: GatewayContext, { outcome, fresh = false }: RefundsRead): Promise<RefundRecord[]> {
  let rows = fresh ? undefined : refundRows.get(ctx);
  if (!rows) {
    rows = ctx.ledger.byOperation(REFUND_OPERATIONS, COUNTED);
    if (!fresh) refundRows.set(ctx, rows);
  }
  // Each caller says what its failure means, so the shared read is wrapped where it is awaited.
  const shared = rows;
  return (await ledgerCall(outcome, () => shared)).flatMap((row) => (row.data.refund ? [row.data.refund as RefundRecord] : []));
}

/** The refunds paygraph made of a charge, oldest first. */
export async function refundsOf(ctx: GatewayContext, charge: ChargeRecord, read: RefundsRead): Promise<RefundRecord[]> {
  if (charge.billLogId == null) return [];
  const key = String(charge.billLogId);
  return (await ledgerRefunds(ctx, read)).filter((r) => r.chargeKey === key);
}

/** Refunded so far: iCount's `refunded`, or the ledger's count when that is more (iCount may lag). */
export async function refundedOf(ctx: GatewayContext, charge: ChargeRecord, read: RefundsRead): Promise<MoneyRecord> {
  const currency = charge.amount.currency;
  const counted = (await refundsOf(ctx, charge, read)).reduce((sum, r) => add(sum, r.amount.amount), '0');
  const upstream = charge.refunded ?? '0';
  return { amount: normaliseAmount(isLess(upstream, counted) ? counted : upstream, currency), currency };
}

export type ChargeStatusValue = 'APPROVED' | 'PARTIALLY_REFUNDED' | 'REFUNDED' | 'CHARGEBACK' | 'TEST';

export async function statusOf(ctx: GatewayContext, charge: ChargeRecord, read: RefundsRead): Promise<ChargeStatusValue> {
  if (charge.chargeback) return 'CHARGEBACK';
  const refunded = (await refundedOf(ctx, charge, read)).amount;
  if (!isLess(refunded, charge.amount.amount)) return 'REFUNDED';
  if (isLess('0', refunded)) return 'PARTIALLY_REFUNDED';
  return charge.test ? 'TEST' : 'APPROVED';
}

/**
 * What may be refunded of `charge` now (read under its lock): `asked` or, without it, all that is
 * left. `fields` says where the amount and the charge sit in the caller's input.
 */
export async function refundableAmount(
  ctx: GatewayContext,
  charge: ChargeRecord,
  asked: MoneyRecord | null | undefined,
  fields: { charge: string[]; amount: string[] },
): Promise<Outcome<MoneyRecord>> {
  const currency = charge.amount.currency;
  if (charge.chargeback) return failure(problem('CHARGE_NOT_REFUNDABLE', fields.charge, 'The issuer charged this charge back; it cannot be refunded.'));
  if (charge.test && !ctx.demo) {
    return failure(problem('CHARGE_NOT_REFUNDABLE', fields.charge, 'A test charge moved no money; outside demo mode there is nothing to refund.'));
  }
  if (charge.billLogId == null) return failure(problem('CHARGE_NOT_REFUNDABLE', fields.charge, 'iCount gave no cc_bill_log_id for this charge, which a refund needs.'));
  // Read before cc/refund is sent: a ledger that fails here has let nothing leave.
  const refunded = (await refundedOf(ctx, charge, { outcome: 'NOT_ATTEMPTED', fresh: true })).amount;
  const left = normaliseAmount(subtract(charge.amount.amount, refunded), currency);
  if (!isLess('0', left)) return failure(problem('CHARGE_NOT_REFUNDABLE', fields.charge, 'This charge was already refunded in full.'));
  if (!asked) return success({ amount: left, currency });
  if (asked.currency !== currency) return failure(problem('INVALID_CURRENCY', [...fields.amount, 'currency'], `The charge is in ${currency}.`));
  if (isLess(left, asked.amount)) return failure(problem('INVALID_AMOUNT', [...fields.amount, 'amount'], `At most ${left} ${currency} is left to refund.`));
  return success({ amount: normaliseAmount(asked.amount, currency), currency });
}

/** What a refund's look-up needs, saved with the row before cc/refund is sent. */
interface RefundLookupData {
  refundCharge: { billLogId: number; confirmationCode: string; refundedBefore: string; amount: MoneyRecord; reason: string | null };
}

/**
 * Sends `cc/refund` as the write `step` of a ledger row, with the row's marker in its description.
 * The refund found later is the charge's `refunded` grown by the amount (docs/refunds.md).
 */
export async function refundWithin(
  ctx: GatewayContext,
  writes: WriteAhead,
  charge: ChargeRecord,
  amount: MoneyRecord,
  reason: string | null,
  step: string,
): Promise<Outcome<RefundRecord>> {
  const lookup: RefundLookupData['refundCharge'] = {
    billLogId: charge.billLogId!,
    confirmationCode: charge.confirmationCode,
    refundedBefore: charge.refunded ?? '0',
    amount,
    reason,
  };
  const sent = await writes.send(step, 'ICOUNT', { refundCharge: lookup }, () =>
    ctx.icount.refund(charge.billLogId!, amount, withMarker(reason, writes.entry.id), { sum: ['amount', 'amount'] }),
  );
  if (!sent.ok) return sent;
  return success(refundRecord(writes.entry, lookup, sent.value.confirmationCode));
}

function refundRecord(entry: LedgerEntry, data: RefundLookupData['refundCharge'], confirmationCode: string | null): RefundRecord {
  return {
    id: Buffer.from(`Refund:${entry.id}`, 'utf8').toString('base64url'),
    amount: data.amount,
    createdAt: new Date(entry.createdAt).toISOString(),
    reason: data.reason,
    confirmationCode,
    chargeKey: String(data.billLogId),
  };
}

/**
 * A cc/refund of unknown outcome happened when the charge's `refunded` has grown by its amount
 * since it was sent (the charge's lock kept every other paygraph refund out meanwhile).
 */
export async function findRefund(ctx: GatewayContext, entry: LedgerEntry): Promise<Lookup<RefundRecord>> {
  const data = (entry.data as unknown as RefundLookupData).refundCharge;
  const charge = await loadCharge(ctx, data);
  if (!charge) return { kind: 'undecidable', why: 'the refunded charge is no longer found in cc/transactions' };
  if (charge.refunded == null) return { kind: 'undecidable', why: 'iCount reports no refunded amount for the charge' };
  const wanted = add(data.refundedBefore, data.amount.amount);
  return isLess(charge.refunded, wanted) ? { kind: 'absent' } : { kind: 'found', value: refundRecord(entry, data, null) };
}

/** Waits for the charge's other refund to settle (the claim is refused while it holds the lock), up to IDEMPOTENCY_WAIT_MS. */
export async function takeTurns<P>(ctx: GatewayContext, attempt: () => Promise<P>, busy: (payload: P) => boolean, refuseBusy: (errors: UserErrorRecord[]) => P, field: string[]): Promise<P> {
  const until = ctx.now() + ctx.settings.ledger.waitMs;
  for (;;) {
    const payload = await attempt();
    if (!busy(payload)) return payload;
    if (ctx.now() >= until) return refuseBusy([problem('REFUND_IN_PROGRESS', field, 'Another refund of this charge is unsettled; retry once it has settled.')]);
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 30));
  }
}

export const isBusy = (errors: readonly UserErrorRecord[]): boolean => errors.some((e) => e.code === 'INVOICE_PAYMENT_IN_PROGRESS');

function add(a: string, b: string): string {
  return new Big(a).plus(b).toString();
}
