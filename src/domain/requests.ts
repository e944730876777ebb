/**
 * What services ask the datasources for, after validation at the edge. Validation builds these,
 * datasources take them, and neither needs to import the other.
 */
import type { Expiry } from '../lib/cards.js';
import type { InstallmentsRecord, MoneyRecord, PaymentTypeValue } from './records.js';

/** A card given as its details (never stored by paygraph). */
export interface CardDetailsSource {
  kind: 'details';
  number: string;
  expiry: Expiry;
  cvv: string | null;
  holderName: string | null;
  holderId: string | null;
}

/** A card as the datasources take it: a stored iCount token or the card's details. */
export type CardSource = { kind: 'token'; tokenId: number; cvv: string | null } | CardDetailsSource;

/** A card named only to look something up (no charge): a stored token or a bare number. */
export type CardLookup = { kind: 'token'; tokenId: number } | { kind: 'number'; number: string };

/** What a client is known by when it may not exist in iCount yet. */
export interface ClientIdentity {
  name?: string | null;
  email?: string | null;
  externalId?: string | null;
  vatId?: string | null;
}

/** Who a charge or a stored card belongs to in iCount. */
export type IcountClientRef = { icountId: number } | { identity: ClientIdentity };

export interface BillRequest {
  amount: MoneyRecord;
  card: CardSource;
  client: IcountClientRef | null;
  installments: InstallmentsRecord;
  description: string | null;
  test: boolean;
  useAuthorization: boolean;
}

/** Changes to a stored card; `validity` is iCount's `MMYY`. */
export interface StoredCardChanges {
  validity?: string;
  holderName?: string;
  holderId?: string;
}

/** An offline card check: a card number, a validity (`MMYY`), or both. */
export interface CardValidationRequest {
  number: string | null;
  validity: string | null;
}

export interface TransactionFilter {
  icountClientId?: number;
  dateFrom?: string;
  dateTo?: string;
  last4?: string;
  confirmationCode?: string;
}

export interface PaymentListFilter {
  clientId?: number;
  invoiceId?: number;
  /** `YYYY-MM-DD`, inclusive. */
  dateFrom?: string;
  dateTo?: string;
  /** ISO-8601 instants; sent to FreshBooks as US/Eastern wall time. */
  updatedFrom?: string;
  updatedTo?: string;
}

export interface InvoiceListFilter {
  clientId?: number;
  /** FreshBooks' own status string (`auto-paid`). */
  status?: string;
  /** Substring of the invoice number. */
  number?: string;
  dateFrom?: string;
  dateTo?: string;
}

export interface CreatePaymentInput {
  /** An invoice payment; with `clientId` as well, FreshBooks takes the amount from the client's credit. */
  invoiceId?: number;
  /** Alone: a client credit. */
  clientId?: number;
  amount: string;
  /** Sent only for a credit: invoice payments take the invoice's currency (callers check it). */
  currency?: string;
  date?: string;
  type?: PaymentTypeValue;
  notes?: string;
}

export interface PaymentChanges {
  amount?: string;
  date?: string;
  type?: PaymentTypeValue;
  notes?: string;
}
