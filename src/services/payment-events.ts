import type { PaymentEventRecord, PaymentEventTypeValue } from '../domain/payment-events.js';
import type { Outcome } from '../domain/records.js';
import type { LedgerEntry } from '../ledger/index.js';
import type { OutboxEvent } from '../ledger/outbox.js';
import { checkoutOf } from './checkout.js';
import { producedBy } from './find-ledger-entry.js';

/**
 * The payment events a change of a ledger row makes, written to the outbox in the transaction of
 * that change (Ledger.recordEvents): a row that settles makes its event exactly once, whoever
 * settles it (the request, a retry, the callback, the reconciler), since only one change of a row
 * wins its compare-and-set. Most changes make none.
 */
export function paymentEventsOf(before: LedgerEntry, after: LedgerEntry): OutboxEvent[] {
  const type = eventType(before, after);
  if (!type) return [];
  const { charge, payment, refund } = producedBy(after.operation, after.result, after.data);
  const checkout = after.operation === 'createCheckout' ? checkoutOf(after, after.updatedAt) : null;
  const event: PaymentEventRecord = {
    id: `${after.id}.${after.version}`,
    type,
    at: new Date(after.updatedAt).toISOString(),
    entryId: after.id,
    idempotencyKey: after.idempotencyKey,
    operation: after.operation,
    charge: charge ?? checkout?.charge ?? null,
    payment: payment ?? checkout?.payment ?? null,
    checkout,
    refund,
  };
  return [{ id: event.id, principal: after.principal, entryId: after.id, type, payload: event as unknown as Record<string, unknown> }];
}

function eventType(before: LedgerEntry, after: LedgerEntry): PaymentEventTypeValue | null {
  const settled = (state: 'SUCCEEDED' | 'REJECTED') => after.state === state && before.state !== state;
  // payInvoice and a checkout keep the charge they found in `data` until the payment is recorded.
  const charged = Boolean(after.data.charge) && !before.data.charge;
  const ok = (after.result as Outcome<unknown> | null)?.ok === true;
  switch (after.operation) {
    case 'chargeCard':
      return settled('SUCCEEDED') && ok ? 'CHARGE_APPROVED' : null;
    case 'payInvoice': {
      if (settled('SUCCEEDED')) return (after.result as { payment?: unknown } | null)?.payment ? 'PAYMENT_RECORDED' : null;
      return charged && after.state === 'PENDING' ? 'PAYMENT_PENDING' : null;
    }
    case 'recordPayment':
    case 'reconcile':
      return settled('SUCCEEDED') && ok ? 'PAYMENT_RECORDED' : null;
    case 'refundCharge':
      return settled('SUCCEEDED') && ok ? 'REFUND' : null;
    case 'refundInvoicePayment':
      return settled('SUCCEEDED') && (after.result as { refund?: unknown } | null)?.refund ? 'REFUND' : null;
    case 'createCheckout': {
      if (settled('SUCCEEDED')) return 'CHECKOUT_COMPLETED';
      if (settled('REJECTED')) return checkoutOf(after, after.updatedAt) ? 'CHECKOUT_CANCELLED' : null;
      return charged && after.state === 'PENDING' ? 'PAYMENT_PENDING' : null;
    }
    default:
      return null;
  }
}
