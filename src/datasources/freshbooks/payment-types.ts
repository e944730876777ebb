import type { PaymentTypeValue } from '../../domain/records.js';

/**
 * The 17 FreshBooks Classic payment types (docs/upstreams/freshbooks.md §5.2, the G3 docs) and their GraphQL enum
 * values. FreshBooks compares the strings case-sensitively and two contain a space, so the wire
 * spelling is written out here rather than derived from the enum name.
 */
export const PAYMENT_TYPE_TABLE: ReadonlyArray<{ readonly value: PaymentTypeValue; readonly wire: string }> = Object.freeze([
  { value: 'CASH', wire: 'Cash' },
  { value: 'CHECK', wire: 'Check' },
  { value: 'CREDIT', wire: 'Credit' },
  { value: 'CREDIT_CARD', wire: 'Credit Card' },
  { value: 'BANK_TRANSFER', wire: 'Bank Transfer' },
  { value: 'DEBIT', wire: 'Debit' },
  { value: 'PAYPAL', wire: 'PayPal' },
  { value: 'TWO_CHECKOUT', wire: '2Checkout' },
  { value: 'VISA', wire: 'VISA' },
  { value: 'MASTERCARD', wire: 'MASTERCARD' },
  { value: 'DISCOVER', wire: 'DISCOVER' },
  { value: 'NOVA', wire: 'NOVA' },
  { value: 'AMEX', wire: 'AMEX' },
  { value: 'DINERS', wire: 'DINERS' },
  { value: 'EUROCARD', wire: 'EUROCARD' },
  { value: 'JCB', wire: 'JCB' },
  { value: 'ACH', wire: 'ACH' },
] as const);

const TO_WIRE = new Map(PAYMENT_TYPE_TABLE.map((t) => [t.value, t.wire]));
const FROM_WIRE = new Map(PAYMENT_TYPE_TABLE.map((t) => [t.wire, t.value]));

export function toWirePaymentType(value: PaymentTypeValue): string {
  const wire = TO_WIRE.get(value);
  // Unreachable for a typed caller; a GraphQL enum outside the table is a programming error.
  if (wire === undefined) throw new TypeError(`No FreshBooks payment type for ${String(value)}`);
  return wire;
}

/** Exact match only: FreshBooks' own spelling is the contract. null for a type paygraph does not know. */
export function fromWirePaymentType(wire: string): PaymentTypeValue | null {
  return FROM_WIRE.get(wire) ?? null;
}
