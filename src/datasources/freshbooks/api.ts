import DataLoader from 'dataloader';
import { CachedReads } from '../../cache/cached-reads.js';
import type { ReadCacheKind } from '../../cache/read-cache.js';
import { droppedBy, freshbooksKeys } from './cache-keys.js';
import type { FreshbooksClientRecord, InvoiceRecord, Outcome, PageRecord, PaymentRecord, UserErrorRecord } from '../../domain/records.js';
import { failure, success } from '../../domain/records.js';
import type { CreatePaymentInput, InvoiceListFilter, PaymentChanges, PaymentListFilter } from '../../domain/requests.js';
import { UpstreamError } from '../../errors.js';
import { DEFAULT_FRESHBOOKS_ZONE, isoToEastern } from './dates.js';
import { addDays } from '../../domain/zoned-time.js';
import { isNotFound, readFailure, userErrorFromFailure, type FieldMap } from './errors.js';
import * as map from './mapping.js';
import type { FreshbooksMethod } from './methods.js';
import { toWirePaymentType } from './payment-types.js';
import type { FreshbooksReply, FreshbooksTransport } from './transport.js';
import { itemsOf, type WireClient, type WireInvoice, type WireList, type WirePayment } from './wire.js';
import type { XmlParams } from './xml.js';

export type { FieldMap } from './errors.js';

export interface InvoiceOfClientKey {
  clientId: number;
  invoiceId: number;
}

const bad = (method: FreshbooksMethod, message: string) => new UpstreamError('UPSTREAM_BAD_RESPONSE', 'FRESHBOOKS', method, message);

/** The `*.list` methods: the element holding the page in the reply, and the element of one item in it. */
const LISTS = {
  'payment.list': { container: 'payments', item: 'payment', cached: null },
  'invoice.list': { container: 'invoices', item: 'invoice', cached: { kind: 'invoices', key: freshbooksKeys.invoice } },
  'client.list': { container: 'clients', item: 'client', cached: { kind: 'clients', key: freshbooksKeys.client } },
} as const satisfies Record<string, { container: string; item: string; cached: { kind: ReadCacheKind; key: (id: number) => string } | null }>;
type ListMethod = keyof typeof LISTS;
type ListedWire = { 'payment.list': WirePayment; 'invoice.list': WireInvoice; 'client.list': WireClient };

/** Runs a mapping; a reply FreshBooks should not have sent becomes UPSTREAM_BAD_RESPONSE. */
function mapped<T>(method: FreshbooksMethod, build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (err instanceof map.WireShapeError) throw bad(method, `FreshBooks answered ${method} with ${err.message}`);
    throw err;
  }
}

/**
 * The FreshBooks datasource, created per GraphQL request. Its DataLoaders cache and de-duplicate
 * lookups for the lifetime of one request; behind them, clients and invoices are read through the
 * process's read cache (`reads`), and every payment write drops what it changed (`call`). The
 * transport is shared.
 */
export class FreshbooksAPI {
  private readonly reads: CachedReads;

  constructor(
    private readonly transport: FreshbooksTransport,
    /** `signal`: the GraphQL request's deadline, passed to every call this request makes; `reads`: the request's use of the read cache (default none). */
    private readonly options: { baseCurrency: string; signal?: AbortSignal; timeZone?: string; reads?: CachedReads },
  ) {
    this.reads = options.reads ?? new CachedReads(null);
  }

  /** The account's zone for date-times (`FRESHBOOKS_TIMEZONE`, default US/Eastern). */
  private get zone(): string {
    return this.options.timeZone ?? DEFAULT_FRESHBOOKS_ZONE;
  }

  // FreshBooks Classic has no multi-get (every `*.get` takes one id), so these batch functions make
  // parallel single calls; DataLoader still guarantees one call per distinct id per request.
  readonly paymentById = new DataLoader<number, PaymentRecord | null>((ids) => Promise.all(ids.map((id) => this.fetchPayment(id))));
  readonly invoiceById = new DataLoader<number, InvoiceRecord | null>((ids) => Promise.all(ids.map((id) => this.fetchInvoice(id))));
  readonly clientById = new DataLoader<number, FreshbooksClientRecord | null>((ids) => Promise.all(ids.map((id) => this.fetchClient(id))));

  /**
   * Invoices by id when their client is known (every payment carries its client_id). There is no
   * invoice multi-get, but invoice.list filters by client: one call per distinct client (100 a
   * page) loads every invoice a page of payments points at, instead of one invoice.get each. A
   * client with one invoice wanted gets `invoice.get`: the same one call, without a page to parse.
   */
  readonly invoiceOfClient = new DataLoader<InvoiceOfClientKey, InvoiceRecord | null, string>(
    (keys) => this.loadClientInvoices(keys),
    { cacheKeyFn: (key) => `${key.clientId}:${key.invoiceId}` },
  );

  /** The invoice a payment is on, through the cheapest loader. */
  invoiceOf(payment: { invoiceId: number | null; clientId: number | null }): Promise<InvoiceRecord | null> {
    if (payment.invoiceId === null) return Promise.resolve(null);
    return payment.clientId === null
      ? this.invoiceById.load(payment.invoiceId)
      : this.invoiceOfClient.load({ clientId: payment.clientId, invoiceId: payment.invoiceId });
  }

  /**
   * `onPayers` hears the page's distinct client ids as soon as the list is read, before the
   * payments' currencies are looked up, so a caller can start loading what it will need of those
   * clients in the same round trip.
   */
  async listPayments(filter: PaymentListFilter, page: number, perPage: number, onPayers?: (clientIds: number[]) => void): Promise<PageRecord<PaymentRecord>> {
    const method = 'payment.list';
    const params = {
      client_id: filter.clientId,
      invoice_id: filter.invoiceId,
      ...exclusiveDates(filter),
      updated_from: eastern(filter.updatedFrom, 'from', method, this.zone),
      updated_to: eastern(filter.updatedTo, 'to', method, this.zone),
    };
    const result = await this.listPage(method, params, { page, perPage }, this.paymentById, (items) => {
      onPayers?.([...new Set(items.flatMap((w) => map.toId(w.client_id) ?? []))]);
      return Promise.all(items.map((w) => this.toPayment(method, w)));
    });
    return { ...result, nodes: result.nodes.filter((p) => withinDates(p.date, filter)) };
  }

  async listInvoices(filter: InvoiceListFilter, page: number, perPage: number): Promise<PageRecord<InvoiceRecord>> {
    const method = 'invoice.list';
    const params = { client_id: filter.clientId, status: filter.status, number: filter.number, ...exclusiveDates(filter) };
    const result = await this.listPage(method, params, { page, perPage }, this.invoiceById, (items) =>
      mapped(method, () => items.map((w) => map.invoiceFromWire(w, this.options.baseCurrency, this.zone))),
    );
    return { ...result, nodes: result.nodes.filter((i) => withinDates(i.date, filter)) };
  }

  async listClients(filter: { email?: string }, page: number, perPage: number): Promise<PageRecord<FreshbooksClientRecord>> {
    const method = 'client.list';
    return this.listPage(method, { email: filter.email }, { page, perPage }, this.clientById, (items) =>
      mapped(method, () => items.map((w) => map.clientFromWire(w, this.options.baseCurrency, this.zone))),
    );
  }

  /** `payment.create` (never retried), then `payment.get`: the record is what FreshBooks stored. */
  async createPayment(input: CreatePaymentInput, fieldMap: FieldMap): Promise<Outcome<PaymentRecord>> {
    const method = 'payment.create';
    if (input.type === 'OTHER') return failure(otherTypeRefused(fieldMap));
    const isCredit = input.invoiceId === undefined;
    const reply = await this.call(method, {
      payment: {
        invoice_id: input.invoiceId,
        client_id: input.clientId,
        amount: input.amount,
        // FreshBooks refuses (or ignores) currency_code on invoice payments (docs/upstreams/freshbooks.md §5.3, emulator choice 1).
        currency_code: isCredit ? input.currency : undefined,
        date: input.date,
        type: input.type === undefined ? undefined : toWirePaymentType(input.type),
        notes: input.notes,
      },
    });
    if (reply.status === 'fail') return failure(userErrorFromFailure(method, reply, fieldMap));
    const id = map.toId(reply.response.payment_id);
    if (id === null) {
      throw bad(method, 'FreshBooks reported the payment as recorded without its payment_id; reconcile before retrying');
    }
    return success(await this.readBack(id, 'recorded'));
  }

  /** `payment.update` (never retried), then a fresh `payment.get`. */
  async updatePayment(id: number, changes: PaymentChanges, fieldMap: FieldMap): Promise<Outcome<PaymentRecord>> {
    const method = 'payment.update';
    if (changes.type === 'OTHER') return failure(otherTypeRefused(fieldMap));
    const reply = await this.call(method, {
      payment: {
        payment_id: id,
        amount: changes.amount,
        date: changes.date,
        type: changes.type === undefined ? undefined : toWirePaymentType(changes.type),
        notes: changes.notes,
      },
    });
    if (reply.status === 'fail') return failure(userErrorFromFailure(method, reply, fieldMap));
    return success(await this.readBack(id, 'updated'));
  }

  async deletePayment(id: number, fieldMap: FieldMap): Promise<Outcome<number>> {
    const method = 'payment.delete';
    const reply = await this.call(method, { payment_id: id });
    if (reply.status === 'fail') return failure(userErrorFromFailure(method, reply, fieldMap));
    this.forgetAfterWrite(id);
    return success(id);
  }

  /**
   * Reads a payment after a write. A write changes its invoice's paid/status and the client's
   * credit too, so those caches go. If the read fails the write still happened: the error says so.
   */
  private async readBack(id: number, what: string): Promise<PaymentRecord> {
    this.forgetAfterWrite(id);
    let payment: PaymentRecord | null;
    try {
      payment = await this.paymentById.load(id);
    } catch (err) {
      if (!(err instanceof UpstreamError)) throw err;
      const { reason, httpStatus } = err.extensions as { reason?: string; httpStatus?: number };
      throw new UpstreamError(err.upstreamCode, 'FRESHBOOKS', 'payment.get', `FreshBooks ${what} payment ${id}, but reading it back failed: ${err.message}`, { reason, httpStatus });
    }
    if (!payment) throw bad('payment.get', `FreshBooks ${what} payment ${id}, but payment.get does not find it`);
    return payment;
  }

  private forgetAfterWrite(paymentId: number): void {
    this.paymentById.clear(paymentId);
    this.invoiceById.clearAll();
    this.invoiceOfClient.clearAll();
    this.clientById.clearAll();
  }

  private async loadClientInvoices(keys: readonly InvoiceOfClientKey[]): Promise<(InvoiceRecord | null)[]> {
    const found = new Map<number, InvoiceRecord>();
    const held = await this.reads.held<InvoiceRecord | null>('invoices', keys.map((k) => freshbooksKeys.invoice(k.invoiceId)));
    for (const { invoiceId } of keys) {
      const invoice = held.get(freshbooksKeys.invoice(invoiceId));
      if (invoice) found.set(invoiceId, invoice);
    }
    const byClient = new Map<number, Set<number>>();
    for (const { clientId, invoiceId } of keys) if (!found.has(invoiceId)) byClient.set(clientId, (byClient.get(clientId) ?? new Set()).add(invoiceId));
    await Promise.all(
      [...byClient].map(async ([clientId, wanted]) => {
        if (wanted.size === 1) return;
        for (let page = 1, pages = 1; page <= pages && [...wanted].some((id) => !found.has(id)); page++) {
          const result = await this.listInvoices({ clientId }, page, 100);
          for (const invoice of result.nodes) if (wanted.has(invoice.freshbooksId)) found.set(invoice.freshbooksId, invoice);
          pages = result.pageInfo.totalPages;
        }
      }),
    );
    // An invoice not among its client's (data changed meanwhile) is still looked up by id.
    return Promise.all(keys.map((k) => found.get(k.invoiceId) ?? this.invoiceById.load(k.invoiceId)));
  }

  /**
   * FreshBooks documents `currency_code` on payments as "only returned for credits". Without it,
   * the currency is the invoice's (invoice payments always take it), else the client's, else the
   * account's base currency. The lookups go through the loaders, so a page costs one list call plus
   * at most one invoice read per DISTINCT client with invoices lacking a currency (none when the
   * reply carries currency_code, or the invoices were already loaded in this request).
   */
  private async toPayment(method: FreshbooksMethod, wire: WirePayment): Promise<PaymentRecord> {
    let currency = map.currencyCode(wire.currency_code);
    const invoiceId = currency ? null : map.toId(wire.invoice_id);
    const payer = map.toId(wire.client_id);
    if (invoiceId !== null) currency = (await this.invoiceOf({ invoiceId, clientId: payer }))?.amount.currency ?? null;
    if (!currency && payer !== null) currency = (await this.clientById.load(payer))?.currency ?? null;
    const fallback = currency ?? this.options.baseCurrency;
    return mapped(method, () => map.paymentFromWire(wire, fallback, this.zone));
  }

  /**
   * One page of a `*.list`: the read (paging parameters last), the reply's list element, its items
   * as records, each primed into its by-id loader so a later lookup in this request costs no call.
   */
  private async listPage<M extends ListMethod, R extends { freshbooksId: number }>(
    method: M,
    params: XmlParams,
    paging: { page: number; perPage: number },
    byId: DataLoader<number, R | null>,
    toRecords: (items: ListedWire[M][]) => R[] | Promise<R[]>,
  ): Promise<PageRecord<R>> {
    const { container: element, item, cached } = LISTS[method];
    const since = this.reads.mark();
    const reply = await this.read(method, { ...params, page: paging.page, per_page: paging.perPage });
    const container = required(method, reply.response[element], element) as WireList<typeof item, ListedWire[M]>;
    const nodes = await toRecords(itemsOf(container, item));
    for (const node of nodes) byId.clear(node.freshbooksId).prime(node.freshbooksId, node);
    // Records a list read are as fresh as a read by id: kept for later requests too.
    if (cached) await this.reads.keep(cached.kind, nodes.map((node) => [cached.key(node.freshbooksId), node]), since);
    return { nodes, pageInfo: map.pageInfoFromWire(container, paging, nodes.length) };
  }

  /** One FreshBooks call, within this request's deadline. The one place writes drop what they changed from the read cache. */
  private async call(method: FreshbooksMethod, params: XmlParams): Promise<FreshbooksReply> {
    try {
      return await this.transport.call(method, params, { signal: this.options.signal });
    } finally {
      this.reads.drop(...droppedBy(method));
    }
  }

  /** A read whose failure is never the caller's fault. */
  private async read(method: FreshbooksMethod, params: XmlParams): Promise<FreshbooksReply> {
    const reply = await this.call(method, params);
    if (reply.status === 'fail') throw readFailure(method, reply);
    return reply;
  }

  /** `*.get`: null when FreshBooks says the id does not exist (50010). */
  private async get(method: FreshbooksMethod, params: XmlParams, noun: 'payment' | 'invoice' | 'client'): Promise<unknown> {
    const reply = await this.call(method, params);
    if (reply.status === 'fail') {
      if (isNotFound(reply)) return null;
      throw readFailure(method, reply);
    }
    return required(method, reply.response[noun], noun);
  }

  private async fetchPayment(id: number): Promise<PaymentRecord | null> {
    const wire = await this.get('payment.get', { payment_id: id }, 'payment');
    return wire === null ? null : this.toPayment('payment.get', wire as WirePayment);
  }

  private fetchInvoice(id: number): Promise<InvoiceRecord | null> {
    return this.reads.through('invoices', freshbooksKeys.invoice(id), () => this.readInvoice(id));
  }

  private async readInvoice(id: number): Promise<InvoiceRecord | null> {
    const wire = await this.get('invoice.get', { invoice_id: id }, 'invoice');
    return wire === null ? null : mapped('invoice.get', () => map.invoiceFromWire(wire as never, this.options.baseCurrency, this.zone));
  }

  private fetchClient(id: number): Promise<FreshbooksClientRecord | null> {
    return this.reads.through('clients', freshbooksKeys.client(id), () => this.readClient(id));
  }

  private async readClient(id: number): Promise<FreshbooksClientRecord | null> {
    const wire = await this.get('client.get', { client_id: id }, 'client');
    return wire === null ? null : mapped('client.get', () => map.clientFromWire(wire as never, this.options.baseCurrency, this.zone));
  }
}

/** A reply that is `ok` but lacks the element it must carry. An empty element (`''`) is present. */
function required<T>(method: FreshbooksMethod, value: T | undefined, element: string): T {
  if (value === undefined || value === null) throw bad(method, `FreshBooks answered ${method} without <${element}>`);
  return value;
}

/**
 * FreshBooks' `date_from`/`date_to` mean "dated after/before this arg" ([fbdoc];
 * docs/upstreams/freshbooks.md §11 F2), and paygraph's filters are inclusive: the day before and
 * the day after are sent, and the page is then narrowed to the asked-for days (so the answer is
 * right whichever way a real account reads the bounds).
 */
function exclusiveDates(filter: { dateFrom?: string; dateTo?: string }): { date_from?: string; date_to?: string } {
  return {
    ...(filter.dateFrom ? { date_from: addDays(filter.dateFrom, -1) } : {}),
    ...(filter.dateTo ? { date_to: addDays(filter.dateTo, 1) } : {}),
  };
}

function withinDates(date: string, filter: { dateFrom?: string; dateTo?: string }): boolean {
  return (!filter.dateFrom || date >= filter.dateFrom) && (!filter.dateTo || date <= filter.dateTo);
}

/** `OTHER` is what paygraph reads for a type it does not know; it cannot be written. */
function otherTypeRefused(fieldMap: FieldMap): UserErrorRecord {
  const field = fieldMap.type;
  return { code: 'INVALID_INPUT', field: field ? [...field] : ['type'], message: 'OTHER is not a FreshBooks payment type; choose one of the listed types.' };
}

function eastern(iso: string | undefined, bound: 'from' | 'to', method: FreshbooksMethod, zone: string): string | undefined {
  if (iso === undefined) return undefined;
  const wall = isoToEastern(iso, bound, zone);
  // Callers pass validated DateTime scalars; anything else is a programming error, not user input.
  if (wall === null) throw new TypeError(`${method}: updated_${bound} is not an ISO-8601 date-time`);
  return wall;
}
