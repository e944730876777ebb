/**
 * One ledger row: a money-moving mutation under one idempotency key (docs/ledger.md).
 *
 * States:
 * - `STARTED`: claimed; inputs are being checked with reads; nothing is in flight.
 * - `SENDING`: an upstream write (`step`) is about to leave or has left: written before it is sent.
 * - `UNKNOWN`: that write may or may not have happened; it is settled by looking it up upstream.
 * - `PENDING`: a first write happened and a later one is still to do (payInvoice: charged, not yet
 *   recorded in FreshBooks).
 * - `SUCCEEDED`, `REJECTED`: final; `result` is the payload replayed for the key.
 * - `NOT_APPLIED`: looked up after the write could have landed and not found: nothing happened,
 *   the same key (and input) may try again.
 */
export const LEDGER_STATES = ['STARTED', 'SENDING', 'UNKNOWN', 'PENDING', 'SUCCEEDED', 'REJECTED', 'NOT_APPLIED'] as const;
export type LedgerState = (typeof LEDGER_STATES)[number];

export const FINAL_STATES: ReadonlySet<LedgerState> = new Set(['SUCCEEDED', 'REJECTED']);

/** The mutations that go through the ledger. */
export type LedgerOperation =
  | 'chargeCard' | 'authorizeCard' | 'storeCard' | 'recordPayment' | 'deletePayment' | 'payInvoice'
  | 'refundCharge' | 'refundInvoicePayment' | 'reconcile' | 'createCheckout';

export interface LedgerEntry {
  /** The ledger's own id; the marker written into the upstream record (`paygraph:<id>`). */
  id: string;
  /** The API key's id: keys are scoped per API key. */
  principal: string;
  idempotencyKey: string;
  operation: LedgerOperation;
  /** Hash of the input without card data: the same key with another input is refused. */
  fingerprint: string;
  state: LedgerState;
  /** Which upstream write SENDING/UNKNOWN is about (`charge`, `record`, `write`). */
  step: string | null;
  /**
   * What the row holds while unsettled, unique across rows: a FreshBooks invoice id (payInvoice,
   * reconcile: one payment at a time per invoice) or `charge:<cc_bill_log_id>` (refunds: one at a
   * time per charge, so concurrent refunds never together exceed what is left).
   */
  invoiceLock: string | null;
  /** What the operation needs to resume and to look its writes up (never card data). */
  data: Record<string, unknown>;
  /** The payload answered for a final state. */
  result: unknown;
  /** Upstream writes sent so far. */
  attempts: number;
  lastError: string | null;
  /** Until then the row's owner may still be working on it (or its write may be in flight). */
  leaseUntil: number;
  /** Bumped by every change: updates are compare-and-set on it. */
  version: number;
  createdAt: number;
  updatedAt: number;
}

/** The marker a write carries upstream (iCount `payment_description`, FreshBooks `notes`). */
export const markerOf = (entryId: string): string => `paygraph:${entryId}`;
