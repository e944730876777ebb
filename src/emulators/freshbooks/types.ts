import type { Clock } from '../shared/clock.js';

export interface FreshbooksEmulatorOptions {
  /** Time source; default the system clock. Tests pass a ManualClock. */
  clock?: Clock;
  /** Accepted API tokens (the Basic-auth user name); default [FRESHBOOKS_DEMO_TOKEN]. */
  tokens?: string[];
  /** Initial data; default 'demo'. */
  seed?: 'demo' | 'empty';
  /** Emit the real service's XML quirks (padded ids, unscaled amounts, mixed empty tags); default true. */
  fidelity?: boolean;
  /** `pages` attribute of an empty list; default 0. */
  emptyListPages?: 0 | 1;
  /** Silent cap on `per_page`; default 100. */
  perPageMax?: number;
  /**
   * What `currency_code` on an invoice payment does; default 'same': accepted when it is the
   * invoice's currency (the docs' own payment.create sample sends the pair), else 40010.
   */
  currencyOnInvoicePayment?: 'same' | 'fail' | 'ignore';
  /**
   * The old generous payment output: `currency_code` on every payment and `from_credit` always.
   * Default false: `currency_code` only on credits ("Only returned for credits") and no
   * `from_credit` (absent from the doc samples) (docs/upstreams/freshbooks.md §11 F1, F4).
   */
  generousPayments?: boolean;
  /**
   * `date_from`/`date_to` of the list calls: 'exclusive' (default: "dated after/before this
   * arg", [fbdoc]) compares calendar days strictly; 'inclusive' is the old behaviour.
   */
  dateFilterBounds?: 'exclusive' | 'inclusive';
  /** Answer every API call with 302 to /loginSearch.php and an HTML page; default false. */
  unknownAccount?: boolean;
}

export type ResolvedOptions = Required<Omit<FreshbooksEmulatorOptions, 'clock'>>;

export const FRESHBOOKS_DEMO_TOKEN = 'demo-freshbooks-token';
export const FRESHBOOKS_PATH = '/api/2.1/xml-in';
/** The pre-2.1 endpoint: same calls, list containers without paging attributes. */
export const FRESHBOOKS_V20_PATH = '/api/xml-in';
/** Where the emulated account's web links point. */
export const FRESHBOOKS_SYSTEM_URL = 'https://paygraph-demo.freshbooks.com';

/** The 17 payment types of the G3 docs, exact (case-sensitive) spelling. */
export const PAYMENT_TYPES: readonly string[] = Object.freeze([
  'Cash', 'Check', 'Credit', 'Credit Card', 'Bank Transfer', 'Debit', 'PayPal', '2Checkout', 'VISA',
  'MASTERCARD', 'DISCOVER', 'NOVA', 'AMEX', 'DINERS', 'EUROCARD', 'JCB', 'ACH',
]);

export type InvoiceBaseStatus = 'draft' | 'sent' | 'viewed';
export type Folder = 'active' | 'archived' | 'deleted';

export interface ContactRecord {
  contact_id: number;
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  phone1: string;
  phone2: string;
}

export interface Address {
  street1: string;
  street2: string;
  city: string;
  state: string;
  country: string;
  code: string;
}

export interface ClientRecord {
  client_id: number;
  first_name: string;
  last_name: string;
  organization: string;
  email: string;
  username: string;
  contacts: ContactRecord[];
  work_phone: string;
  home_phone: string;
  mobile: string;
  fax: string;
  language: string;
  currency_code: string;
  notes: string;
  folder: Folder;
  /** `YYYY-MM-DD HH:MM:SS`, or null for "never set" (shown as 0000-00-00 00:00:00 in fidelity mode). */
  updated: string | null;
  /** Shown instead of a null `updated` when fidelity is off. */
  created: string;
  address: Address;
  vat_name: string;
  vat_number: string;
}

export interface LineRecord {
  line_id: number;
  name: string;
  description: string;
  unit_cost: string;
  quantity: string;
  amount: string;
  tax1_name: string;
  tax1_percent: string;
  tax2_name: string;
  tax2_percent: string;
  type: 'Item' | 'Time';
}

export interface InvoiceRecord {
  invoice_id: number;
  number: string;
  client_id: number;
  /** Total including taxes, as entered. */
  amount: string;
  units: bigint;
  currency_code: string;
  /** The status before any payment; the shown status is derived from the payments. */
  baseStatus: InvoiceBaseStatus;
  /** `YYYY-MM-DD`. */
  date: string;
  updated: string | null;
  organization: string;
  first_name: string;
  last_name: string;
  po_number: string;
  discount: string;
  notes: string;
  terms: string;
  language: string;
  folder: Folder;
  lines: LineRecord[];
}

export interface PaymentRecord {
  payment_id: number;
  client_id: number;
  /** null for a client credit. */
  invoice_id: number | null;
  /** `YYYY-MM-DD HH:MM:SS`. */
  date: string;
  /** As entered (see ParsedAmount.display). */
  amount: string;
  units: bigint;
  currency_code: string;
  type: string;
  notes: string;
  updated: string | null;
  from_credit: boolean;
  gateway_transaction?: { reference_id: string; gateway_name: string };
}

/** An application error: answered as HTTP 200 `status="fail"`. */
export class FbError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'FbError';
  }
}

export type Noun = 'payment' | 'invoice' | 'client';

export function notFound(noun: Noun): FbError {
  return new FbError('50010', `'${noun}_id' not found. ${noun[0]!.toUpperCase()}${noun.slice(1)} not found.`);
}

export function invalid(field: string | undefined, message: string): FbError {
  return new FbError('40010', message, field);
}
