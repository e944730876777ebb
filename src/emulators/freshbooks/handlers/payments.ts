/** payment.create / update / get / list / delete (G3). */
import { listContainer, paginate } from '../paging.js';
import * as P from '../params.js';
import { invalid, notFound, type PaymentRecord } from '../types.js';
import type { Params } from '../xml-parse.js';
import { el, elSelf, type XNode } from '../xml-writer.js';
import type { Handler, HandlerContext } from './context.js';

export interface CreateExtras {
  /** Seeding only: a fixed id, `updated` value and gateway transaction. */
  id?: number;
  updated?: string | null;
  gateway_transaction?: PaymentRecord['gateway_transaction'];
}

/**
 * The three modes: invoice only → invoice payment; client only → credit (in `currency_code`,
 * default the client's currency); both → invoice payment taken from the client's credit.
 */
export function createPayment(ctx: HandlerContext, pay: Params, extras: CreateExtras = {}): number {
  const { store } = ctx;
  const invoiceId = P.id(pay, 'invoice_id');
  const clientId = P.id(pay, 'client_id');
  if (invoiceId === undefined && clientId === undefined) {
    throw invalid('invoice_id', 'Either invoice_id or client_id is required.');
  }
  const invoice = invoiceId === undefined ? undefined : store.invoices.get(invoiceId);
  if (invoiceId !== undefined && !invoice) throw notFound('invoice');
  const client = clientId === undefined ? undefined : store.clients.get(clientId);
  if (clientId !== undefined && !client) throw notFound('client');
  if (invoice && client && invoice.client_id !== client.client_id) {
    throw invalid('client_id', `Invoice ${invoice.invoice_id} does not belong to client ${client.client_id}.`);
  }
  let currency: string;
  if (invoice) {
    const sent = P.text(pay, 'currency_code');
    const refused = ctx.options.currencyOnInvoicePayment === 'fail' || (ctx.options.currencyOnInvoicePayment === 'same' && P.currency(pay) !== invoice.currency_code);
    if (sent !== undefined && refused) {
      throw invalid('currency_code', 'currency_code can only be set when creating a credit; invoice payments take the invoice currency.');
    }
    currency = invoice.currency_code;
  } else {
    currency = P.currency(pay) ?? client!.currency_code;
  }
  const amount = P.amount(pay, 'amount', currency) ?? { units: 0n, display: '0', decimals: 0 };
  const record: PaymentRecord = {
    payment_id: extras.id ?? store.nextId(store.payments),
    client_id: invoice ? invoice.client_id : client!.client_id,
    invoice_id: invoice ? invoice.invoice_id : null,
    date: P.date(pay) ?? `${ctx.now.slice(0, 10)} 00:00:00`,
    amount: amount.display,
    units: amount.units,
    currency_code: currency,
    type: P.paymentType(pay) ?? 'Check',
    notes: P.text(pay, 'notes') ?? '',
    updated: extras.updated === undefined ? ctx.now : extras.updated,
    from_credit: Boolean(invoice && client),
    ...(extras.gateway_transaction ? { gateway_transaction: extras.gateway_transaction } : {}),
  };
  if (store.payments.has(record.payment_id)) throw new Error(`payment ${record.payment_id} already exists`);
  store.changePayments([record.client_id], () => store.payments.set(record.payment_id, record));
  touchInvoice(ctx, record.invoice_id);
  return record.payment_id;
}

function touchInvoice(ctx: HandlerContext, invoiceId: number | null): void {
  const invoice = invoiceId === null ? undefined : ctx.store.invoices.get(invoiceId);
  if (invoice) invoice.updated = ctx.now;
}

function findPayment(ctx: HandlerContext, paymentId: number): PaymentRecord {
  const found = ctx.store.payments.get(paymentId);
  if (!found) throw notFound('payment');
  return found;
}

const create: Handler = (params, ctx) => {
  const pay = P.record(params, 'payment');
  if (!pay) throw invalid('payment', "The request needs a <payment> element.");
  return [el('payment_id', String(createPayment(ctx, pay)))];
};

/** Partial update; invoice_id / client_id may be repeated but not changed; amount 0 is the G1 "delete". */
const update: Handler = (params, ctx) => {
  const pay = P.record(params, 'payment');
  if (!pay) throw invalid('payment', "The request needs a <payment> element.");
  const old = findPayment(ctx, P.id(pay, 'payment_id') ?? P.requiredId(params, 'payment_id'));
  for (const [field, current] of [['invoice_id', old.invoice_id], ['client_id', old.client_id]] as const) {
    const given = P.id(pay, field);
    if (given !== undefined && given !== current) throw invalid(field, `A payment's ${field} cannot be changed.`);
  }
  let currency = old.currency_code;
  if (P.text(pay, 'currency_code') !== undefined) {
    if (old.invoice_id === null) currency = P.currency(pay)!;
    else if (ctx.options.currencyOnInvoicePayment === 'fail') {
      throw invalid('currency_code', 'currency_code can only be set on a credit; invoice payments take the invoice currency.');
    }
  }
  const amount = P.amount(pay, 'amount', currency) ?? P.checkAmount(old.amount, 'amount', currency);
  const next: PaymentRecord = {
    ...old,
    currency_code: currency,
    amount: amount.display,
    units: amount.units,
    date: P.date(pay) ?? old.date,
    type: P.paymentType(pay) ?? old.type,
    notes: P.text(pay, 'notes') ?? old.notes,
    updated: ctx.now,
  };
  ctx.store.changePayments([old.client_id], () => ctx.store.payments.set(old.payment_id, next));
  touchInvoice(ctx, old.invoice_id);
  return null;
};

const get: Handler = (params, ctx) => [paymentXml(findPayment(ctx, P.requiredId(params, 'payment_id')), ctx)];

const remove: Handler = (params, ctx) => {
  const old = findPayment(ctx, P.requiredId(params, 'payment_id'));
  ctx.store.changePayments([old.client_id], () => ctx.store.payments.delete(old.payment_id));
  touchInvoice(ctx, old.invoice_id);
  return null;
};

/** `date_from`/`date_to` as `dateFilterBounds` says (exclusive by default); `updated_*` inclusive; newest payment_id first. */
const list: Handler = (params, ctx) => {
  const clientId = P.id(params, 'client_id');
  const invoiceId = P.id(params, 'invoice_id');
  const { dateFrom, dateTo } = P.dateBounds(params, ctx.options.dateFilterBounds);
  const updatedFrom = P.bound(params, 'updated_from', 'from');
  const updatedTo = P.bound(params, 'updated_to', 'to');
  const matches = [...ctx.store.payments.values()]
    .filter((p) => clientId === undefined || p.client_id === clientId)
    .filter((p) => invoiceId === undefined || p.invoice_id === invoiceId)
    .filter((p) => P.within(p.date, dateFrom, dateTo))
    .filter((p) => P.within(ctx.fmt.updated(p.updated, p.date), updatedFrom, updatedTo))
    .sort((a, b) => b.payment_id - a.payment_id);
  const page = paginate(matches, params, ctx.options);
  return [listContainer('payments', page, page.items.map((p) => paymentXml(p, ctx)), !ctx.v20)];
};

/** Fidelity mode puts `amount` last, like the docs' list sample; element order is not promised. */
export function paymentXml(p: PaymentRecord, ctx: HandlerContext): XNode {
  const { fmt } = ctx;
  const amount = el('amount', fmt.stored(p.amount, p.currency_code));
  const children: XNode[] = [
    el('payment_id', String(p.payment_id)),
    el('client_id', String(p.client_id)),
    el('invoice_id', fmt.invoiceId(p.invoice_id)),
    el('date', p.date),
    ...(fmt.fidelity ? [] : [amount]),
    // "Only returned for credits" ([cowan] payment.get.response.xml), unless generousPayments.
    ...(ctx.options.generousPayments || p.invoice_id === null ? [el('currency_code', p.currency_code)] : []),
    el('type', p.type),
    elSelf('notes', p.notes),
    el('updated', fmt.updated(p.updated, p.date)),
    // Absent from the doc samples and the 2009 fixture: only with generousPayments.
    ...(ctx.options.generousPayments ? [el('from_credit', p.from_credit ? '1' : '0')] : []),
  ];
  if (p.gateway_transaction) {
    children.push(el('gateway_transaction', [
      el('reference_id', p.gateway_transaction.reference_id),
      el('gateway_name', p.gateway_transaction.gateway_name),
    ]));
  }
  if (fmt.fidelity) children.push(amount);
  return el('payment', children);
}

export const paymentHandlers: Record<string, Handler> = {
  'payment.create': create,
  'payment.update': update,
  'payment.get': get,
  'payment.list': list,
  'payment.delete': remove,
};
