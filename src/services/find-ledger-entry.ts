import type { GatewayContext } from '../context.js';
import type { ChargeRecord, LedgerEntryRecord, Outcome, PaymentRecord, RefundRecord } from '../domain/records.js';
import { ledgerCall } from './ledger-call.js';

/**
 * A ledger entry of the calling API key, for support staff: its state and the charge, payment or
 * refund it produced or concerns, taken from its replayed result or, while it is unsettled, from
 * what it keeps for resuming (payInvoice's charge; a refund's charge and refund).
 */
export async function findLedgerEntry(ctx: GatewayContext, idempotencyKey: string): Promise<LedgerEntryRecord | null> {
  // A query: it sends nothing upstream.
  const entry = await ledgerCall('NOT_ATTEMPTED', () => ctx.ledger.get(ctx.principal.id, idempotencyKey));
  if (!entry) return null;
  const { charge, payment, refund } = producedBy(entry.operation, entry.result, entry.data);
  return {
    idempotencyKey: entry.idempotencyKey,
    operation: entry.operation,
    state: entry.state,
    step: entry.step,
    attempts: entry.attempts,
    lastError: entry.lastError,
    createdAt: new Date(entry.createdAt).toISOString(),
    updatedAt: new Date(entry.updatedAt).toISOString(),
    charge,
    payment,
    refund,
  };
}

export type Produced = { charge: ChargeRecord | null; payment: PaymentRecord | null; refund: RefundRecord | null };

export function producedBy(operation: string, result: unknown, data: Record<string, unknown>): Produced {
  const kept = { charge: (data.charge as ChargeRecord | undefined) ?? null, refund: (data.refund as RefundRecord | undefined) ?? null };
  if (operation === 'payInvoice' || operation === 'refundInvoicePayment') {
    // Payloads with fields of their own (not an Outcome); the refunded payment while unsettled is not kept.
    const paid = result as Partial<Produced> | null;
    return { charge: paid?.charge ?? kept.charge, payment: paid?.payment ?? null, refund: paid?.refund ?? kept.refund };
  }
  const outcome = result as Outcome<unknown> | null;
  const value = outcome?.ok ? outcome.value : null;
  if (operation === 'refundCharge') {
    const refunded = value as { refund: RefundRecord; charge: ChargeRecord } | null;
    return { charge: refunded?.charge ?? kept.charge, payment: null, refund: refunded?.refund ?? kept.refund };
  }
  return {
    charge: operation === 'chargeCard' ? (value as ChargeRecord | null) : null,
    payment: operation === 'recordPayment' || operation === 'reconcile' ? (value as PaymentRecord | null) : null,
    refund: null,
  };
}
