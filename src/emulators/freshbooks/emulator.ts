/** The FreshBooks Classic emulator: routing, auth, envelope; the calls live in handlers/. */
import type { IncomingMessage } from 'node:http';
import { systemClock, type Clock } from '../shared/clock.js';
import { FaultInjector } from '../shared/faults.js';
import { RequestLog } from '../shared/request-log.js';
import { startEmulatorServer, type EmulatorCore, type EmulatorReply, type ParsedCall, type RunningEmulator } from '../shared/server.js';
import { redact } from '../../lib/redact.js';
import { LOGIN_SEARCH_HTML, tokenFromAuthorization } from './auth.js';
import { buildClient, buildInvoice, type ClientInput, type InvoiceInput } from './builders.js';
import { easternDateTime } from './dates.js';
import { defaultMessage, failBody, okBody, XML_CONTENT_TYPE } from './envelope.js';
import { Formatter } from './format.js';
import type { Handler, HandlerContext } from './handlers/context.js';
import { clientHandlers } from './handlers/clients.js';
import { invoiceHandlers } from './handlers/invoices.js';
import { createPayment, paymentHandlers } from './handlers/payments.js';
import { formatShort } from './money.js';
import { seedDemo } from './seed.js';
import { Store } from './state.js';
import {
  FbError, FRESHBOOKS_DEMO_TOKEN, FRESHBOOKS_PATH, FRESHBOOKS_V20_PATH, invalid,
  type FreshbooksEmulatorOptions, type PaymentRecord, type ResolvedOptions,
} from './types.js';
import { parseRequest, type Params } from './xml-parse.js';

export interface PaymentInput {
  /** Seeding only: a fixed payment_id. */
  id?: number;
  invoice_id?: number;
  client_id?: number;
  amount: string;
  type?: string;
  date?: string;
  notes?: string;
  currency_code?: string;
}

/** An invoice as tests inspect it; amounts are exact decimal strings in shortest form. */
export interface InvoiceView {
  invoice_id: number;
  number: string;
  client_id: number;
  currency_code: string;
  amount: string;
  paid: string;
  amount_outstanding: string;
  status: string;
  date: string;
  updated: string | null;
}

const HANDLERS: Record<string, Handler> = { ...paymentHandlers, ...clientHandlers, ...invoiceHandlers };

export class FreshbooksEmulator implements EmulatorCore {
  readonly faults = new FaultInjector();
  readonly log = new RequestLog();
  readonly clock: Clock;
  private readonly options: ResolvedOptions;
  private readonly fmt: Formatter;
  private store = new Store();

  constructor(options: FreshbooksEmulatorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.options = {
      tokens: options.tokens ?? [FRESHBOOKS_DEMO_TOKEN],
      seed: options.seed ?? 'demo',
      fidelity: options.fidelity ?? true,
      emptyListPages: options.emptyListPages ?? 0,
      perPageMax: options.perPageMax ?? 100,
      currencyOnInvoicePayment: options.currencyOnInvoicePayment ?? 'same',
      generousPayments: options.generousPayments ?? false,
      dateFilterBounds: options.dateFilterBounds ?? 'exclusive',
      unknownAccount: options.unknownAccount ?? false,
    };
    this.fmt = new Formatter(this.options.fidelity);
    this.reset();
  }

  start(options: { port?: number; host?: string } = {}): Promise<RunningEmulator> {
    return startEmulatorServer(this, options);
  }

  private context(v20 = false): HandlerContext {
    return { store: this.store, fmt: this.fmt, options: this.options, now: easternDateTime(this.clock.now()), v20 };
  }

  private xmlReply(status: number, body: string, outcome: string, headers?: Record<string, string>): EmulatorReply {
    return { status, body, contentType: XML_CONTENT_TYPE, outcome, headers };
  }

  private fail(error: FbError, status = 200): EmulatorReply {
    return this.xmlReply(status, failBody([error], !this.fmt.fidelity), error.code);
  }

  parse(req: IncomingMessage, body: string): ParsedCall | { reply: EmulatorReply; method: string; params?: Record<string, unknown> } {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (this.options.unknownAccount) {
      const reply = { status: 302, body: LOGIN_SEARCH_HTML, contentType: 'text/html; charset=utf-8', headers: { location: '/loginSearch.php' }, outcome: 'redirect' };
      return { reply, method: 'unknown' };
    }
    if (path !== FRESHBOOKS_PATH && path !== FRESHBOOKS_V20_PATH) {
      const reply = { status: 404, body: '<html><body><h1>404 Not Found</h1></body></html>', contentType: 'text/html; charset=utf-8', outcome: 'http-404' };
      return { reply, method: 'unknown' };
    }
    if (req.method !== 'POST') {
      return { reply: { status: 405, body: '', contentType: 'text/plain', headers: { allow: 'POST' }, outcome: 'http-405' }, method: 'unknown' };
    }
    let parsed: { method: string; params: Params } | undefined;
    let parseError: FbError | undefined;
    try {
      parsed = parseRequest(body);
    } catch (err) {
      if (!(err instanceof FbError)) throw err;
      parseError = err;
    }
    const method = parsed?.method ?? 'unknown';
    const params = parsed ? { ...parsed.params, method } : {};
    const token = tokenFromAuthorization(req.headers.authorization);
    if (token === undefined || !this.options.tokens.includes(token)) {
      const reply = this.fail(new FbError('20010', 'Authentication failed.'), 401);
      return { reply: { ...reply, headers: { 'www-authenticate': 'Basic realm="FreshBooks API"' } }, method, params };
    }
    if (parseError) return { reply: this.fail(parseError), method };
    return { method, params };
  }

  handle(call: ParsedCall, req: IncomingMessage): EmulatorReply {
    const { method: _method, ...params } = call.params as Params;
    const handler = HANDLERS[call.method];
    if (!handler) return this.fail(invalid('method', `Unknown method '${call.method}'.`));
    const v20 = (req.url ?? '').split('?')[0] === FRESHBOOKS_V20_PATH;
    try {
      const children = handler(params, this.context(v20));
      return this.xmlReply(200, okBody(children, !this.fmt.fidelity), 'OK');
    } catch (err) {
      if (err instanceof FbError) return this.fail(err);
      throw err;
    }
  }

  appError(call: ParsedCall, code: string, message?: string): EmulatorReply {
    return this.fail(new FbError(code, message ?? defaultMessage(code, call.method)), code === '20010' ? 401 : 200);
  }

  malformedBody(): { body: string; contentType: string } {
    const body = '<?xml version="1.0" encoding="utf-8"?>\n<response xmlns="http://www.freshbooks.com/api/" status="ok">\n  <payments page="1" per_page="25" pages="1" total="1">\n    <payment>\n      <payment_id>1</payme';
    return { body, contentType: XML_CONTENT_TYPE };
  }

  redact(params: Record<string, unknown>): Record<string, unknown> {
    return redact(params);
  }

  reset(): void {
    this.store = new Store();
    if (this.options.seed === 'demo') seedDemo(this.context());
    this.faults.clear();
    this.log.clear();
  }

  // ---- direct seeding and inspection (no HTTP) ----

  addClient(input: ClientInput): number {
    return buildClient(this.store, input, this.context().now).client_id;
  }

  addInvoice(input: InvoiceInput): number {
    return buildInvoice(this.store, input, this.context().now).invoice_id;
  }

  /** Same rules as payment.create; throws FbError when the API would fail. */
  addPayment(input: PaymentInput): number {
    const { id, ...rest } = input;
    const fields: Params = {};
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) fields[k] = String(v);
    return createPayment(this.context(), fields, { id });
  }

  getInvoice(id: number): InvoiceView | undefined {
    const inv = this.store.invoices.get(id);
    if (!inv) return undefined;
    return {
      invoice_id: inv.invoice_id,
      number: inv.number,
      client_id: inv.client_id,
      currency_code: inv.currency_code,
      amount: inv.amount,
      paid: formatShort(this.store.paidUnits(inv)),
      amount_outstanding: formatShort(this.store.outstandingUnits(inv)),
      status: this.store.status(inv),
      date: inv.date,
      updated: inv.updated,
    };
  }

  getPayment(id: number): Readonly<PaymentRecord> | undefined {
    const p = this.store.payments.get(id);
    return p ? { ...p } : undefined;
  }

  /** Currency → credit in shortest form; the client's own currency is always present. */
  getClientCredits(id: number): Record<string, string> {
    if (!this.store.clients.has(id)) return {};
    return Object.fromEntries([...this.store.credits(id)].map(([cur, units]) => [cur, formatShort(units)]));
  }
}
