import type { IncomingMessage } from 'node:http';
import { isValidCardNumber, parseExpiry } from './card-rules.js';
import { redact, scrubCardNumbers } from '../../lib/redact.js';
import { systemClock, type Clock, type ManualClock } from '../shared/clock.js';
import { FaultInjector } from '../shared/faults.js';
import { RequestLog } from '../shared/request-log.js';
import { startEmulatorServer, type EmulatorCore, type EmulatorReply, type ParsedCall, type RunningEmulator } from '../shared/server.js';
import { Authenticator, type TokenPair } from './auth.js';
import { describeCard, maskHolderId } from './cards.js';
import { apiBlock, failureReply, IcountError, JSON_CONTENT_TYPE, successReply, type ApiBlock } from './envelope.js';
import { HOLD } from './handlers/context.js';
import { ICOUNT_PATH, resolveConfig, type IcountConfig, type IcountEmulatorOptions } from './options.js';
import { BodyParseError, Params, parseForm, parseParams } from './params.js';
import { SALE_PATH_PREFIX, salesOf, type Sale } from './paypage.js';
import { PAYPAGE_PAGE_METHOD, servePage } from './paypage-page.js';
import { ROUTES } from './routes.js';
import { createState } from './seed.js';
import type { IcountState, TransactionRecord } from './state.js';

/**
 * The iCount v3 emulator: routing, authentication and the reply envelope. The methods live in
 * `handlers/`; what the emulator chooses where iCount is undocumented is listed in README.md.
 */
export class IcountEmulator implements EmulatorCore {
  readonly faults = new FaultInjector();
  readonly log = new RequestLog();
  readonly clock: Clock | ManualClock;
  private readonly config: IcountConfig;
  private readonly authenticator: Authenticator;
  private state: IcountState;
  /** `skip`: hosted pages charge but never call `ipn_url` (a lost callback). */
  paypageIpn: 'send' | 'skip' = 'send';
  /** Request ids keep increasing across resets. */
  private rid = 900_000_000;

  constructor(options: IcountEmulatorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.config = resolveConfig(options);
    this.authenticator = new Authenticator(this.config);
    this.state = createState(this.config.seed);
  }

  start(options: { port?: number; host?: string } = {}): Promise<RunningEmulator> {
    return startEmulatorServer(this, options);
  }

  parse(req: IncomingMessage, body: string): ParsedCall | { reply: EmulatorReply; method: string; params?: Record<string, unknown> } {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const path = url.pathname;
    if (path.startsWith(SALE_PATH_PREFIX)) {
      // The hosted payment page (a browser, not the API): handled in handle() under one method name.
      const form = req.method === 'POST' ? parseForm(body) : {};
      const fields = Object.fromEntries(Object.entries(form).filter(([, v]) => typeof v === 'string'));
      return { method: PAYPAGE_PAGE_METHOD, params: { ...fields, _sale: path.slice(SALE_PATH_PREFIX.length), _http: req.method ?? 'GET' } };
    }
    if (path !== ICOUNT_PATH && !path.startsWith(`${ICOUNT_PATH}/`)) {
      return { method: path, reply: { status: 404, contentType: 'text/plain; charset=utf-8', body: `Not Found: ${path}`, outcome: 'not_found' } };
    }
    const method = path.slice(ICOUNT_PATH.length + 1).replace(/\/+$/, '');
    if (req.method !== 'POST') {
      const reply = this.fail(method, new IcountError('method_not_allowed', 'Only POST is supported'), 405);
      return { method, reply: { ...reply, headers: { allow: 'POST' } } };
    }
    try {
      return { method, params: parseParams(body, req.headers['content-type'], url.search) };
    } catch (err) {
      if (!(err instanceof BodyParseError)) throw err;
      return { method, reply: this.fail(method, new IcountError('bad_request_body', err.message)) };
    }
  }

  handle(call: ParsedCall, req: IncomingMessage): EmulatorReply | Promise<EmulatorReply> {
    const now = this.clock.now();
    if (call.method === PAYPAGE_PAGE_METHOD) {
      const { _sale, _http, ...fields } = call.params as Record<string, string>;
      return servePage({ state: this.state, config: this.config, authenticator: this.authenticator, now, path: _sale ?? '', httpMethod: _http ?? 'GET', fields, ipn: this.paypageIpn });
    }
    const api = this.api(call.method);
    try {
      const route = Object.hasOwn(ROUTES, call.method) ? ROUTES[call.method] : undefined;
      if (!route) throw new IcountError('bad_method', `Method '${call.method}' does not exist`);
      const p = new Params(call.params);
      const authorization = req.headers.authorization;
      const auth = route.public ? undefined : this.authenticator.authenticate(p, authorization, now);
      const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
      const result = route.handler({ p, state: this.state, config: this.config, now, auth, authenticator: this.authenticator, authorization, origin });
      if (result === HOLD) return holdUntilClosed(req);
      return successReply(api, result);
    } catch (err) {
      if (err instanceof IcountError) return failureReply(api, err, this.config.applicationErrorStatus);
      throw err;
    }
  }

  appError(call: ParsedCall, code: string, message?: string): EmulatorReply {
    return this.fail(call.method, new IcountError(code, message));
  }

  /** A JSON reply cut off mid-document. */
  malformedBody(): { body: string; contentType: string } {
    const full = JSON.stringify({ api: this.api('cc/bill'), status: true, reason: 'OK', confirmation_code: '0000000' });
    return { body: full.slice(0, Math.floor(full.length * 0.6)), contentType: JSON_CONTENT_TYPE };
  }

  /** Card numbers masked to the last 4, CVV/holder id/secrets removed, and any stray 13–19-digit run scrubbed. */
  redact(params: Record<string, unknown>): Record<string, unknown> {
    return scrubDeep(redact(params)) as Record<string, unknown>;
  }

  /** Back to the seed; clears faults, the request log and all sessions. */
  reset(): void {
    this.state = createState(this.config.seed);
    this.faults.clear();
    this.log.clear();
    this.authenticator.clear();
  }

  // ---- direct access for tests (no HTTP) ----

  addClient(input: { client_name: string; email?: string; custom_client_id?: string; vat_id?: string }): number {
    return this.state.addClient(input).client_id;
  }

  /** Stores a card without the HTTP checks on expiry (handy for expired-token tests); the number must be valid. */
  storeCard(input: { client_id: number; cc_number: string; cc_validity: string; cc_holder_name?: string; cc_holder_id?: string }): number {
    if (!this.state.clients.has(input.client_id)) throw new Error(`storeCard: no client ${input.client_id}`);
    if (!isValidCardNumber(input.cc_number)) throw new Error('storeCard: invalid card number');
    const expiry = parseExpiry(input.cc_validity);
    if (!expiry) throw new Error(`storeCard: bad validity ${input.cc_validity}`);
    const holder = { name: input.cc_holder_name, idMasked: input.cc_holder_id && maskHolderId(input.cc_holder_id) };
    return this.state.addToken(input.client_id, describeCard(input.cc_number, expiry), holder, this.clock.now()).cc_token_id;
  }

  /** The charge log (what cc/transactions searches, plus test charges when logged). No PAN inside. */
  transactions(): readonly TransactionRecord[] {
    return this.state.transactions;
  }

  /** Sales generated by `paypage/generate_sale` (hosted pages), oldest first, with their IPN calls. */
  sales(): readonly Sale[] {
    return [...salesOf(this.state).values()];
  }

  /** An API token as `token/create` makes it (`lifetime` seconds on the emulator clock, 0 permanent), with its refresh token. */
  createToken(lifetime?: number, noRefresh = false): TokenPair {
    return this.authenticator.createToken(this.clock.now(), lifetime, noRefresh);
  }

  /** Forgets a sid, as if the server had expired it. */
  endSession(sid: string): void {
    this.authenticator.end(sid);
  }

  private api(method: string): ApiBlock {
    this.rid += 1;
    return apiBlock(method, this.clock.now(), this.rid);
  }

  private fail(method: string, error: IcountError, status: number = this.config.applicationErrorStatus): EmulatorReply {
    return failureReply(this.api(method), error, status);
  }
}

/**
 * A provider that never answers: the request stays open until the client gives up or the server
 * closes (both destroy the socket). The reply built then is never delivered; it only names the
 * outcome in the request log.
 */
function holdUntilClosed(req: IncomingMessage): Promise<EmulatorReply> {
  return new Promise((resolve) => {
    const done = () => resolve({ status: 504, contentType: 'text/plain', body: '', outcome: 'provider_timeout' });
    if (req.socket.destroyed) done();
    else req.socket.once('close', done);
  });
}

function scrubDeep(value: unknown): unknown {
  if (typeof value === 'string') return scrubCardNumbers(value);
  if (Array.isArray(value)) return value.map(scrubDeep);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v)]));
  return value;
}
