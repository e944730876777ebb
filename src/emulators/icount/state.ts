import { createHash } from 'node:crypto';
import type { CardBrandCode, Expiry } from './card-rules.js';
import type { CheckedCard, ScriptedOutcome } from './cards.js';
import { IcountError } from './envelope.js';
import { compareAmounts, isPositive, subtractAmounts } from './money.js';
import type { Params } from './params.js';

/** Client text fields the emulator stores (create/update take these names). */
export const CLIENT_FIELDS = [
  'client_name', 'custom_client_id', 'vat_id', 'email', 'first_name', 'last_name', 'company_name',
  'phone', 'mobile', 'fax', 'notes', 'website',
  'bus_country', 'bus_state', 'bus_city', 'bus_zip', 'bus_street', 'bus_no',
  'home_country', 'home_state', 'home_city', 'home_zip', 'home_street', 'home_no',
  'bank', 'branch', 'account', 'faccount', 'iban', 'swift_code', 'payment_terms',
] as const;
export type ClientField = (typeof CLIENT_FIELDS)[number];
export type ClientRecord = { client_id: number } & Record<ClientField, string>;

export interface TokenRecord {
  cc_token_id: number;
  /** String token, distinct from the id (docs/upstreams/icount.md §7.4). */
  token: string;
  client_id: number;
  panHash: string;
  last4: string;
  brand: CardBrandCode;
  expiry: Expiry;
  holder_name: string;
  /** Only the last 4 digits are kept. */
  holder_id_masked: string;
  /** Scripted outcome of the number the token was stored from. */
  outcome: ScriptedOutcome;
  created_at: number;
}

export interface TransactionRecord {
  cc_bill_log_id: number;
  deal_id: number;
  /** Empty when the (scripted) provider approved without one. */
  confirmation_code: string;
  charged_at: number;
  is_test: boolean;
  /** Decimal strings, exactly as sent. */
  sum: string;
  first_payment: string;
  num_of_payments: number;
  is_credit: boolean;
  currency_id: number;
  brand: CardBrandCode;
  last4: string;
  exp_month: number;
  exp_year: number;
  holder_name: string;
  client_id: number | null;
  client_name: string;
  client_email: string;
  custom_client_id: string;
  client_vat_id: string;
  cc_token_id: number | null;
  payment_description: string;
  /** The J5 pre-approval this charge captured against, if any. */
  j5_transaction_id: number | null;
  /** Refunded so far (`cc/refund`), a decimal string; absent = nothing. */
  refunded?: string;
  /** Marked as a chargeback by the issuer (tests set it; nothing in the API does). */
  is_chargeback?: boolean;
  /** The `cc/refund` calls that refunded part of it, oldest first. */
  refunds?: RefundRecord[];
}

/** One `cc/refund` of a transaction (handlers/refund.ts). */
export interface RefundRecord {
  cc_bill_log_id: number;
  confirmation_code: string;
  sum: string;
  refunded_at: number;
  payment_description: string;
}

export interface J5Record {
  transaction_id: number;
  uid: string;
  panHash: string;
  last4: string;
  brand: CardBrandCode;
  total: string;
  used: string;
  currency_id: number;
  confirmation_code: string;
  created_at: number;
  is_test: boolean;
}

export type ClientMatch = { kind: 'found'; client: ClientRecord } | { kind: 'not-found' } | { kind: 'none-given' };

export type ClientPlan = { client: ClientRecord } | { create: Partial<Record<ClientField, string>> };

const MATCH_KEYS = ['custom_client_id', 'vat_id', 'email'] as const;

/** Everything the emulator remembers. `reset()` replaces it with a freshly seeded one. */
export class IcountState {
  readonly clients = new Map<number, ClientRecord>();
  readonly tokens = new Map<number, TokenRecord>();
  readonly transactions: TransactionRecord[] = [];
  readonly j5s: J5Record[] = [];
  private nextClientId = 1001;
  private nextTokenId = 57;
  private nextTransactionId = 5001;
  private nextJ5Id = 7001;
  private confirmationSeq = 0;

  addClient(fields: Partial<Record<ClientField, string>>, id?: number): ClientRecord {
    const client_id = id ?? this.nextClientId;
    this.nextClientId = Math.max(this.nextClientId, client_id + 1);
    const record = { client_id } as ClientRecord;
    for (const f of CLIENT_FIELDS) record[f] = fields[f] ?? '';
    this.clients.set(client_id, record);
    return record;
  }

  /** client_id (no fallback), then custom_client_id, vat_id, email (case-insensitive) and, with byName, client_name. */
  matchClient(p: Params, byName: boolean): ClientMatch {
    if (p.has('client_id')) {
      const client = this.clients.get(p.int('client_id') ?? NaN);
      return client ? { kind: 'found', client } : { kind: 'not-found' };
    }
    const keys: readonly ClientField[] = byName ? [...MATCH_KEYS, 'client_name'] : MATCH_KEYS;
    let given = false;
    for (const key of keys) {
      const value = p.str(key);
      if (value === undefined) continue;
      given = true;
      const wanted = key === 'email' ? value.toLowerCase() : value;
      for (const client of this.sortedClients()) {
        const have = key === 'email' ? client.email.toLowerCase() : client[key];
        if (have !== '' && have === wanted) return { kind: 'found', client };
      }
    }
    return given ? { kind: 'not-found' } : { kind: 'none-given' };
  }

  /** The client a lookup method names; anything else → `client_not_found`. */
  requireClient(p: Params): ClientRecord {
    const match = this.matchClient(p, true);
    if (match.kind !== 'found') throw new IcountError('client_not_found', 'Client not found');
    return match.client;
  }

  /**
   * The client a charge or a stored card belongs to, decided without side effects: an existing match,
   * else `{ create }` when a `client_name` or `email` is given; an unknown `client_id` (or identifiers
   * matching nobody with nothing to create from) → `client_not_found`. Undefined when nothing
   * identifies a client. `commitClient` creates the planned client.
   */
  planClient(p: Params): ClientPlan | undefined {
    const match = this.matchClient(p, false);
    if (match.kind === 'found') return { client: match.client };
    if (p.has('client_id')) throw new IcountError('client_not_found', 'Client not found');
    const name = p.str('client_name') ?? p.str('email');
    if (name !== undefined) {
      return { create: { client_name: name, email: p.str('email'), custom_client_id: p.str('custom_client_id'), vat_id: p.str('vat_id') } };
    }
    if (match.kind === 'not-found') throw new IcountError('client_not_found', 'Client not found');
    return undefined;
  }

  commitClient(plan: ClientPlan): ClientRecord {
    return 'client' in plan ? plan.client : this.addClient(plan.create);
  }

  sortedClients(): ClientRecord[] {
    return [...this.clients.values()].sort((a, b) => a.client_id - b.client_id);
  }

  addToken(clientId: number, card: CheckedCard, holder: { name?: string; idMasked?: string }, now: number): TokenRecord {
    const id = this.nextTokenId++;
    const record: TokenRecord = {
      cc_token_id: id,
      token: createHash('sha256').update(`token:${id}:${card.panHash}`).digest('hex').slice(0, 32),
      client_id: clientId,
      panHash: card.panHash,
      last4: card.last4,
      brand: card.brand,
      expiry: card.expiry,
      holder_name: holder.name ?? '',
      holder_id_masked: holder.idMasked ?? '',
      outcome: card.outcome,
      created_at: now,
    };
    this.tokens.set(id, record);
    return record;
  }

  /** `cc_token_id` or its alias `token`: undefined when neither is given, `bad_token` when unknown. */
  tokenFromParams(p: Params): TokenRecord | undefined {
    const key = p.has('cc_token_id') ? 'cc_token_id' : p.has('token') ? 'token' : undefined;
    if (!key) return undefined;
    const token = this.tokens.get(p.int(key) ?? NaN);
    if (!token) throw new IcountError('bad_token', 'Credit card token not found');
    return token;
  }

  tokensOf(clientId: number): TokenRecord[] {
    return [...this.tokens.values()].filter((t) => t.client_id === clientId).sort((a, b) => a.cc_token_id - b.cc_token_id);
  }

  /** Unique digits-only 7-character codes in a fixed, shuffled-looking order. */
  nextConfirmationCode(): string {
    this.confirmationSeq += 1;
    return String((1000003 + this.confirmationSeq * 7919) % 10_000_000).padStart(7, '0');
  }

  addTransaction(tx: Omit<TransactionRecord, 'cc_bill_log_id' | 'deal_id'>): TransactionRecord {
    const id = this.nextTransactionId++;
    const record: TransactionRecord = { cc_bill_log_id: id, deal_id: 880000 + id, ...tx };
    this.transactions.push(record);
    return record;
  }

  /** A new transaction id (refunds are numbered from the same sequence as charges). */
  nextBillLogId(): number {
    return this.nextTransactionId++;
  }

  addJ5(j5: Omit<J5Record, 'transaction_id' | 'uid'>): J5Record {
    const id = this.nextJ5Id++;
    const record: J5Record = { transaction_id: id, uid: createHash('sha256').update(`j5:${id}`).digest('hex').slice(0, 16), ...j5 };
    this.j5s.push(record);
    return record;
  }

  /** The newest J5 for this card whose remaining amount covers `sum` (or is > 0), optionally in this currency. */
  openJ5(panHash: string, sum?: string, currencyId?: number): J5Record | undefined {
    return [...this.j5s].reverse().find((j) => {
      if (j.panHash !== panHash || (currencyId !== undefined && j.currency_id !== currencyId)) return false;
      const remaining = subtractAmounts(j.total, j.used);
      return sum === undefined ? isPositive(remaining) : compareAmounts(remaining, sum) >= 0;
    });
  }

  latestJ5(panHash: string): J5Record | undefined {
    return [...this.j5s].reverse().find((j) => j.panHash === panHash);
  }
}
