import type { ChargeRecord, MoneyRecord, PaymentRecord } from './records.js';

/** Where a checkout stands (schema/checkout.graphql). */
export type CheckoutStatusValue = 'OPEN' | 'COMPLETED' | 'CANCELLED' | 'EXPIRED' | 'FAILED';

/** A checkout on iCount's hosted payment page, as the API shows it (services/checkout.ts). */
export interface CheckoutRecord {
  /** The ledger entry's id (the `Checkout` global id encodes it). */
  entryId: string;
  url: string;
  status: CheckoutStatusValue;
  invoiceId: number;
  amount: MoneyRecord;
  charge: ChargeRecord | null;
  payment: PaymentRecord | null;
  /** ISO-8601. */
  createdAt: string;
  /** ISO-8601. */
  expiresAt: string;
}

const PREFIX = 'Checkout:';

/** The `Checkout` global id of a ledger entry (not a `Node`: `Query.checkout` reads it). */
export function checkoutGlobalId(entryId: string): string {
  return Buffer.from(`${PREFIX}${entryId}`, 'utf8').toString('base64url');
}

/** The ledger entry id a `Checkout` global id names, or null. */
export function checkoutEntryId(id: string): string | null {
  if (id.length === 0 || id.length > 200 || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  if (!decoded.startsWith(PREFIX)) return null;
  const entryId = decoded.slice(PREFIX.length);
  return /^[a-z2-7]{20}$/.test(entryId) ? entryId : null;
}
