/** Builds client and invoice records (for the seed and for direct seeding in tests). */
import { isKnownCurrency, parseAmount } from './money.js';
import type { Store } from './state.js';
import type { Address, ClientRecord, ContactRecord, InvoiceBaseStatus, InvoiceRecord, LineRecord } from './types.js';

export interface ClientInput {
  id?: number;
  first_name: string;
  last_name: string;
  organization?: string;
  email: string;
  currency_code?: string;
  username?: string;
  language?: string;
  notes?: string;
  work_phone?: string;
  mobile?: string;
  address?: Partial<Address>;
  contacts?: Omit<ContactRecord, 'contact_id'>[];
  updated?: string | null;
  created?: string;
}

export function buildClient(store: Store, input: ClientInput, now: string): ClientRecord {
  const id = input.id ?? store.nextId(store.clients);
  if (store.clients.has(id)) throw new Error(`client ${id} already exists`);
  const currency = input.currency_code ?? 'USD';
  if (!isKnownCurrency(currency)) throw new Error(`unknown currency ${currency}`);
  let contactId = id * 10;
  const client: ClientRecord = {
    client_id: id,
    first_name: input.first_name,
    last_name: input.last_name,
    organization: input.organization ?? '',
    email: input.email,
    username: input.username ?? input.email.split('@')[0] ?? '',
    contacts: (input.contacts ?? []).map((c) => ({ ...c, contact_id: ++contactId })),
    work_phone: input.work_phone ?? '',
    home_phone: '',
    mobile: input.mobile ?? '',
    fax: '',
    language: input.language ?? 'en',
    currency_code: currency,
    notes: input.notes ?? '',
    folder: 'active',
    updated: input.updated === undefined ? now : input.updated,
    created: input.created ?? now,
    address: { street1: '', street2: '', city: '', state: '', country: '', code: '', ...input.address },
    vat_name: '',
    vat_number: '',
  };
  store.clients.set(id, client);
  return client;
}

export type LineInput = Partial<Omit<LineRecord, 'line_id'>> & Pick<LineRecord, 'name' | 'unit_cost' | 'quantity' | 'amount'>;

export interface InvoiceInput {
  id?: number;
  client_id: number;
  amount: string;
  currency_code?: string;
  number?: string;
  status?: InvoiceBaseStatus;
  /** `YYYY-MM-DD`; default today. */
  date?: string;
  lines?: LineInput[];
  po_number?: string;
  notes?: string;
  terms?: string;
  updated?: string | null;
}

export function buildInvoice(store: Store, input: InvoiceInput, now: string): InvoiceRecord {
  const client = store.clients.get(input.client_id);
  if (!client) throw new Error(`no client ${input.client_id}`);
  const id = input.id ?? store.nextId(store.invoices);
  if (store.invoices.has(id)) throw new Error(`invoice ${id} already exists`);
  const parsed = parseAmount(input.amount);
  if (!parsed) throw new Error(`invalid invoice amount ${input.amount}`);
  const currency = input.currency_code ?? client.currency_code;
  if (!isKnownCurrency(currency)) throw new Error(`unknown currency ${currency}`);
  const date = input.date ?? now.slice(0, 10);
  const lines = input.lines ?? [{ name: 'Services', unit_cost: input.amount, quantity: '1', amount: input.amount }];
  const invoice: InvoiceRecord = {
    invoice_id: id,
    number: input.number ?? String(id).padStart(7, '0'),
    client_id: client.client_id,
    amount: parsed.display,
    units: parsed.units,
    currency_code: currency,
    baseStatus: input.status ?? 'sent',
    date,
    updated: input.updated === undefined ? now : input.updated,
    organization: client.organization,
    first_name: client.first_name,
    last_name: client.last_name,
    po_number: input.po_number ?? '',
    discount: '0',
    notes: input.notes ?? '',
    terms: input.terms ?? '',
    language: client.language,
    folder: 'active',
    lines: lines.map((l, i) => ({
      line_id: i + 1,
      description: '',
      tax1_name: '',
      tax1_percent: '0',
      tax2_name: '',
      tax2_percent: '0',
      type: 'Item',
      ...l,
    })),
  };
  store.invoices.set(id, invoice);
  return invoice;
}
