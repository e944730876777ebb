/**
 * iCount wire shapes, as paygraph reads them. Replies are parsed with every JSON number kept as
 * its literal string (lossless-json), so amounts and ids are strings here; mapping.ts converts.
 * Field names follow docs/upstreams/icount.md (§6–§9); fields iCount does not document are optional.
 */
export type WireNumber = string;

export interface IcountEnvelope {
  status: boolean;
  reason: string;
  error_description?: string;
  error_details?: unknown[];
  api?: Record<string, unknown>;
}

export interface WireBillReply {
  confirmation_code?: string;
  sum?: WireNumber;
  currency_id?: WireNumber;
  currency_code?: string;
  num_of_payments?: WireNumber;
  cc_type?: string;
  cc_last4?: string;
  exp_month?: WireNumber;
  exp_year?: WireNumber;
  client_id?: WireNumber;
  cc_token_id?: WireNumber;
  /** Not in the reference; integrators read it from replies (emulator choice 20). */
  cc_bill_log_id?: WireNumber | string;
}

/** `cc/refund` (undocumented: docs/upstreams/icount.md, "Refunds"). */
export interface WireRefundReply {
  confirmation_code?: string;
  cc_bill_log_id?: WireNumber | string;
  refund_type?: string;
  refund_amount?: WireNumber;
  remaining_amount?: WireNumber;
}

export interface WireTransaction {
  cc_bill_log_id?: string;
  cc_cardnumber?: string;
  cc_cardtype?: string;
  cc_charge_date?: string;
  cc_holder_name?: string;
  cc_month?: string;
  cc_year?: string;
  cc_numofpayments?: string;
  cc_paymenttype?: string;
  ccfirstpayment?: string;
  cctotal?: string;
  client_id?: string;
  client_name?: string;
  client_email?: string;
  custom_client_id?: string;
  confirmation_code?: string;
  currency_code?: string;
  currency_id?: WireNumber;
  is_test?: string;
  is_credit?: string;
  payment_description?: string;
  /** Refunded so far: `'0'` when nothing (an amount, as paygraph reads it: a guess, see docs/upstreams/icount.md). */
  refunded?: string;
  is_chargeback?: string;
}

export interface WireTransactionsReply {
  results_count?: WireNumber;
  results_list?: WireTransaction[] | Record<string, WireTransaction>;
}

export interface WireTokenInfo {
  token_id?: WireNumber;
  cc_token_id?: WireNumber;
  cc_type?: string;
  cc_last4?: string;
  cc_holder_name?: string;
  cc_validity?: string;
  cc_exp_year?: WireNumber;
  cc_exp_month?: WireNumber;
  client_id?: WireNumber;
}

export interface WireStoreReply {
  cc_token_id?: WireNumber;
  client_id?: WireNumber;
}

export interface WireClient {
  client_id?: WireNumber;
  client_name?: string;
  email?: string;
  custom_client_id?: string;
  vat_id?: string | WireNumber;
}

export interface WireClientInfoReply extends WireClient {
  client_info?: WireClient;
  cc_tokens?: WireTokenInfo[];
}

export interface WireClientListReply {
  clients_count?: WireNumber;
  clients?: WireClient[] | Record<string, WireClient>;
}

export interface WireTokensReply {
  cc_tokens?: WireTokenInfo[] | Record<string, WireTokenInfo>;
}

export interface WireCurrency {
  currency_id?: WireNumber;
  currency_code?: string;
  currency_name?: string;
  currency_sign?: string;
  rate?: WireNumber;
}

export interface WireCurrencyListReply {
  currencies_list?: WireCurrency[] | Record<string, WireCurrency>;
}

export interface WireCardType {
  card_type_id?: WireNumber;
  card_type_code?: string;
  card_type_name?: string;
  card_type_title?: string;
}

export interface WireCardTypesReply {
  card_types?: WireCardType[] | Record<string, WireCardType>;
}

export interface WireJ5Reply {
  confirmation_code?: string;
  cc_last4?: string;
  cc_type?: string;
  transaction_id?: string | WireNumber;
  sum?: WireNumber;
  currency_code?: string;
}

export interface WireJ5Status {
  j5_available?: boolean | string;
  total_amount?: WireNumber;
  used_amount?: WireNumber;
  remaining_amount?: WireNumber;
  confirmation_code?: string;
  /** Not in `iCountJ5Status`: read when a real account sends it. */
  currency_code?: string;
  currency_id?: WireNumber;
}

export interface WireProviderReply {
  provider?: { name?: string; terminal?: string; supports_j5?: boolean; supports_tokens?: boolean } | string;
}

export interface WireDetectReply {
  cc_type?: string;
  card_type_id?: WireNumber;
  issuer?: string;
}

export interface WireValidateReply {
  valid?: boolean;
  cc_type?: string;
  exp_month?: WireNumber;
  exp_year?: WireNumber;
  expired?: boolean;
}

/** A list iCount may send as an array or as an object keyed by id (`list_type`). */
export function listOf<T>(value: T[] | Record<string, T> | undefined | null): T[] {
  if (!value) return [];
  return Array.isArray(value) ? value : Object.values(value);
}
