import { checkoutGlobalId, type CheckoutRecord } from './checkout.js';
import type { ChargeRecord, PaymentRecord, RefundRecord } from './records.js';

/** schema/events.graphql `PaymentEventType`. */
export const PAYMENT_EVENT_TYPES = ['CHARGE_APPROVED', 'PAYMENT_PENDING', 'PAYMENT_RECORDED', 'REFUND', 'CHECKOUT_COMPLETED', 'CHECKOUT_CANCELLED'] as const;
export type PaymentEventTypeValue = (typeof PAYMENT_EVENT_TYPES)[number];

/**
 * A payment event as the outbox keeps it and subscribers get it (webhooks get `webhookBody`).
 * Records only: a charge has its card's brand and last digits, never a number or CVV.
 */
export interface PaymentEventRecord {
  /** `<ledger entry id>.<its version after the change>`: one event per settled change. */
  id: string;
  type: PaymentEventTypeValue;
  /** ISO-8601. */
  at: string;
  /** The ledger entry the event belongs to. */
  entryId: string;
  idempotencyKey: string;
  operation: string;
  charge: ChargeRecord | null;
  payment: PaymentRecord | null;
  checkout: CheckoutRecord | null;
  refund: RefundRecord | null;
}

/** The JSON a webhook receives: the event with the checkout's API id instead of its ledger entry. */
export function webhookBody(event: PaymentEventRecord): string {
  const { entryId: _entryId, checkout, ...rest } = event;
  const shown = checkout ? (({ entryId, ...c }) => ({ id: checkoutGlobalId(entryId), ...c }))(checkout) : null;
  return JSON.stringify({ ...rest, checkout: shown });
}
