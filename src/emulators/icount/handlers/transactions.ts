import { currencyById } from '../currencies.js';
import { IcountError, type HandlerData } from '../envelope.js';
import type { TransactionRecord } from '../state.js';
import { formatIsraelDate, formatIsraelDateTime, parseDate, type HandlerContext } from './context.js';
import type { IcountConfig } from '../options.js';

/** Israeli clearing credit type: 1 regular, 8 installments, 6 credit (docs/upstreams/icount.md §10.2). */
function paymentType(tx: TransactionRecord): string {
  if (tx.num_of_payments <= 1) return '1';
  return tx.is_credit ? '6' : '8';
}

/** One `results_list` entry: the field names of docs/upstreams/icount.md §6.6, string values (`currency_id` is an integer). */
export function transactionView(tx: TransactionRecord, config?: Pick<IcountConfig, 'chargeDateFormat'>): Record<string, unknown> {
  const currency = currencyById(tx.currency_id)!;
  return {
    cc_bill_log_id: String(tx.cc_bill_log_id),
    cc_cardnumber: tx.last4,
    cc_cardtype: tx.brand,
    // Israel time (docs/upstreams/icount.md §12 I5); a date only with chargeDateFormat: 'date'.
    cc_charge_date: config?.chargeDateFormat === 'date' ? formatIsraelDate(tx.charged_at) : formatIsraelDateTime(tx.charged_at),
    cc_holder_name: tx.holder_name,
    cc_month: String(tx.exp_month).padStart(2, '0'),
    cc_year: String(tx.exp_year),
    cc_numofpayments: String(tx.num_of_payments),
    cc_paymenttype: paymentType(tx),
    cc_provider: 'emulator',
    ccfirstpayment: tx.first_payment,
    cctotal: tx.sum,
    client_email: tx.client_email,
    client_id: tx.client_id === null ? '' : String(tx.client_id),
    client_idno: tx.client_vat_id,
    client_name: tx.client_name,
    confirmation_code: tx.confirmation_code,
    currency_code: currency.currency_code,
    currency_id: currency.currency_id,
    currency_sign: currency.currency_sign,
    custom_client_id: tx.custom_client_id,
    deal_id: String(tx.deal_id),
    docnumber: '',
    doctype: '',
    is_3ds: '0',
    is_chargeback: tx.is_chargeback ? '1' : '0',
    refunded: tx.refunded ?? '0',
    rate: String(currency.rate),
    // Emulator additions (not in the reference; guesses, README choice 23). The gateway's ledger
    // look-ups read payment_description, and cope when a real account does not send it:
    is_test: tx.is_test ? '1' : '0',
    payment_description: tx.payment_description,
    cc_token_id: tx.cc_token_id === null ? '' : String(tx.cc_token_id),
  };
}

/** The documented `cc/transactions` filters ([oas]): the client group, the dates, last 4, confirmation code. */
const TRANSACTION_FILTERS = ['client_id', 'custom_client_id', 'vat_id', 'email', 'client_name', 'start_date', 'end_date', 'cc_last4', 'confirmation_code'] as const;

function dateFilter(ctx: HandlerContext, key: 'start_date' | 'end_date'): string | undefined {
  const value = ctx.p.str(key);
  if (value === undefined) return undefined;
  if (parseDate(value) === undefined) throw new IcountError(`bad_${key}`, `${key} must be YYYY-MM-DD`);
  return value;
}

/**
 * `cc/transactions`: filters combine with AND. The client group names one client (as `client/info`
 * finds it); a client that does not exist simply has no transactions. Dates are inclusive and compare
 * the charge's Israel-time date. Oldest first. No hits → `no_results_found`. A query without any
 * documented filter → `empty_query`, as iCount answered a query whose only filter it did not know
 * (docs/upstreams/icount.md §12 I2), unless `allowEmptyTransactionsQuery`.
 */
export function transactions(ctx: HandlerContext): HandlerData {
  const { p, state, config } = ctx;
  if (!config.allowEmptyTransactionsQuery && !TRANSACTION_FILTERS.some((key) => p.str(key) !== undefined && p.str(key) !== '')) {
    throw new IcountError('empty_query', 'The search has no filter');
  }
  const start = dateFilter(ctx, 'start_date');
  const end = dateFilter(ctx, 'end_date');
  const match = state.matchClient(p, true);
  const last4 = p.str('cc_last4')?.padStart(4, '0');
  const code = p.str('confirmation_code');
  const hits = state.transactions.filter((tx) => {
    if (match.kind === 'not-found') return false;
    if (match.kind === 'found' && tx.client_id !== match.client.client_id) return false;
    const day = formatIsraelDate(tx.charged_at);
    if (start !== undefined && day < start) return false;
    if (end !== undefined && day > end) return false;
    if (last4 !== undefined && tx.last4 !== last4) return false;
    if (code !== undefined && tx.confirmation_code !== code) return false;
    return true;
  });
  if (hits.length === 0) throw new IcountError('no_results_found', 'No transactions match the search');
  const ordered = [...hits].sort((a, b) => a.charged_at - b.charged_at || a.cc_bill_log_id - b.cc_bill_log_id);
  return { results_count: ordered.length, results_list: ordered.map((tx) => transactionView(tx, config)) };
}
