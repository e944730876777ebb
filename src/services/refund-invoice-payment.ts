import type { GatewayContext } from '../context.js';
import { intKeyOf } from '../domain/ids.js';
import { withMarker } from '../domain/marker.js';
import { isLess, normaliseAmount, subtract } from '../domain/money.js';
import type { ChargeRecord, InvoiceRecord, MoneyRecord, PaymentRecord, RefundRecord, UserErrorRecord } from '../domain/records.js';
import { StoreUnavailableError } from '../errors.js';
import { problem, validIdempotencyKey } from '../validation/common.js';
import { validateMoney, type MoneyInputShape } from '../validation/money-input.js';
import { exactlyOnce, LostRaceError, WriteAhead, type Lookup, type Recovery } from './exactly-once.js';
import { ledgerCall } from './ledger-call.js';
import { PAYMENT_FIELDS } from './record-payment.js';
import { afterRefund } from './refund-charge.js';
import { chargeLock, findRefund, isBusy, loadCharge, refundableAmount, refundWithin, takeTurns } from './refunds.js';
import type { LedgerEntry } from '../ledger/index.js';

export interface RefundInvoicePaymentArgs {
  idempotencyKey: string;
  paymentId: string;
  amount?: MoneyInputShape | null;
}

export interface RefundInvoicePaymentResult {
  refund: RefundRecord | null;
  charge: ChargeRecord | null;
  payment: PaymentRecord | null;
  invoice: InvoiceRecord | null;
  pending: boolean;
  userErrors: UserErrorRecord[];
}

/** What the row keeps between its two writes. */
interface RefundInvoiceData {
  paymentId: number;
  invoiceId: number | null;
  /** The payment's amount once refunded: 0 deletes it. */
  newAmount: string;
  /** The payment's notes as users see them, and the marker they carry (the payInvoice row's). */
  notes: string;
  paymentMarker: string | null;
  charge: ChargeRecord;
  refund?: RefundRecord;
}

const failed = (userErrors: UserErrorRecord[]): RefundInvoicePaymentResult => ({ refund: null, charge: null, payment: null, invoice: null, pending: false, userErrors });

/**
 * refundInvoicePayment rows have two writes: `refund` (cc/refund) then `book` (payment.update, or
 * payment.delete for a full refund). A refund found makes the row PENDING; a booking found settles
 * it. A booking that did not happen leaves the row PENDING, to be booked again, never refunded again.
 */
export const REFUND_INVOICE_PAYMENT_RECOVERY: Recovery<RefundInvoicePaymentResult> = {
  operation: 'refundInvoicePayment',
  refuse: failed,
  lookup: (ctx, entry) => (entry.step === 'book' ? findBooking(ctx, entry) : findRefund(ctx, entry)),
  found: async (ctx, entry, value) => {
    const data = entry.data as unknown as RefundInvoiceData;
    if (entry.step !== 'book') return { state: 'PENDING', step: null, data: { ...entry.data, refund: value } };
    const result = await bookedResult(ctx, data, (value as PaymentRecord | null) ?? null);
    return { state: 'SUCCEEDED', step: null, invoiceLock: null, result };
  },
  stateBefore: (step) => (step === 'book' ? 'PENDING' : 'NOT_APPLIED'),
  finish: (ctx, entry) => book(ctx, new WriteAhead(ctx, entry, REFUND_INVOICE_PAYMENT_RECOVERY.stateBefore)),
};

/**
 * Refunds the card charge behind a payment payInvoice recorded, then brings FreshBooks in line,
 * exactly once per idempotency key (docs/refunds.md). Refunded and not yet booked is PENDING:
 * booked later by a retry with the key or by the reconciler, never refunded again.
 */
export async function refundInvoicePayment(ctx: GatewayContext, args: RefundInvoicePaymentArgs): Promise<RefundInvoicePaymentResult> {
  const errors: UserErrorRecord[] = [];
  const keyProblem = validIdempotencyKey(args.idempotencyKey);
  if (keyProblem) errors.push(keyProblem);
  const paymentId = intKeyOf(args.paymentId, 'Payment');
  if (paymentId === null) errors.push(problem('INVALID_INPUT', ['paymentId'], 'Not a Payment ID.'));
  if (args.amount) errors.push(...validateMoney(args.amount));
  if (errors.length || paymentId === null) return failed(errors);

  // A key seen before goes to its row whatever became of the payment since: a full refund deleted
  // it, and its retry must replay (or finish) that refund, not answer NOT_FOUND.
  let charge = await chargeOfEarlierRun(ctx, args.idempotencyKey);
  if (!charge) {
    const payment = await ctx.freshbooks.paymentById.load(paymentId);
    if (!payment) return failed([problem('NOT_FOUND', ['paymentId'], 'No FreshBooks payment has this ID.')]);
    charge = await chargeBehind(ctx, payment);
    if (!charge) return failed([problem('NOT_FOUND', ['paymentId'], 'No iCount card charge is behind this payment (only payments payInvoice recorded can be refunded here).')]);
    if (charge.billLogId == null) return failed([problem('CHARGE_NOT_REFUNDABLE', ['paymentId'], 'iCount gave no cc_bill_log_id for the charge, which a refund needs.')]);
  }
  const known = charge;
  const lock = chargeLock(known.billLogId!);
  return takeTurns(
    ctx,
    () => exactlyOnce(ctx, REFUND_INVOICE_PAYMENT_RECOVERY, {
      key: args.idempotencyKey,
      input: args,
      invoiceLock: lock,
      refused: (result) => result.refund === null,
      run: (writes) => refundAndBook(ctx, args, paymentId, known, writes),
    }),
    (result) => isBusy(result.userErrors),
    failed,
    ['paymentId'],
  );
}

/** The charge this key's refundInvoicePayment row refunds (kept from its first run), or null when the key is new. */
async function chargeOfEarlierRun(ctx: GatewayContext, key: string): Promise<ChargeRecord | null> {
  // Before this request's claim: nothing was sent yet.
  const entry = await ledgerCall('NOT_ATTEMPTED', () => ctx.ledger.get(ctx.principal.id, key));
  if (entry?.operation !== REFUND_INVOICE_PAYMENT_RECOVERY.operation) return null;
  const charge = (entry.data as Partial<RefundInvoiceData>).charge;
  return charge?.billLogId == null ? null : charge;
}

/**
 * The charge a payment stands for: by the payInvoice (or reconcile) row its marker names, else the
 * confirmation code in its notes. Read before the refund's claim, so a failing ledger has let nothing leave.
 */
export async function chargeBehind(ctx: GatewayContext, payment: PaymentRecord): Promise<ChargeRecord | null> {
  let known: ChargeRecord | undefined;
  const ledgerId = payment.ledgerId;
  if (ledgerId) {
    const row = await ledgerCall('NOT_ATTEMPTED', () => ctx.ledger.byId(ledgerId));
    const result = row?.result as { charge?: ChargeRecord | null } | null | undefined;
    known = result?.charge ?? (row?.data.charge as ChargeRecord | undefined);
  }
  const code = known?.confirmationCode ?? confirmationIn(payment.notes);
  if (!code) return null;
  return loadCharge(ctx, { billLogId: known?.billLogId ?? null, confirmationCode: code });
}

/** `iCount confirmation 1234567` in a payment's notes (what payInvoice and reconcile write). */
export function confirmationIn(notes: string): string | null {
  return /iCount confirmation (\d+)/.exec(notes)?.[1] ?? null;
}

async function refundAndBook(ctx: GatewayContext, args: RefundInvoicePaymentArgs, paymentId: number, known: ChargeRecord, writes: WriteAhead): Promise<RefundInvoicePaymentResult> {
  // Under the charge's lock: the payment and the charge as they are now.
  ctx.freshbooks.paymentById.clear(paymentId);
  const payment = await ctx.freshbooks.paymentById.load(paymentId);
  if (!payment) return failed([problem('NOT_FOUND', ['paymentId'], 'No FreshBooks payment has this ID.')]);
  const charge = await loadCharge(ctx, { billLogId: known.billLogId ?? null, confirmationCode: known.confirmationCode });
  if (!charge) return failed([problem('NOT_FOUND', ['paymentId'], 'The iCount charge behind this payment is no longer found.')]);
  const asked: MoneyRecord = args.amount ? { amount: args.amount.amount, currency: args.amount.currency } : payment.amount;
  if (asked.currency !== payment.amount.currency) return failed([problem('INVALID_CURRENCY', ['amount', 'currency'], `The payment is in ${payment.amount.currency}.`)]);
  if (!isLess('0', payment.amount.amount)) return failed([problem('CHARGE_NOT_REFUNDABLE', ['paymentId'], 'The payment has nothing left to refund.')]);
  if (isLess(payment.amount.amount, asked.amount)) {
    return failed([problem('INVALID_AMOUNT', ['amount', 'amount'], `The payment is ${payment.amount.amount} ${payment.amount.currency}.`)]);
  }
  const amount = await refundableAmount(ctx, charge, asked, { charge: ['paymentId'], amount: ['amount'] });
  if (!amount.ok) return failed(amount.errors);

  const data: RefundInvoiceData = {
    paymentId,
    invoiceId: payment.invoiceId,
    newAmount: normaliseAmount(subtract(payment.amount.amount, amount.value.amount), payment.amount.currency),
    notes: payment.notes,
    paymentMarker: payment.ledgerId,
    charge,
  };
  await writes.progress({ data: { ...writes.entry.data, ...data } });
  const refunded = await refundWithin(ctx, writes, charge, amount.value, `FreshBooks payment ${paymentId}`, 'refund');
  if (!refunded.ok) return failed(refunded.errors);
  await writes.progress({ state: 'PENDING', step: null, data: { ...writes.entry.data, refund: refunded.value } });
  return book(ctx, writes);
}

/**
 * Brings FreshBooks in line for a PENDING row: the payment reduced to `newAmount` with a note
 * naming the refund, or deleted on a full refund. Whoever moves the row to SENDING first books;
 * a failure leaves it PENDING (or UNKNOWN, looked up before any new attempt).
 */
async function book(ctx: GatewayContext, writes: WriteAhead): Promise<RefundInvoicePaymentResult> {
  const data = writes.entry.data as unknown as RefundInvoiceData;
  const pending = { ...failed([]), refund: data.refund ?? null, charge: data.refund ? afterRefund(data.charge, data.refund) : data.charge, pending: true };
  try {
    const full = !isLess('0', data.newAmount);
    const outcome = full
      ? await writes.send('book', 'FRESHBOOKS', {}, () => ctx.freshbooks.deletePayment(data.paymentId, PAYMENT_FIELDS))
      : await writes.send('book', 'FRESHBOOKS', {}, () => ctx.freshbooks.updatePayment(data.paymentId, { amount: data.newAmount, notes: bookedNotes(data, writes.entry) }, PAYMENT_FIELDS));
    if (outcome.ok) {
      const result = await bookedResult(ctx, data, full ? null : (outcome.value as PaymentRecord));
      await writes.settle('SUCCEEDED', result);
      return result;
    }
    const why = outcome.errors.map((e) => e.message).join('; ');
    await writes.progress({ state: 'PENDING', step: null, lastError: why });
    ctx.logger.warn({ entry: writes.entry.id, payment: data.paymentId, errors: outcome.errors }, 'refundInvoicePayment: refunded, FreshBooks refused the change; kept pending');
  } catch (err) {
    if (err instanceof LostRaceError) return pending;
    if (err instanceof StoreUnavailableError) throw err;
    ctx.logger.warn({ entry: writes.entry.id, payment: data.paymentId, err: err instanceof Error ? err.message : String(err) }, 'refundInvoicePayment: refunded, bringing FreshBooks in line failed; kept pending');
  }
  return pending;
}

function bookedNotes(data: RefundInvoiceData, entry: LedgerEntry): string {
  const refund = data.refund!;
  const line = `Refunded ${refund.amount.amount} ${refund.amount.currency} to the card${refund.confirmationCode ? ` (iCount refund confirmation ${refund.confirmationCode})` : ''}; paygraph refund ${entry.id}`;
  const text = data.notes ? `${data.notes}\n${line}` : line;
  return data.paymentMarker ? withMarker(text, data.paymentMarker) : text;
}

async function bookedResult(ctx: GatewayContext, data: RefundInvoiceData, payment: PaymentRecord | null): Promise<RefundInvoicePaymentResult> {
  let invoice: InvoiceRecord | null = null;
  if (data.invoiceId !== null) {
    ctx.freshbooks.invoiceById.clear(data.invoiceId);
    invoice = await ctx.freshbooks.invoiceById.load(data.invoiceId);
  }
  const refund = data.refund ?? null;
  return { refund, charge: refund ? afterRefund(data.charge, refund) : data.charge, payment, invoice, pending: false, userErrors: [] };
}

/** The booking happened when the payment is gone (full refund) or has the new amount and names this refund. */
async function findBooking(ctx: GatewayContext, entry: LedgerEntry): Promise<Lookup<PaymentRecord | null>> {
  const data = entry.data as unknown as RefundInvoiceData;
  ctx.freshbooks.paymentById.clear(data.paymentId);
  const payment = await ctx.freshbooks.paymentById.load(data.paymentId);
  if (!isLess('0', data.newAmount)) return payment ? { kind: 'absent' } : { kind: 'found', value: null };
  if (!payment) return { kind: 'undecidable', why: 'the payment was deleted by someone else' };
  const done = payment.amount.amount === data.newAmount && payment.notes.includes(`paygraph refund ${entry.id}`);
  return done ? { kind: 'found', value: payment } : { kind: 'absent' };
}
