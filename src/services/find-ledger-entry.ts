import type { GatewayContext } from '../context.js';
import type { ChargeRecord, LedgerEntryRecord, Outcome, PaymentRecord } from '../domain/records.js';

/**
 * A ledger entry of the calling API key, for support staff: its state and the charge or payment it
 * produced, taken from its replayed result or, while it is unsettled, from what it keeps for
 * resuming (payInvoice's charge).
 */
export async function findLedgerEntry(ctx: GatewayContext, idempotencyKey: string): Promise<LedgerEntryRecord | null> {
  const entry = await ctx.ledger.get(ctx.principal.id, idempotencyKey);
  if (!entry) return null;
  const { charge, payment } = producedBy(entry.operation, entry.result, entry.data);
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
  };
}

function producedBy(operation: string, result: unknown, data: Record<string, unknown>): { charge: ChargeRecord | null; payment: PaymentRecord | null } {
  if (operation === 'payInvoice') {
    const paid = result as { charge?: ChargeRecord | null; payment?: PaymentRecord | null } | null;
    return { charge: paid?.charge ?? (data.charge as ChargeRecord | undefined) ?? null, payment: paid?.payment ?? null };
  }
  const outcome = result as Outcome<unknown> | null;
  const value = outcome?.ok ? outcome.value : null;
  return {
    charge: operation === 'chargeCard' ? (value as ChargeRecord | null) : null,
    payment: operation === 'recordPayment' ? (value as PaymentRecord | null) : null,
  };
}
