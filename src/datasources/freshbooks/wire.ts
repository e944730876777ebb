/**
 * FreshBooks Classic wire shapes, as xml.ts parses them (docs/upstreams/freshbooks.md §9.7): every text value and
 * attribute is a string, attributes carry the `@_` prefix, repeating elements are arrays. An empty
 * element is `''`, and so is an empty container (`<contacts/>`), which then has no item key.
 * An element with attributes and text is `{ '#text': …, '@_attr': … }`. Element order is not
 * promised. Fields are optional: mapping.ts decides what a record cannot do without.
 */
export type WireText = string;

/** A leaf as the parser may hand it over: text, or text with attributes (`<credit currency="USD">`). */
export type WireLeaf = WireText | { '#text'?: WireText; [attr: `@_${string}`]: WireText | undefined };

/** A list container (`<payments page="1" …>`): attributes plus the item key, or `''` when empty. */
export type WireList<K extends string, T> =
  | ''
  | WireText
  | ({ '@_page'?: WireText; '@_per_page'?: WireText; '@_pages'?: WireText; '@_total'?: WireText } & { [key in K]?: T[] });

export interface WirePayment {
  payment_id?: WireText;
  client_id?: WireText;
  /** Zero-padded to 11 digits in live data; empty for a client credit. */
  invoice_id?: WireText;
  /** `YYYY-MM-DD HH:MM:SS`. */
  date?: WireText;
  /** Decimal text without fixed scale (`300`, `45.6`). */
  amount?: WireText;
  /** Documented as "only returned for credits": often absent on invoice payments. */
  currency_code?: WireText;
  type?: WireText;
  notes?: WireText;
  /** US/Eastern `YYYY-MM-DD HH:MM:SS`, or the sentinel `0000-00-00 00:00:00`. */
  updated?: WireText;
  from_credit?: WireText;
  gateway_transaction?: { reference_id?: WireText; gateway_name?: WireText } | WireText;
}

export interface WireLine {
  line_id?: WireText;
  name?: WireText;
  description?: WireText;
  unit_cost?: WireText;
  quantity?: WireText;
  amount?: WireText;
}

export interface WireInvoice {
  invoice_id?: WireText;
  /** Display number: never converted (`0000001`, `FB00004`). */
  number?: WireText;
  client_id?: WireText;
  amount?: WireText;
  amount_outstanding?: WireText;
  /** Present in live captures, absent from the doc samples. */
  paid?: WireText;
  status?: WireText;
  currency_code?: WireText;
  /** `YYYY-MM-DD` (docs) or `YYYY-MM-DD 00:00:00` (live). */
  date?: WireText;
  updated?: WireText;
  po_number?: WireText;
  notes?: WireText;
  lines?: WireList<'line', WireLine>;
}

export interface WireClient {
  client_id?: WireText;
  first_name?: WireText;
  last_name?: WireText;
  organization?: WireText;
  email?: WireText;
  currency_code?: WireText;
  /** One `<credit currency="XXX">amount</credit>` per currency. */
  credits?: WireList<'credit', WireLeaf>;
  updated?: WireText;
}

/** The `<response>` element. */
export interface WireResponse {
  '@_status'?: WireText;
  error?: WireLeaf[];
  code?: WireLeaf[];
  field?: WireLeaf[];
  payment_id?: WireText;
  payment?: WirePayment;
  payments?: WireList<'payment', WirePayment>;
  invoice?: WireInvoice;
  invoices?: WireList<'invoice', WireInvoice>;
  client?: WireClient;
  clients?: WireList<'client', WireClient>;
  [element: string]: unknown;
}

/** One `<error>`/`<code>`/`<field>` of a `status="fail"` reply. */
export interface WireFailure {
  message: string;
  code: string;
  field: string | null;
}

/** Text of a leaf, whether or not it carries attributes. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const text = (value as { '#text'?: unknown })['#text'];
    return typeof text === 'string' ? text : '';
  }
  return undefined;
}

/** The items of a list container; a missing key, `''` or whitespace (empty container) is `[]`. */
export function itemsOf<K extends string, T>(container: WireList<K, T> | undefined, key: K): T[] {
  if (!container || typeof container !== 'object') return [];
  const items = (container as { [k in K]?: T[] })[key];
  return Array.isArray(items) ? items : [];
}
