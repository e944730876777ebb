import type { Clock } from '../shared/clock.js';

export interface IcountEmulatorOptions {
  /** Time source for sessions, charge dates and `api.ts`; default the system clock. */
  clock?: Clock;
  /** The one account `auth/login` and per-call credentials accept; default ICOUNT_DEMO_CREDENTIALS. */
  credentials?: { cid: string; user: string; pass: string };
  /** Bearer tokens accepted; default [ICOUNT_DEMO_TOKEN]. */
  apiTokens?: string[];
  /** Initial data; default 'demo'. */
  seed?: 'demo' | 'empty';
  /** `reason` for a bad sid, bad credentials or a bad token; default 'auth_required'. */
  authFailureReason?: string;
  /** `reason` for a scripted issuer decline; default 'cc_declined'. */
  declineReason?: string;
  /** Whether `is_test` charges appear in `cc/transactions`; default true. */
  logTestCharges?: boolean;
  /** HTTP status of `status: false` replies; default 200. */
  applicationErrorStatus?: 200 | 400;
  /** Add `success: true` to successful `cc/bill` replies; default true. */
  successFlag?: boolean;
  /**
   * The old generous replies: `client_id` in stored-card records (`iCountCCTokenInfo` has none)
   * and `currency_code` in `cc/j5_status` (`iCountJ5Status` has none). Default false: the
   * documented shapes (docs/upstreams/icount.md §12 I6, I7).
   */
  undocumentedFields?: boolean;
  /** Answer `cc/transactions` without any filter with every row (old behaviour); default false: `empty_query`. */
  allowEmptyTransactionsQuery?: boolean;
  /** The reply key of `currency/get_list` (undocumented, a guess); default `currencies_list`. */
  currencyListKey?: string;
  /** `cc_charge_date` as an Israel-time date-time (default) or a date only (`YYYY-MM-DD`, as one integrator's stub has it). */
  chargeDateFormat?: 'datetime' | 'date';
}

export const ICOUNT_DEMO_CREDENTIALS = { cid: 'paygraph-demo', user: 'api', pass: 'demo-pass' };
export const ICOUNT_DEMO_TOKEN = 'API3E8-DEMO0000-DEMO0000-0000000000000000';
/** Routes are `POST {ICOUNT_PATH}/{module}/{method}`. */
export const ICOUNT_PATH = '/api/v3.php';

/** sids die this long after their last use. */
export const SESSION_TTL_MS = 20 * 60 * 1000;

export interface IcountConfig {
  credentials: { cid: string; user: string; pass: string };
  apiTokens: readonly string[];
  seed: 'demo' | 'empty';
  authFailureReason: string;
  declineReason: string;
  logTestCharges: boolean;
  applicationErrorStatus: 200 | 400;
  successFlag: boolean;
  undocumentedFields: boolean;
  allowEmptyTransactionsQuery: boolean;
  currencyListKey: string;
  chargeDateFormat: 'datetime' | 'date';
}

export function resolveConfig(options: IcountEmulatorOptions): IcountConfig {
  return {
    credentials: options.credentials ?? ICOUNT_DEMO_CREDENTIALS,
    apiTokens: options.apiTokens ?? [ICOUNT_DEMO_TOKEN],
    seed: options.seed ?? 'demo',
    authFailureReason: options.authFailureReason ?? 'auth_required',
    declineReason: options.declineReason ?? 'cc_declined',
    logTestCharges: options.logTestCharges ?? true,
    applicationErrorStatus: options.applicationErrorStatus ?? 200,
    successFlag: options.successFlag ?? true,
    undocumentedFields: options.undocumentedFields ?? false,
    allowEmptyTransactionsQuery: options.allowEmptyTransactionsQuery ?? false,
    currencyListKey: options.currencyListKey ?? 'currencies_list',
    chargeDateFormat: options.chargeDateFormat ?? 'datetime',
  };
}
