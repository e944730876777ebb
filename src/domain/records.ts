/**
 * What resolvers see: domain records built by the datasources' mapping modules from the
 * upstreams' wire shapes. Codegen's mappers point each GraphQL type at one of these.
 * Amounts are exact decimal strings, normalised to the currency's scale.
 */
import type { CardBrand, InvoiceStatus, PaymentType, UserErrorCode } from '../generated/resolvers-types.js';

/** The schema's enums, as codegen generates them from `schema/*.graphql`. */
export type { CardBrand };
/** The 17 FreshBooks Classic payment types (mapping in datasources/freshbooks/payment-types.ts). */
export type PaymentTypeValue = PaymentType;
export type InvoiceStatusValue = InvoiceStatus;

export interface MoneyRecord {
  amount: string;
  currency: string;
}

/** The showable part of a card: never the number or the CVV. */
export interface CardDetailsRecord {
  brand: CardBrand;
  last4: string;
  expiryMonth: number | null;
  expiryYear: number | null;
  holderName: string | null;
}

/** A card stored in iCount (a token). */
export interface CardRecord extends CardDetailsRecord {
  tokenId: number;
  icountClientId: number | null;
}

export interface InstallmentsRecord {
  count: number;
  firstPayment: string | null;
  credit: boolean;
}

/** An iCount card transaction, from a `cc/bill` reply or a `cc/transactions` row. */
export interface ChargeRecord {
  confirmationCode: string;
  amount: MoneyRecord;
  card: CardDetailsRecord;
  installments: InstallmentsRecord;
  icountClientId: number | null;
  description: string | null;
  /** The ledger entry that made it, from the marker in its description (domain/marker.ts). */
  ledgerId: string | null;
  test: boolean;
  chargedAt: string | null;
  /** iCount's `cc_bill_log_id`, where iCount returned it: the charge's id and what refunds name. */
  billLogId?: number | null;
  /** Refunded so far according to iCount (`refunded`); absent where iCount did not say. */
  refunded?: string | null;
  /** The issuer charged it back (`is_chargeback`). */
  chargeback?: boolean;
}

/** One refund of a charge, as the ledger keeps it (services/refund-charge.ts). */
export interface RefundRecord {
  /** The ledger entry that made it. */
  id: string;
  amount: MoneyRecord;
  /** ISO-8601. */
  createdAt: string;
  reason: string | null;
  /** iCount's approval number of the refund, when it gave one. */
  confirmationCode: string | null;
  /** The charge refunded (`Charge` key). */
  chargeKey: string;
}

export interface IcountClientRecord {
  icountId: number;
  name: string;
  email: string | null;
  externalId: string | null;
  vatId: string | null;
}

/** A FreshBooks payment. Ids are FreshBooks' own numbers, normalised from their zero-padded text. */
export interface PaymentRecord {
  freshbooksId: number;
  /** FreshBooks client_id. */
  clientId: number | null;
  /** FreshBooks invoice_id; null for a client credit. */
  invoiceId: number | null;
  /** `YYYY-MM-DD`. */
  date: string;
  amount: MoneyRecord;
  type: PaymentTypeValue;
  notes: string;
  /** The ledger entry that recorded it, from the marker in its notes (domain/marker.ts). */
  ledgerId: string | null;
  /** ISO-8601 with offset, or null when FreshBooks has the `0000-00-00 00:00:00` sentinel. */
  updatedAt: string | null;
  fromCredit: boolean;
  gateway: { referenceId: string; gatewayName: string } | null;
}

export interface InvoiceLineRecord {
  name: string;
  description: string;
  unitCost: string;
  quantity: string;
  amount: string;
}

export interface InvoiceRecord {
  freshbooksId: number;
  /** The display number, kept exactly as FreshBooks has it (`0000001`, `FB00004`). */
  number: string;
  clientId: number;
  amount: MoneyRecord;
  paid: MoneyRecord;
  outstanding: MoneyRecord;
  status: InvoiceStatusValue;
  /** `YYYY-MM-DD`. */
  date: string;
  updatedAt: string | null;
  poNumber: string | null;
  notes: string | null;
  lines: InvoiceLineRecord[];
}

export interface FreshbooksClientRecord {
  freshbooksId: number;
  firstName: string;
  lastName: string;
  organization: string;
  email: string | null;
  currency: string | null;
  /** One entry per currency the client holds credit in. */
  credits: MoneyRecord[];
  updatedAt: string | null;
}

/** A customer: the FreshBooks client and/or the iCount client. At least one side is present. */
export interface ClientRecord {
  freshbooks?: FreshbooksClientRecord | null;
  icount?: IcountClientRecord | null;
}

export interface PageInfoRecord {
  page: number;
  perPage: number;
  totalPages: number;
  totalCount: number;
}

export interface PageRecord<T> {
  nodes: T[];
  pageInfo: PageInfoRecord;
}

export interface CurrencyRecord {
  code: string;
  name: string;
  symbol: string | null;
  icountId: number;
  decimals: number;
  rateToIls: string | null;
}

export interface CardTypeRecord {
  icountId: number;
  code: string;
  name: string;
  title: string;
  brand: CardBrand;
}

export interface CardProviderRecord {
  name: string;
  terminal: string | null;
  supportsAuthorizations: boolean | null;
  supportsStoredCards: boolean | null;
}

export interface CardAuthorizationRecord {
  available: boolean;
  confirmationCode: string | null;
  total: MoneyRecord | null;
  used: MoneyRecord | null;
  remaining: MoneyRecord | null;
  card: CardDetailsRecord | null;
}

/** A ledger entry as support staff see it (`Query.ledgerEntry`). */
export interface LedgerEntryRecord {
  idempotencyKey: string;
  operation: string;
  state: 'STARTED' | 'SENDING' | 'UNKNOWN' | 'PENDING' | 'SUCCEEDED' | 'REJECTED' | 'NOT_APPLIED';
  step: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  charge: ChargeRecord | null;
  payment: PaymentRecord | null;
  refund: RefundRecord | null;
}

/** An expected business failure; `field` is relative to the mutation's `input`. */
export interface UserErrorRecord {
  code: UserErrorCode;
  field: string[] | null;
  message: string;
}

/** The result of an upstream operation whose business failures are expected. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: UserErrorRecord[] };

export const success = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const failure = <T = never>(errors: UserErrorRecord | UserErrorRecord[]): Outcome<T> => ({
  ok: false,
  errors: Array.isArray(errors) ? errors : [errors],
});
