import DataLoader from 'dataloader';
import { LosslessNumber } from 'lossless-json';
import type {
  CardAuthorizationRecord, CardDetailsRecord, CardProviderRecord, CardRecord, CardTypeRecord, ChargeRecord,
  CurrencyRecord, IcountClientRecord, InstallmentsRecord, MoneyRecord, Outcome, CardBrand,
} from '../../domain/records.js';
import { failure, success } from '../../domain/records.js';
import type { CardCheckRecord } from '../../domain/card-check.js';
import type {
  BillRequest, CardDetailsSource, CardLookup, CardSource, CardValidationRequest, IcountClientRef, StoredCardChanges, TransactionFilter,
} from '../../domain/requests.js';
import { detectBrand, formatValidity } from '../../lib/cards.js';
import { UpstreamError } from '../../errors.js';
import { wireWarning } from '../../domain/wire-warnings.js';
import { addDays, zonedDate } from '../../domain/zoned-time.js';
import { CachedReads } from '../../cache/cached-reads.js';
import { droppedBy, icountKeys } from './cache-keys.js';
import type { CurrencyCatalog } from './currencies.js';
import { WRITE_METHODS, type IcountMethod } from './methods.js';
import { readFailure, userErrorFromReply, type IcountFieldMap } from './errors.js';
import * as map from './mapping.js';
import type { IcountReply, IcountTransport } from './transport.js';
import {
  listOf, type WireBillReply, type WireCardType, type WireCurrency, type WireClientInfoReply, type WireClientListReply,
  type WireDetectReply, type WireJ5Reply, type WireJ5Status, type WireProviderReply, type WireStoreReply,
  type WireTokenInfo, type WireTokensReply, type WireTransactionsReply, type WireValidateReply, type WireRefundReply,
} from './wire.js';

/** What `cc/refund` answered. */
export interface RefundReply {
  confirmationCode: string | null;
  billLogId: number | null;
}

/** A hosted-page sale (`paypage/generate_sale`). */
export interface GenerateSaleRequest {
  paypageId: number;
  amount: MoneyRecord;
  description: string;
  /** iCount client identification fields for the sale (`client_name`, `custom_client_id`, …). */
  client?: Record<string, string>;
  maxPayments?: number | null;
  language?: string | null;
  successUrl: string;
  cancelUrl: string;
  ipnUrl: string;
}

export interface GeneratedSale {
  saleUrl: string;
  saleUniqid: string | null;
}

/** `charges` without any filter covers this many days up to today (Israel dates): iCount refuses an empty search. */
export const DEFAULT_CHARGES_WINDOW_DAYS = 90;

/** What paygraph allows when iCount's currency list cannot be read: iCount's own ids ([gotcha] tests). */
const KNOWN_CURRENCIES: readonly CurrencyRecord[] = [
  { code: 'ILS', name: 'Israeli new shekel', symbol: '₪', icountId: 5, decimals: 2, rateToIls: null },
  { code: 'USD', name: 'US dollar', symbol: '$', icountId: 2, decimals: 2, rateToIls: null },
  { code: 'EUR', name: 'Euro', symbol: '€', icountId: 1, decimals: 2, rateToIls: null },
  { code: 'GBP', name: 'Pound sterling', symbol: '£', icountId: 4, decimals: 2, rateToIls: null },
];

/**
 * A list in an undocumented reply: under `preferred` when it is there, else the first top-level
 * value (an array, or an object keyed by id) whose entries pass `looksRight`. `[]` when none does.
 */
function listByShape<T extends object>(reply: Record<string, unknown>, preferred: string, looksRight: (entry: T) => boolean): T[] {
  const entries = (value: unknown): T[] => {
    if (!value || typeof value !== 'object') return [];
    const list = (Array.isArray(value) ? value : Object.values(value)) as unknown[];
    return list.every((e) => e !== null && typeof e === 'object') ? (list as T[]) : [];
  };
  const first = entries(reply[preferred]);
  if (first.length > 0) return first;
  for (const [key, value] of Object.entries(reply)) {
    if (key === 'api' || key === preferred) continue;
    const list = entries(value);
    if (list.length > 0 && list.some(looksRight)) {
      wireWarning({ upstream: 'ICOUNT', kind: 'reply_key_by_shape', value: `${preferred}→${key}`, message: `iCount sent the list under ${key}, not ${preferred}` });
      return list;
    }
  }
  return [];
}

/**
 * A FreshBooks client, as far as finding its iCount twin needs. The e-mail may still be on its way
 * (a promise): it is awaited only when no iCount client is linked by id, so a list can look twins
 * up while it is still reading the FreshBooks clients.
 */
export interface TwinKey {
  freshbooksId: number;
  email: string | null | Promise<string | null>;
}

/**
 * The iCount datasource, created per GraphQL request. Its DataLoaders cache and de-duplicate
 * lookups for the lifetime of one request; behind them, stored cards, clients and card types are
 * read through the process's read cache (`reads`), and every write drops what it changed (`call`).
 * The transport (and the iCount session) is shared.
 */
export class IcountAPI {
  private readonly reads: CachedReads;

  constructor(
    private readonly transport: IcountTransport,
    private readonly currencyCatalog: CurrencyCatalog,
    /**
     * `signal`: the GraphQL request's deadline, passed to every call this request makes; `now` for
     * the default window; `reads`: the request's use of the read cache (default: reference data only).
     */
    private readonly options: { signal?: AbortSignal; now?: () => number; reads?: CachedReads } = {},
  ) {
    this.reads = options.reads ?? new CachedReads(currencyCatalog.cache);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  // iCount has no "get several tokens/clients" call, so these batch functions make parallel single
  // calls; DataLoader still guarantees one call per distinct id per request.
  readonly cardByToken = new DataLoader<number, CardRecord | null>((ids) => Promise.all(ids.map((id) => this.fetchToken(id))));
  readonly clientById = new DataLoader<number, IcountClientRecord | null>((ids) => Promise.all(ids.map((id) => this.fetchClient(id))));
  readonly cardsByClient = new DataLoader<number, CardRecord[]>((ids) => Promise.all(ids.map((id) => this.fetchClientCards(id))));

  /**
   * The iCount twin of a FreshBooks client: `custom_client_id` holds the FreshBooks client_id
   * (paygraph writes it there), falling back to the same e-mail. iCount's client/get_list filters
   * one custom_client_id at a time and has no "any of" filter, so the batch makes parallel filtered
   * calls per distinct client (a second one only when no client is linked by id); walking the
   * whole client list instead would cost more than it saves on a large account.
   */
  readonly twinOf = new DataLoader<TwinKey, IcountClientRecord | null, number>(
    (keys) => Promise.all(keys.map((key) => this.findTwin(key))),
    { cacheKeyFn: (key) => key.freshbooksId },
  );

  async bill(req: BillRequest): Promise<Outcome<ChargeRecord>> {
    const method = 'cc/bill';
    const reply = await this.call(method, {
      ...moneyParams(req.amount),
      ...cardParams(req.card),
      ...clientParams(req.client),
      ...installmentParams(req.installments),
      ...(req.description ? { payment_description: req.description } : {}),
      ...(req.test ? { is_test: true } : {}),
      ...(req.useAuthorization ? { use_j5_if_available: true } : {}),
    });
    if (!reply.status) return failure(userErrorFromReply(method, reply));
    const bill = reply as WireBillReply;
    if (!bill.confirmation_code) {
      // The charge may have gone through; only a person can reconcile it (cc/transactions by card and time).
      throw new UpstreamError('UPSTREAM_BAD_RESPONSE', 'ICOUNT', method, 'iCount reported success without a confirmation code; the charge must be reconciled before retrying');
    }
    return success(
      map.chargeFromBill(bill, {
        amount: req.amount.amount,
        currency: req.amount.currency,
        installments: req.installments,
        description: req.description,
        test: req.test,
        holderName: req.card.kind === 'details' ? req.card.holderName : null,
        card: req.card.kind === 'details' ? detailsOf(req.card) : null,
      }, bill.confirmation_code),
    );
  }

  /**
   * `cc/refund` of `sum` of the transaction `cc_bill_log_id` (undocumented; docs/upstreams/icount.md,
   * "Refunds"). `sum` is always sent: without it iCount refunds whatever is left. A refusal is a
   * userError on `fields.sum` (or the charge).
   */
  async refund(billLogId: number, amount: MoneyRecord, description: string, fields?: IcountFieldMap): Promise<Outcome<RefundReply>> {
    const method = 'cc/refund';
    const reply = await this.call(method, { cc_bill_log_id: billLogId, sum: new LosslessNumber(amount.amount), payment_description: description });
    if (!reply.status) return failure(userErrorFromReply(method, reply, fields));
    const refund = reply as WireRefundReply;
    return success({ confirmationCode: refund.confirmation_code || null, billLogId: map.toInt(refund.cc_bill_log_id) });
  }

  /**
   * `paypage/generate_sale`: one sale of `amount` on a hosted PayPage, where the payer types the
   * card (docs/checkout.md). Reply fields as documented ([oas] sample): `sale_url` (required),
   * `sale_uniqid`, `sale_sid`. A refusal is a userError; success without `sale_url` is
   * UPSTREAM_BAD_RESPONSE (no money moves by generating a sale).
   */
  async generateSale(req: GenerateSaleRequest): Promise<Outcome<GeneratedSale>> {
    const method = 'paypage/generate_sale';
    const reply = await this.call(method, {
      paypage_id: req.paypageId,
      ...moneyParams(req.amount),
      description: req.description,
      ...(req.client ?? {}),
      ...(req.maxPayments ? { max_payments: req.maxPayments } : {}),
      ...(req.language ? { page_lang: req.language } : {}),
      success_url: req.successUrl,
      cancel_url: req.cancelUrl,
      ipn_url: req.ipnUrl,
    });
    if (!reply.status) return failure(userErrorFromReply(method, reply));
    const sale = reply as IcountReply & { sale_url?: unknown; sale_uniqid?: unknown; sale_sid?: unknown };
    if (typeof sale.sale_url !== 'string' || !/^https?:\/\//.test(sale.sale_url)) {
      throw new UpstreamError('UPSTREAM_BAD_RESPONSE', 'ICOUNT', method, 'iCount generated a sale without a usable sale_url');
    }
    return success({
      saleUrl: sale.sale_url,
      saleUniqid: sale.sale_uniqid === undefined || sale.sale_uniqid === null ? null : String(sale.sale_uniqid),
    });
  }

  async authorize(card: CardDetailsSource, amount: MoneyRecord): Promise<Outcome<CardAuthorizationRecord>> {
    const method = 'cc/j5';
    const reply = await this.call(method, { ...moneyParams(amount), ...cardParams(card) });
    if (!reply.status) return failure(userErrorFromReply(method, reply));
    return success(map.authorizationFromJ5(reply as WireJ5Reply, amount.amount, amount.currency, { ...detailsOf(card), holderName: card.holderName }));
  }

  /**
   * `fields`: where the card's parameters sit in the caller's input, for a refusal's userError.
   * `knownCurrency`: the J5's currency as the gateway recorded it (iCountJ5Status has none, §12 I7),
   * or a look-up by the reply's confirmation code (the ledger's authorizeCard row); ILS otherwise.
   */
  async authorizationStatus(
    card: CardLookup,
    fields?: IcountFieldMap,
    knownCurrency: string | null | ((confirmationCode: string | null) => Promise<string | null>) = null,
  ): Promise<Outcome<CardAuthorizationRecord>> {
    const method = 'cc/j5_status';
    const params = card.kind === 'token' ? { cc_token_id: card.tokenId } : { cc_number: card.number };
    const reply = await this.call(method, params);
    if (!reply.status) return failure(userErrorFromReply(method, reply, fields));
    const shown: CardDetailsRecord | null =
      card.kind === 'number'
        ? { brand: detectBrand(card.number), last4: card.number.slice(-4), expiryMonth: null, expiryYear: null, holderName: null }
        : await this.cardByToken.load(card.tokenId);
    const status = reply as WireJ5Status;
    const currency = typeof knownCurrency === 'function' ? await knownCurrency(status.confirmation_code ? String(status.confirmation_code) : null) : knownCurrency;
    return success(map.authorizationFromStatus(status, shown ? stripToken(shown) : null, currency));
  }

  async verify(card: CardDetailsSource): Promise<Outcome<CardDetailsRecord>> {
    const method = 'cc/validate_card_cvv';
    const reply = await this.call(method, cardParams(card));
    if (!reply.status) return failure(userErrorFromReply(method, reply));
    const checked = reply as WireValidateReply;
    return success({ ...detailsOf(card), brand: checked.cc_type ? map.toBrand(checked.cc_type) : detectBrand(card.number), holderName: card.holderName });
  }

  async storeCard(card: CardDetailsSource, client: IcountClientRef | null, failIfExists: boolean): Promise<Outcome<CardRecord>> {
    const method = 'cc_storage/store';
    const reply = await this.call(method, {
      ...cardParams(card),
      ...clientParams(client),
      ...(failIfExists ? { die_if_exists: true } : {}),
    });
    if (!reply.status) return failure(userErrorFromReply(method, reply));
    const stored = reply as WireStoreReply;
    const tokenId = map.toInt(stored.cc_token_id);
    if (tokenId === null) throw new UpstreamError('UPSTREAM_BAD_RESPONSE', 'ICOUNT', method, 'iCount stored the card without returning a token id');
    return success({ ...detailsOf(card), holderName: card.holderName, tokenId, icountClientId: map.toInt(stored.client_id) });
  }

  async updateStoredCard(tokenId: number, changes: StoredCardChanges): Promise<Outcome<CardRecord>> {
    const method = 'cc_storage/update';
    const reply = await this.call(method, {
      cc_token_id: tokenId,
      ...(changes.validity ? { cc_validity: changes.validity } : {}),
      ...(changes.holderName !== undefined ? { cc_holder_name: changes.holderName } : {}),
      ...(changes.holderId !== undefined ? { cc_holder_id: changes.holderId } : {}),
    });
    if (!reply.status) return failure(userErrorFromReply(method, reply));
    this.cardByToken.clear(tokenId);
    const card = await this.cardByToken.load(tokenId);
    if (!card) throw new UpstreamError('UPSTREAM_BAD_RESPONSE', 'ICOUNT', method, 'The updated card could not be read back');
    return success(card);
  }

  async deleteStoredCard(tokenId: number): Promise<Outcome<number>> {
    const method = 'cc_storage/delete';
    const reply = await this.call(method, { cc_token_id: tokenId });
    if (!reply.status) return failure(userErrorFromReply(method, reply));
    this.cardByToken.clear(tokenId);
    return success(tokenId);
  }

  async transactions(filter: TransactionFilter): Promise<ChargeRecord[]> {
    const method = 'cc/transactions';
    const params: Record<string, unknown> = {
      ...(filter.icountClientId !== undefined ? { client_id: filter.icountClientId } : {}),
      ...(filter.dateFrom ? { start_date: filter.dateFrom } : {}),
      ...(filter.dateTo ? { end_date: filter.dateTo } : {}),
      ...(filter.last4 ? { cc_last4: filter.last4 } : {}),
      ...(filter.confirmationCode ? { confirmation_code: filter.confirmationCode } : {}),
    };
    // iCount answers a query without a filter it knows with `empty_query` (docs/upstreams/icount.md
    // §6.6, §12 I2): no filter at all means the default window, the last DEFAULT_CHARGES_WINDOW_DAYS
    // days up to today, in Israel dates.
    if (Object.keys(params).length === 0) {
      const today = zonedDate(this.now(), map.ICOUNT_ZONE);
      params.start_date = addDays(today, -(DEFAULT_CHARGES_WINDOW_DAYS - 1));
      params.end_date = today;
    }
    const reply = await this.call(method, params);
    if (!reply.status) {
      // iCount reports an empty search as a failure (docs/upstreams/icount.md §6.6).
      if (reply.reason === 'no_results_found') return [];
      throw readFailure(method, reply);
    }
    return listOf((reply as WireTransactionsReply).results_list).map(map.chargeFromTransaction);
  }

  /**
   * iCount's currencies. The reply key of `currency/get_list` is undocumented (§12 I1), so the list
   * is found by its shape. If no list can be read, charges in the four currencies iCount is known
   * to have (ILS, USD, EUR, GBP) are not blocked: a warning is logged and the next call tries again.
   */
  async currencies(): Promise<CurrencyRecord[]> {
    return this.currencyCatalog.list(this.reads, async () => {
      // Cached for the whole process and shared by concurrent requests: not cut by this one's deadline.
      const reply = await this.call('currency/get_list', { list_type: 'array', get_rates: true }, { shared: true });
      const currencies = reply.status
        ? listByShape<WireCurrency>(reply, 'currencies_list', (c) => 'currency_code' in c || 'currency_id' in c).flatMap((c) => map.currencyFromWire(c) ?? [])
        : [];
      if (currencies.length > 0) return { currencies, cacheable: true };
      wireWarning({
        upstream: 'ICOUNT', kind: 'currency_list_unreadable', value: reply.status ? Object.keys(reply).filter((k) => k !== 'api').join(',').slice(0, 120) : reply.reason,
        message: 'iCount currency/get_list could not be read; allowing ILS, USD, EUR and GBP only',
      });
      return { currencies: KNOWN_CURRENCIES.map((c) => ({ ...c })), cacheable: false };
    });
  }

  async cardTypes(): Promise<CardTypeRecord[]> {
    return this.reads.through('card_types', icountKeys.cardTypes(), async () => {
      // Kept for every request: not cut by this one's deadline.
      const reply = await this.read('cc/card_types', { list_type: 'array' }, { shared: true });
      return listByShape<WireCardType>(reply, 'card_types', (t) => 'card_type_id' in t || 'card_type_code' in t).flatMap((t) => map.cardTypeFromWire(t) ?? []);
    });
  }

  /**
   * Whether a stored card belongs to an iCount client. `iCountCCTokenInfo` has no `client_id`
   * (§12 I6), so the client's own list (`client/get_cc_tokens`) decides.
   */
  async clientHasToken(icountClientId: number, tokenId: number): Promise<boolean> {
    const cards = await this.cardsByClient.load(icountClientId);
    return cards.some((card) => card.tokenId === tokenId);
  }

  async provider(): Promise<CardProviderRecord> {
    const reply = await this.read('cc/provider', {});
    // Undocumented reply (§12 I10): `provider` (an object or a name), else the fields at the top level.
    return map.providerFromWire(reply.provider !== undefined ? (reply as WireProviderReply) : ({ provider: reply } as WireProviderReply));
  }

  async detectBrand(number: string): Promise<CardBrand> {
    const reply = await this.call('cc/detect_cc_type', { cc_number: number });
    return reply.status ? map.toBrand((reply as WireDetectReply).cc_type) : 'UNKNOWN';
  }

  async detectIssuer(number: string): Promise<string | null> {
    const reply = await this.call('cc/detect_cc_issuer', { cc_number: number });
    if (!reply.status) return null;
    // Undocumented reply key (§12 I10): `issuer`, else the first of the names integrators use.
    const r = reply as WireDetectReply & Record<string, unknown>;
    const issuer = [r.issuer, r.cc_issuer, r.issuer_name, r.card_issuer].find((v) => typeof v === 'string' && v.length > 0);
    return typeof issuer === 'string' ? issuer : null;
  }

  /**
   * Offline validation by iCount: number, validity, or both (one method for each case). A "no"
   * is a userError at the input field `fields` names for the parameter at fault.
   */
  async validate({ number, validity }: CardValidationRequest, fields: IcountFieldMap): Promise<Outcome<CardCheckRecord>> {
    const method: IcountMethod = number && validity ? 'cc/validate_card_info' : number ? 'cc/validate_cc_number' : 'cc/validate_cc_validity';
    const reply = await this.call(method, { ...(number ? { cc_number: number } : {}), ...(validity ? { cc_validity: validity } : {}) });
    if (!reply.status) return failure(userErrorFromReply(method, reply, fields));
    const v = reply as WireValidateReply;
    return success({
      valid: v.valid !== false && v.expired !== true,
      brand: number ? (v.cc_type ? map.toBrand(v.cc_type) : detectBrand(number)) : null,
      expiryMonth: map.toInt(v.exp_month),
      expiryYear: map.toInt(v.exp_year),
    });
  }

  /**
   * One iCount call, within this request's deadline unless `shared` (its result outlives the
   * request). The one place writes drop what they changed from the read cache, whatever their outcome.
   */
  private async call(method: IcountMethod, params: Record<string, unknown>, { shared = false } = {}): Promise<IcountReply> {
    try {
      return await this.transport.call(method, params, shared ? {} : { signal: this.options.signal });
    } finally {
      if (WRITE_METHODS.has(method)) this.reads.drop(...droppedBy(method, params));
    }
  }

  /** A read whose failure is never the caller's fault. */
  private async read(method: IcountMethod, params: Record<string, unknown>, options: { shared?: boolean } = {}): Promise<IcountReply> {
    const reply = await this.call(method, params, options);
    if (!reply.status) throw readFailure(method, reply);
    return reply;
  }

  private fetchToken(tokenId: number): Promise<CardRecord | null> {
    return this.reads.through('cards', icountKeys.card(tokenId), () => this.readToken(tokenId));
  }

  private async readToken(tokenId: number): Promise<CardRecord | null> {
    const reply = await this.call('cc_storage/token_info', { cc_token_id: tokenId });
    if (!reply.status) {
      if (reply.reason === 'bad_token') return null;
      throw readFailure('cc_storage/token_info', reply);
    }
    return map.cardFromTokenInfo(reply as WireTokenInfo);
  }

  private fetchClient(icountId: number): Promise<IcountClientRecord | null> {
    return this.reads.through('clients', icountKeys.client(icountId), () => this.readClient(icountId));
  }

  private async readClient(icountId: number): Promise<IcountClientRecord | null> {
    const reply = await this.call('client/info', { client_id: icountId });
    if (!reply.status) {
      if (reply.reason === 'client_not_found') return null;
      throw readFailure('client/info', reply);
    }
    const info = reply as WireClientInfoReply;
    return map.clientFromWire(info.client_info ?? info);
  }

  private findTwin(key: TwinKey): Promise<IcountClientRecord | null> {
    return this.reads.through('clients', icountKeys.twin(key.freshbooksId), () => this.readTwin(key));
  }

  private async readTwin(key: TwinKey): Promise<IcountClientRecord | null> {
    const [linked] = await this.listClients({ custom_client_id: String(key.freshbooksId) });
    if (linked) return linked;
    const email = await key.email;
    if (!email) return null;
    // Same e-mail, and not linked to another FreshBooks client.
    const byEmail = await this.listClients({ email });
    return byEmail.find((c) => c.externalId === null) ?? null;
  }

  private async listClients(filter: Record<string, string>): Promise<IcountClientRecord[]> {
    const reply = await this.read('client/get_list', { ...filter, list_type: 'array', detail_level: 1 });
    const clients = listOf((reply as WireClientListReply).clients).flatMap((c) => map.clientFromWire(c) ?? []);
    for (const client of clients) this.clientById.prime(client.icountId, client);
    return clients;
  }

  private async fetchClientCards(icountId: number): Promise<CardRecord[]> {
    const cards = await this.reads.through('cards', icountKeys.clientCards(icountId), () => this.readClientCards(icountId));
    for (const card of cards) this.cardByToken.prime(card.tokenId, card);
    return cards;
  }

  private async readClientCards(icountId: number): Promise<CardRecord[]> {
    const reply = await this.call('client/get_cc_tokens', { client_id: icountId });
    if (!reply.status) {
      if (reply.reason === 'client_not_found') return [];
      throw readFailure('client/get_cc_tokens', reply);
    }
    // The records carry no client_id (iCountCCTokenInfo has none): they are this client's.
    return listOf((reply as WireTokensReply).cc_tokens).flatMap((t) => {
      const card = map.cardFromTokenInfo(t as WireTokenInfo);
      return card ? [{ ...card, icountClientId: card.icountClientId ?? icountId }] : [];
    });
  }
}

function detailsOf(card: CardDetailsSource): CardDetailsRecord & { brand: CardBrand; last4: string; expiryMonth: number; expiryYear: number } {
  return {
    brand: detectBrand(card.number),
    last4: card.number.slice(-4),
    expiryMonth: card.expiry.month,
    expiryYear: card.expiry.year,
    holderName: card.holderName,
  };
}

function stripToken(card: CardDetailsRecord): CardDetailsRecord {
  return { brand: card.brand, last4: card.last4, expiryMonth: card.expiryMonth, expiryYear: card.expiryYear, holderName: card.holderName };
}

/** Amounts go on the wire as JSON number literals written from the decimal string: no float in between. */
function moneyParams(amount: MoneyRecord): Record<string, unknown> {
  return { sum: new LosslessNumber(amount.amount), currency_code: amount.currency };
}

function cardParams(card: CardSource): Record<string, unknown> {
  if (card.kind === 'token') return { cc_token_id: card.tokenId, ...(card.cvv ? { cc_cvv: card.cvv } : {}) };
  return {
    cc_number: card.number,
    cc_validity: formatValidity(card.expiry),
    ...(card.cvv ? { cc_cvv: card.cvv } : {}),
    ...(card.holderName ? { cc_holder_name: card.holderName } : {}),
    ...(card.holderId ? { cc_holder_id: card.holderId } : {}),
  };
}

function clientParams(ref: IcountClientRef | null): Record<string, unknown> {
  if (!ref) return {};
  if ('icountId' in ref) return { client_id: ref.icountId };
  const { name, email, externalId, vatId } = ref.identity;
  return {
    ...(name ? { client_name: name } : {}),
    ...(email ? { email } : {}),
    ...(externalId ? { custom_client_id: externalId } : {}),
    ...(vatId ? { vat_id: vatId } : {}),
  };
}

function installmentParams(plan: InstallmentsRecord): Record<string, unknown> {
  if (plan.count <= 1) return {};
  return {
    num_of_payments: plan.count,
    ...(plan.firstPayment ? { first_payment: new LosslessNumber(plan.firstPayment) } : {}),
    ...(plan.credit ? { is_credit: true } : {}),
  };
}
