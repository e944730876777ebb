import type { GatewayContext } from '../context.js';
import { toGlobalId } from '../domain/ids.js';
import { isLess, normaliseAmount, subtract } from '../domain/money.js';
import { failure, success, type ChargeRecord, type MoneyRecord, type Outcome, type PaymentRecord, type UserErrorRecord } from '../domain/records.js';
import { badUserInput } from '../errors.js';
import type { LedgerEntry } from '../ledger/index.js';
import { problem } from '../validation/common.js';
import { paymentFilter, transactionFilter } from '../validation/filters.js';
import { resume } from './exactly-once.js';
import { moneyMutation, singleWriteRecovery } from './money-mutation.js';
import { PAY_INVOICE_RECOVERY, paymentNotes, paymentTypeFor } from './pay-invoice.js';
import { recordWithin } from './record-payment.js';
import { confirmationIn } from './refund-invoice-payment.js';
import { loadCharge, parseChargeId, refundedOf } from './refunds.js';
import { freshbooksIdOf, icountSide, loadClient } from './client-sides.js';
import { findPayment } from './write-lookups.js';
import { ledgerCall } from './ledger-call.js';
import { validIdempotencyKey } from '../validation/common.js';

export interface ReconciliationFilterArgs {
  dateFrom: string;
  dateTo: string;
  clientId?: string | null;
}

export type MismatchKind = 'AMOUNT' | 'CURRENCY' | 'REFUND_NOT_REFLECTED';

export interface ReconciliationReportRecord {
  matched: number;
  unmatchedCharges: ChargeRecord[];
  unmatchedPayments: PaymentRecord[];
  mismatches: { kind: MismatchKind; charge: ChargeRecord; payment: PaymentRecord; expected: MoneyRecord; actual: MoneyRecord }[];
}

const PAID_INVOICE = /^FreshBooks invoice /;
const DAY = 86_400_000;

/**
 * iCount charges that paid FreshBooks invoices against FreshBooks card payments (docs/refunds.md,
 * "Reconciliation"). Both sides are read one day wider than the range, so a charge late on the
 * last day still finds its payment; only what falls inside the range is reported.
 */
export async function reconciliation(ctx: GatewayContext, filter: ReconciliationFilterArgs): Promise<ReconciliationReportRecord> {
  if (filter.dateFrom > filter.dateTo) throw badUserInput('dateFrom is after dateTo.', ['filter', 'dateFrom']);
  const wide = { dateFrom: shift(filter.dateFrom, -1), dateTo: shift(filter.dateTo, 1) };
  const sides = await clientSides(ctx, filter.clientId ?? null);
  const [charges, payments, rows] = await Promise.all([
    sides.icountId === null && filter.clientId ? Promise.resolve([]) : ctx.icount.transactions({ ...transactionFilter(wide, ['filter']), ...(sides.icountId !== null ? { icountClientId: sides.icountId } : {}) }),
    sides.freshbooksId === null && filter.clientId ? Promise.resolve([]) : allPayments(ctx, { ...paymentFilter(wide, ['filter']), ...(sides.freshbooksId !== null ? { clientId: sides.freshbooksId } : {}) }),
    ledgerCall('NOT_ATTEMPTED', () => ctx.ledger.byOperation(['payInvoice', 'reconcile'], ['SUCCEEDED', 'PENDING', 'UNKNOWN', 'SENDING', 'STARTED'])),
  ]);
  const writers = new Set(rows.map((r: LedgerEntry) => r.id));
  const inRange = (day: string | null | undefined) => !!day && day >= filter.dateFrom && day <= filter.dateTo;

  const paidInvoices = charges.filter((c) => (c.ledgerId !== null && writers.has(c.ledgerId)) || PAID_INVOICE.test(c.description ?? ''));
  const cardPayments = payments.filter((p) => (p.ledgerId !== null && writers.has(p.ledgerId)) || confirmationIn(p.notes) !== null);
  const byMarker = new Map(cardPayments.filter((p) => p.ledgerId).map((p) => [p.ledgerId!, p]));
  const used = new Set<number>();
  const report: ReconciliationReportRecord = { matched: 0, unmatchedCharges: [], unmatchedPayments: [], mismatches: [] };

  for (const charge of paidInvoices) {
    const mine = inRange(charge.chargedAt?.slice(0, 10));
    let payment = charge.ledgerId ? byMarker.get(charge.ledgerId) : undefined;
    payment ??= cardPayments.find((p) => !used.has(p.freshbooksId) && confirmationIn(p.notes) === charge.confirmationCode && (!charge.confirmationCode ? false : true));
    if (payment) used.add(payment.freshbooksId);
    if (!mine) continue;
    const currency = charge.amount.currency;
    const refunded = await refundedOf(ctx, charge, { outcome: 'NOT_ATTEMPTED' });
    const expected = { amount: normaliseAmount(subtract(charge.amount.amount, refunded.amount), currency), currency };
    if (!payment) {
      if (isLess('0', expected.amount)) report.unmatchedCharges.push(charge);
      else report.matched += 1; // refunded in full, payment deleted: nothing left to record
      continue;
    }
    if (payment.amount.currency !== currency) {
      report.mismatches.push({ kind: 'CURRENCY', charge, payment, expected, actual: payment.amount });
    } else if (normaliseAmount(payment.amount.amount, currency) !== expected.amount) {
      const unreflected = isLess('0', refunded.amount) && normaliseAmount(payment.amount.amount, currency) === charge.amount.amount;
      report.mismatches.push({ kind: unreflected ? 'REFUND_NOT_REFLECTED' : 'AMOUNT', charge, payment, expected, actual: payment.amount });
    } else {
      report.matched += 1;
    }
  }
  report.unmatchedPayments = cardPayments.filter((p) => !used.has(p.freshbooksId) && inRange(p.date));
  return report;
}

async function clientSides(ctx: GatewayContext, clientId: string | null): Promise<{ icountId: number | null; freshbooksId: number | null }> {
  if (!clientId) return { icountId: null, freshbooksId: null };
  const client = await loadClient(ctx, clientId);
  if (!client) throw badUserInput('No client has this ID.', ['filter', 'clientId']);
  const icount = await icountSide(ctx, client);
  const freshbooksId = client.freshbooks?.freshbooksId ?? freshbooksIdOf(icount);
  return { icountId: icount?.icountId ?? null, freshbooksId };
}

async function allPayments(ctx: GatewayContext, filter: Parameters<GatewayContext['freshbooks']['listPayments']>[0]): Promise<PaymentRecord[]> {
  const all: PaymentRecord[] = [];
  for (let page = 1, pages = 1; page <= pages; page++) {
    const result = await ctx.freshbooks.listPayments(filter, page, 100);
    all.push(...result.nodes);
    pages = result.pageInfo.totalPages;
  }
  return all;
}

function shift(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

export interface ReconcileArgs {
  idempotencyKey: string;
  chargeId: string;
}

/** reconcile rows: a payment.create of unknown outcome is found by the marker in its notes. */
export const RECONCILE_RECOVERY = singleWriteRecovery<PaymentRecord>('reconcile', findPayment);

/**
 * Records the FreshBooks payment a charge that paid an invoice never got, exactly once per key,
 * for what the charge kept after its refunds. The invoice is the one its payInvoice row names (or
 * its description's number); the row holds the invoice like payInvoice does.
 */
export async function reconcile(ctx: GatewayContext, args: ReconcileArgs): Promise<Outcome<PaymentRecord>> {
  const errors: UserErrorRecord[] = [];
  const keyProblem = validIdempotencyKey(args.idempotencyKey);
  if (keyProblem) errors.push(keyProblem);
  const id = parseChargeId(args.chargeId);
  if (!id) errors.push(problem('INVALID_INPUT', ['chargeId'], 'Not a Charge ID.'));
  if (errors.length || !id) return failure(errors);
  const charge = await loadCharge(ctx, id);
  if (!charge) return failure(problem('NOT_FOUND', ['chargeId'], 'No iCount charge has this ID.'));
  const invoiceId = await invoiceOf(ctx, charge);
  if (invoiceId === null) return failure(problem('NOT_FOUND', ['chargeId'], 'No FreshBooks invoice is known for this charge.'));

  // A payInvoice row still unsettled holds the invoice and records this very payment itself:
  // finish it (its row makes that exactly once) rather than record a second payment beside it.
  const finished = await finishPayInvoice(ctx, charge);
  if (finished && !finished.ok) return finished;

  const outcome = await moneyMutation(ctx, RECONCILE_RECOVERY, args, async (writes) => {
    if (finished) return finished;
    const existing = await allPayments(ctx, { invoiceId });
    if (existing.some((p) => (charge.ledgerId !== null && p.ledgerId === charge.ledgerId) || confirmationIn(p.notes) === charge.confirmationCode)) {
      return failure(problem('INVALID_INPUT', ['chargeId'], 'This charge already has its FreshBooks payment.'));
    }
    const refunded = await refundedOf(ctx, charge, { outcome: 'NOT_ATTEMPTED', fresh: true });
    const left = normaliseAmount(subtract(charge.amount.amount, refunded.amount), charge.amount.currency);
    if (!isLess('0', left)) return failure(problem('INVALID_INPUT', ['chargeId'], 'This charge was refunded in full: there is nothing to record.'));
    return recordWithin(
      ctx,
      { invoiceId: toGlobalId('Invoice', invoiceId), amount: { amount: left, currency: charge.amount.currency }, type: paymentTypeFor(charge.card.brand), notes: paymentNotes(charge) },
      writes,
      'write',
    );
  }, { invoiceLock: String(invoiceId) });
  // The invoice held by another payment: reconcile's input names the charge, not the invoice.
  return outcome.ok ? outcome : failure(outcome.errors.map((e) => (e.field?.[0] === 'invoiceId' ? { ...e, field: ['chargeId'] } : e)));
}

/** Finishes the charge's own payInvoice row when it is unsettled; null when there is none to finish. */
async function finishPayInvoice(ctx: GatewayContext, charge: ChargeRecord): Promise<Outcome<PaymentRecord> | null> {
  const ledgerId = charge.ledgerId;
  const row = ledgerId ? await ledgerCall('NOT_ATTEMPTED', () => ctx.ledger.byId(ledgerId)) : null;
  if (row?.operation !== 'payInvoice' || !['PENDING', 'UNKNOWN', 'SENDING'].includes(row.state)) return null;
  const result = await resume(ctx, PAY_INVOICE_RECOVERY, row, null);
  if (result.payment) return success(result.payment);
  return failure(problem('INVOICE_PAYMENT_IN_PROGRESS', ['chargeId'], 'The payInvoice that made this charge is still recording its payment; retry later.'));
}

async function invoiceOf(ctx: GatewayContext, charge: ChargeRecord): Promise<number | null> {
  const ledgerId = charge.ledgerId;
  if (ledgerId) {
    const row = await ledgerCall('NOT_ATTEMPTED', () => ctx.ledger.byId(ledgerId));
    const invoiceId = row?.operation === 'payInvoice' ? Number(row.data.invoiceId) : NaN;
    if (Number.isSafeInteger(invoiceId) && invoiceId > 0) return invoiceId;
  }
  const number = /^FreshBooks invoice (\S+)/.exec(charge.description ?? '')?.[1];
  if (!number) return null;
  const found = await ctx.freshbooks.listInvoices({ number }, 1, 100);
  return found.nodes.find((i) => i.number === number)?.freshbooksId ?? null;
}
