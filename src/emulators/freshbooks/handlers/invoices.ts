/** invoice.get / invoice.list with the fields needed to relate payments to invoices. */
import { listContainer, paginate } from '../paging.js';
import * as P from '../params.js';
import { notFound, type InvoiceRecord, type LineRecord } from '../types.js';
import { el, elSelf, type XNode } from '../xml-writer.js';
import type { Handler, HandlerContext } from './context.js';
import { linkHash, systemUrl } from './links.js';

const DEPRECATED = { deprecated: 'true' };

function lineXml(line: LineRecord, order: number, currency: string, ctx: HandlerContext): XNode {
  const { fmt } = ctx;
  return el('line', [
    el('line_id', String(line.line_id)),
    el('order', String(order)),
    el('name', line.name),
    el('description', line.description),
    el('unit_cost', fmt.stored(line.unit_cost, currency)),
    el('quantity', line.quantity),
    el('amount', fmt.stored(line.amount, currency)),
    el('tax1_name', line.tax1_name),
    el('tax2_name', line.tax2_name),
    el('tax1_percent', line.tax1_percent),
    el('tax2_percent', line.tax2_percent),
    el('compound_tax', '0'),
    el('type', line.type),
  ]);
}

export function invoiceXml(inv: InvoiceRecord, ctx: HandlerContext): XNode {
  const { fmt, store } = ctx;
  const client = store.clients.get(inv.client_id);
  const a = client?.address;
  const cur = inv.currency_code;
  const view = systemUrl(`/view/${linkHash('invoice', inv.invoice_id)}`);
  const children: XNode[] = [
    el('invoice_id', fmt.invoiceId(inv.invoice_id)),
    elSelf('estimate_id'),
    el('number', inv.number),
    el('client_id', String(inv.client_id)),
    {
      tag: 'contacts',
      selfClose: true,
      children: (client?.contacts ?? []).map((k) => el('contact', [el('contact_id', String(k.contact_id))])),
    },
    elSelf('recurring_id'),
    el('organization', inv.organization),
    el('first_name', inv.first_name),
    el('last_name', inv.last_name),
    el('p_street1', a?.street1 ?? ''), el('p_street2', a?.street2 ?? ''), el('p_city', a?.city ?? ''),
    el('p_state', a?.state ?? ''), el('p_country', a?.country ?? ''), el('p_code', a?.code ?? ''),
    el('vat_name', client?.vat_name ?? ''),
    el('vat_number', client?.vat_number ?? ''),
    el('status', store.status(inv)),
    el('amount', fmt.stored(inv.amount, cur)),
    el('amount_outstanding', fmt.computed(store.outstandingUnits(inv), cur)),
    el('paid', fmt.computed(store.paidUnits(inv), cur)),
    el('date', fmt.invoiceDate(inv.date)),
    el('po_number', inv.po_number),
    el('discount', inv.discount),
    el('notes', inv.notes),
    el('terms', inv.terms),
    el('currency_code', cur),
    el('folder', inv.folder),
    el('language', inv.language),
    el('staff_id', '1'),
    elSelf('return_uri'),
    el('updated', fmt.updated(inv.updated, `${inv.date} 00:00:00`)),
  ];
  if (fmt.fidelity) {
    children.push(el('url', view, DEPRECATED), el('auth_url', systemUrl(`/invoices/${inv.invoice_id}`), DEPRECATED));
  }
  children.push(
    el('links', [
      el('client_view', view),
      el('view', systemUrl(`/invoices/${inv.invoice_id}`)),
      el('edit', systemUrl(`/invoices/${inv.invoice_id}/edit`)),
    ]),
    el('lines', inv.lines.map((line, i) => lineXml(line, i + 1, cur, ctx))),
  );
  return el('invoice', children);
}

const get: Handler = (params, ctx) => {
  const invoice = ctx.store.invoices.get(P.requiredId(params, 'invoice_id'));
  if (!invoice) throw notFound('invoice');
  return [invoiceXml(invoice, ctx)];
};

/** client_id, recurring_id, status, number (substring), date_*, updated_*, folder; newest first. */
const list: Handler = (params, ctx) => {
  const clientId = P.id(params, 'client_id');
  const recurringId = P.id(params, 'recurring_id');
  const status = P.value(params, 'status');
  const number = P.value(params, 'number')?.toLowerCase();
  const folder = P.folder(params);
  const { dateFrom, dateTo } = P.dateBounds(params, ctx.options.dateFilterBounds);
  const updatedFrom = P.bound(params, 'updated_from', 'from');
  const updatedTo = P.bound(params, 'updated_to', 'to');
  const { store, fmt } = ctx;
  const matches = [...store.invoices.values()]
    .filter((i) => i.folder === folder)
    .filter(() => recurringId === undefined) // no recurring profiles are emulated
    .filter((i) => clientId === undefined || i.client_id === clientId)
    .filter((i) => status === undefined || store.status(i) === status)
    .filter((i) => number === undefined || i.number.toLowerCase().includes(number))
    .filter((i) => P.within(`${i.date} 00:00:00`, dateFrom, dateTo))
    .filter((i) => P.within(fmt.updated(i.updated, `${i.date} 00:00:00`), updatedFrom, updatedTo))
    .sort((a, b) => b.invoice_id - a.invoice_id);
  const page = paginate(matches, params, ctx.options);
  return [listContainer('invoices', page, page.items.map((i) => invoiceXml(i, ctx)), !ctx.v20)];
};

export const invoiceHandlers: Record<string, Handler> = { 'invoice.get': get, 'invoice.list': list };
