/**
 * Demo data: the shared DEMO_CLIENTS, 15 invoices and 25 payments in 2026 that use all 17
 * payment types, credits in two currencies, one payment from credit, one online payment, a zeroed
 * payment (the G1 "delete"), and clients with zero / one / many payments.
 */
import { DEMO_CLIENTS } from '../shared/demo-clients.js';
import { buildClient, buildInvoice, type ClientInput, type InvoiceInput, type LineInput } from './builders.js';
import { createPayment } from './handlers/payments.js';
import type { HandlerContext } from './handlers/context.js';
import type { PaymentRecord } from './types.js';

type ClientExtras = Omit<ClientInput, 'first_name' | 'last_name' | 'email' | 'organization' | 'currency_code'>;

const IL = (street1: string, city: string, code: string) => ({ street1, city, code, country: 'Israel' });
const CLIENT_EXTRAS: Record<number, ClientExtras> = {
  1: { work_phone: '+972-3-555-0101', address: IL('Rothschild Blvd 22', 'Tel Aviv-Yafo', '6688218'), notes: 'Prefers invoices by e-mail.', updated: '2026-01-04 10:12:00' },
  2: { work_phone: '+972-4-555-0144', address: IL('Herzl St 15', 'Haifa', '3303915'), notes: 'Wholesale customer since 2019.', updated: '2026-01-04 10:15:31' },
  3: { language: 'he', work_phone: '+972-2-555-0190', address: IL('Jaffa Rd 97', 'Jerusalem', '9434101'), notes: 'Pays by bank transfer & check; הערות בעברית', updated: '2026-01-05 08:02:47' },
  4: {
    work_phone: '+1-212-555-0134',
    address: { street1: '350 Fifth Avenue', street2: 'Suite 4100', city: 'New York', state: 'NY', country: 'United States', code: '10118' },
    contacts: [{ username: 'accounts', first_name: 'Shira', last_name: 'Mizrahi', email: 'accounts@mizrahi-log.example', phone1: '+1-212-555-0135', phone2: '' }],
    updated: '2026-01-06 14:30:00',
  },
  5: {
    mobile: '+1-646-555-0199',
    address: { street1: '90 Bedford St', city: 'New York', state: 'NY', country: 'United States', code: '10014' },
    contacts: [
      { username: 'monica', first_name: 'Monica', last_name: 'Geller', email: 'monica@centralperk.example', phone1: '+1-646-555-0101', phone2: '' },
      { username: 'gunther', first_name: 'Gunther', last_name: 'Central', email: 'gunther@centralperk.example', phone1: '', phone2: '' },
    ],
    updated: '2026-01-06 15:01:09',
  },
  6: { language: 'de', address: { street1: 'Friedrichstraße 68', city: 'Berlin', country: 'Germany', code: '10117' }, updated: '2026-01-07 09:45:12' },
  7: { address: IL("Ahad Ha'Am St 9", 'Tel Aviv-Yafo', '6525101'), updated: null, created: '2026-08-30 11:20:00' },
};

const line = (name: string, description: string, unit_cost: string, quantity: string, amount: string, extra: Partial<LineInput> = {}): LineInput => ({
  name, description, unit_cost, quantity, amount, ...extra,
});
const VAT = { tax1_name: 'VAT', tax1_percent: '18' };
const TIME = { type: 'Time' as const };

const INVOICES: Omit<InvoiceInput, 'number'>[] = [
  { id: 1, client_id: 1, date: '2026-01-05', amount: '1250.00', lines: [line('Logo design', 'Primary logo, 3 concepts + 2 revision rounds', '1250.00', '1', '1250.00')] },
  { id: 2, client_id: 1, date: '2026-02-02', amount: '2360', lines: [line('Brand guidelines', 'Colour, typography and usage rules (24 pp.)', '2000', '1', '2000', VAT)], terms: 'Net 30' },
  { id: 3, client_id: 1, date: '2026-03-10', status: 'viewed', amount: '45.6', lines: [line('Stock photo licence', 'Standard web licence', '22.80', '2', '45.60')] },
  {
    id: 4, client_id: 1, date: '2026-04-01', amount: '3540.00', po_number: 'LDS-2026-014', terms: 'Three monthly instalments',
    lines: [line('Website redesign – phase 1', 'Discovery, wireframes, visual design', '2400', '1', '2400', VAT), line('Design hours', 'Extra revision requests', '150', '4', '600', { ...VAT, type: 'Time' })],
  },
  { id: 5, client_id: 2, date: '2026-02-20', status: 'viewed', amount: '38.55', lines: [line('Delivery fee', 'Weekend delivery, Haifa bay area', '38.55', '1', '38.55')] },
  { id: 6, client_id: 2, date: '2026-05-05', status: 'draft', amount: '600', lines: [line('Catering tasting menu', '', '75', '8', '600')], updated: null },
  { id: 7, client_id: 3, date: '2026-01-15', amount: '300', lines: [line('Shop signage', 'Aluminium sign, 120×40 cm', '300', '1', '300')] },
  { id: 8, client_id: 3, date: '2026-06-01', status: 'viewed', amount: '1770', lines: [line('Inventory system setup', 'Barcode labels + staff training', '1500', '1', '1500', VAT)], notes: 'תודה על שיתוף הפעולה' },
  { id: 9, client_id: 4, date: '2026-02-01', amount: '4800.00', lines: [line('Freight consulting', 'Route optimisation study, Q1', '300.00', '16', '4800.00', TIME)] },
  { id: 10, client_id: 4, date: '2026-03-15', amount: '129.88', lines: [line('Customs paperwork', 'Import declaration for shipment #A-2291', '129.88', '1', '129.88')] },
  { id: 11, client_id: 4, date: '2026-07-01', amount: '1500', lines: [line('Warehouse audit', '', '750', '2', '1500', TIME)], terms: 'Net 45' },
  {
    id: 12, client_id: 5, date: '2026-04-20', status: 'viewed', amount: '301.21',
    lines: [line('Coffee beans (kg)', 'Colombian Supremo', '18.50', '12', '222.00'), line('Syrup assortment', 'Vanilla, caramel, hazelnut', '79.21', '1', '79.21')],
  },
  { id: 13, client_id: 5, date: '2026-08-01', amount: '875.5', lines: [line('Espresso machine service', 'Descaling + gasket replacement', '175.10', '5', '875.50')] },
  { id: 14, client_id: 6, date: '2026-05-12', amount: '2000', lines: [line('Strategy workshop', 'Two-day on-site workshop, Berlin', '1000', '2', '2000', TIME)] },
  { id: 15, client_id: 7, date: '2026-09-01', amount: '900', lines: [line('Contract review', 'Lease agreement review', '450', '2', '900', TIME)] },
];

interface PaymentSeed {
  date: string;
  invoice_id?: number;
  client_id?: number;
  amount: string;
  type: string;
  notes?: string;
  currency_code?: string;
  updated?: string | null;
  gateway_transaction?: PaymentRecord['gateway_transaction'];
}

/** In id order (ids 1–25 follow the dates, as a real account's would). */
const PAYMENTS: PaymentSeed[] = [
  { date: '2026-01-20', invoice_id: 1, amount: '1250.00', type: 'VISA', notes: 'Paid in full — thank you!', updated: null },
  { date: '2026-01-28', invoice_id: 7, amount: '300', type: 'Check', updated: null },
  { date: '2026-02-15', invoice_id: 2, amount: '1000', type: 'Bank Transfer', notes: 'First instalment' },
  { date: '2026-02-18', invoice_id: 9, amount: '4800.00', type: 'Credit Card', notes: 'Paid online', gateway_transaction: { reference_id: 'ch_3QxZ8kLmN2pR4sT6', gateway_name: 'Stripe' } },
  { date: '2026-02-25', invoice_id: 5, amount: '2.00', type: 'Cash', notes: 'Deposit' },
  { date: '2026-03-01', invoice_id: 2, amount: '500.00', type: 'Check', notes: 'Check #1043' },
  { date: '2026-03-01', client_id: 4, amount: '500', type: 'Bank Transfer', currency_code: 'USD', notes: 'Retainer' },
  { date: '2026-03-11', invoice_id: 3, amount: '45.6', type: 'PayPal' },
  { date: '2026-03-20', invoice_id: 10, client_id: 4, amount: '129.88', type: 'Credit', notes: 'Applied from retainer' },
  { date: '2026-04-10', invoice_id: 4, amount: '1000', type: 'Credit Card', notes: 'Instalment 1 of 3' },
  { date: '2026-04-28 12:04:11', invoice_id: 12, amount: '301.21', type: 'MASTERCARD' },
  { date: '2026-05-10', invoice_id: 4, amount: '1000', type: 'Credit Card', notes: 'Instalment 2 of 3' },
  { date: '2026-05-20', invoice_id: 14, amount: '1000', type: 'EUROCARD', notes: 'Workshop day 1' },
  { date: '2026-06-03', invoice_id: 14, amount: '1000.00', type: 'DINERS', notes: 'Workshop day 2' },
  { date: '2026-06-10', invoice_id: 4, amount: '1540', type: 'Credit Card', notes: 'Instalment 3 of 3' },
  { date: '2026-06-15', client_id: 1, amount: '200', type: 'Cash', notes: 'Prepayment for print run' },
  { date: '2026-06-20', invoice_id: 8, amount: '770', type: 'ACH', notes: 'תשלום חלקי — היתרה בסוף החודש' },
  { date: '2026-07-02', client_id: 6, amount: '75.5', type: 'PayPal', notes: 'Overpayment kept as credit' },
  { date: '2026-07-15', client_id: 6, amount: '20', type: '2Checkout', currency_code: 'USD', notes: 'Conference booking refund' },
  { date: '2026-07-20', invoice_id: 11, amount: '250', type: 'DISCOVER' },
  { date: '2026-08-01', invoice_id: 11, amount: '250', type: 'AMEX', notes: 'PO "WH-7" & <urgent> — A&B\'s' },
  { date: '2026-08-10', invoice_id: 13, amount: '0.00', type: 'Check', notes: 'Payment refunded.' },
  { date: '2026-08-20', invoice_id: 13, amount: '400', type: 'JCB' },
  { date: '2026-09-05', invoice_id: 13, amount: '100', type: 'Debit', notes: 'Debit card at the counter' },
  { date: '2026-09-10', invoice_id: 11, amount: '100', type: 'NOVA' },
];

const pad = (n: number) => String(n).padStart(2, '0');

export function seedDemo(ctx: HandlerContext): void {
  const { store } = ctx;
  for (const c of DEMO_CLIENTS) {
    const extras = CLIENT_EXTRAS[c.freshbooksId] ?? {};
    buildClient(store, {
      id: c.freshbooksId, first_name: c.firstName, last_name: c.lastName, organization: c.organization,
      email: c.email, currency_code: c.currency, created: '2026-01-04 10:00:00', ...extras,
    }, '2026-01-04 10:00:00');
  }
  for (const inv of INVOICES) buildInvoice(store, { ...inv, updated: inv.updated === undefined ? `${inv.date} 09:30:00` : null }, `${inv.date} 09:30:00`);
  PAYMENTS.forEach((p, i) => {
    const id = i + 1;
    const updated = p.updated === undefined ? `${p.date.slice(0, 10)} ${pad(9 + (id % 9))}:${pad((id * 7) % 60)}:${pad((id * 13) % 60)}` : null;
    const fields: Record<string, string> = { date: p.date, amount: p.amount, type: p.type };
    if (p.invoice_id !== undefined) fields.invoice_id = String(p.invoice_id);
    if (p.client_id !== undefined) fields.client_id = String(p.client_id);
    if (p.notes !== undefined) fields.notes = p.notes;
    if (p.currency_code !== undefined) fields.currency_code = p.currency_code;
    createPayment({ ...ctx, now: updated ?? `${p.date.slice(0, 10)} 00:00:00` }, fields, { id, updated, gateway_transaction: p.gateway_transaction });
  });
}
