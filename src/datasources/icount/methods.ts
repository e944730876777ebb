/** iCount methods paygraph calls, as `{module}/{method}`. */
export type IcountMethod =
  | 'auth/login'
  | 'cc/bill'
  | 'cc/j5'
  | 'cc/j5_status'
  | 'cc/transactions'
  | 'cc/refund'
  | 'cc/card_types'
  | 'cc/provider'
  | 'cc/detect_cc_type'
  | 'cc/detect_cc_issuer'
  | 'cc/validate_card_info'
  | 'cc/validate_cc_number'
  | 'cc/validate_cc_validity'
  | 'cc/validate_card_cvv'
  | 'cc_storage/store'
  | 'cc_storage/update'
  | 'cc_storage/delete'
  | 'cc_storage/token_info'
  | 'client/info'
  | 'client/get_list'
  | 'client/get_cc_tokens'
  | 'currency/get_list'
  | 'paypage/generate_sale'
  | 'token/refresh';

/**
 * Calls that change something or move money. iCount has no idempotency, so a retry after a
 * timeout or a dropped connection could charge or store twice: these are never retried.
 */
export const WRITE_METHODS: ReadonlySet<IcountMethod> = new Set<IcountMethod>([
  'cc/bill',
  'cc/refund',
  'cc/j5',
  'cc/validate_card_cvv',
  'cc_storage/store',
  'cc_storage/update',
  'cc_storage/delete',
  'paypage/generate_sale',
  // A new token pair replaces the old one: never sent twice by a retry.
  'token/refresh',
]);
