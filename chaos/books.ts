/**
 * Reconciling the books after a chaos run: what the emulators actually did (their request logs:
 * every `cc/bill` and `payment.create` they processed, with the ledger marker the gateway put in
 * the description or notes), what the ledger says (its rows, read from the database directly),
 * and what each client was told. The refunds' side (cc/refund, the bookings, balances) is
 * refund-books.ts.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { LoggedRequest } from '../src/emulators/shared/request-log.js';
import { LEDGER_FILE } from '../src/ledger/index.js';
import { control, type Emulator } from './processes.js';
import { auditRefunds, REFUND_COUNTS, type Kill, type RefundCount, type RefundWindow } from './refund-books.js';
import { sameAnswer, type KeyState, type LedgerView } from './traffic.js';

export interface LedgerRow {
  id: string;
  idempotency_key: string;
  operation: string;
  state: string;
  step: string | null;
  invoice_lock: string | null;
  attempts: number;
  last_error: string | null;
  data: string;
  lease_until: number;
  version: number;
  created_at: number;
  updated_at: number;
}

export type LedgerSource = { kind: 'sqlite'; dataDir: string } | { kind: 'postgres'; url: string };

const ROW_COLUMNS = 'id, idempotency_key, operation, state, step, invoice_lock, attempts, last_error, data, lease_until, version, created_at, updated_at';
const UNSETTLED = new Set(['STARTED', 'SENDING', 'UNKNOWN', 'PENDING']);

/** Every ledger row, straight from the database (the gateway's schema, read-only). */
export async function readLedger(source: LedgerSource): Promise<LedgerRow[]> {
  if (source.kind === 'sqlite') {
    const db = new Database(path.join(source.dataDir, LEDGER_FILE), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(`SELECT ${ROW_COLUMNS} FROM ledger_entries`).all() as LedgerRow[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: source.url, connectionTimeoutMillis: 5_000, query_timeout: 10_000 });
  // The server may be killed mid-query (postgres-restart): the query rejects; without a listener the
  // client's 'error' event would end this process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const result = await client.query<LedgerRow>(`SELECT ${ROW_COLUMNS} FROM ledger_entries`);
    return result.rows.map((r) => ({ ...r, lease_until: Number(r.lease_until), created_at: Number(r.created_at), updated_at: Number(r.updated_at) }));
  } finally {
    await client.end();
  }
}

export const unsettledRows = (rows: LedgerRow[]) => rows.filter((r) => UNSETTLED.has(r.state));

const MARKER = /\[paygraph:([a-z2-7]{20})\]/;

/** The upstream writes that happened (outcome OK), by the ledger id in their marker ('' when unmarked). */
async function writesByMarker(emulator: Emulator, method: string, text: (params: Record<string, unknown>) => unknown): Promise<Map<string, LoggedRequest[]>> {
  const log = (await control(emulator, 'GET', 'requests')) as LoggedRequest[];
  const byId = new Map<string, LoggedRequest[]>();
  for (const entry of log) {
    if (entry.method !== method || entry.outcome !== 'OK') continue;
    const value = text(entry.params);
    const id = typeof value === 'string' ? (MARKER.exec(value)?.[1] ?? '') : '';
    byId.set(id, [...(byId.get(id) ?? []), entry]);
  }
  return byId;
}

export type Tally = Record<(typeof COUNTS)[number], number> & {
  /** One line per problem, with the ledger row involved. */
  problems: string[];
};

export const COUNTS = ['doubleCharges', 'doublePayments', 'lostPayments', ...REFUND_COUNTS, 'unsettledRows', 'stuckKeys', 'wrongAnswers', 'strayWrites'] as const;
type Count = (typeof COUNTS)[number] | RefundCount;

/**
 * Counts every way the books disagree with "each key moved money exactly once, and said so".
 * `views`: each key's `Query.ledgerEntry`, which must agree with the row and with the answer.
 */
export async function reconcile(
  icount: Emulator,
  freshbooks: Emulator,
  rows: LedgerRow[],
  keys: KeyState[],
  views: ReadonlyMap<string, LedgerView | null | string>,
  outstandingBefore: ReadonlyMap<number, bigint>,
  kills: readonly Kill[],
): Promise<{ tally: Tally; window: RefundWindow }> {
  const charges = await writesByMarker(icount, 'cc/bill', (p) => p.payment_description);
  const payments = await writesByMarker(freshbooks, 'payment.create', (p) => (p.payment as Record<string, unknown> | undefined)?.notes);
  const tally = { ...Object.fromEntries(COUNTS.map((c) => [c, 0])), problems: [] } as unknown as Tally;
  const rowByKey = new Map(rows.map((r) => [r.idempotency_key, r]));
  const rowIds = new Set(rows.map((r) => r.id));
  const problem = (count: Count, what: string, row?: LedgerRow) => {
    tally[count] += 1;
    tally.problems.push(`${count}: ${what}${row ? `\n    ledger row: ${describeRow(row)}` : ''}`);
  };

  for (const [id, list] of [...charges, ...payments]) {
    if (id === '' || !rowIds.has(id)) {
      for (const w of list) problem('strayWrites', `${w.method} #${w.seq} ${id ? `names ledger row ${id}, which does not exist` : 'carries no ledger marker'}: ${JSON.stringify(w.params)}`);
    }
  }
  for (const row of unsettledRows(rows)) problem('unsettledRows', `key ${row.idempotency_key} (${row.operation}) is ${row.state}`, row);

  for (const key of keys) {
    const row = rowByKey.get(key.key);
    const charged = row ? (charges.get(row.id) ?? []) : [];
    const paid = row ? (payments.get(row.id) ?? []) : [];
    const seen = `requests ${key.requests}, answers ${JSON.stringify(key.transient)}, last ${key.last}`;
    if (charged.length > 1) problem('doubleCharges', `key ${key.key}: ${charged.length} cc/bill (${charged.map((c) => `#${c.seq}`).join(', ')}); ${seen}`, row);
    if (paid.length > 1) problem('doublePayments', `key ${key.key}: ${paid.length} payment.create (${paid.map((p) => `#${p.seq}`).join(', ')}); ${seen}`, row);
    if (key.operation === 'payInvoice' && charged.length > 0 && paid.length === 0) problem('lostPayments', `key ${key.key}: charged (#${charged[0]!.seq}), never recorded in FreshBooks; ${seen}`, row);
    if (key.operation === 'payInvoice' && charged.length === 0 && paid.length > 0) problem('strayWrites', `key ${key.key}: a FreshBooks payment without a charge; ${seen}`, row);
    const view = views.get(key.key) ?? null;
    const viewState = view === null ? 'no entry' : typeof view === 'string' ? view : view.state;
    if (viewState !== (row?.state ?? 'no entry')) {
      problem('wrongAnswers', `key ${key.key}: ledgerEntry shows ${viewState}, the database ${row?.state ?? 'no row'}`, row);
    } else if (view && typeof view !== 'string' && key.final && (view.chargeId !== key.final.chargeId || (key.operation === 'payInvoice' && view.paymentId !== key.final.paymentId))) {
      problem('wrongAnswers', `key ${key.key}: ledgerEntry shows charge ${view.chargeId}, payment ${view.paymentId}; the key answered ${JSON.stringify(key.final)}`, row);
    }
    if (!key.final) {
      problem('stuckKeys', `key ${key.key} (${key.operation}) never answered a final result; ${seen}`, row);
      continue;
    }
    const movedMoney = key.final.kind !== 'rejected';
    const books = charged.length > 0;
    const complete = key.operation === 'chargeCard' || !movedMoney || paid.length > 0;
    // A refund key's books (cc/refund, the FreshBooks booking) are auditRefunds'.
    if (key.operation !== 'refundInvoicePayment' && (movedMoney !== books || !complete)) {
      problem('wrongAnswers', `key ${key.key} answered ${JSON.stringify(key.final)} but the books show ${charged.length} charge(s), ${paid.length} payment(s); ${seen}`, row);
    } else if (key.replay && !sameAnswer(key.final, key.replay)) {
      problem('wrongAnswers', `key ${key.key} answered ${JSON.stringify(key.final)}, then ${JSON.stringify(key.replay)} on replay`, row);
    }
  }
  const window = await auditRefunds(icount, freshbooks, rows, keys, outstandingBefore, kills, problem);
  return { tally, window };
}

function describeRow(row: LedgerRow): string {
  const { data, ...rest } = row;
  return JSON.stringify({ ...rest, data: JSON.parse(data) as unknown });
}
