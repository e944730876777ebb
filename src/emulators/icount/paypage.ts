import { randomBytes } from 'node:crypto';
import type { Currency } from './currencies.js';
import type { IcountState } from './state.js';

/**
 * The emulator's hosted payment pages (PayPages): the sales `paypage/generate_sale` creates, kept
 * beside the rest of the account's state (a reset forgets them with it). The HTML page a payer
 * sees at `sale_url` is `paypage-page.ts`. What iCount leaves undocumented is listed in README.md
 * (choices 45–51, marked guess).
 */

/** The demo account's PayPages (ids from `paypage/get_list`): both accept dynamic sales. */
export const DEMO_PAYPAGES: readonly { paypage_id: number; page_name: string }[] = [
  { paypage_id: 1, page_name: 'paygraph demo checkout' },
  { paypage_id: 2, page_name: 'paygraph demo donations' },
];

/** A sale can be paid for this long after it was generated (guess: iCount documents no lifetime). */
export const SALE_LIFETIME_MS = 60 * 60 * 1000;

/** Where a sale's pages are served: `GET|POST /m/gen/<token>`, `POST /m/gen/<token>/cancel` (the real path shape, [oas] sample). */
export const SALE_PATH_PREFIX = '/m/gen/';

export interface SaleIpnCall {
  url: string;
  at: number;
  /** HTTP status of the merchant's answer; 0 when it could not be reached. */
  status: number;
  error?: string;
}

export interface Sale {
  paypage_id: number;
  sale_uniqid: string;
  sale_sid: string;
  /** The opaque part of `sale_url`. */
  token: string;
  sum: string;
  currency: Currency;
  description: string;
  /** Client identification sent with the sale (passed on to the charge). */
  client: Record<string, string>;
  max_payments: number;
  page_lang: string;
  success_url: string | null;
  failure_url: string | null;
  cancel_url: string | null;
  ipn_url: string | null;
  created_at: number;
  expires_at: number;
  status: 'open' | 'paid' | 'cancelled';
  /** Set once paid. */
  confirmation_code?: string;
  cc_bill_log_id?: number;
  /** Every IPN call the emulator made for this sale. */
  ipn: SaleIpnCall[];
}

const books = new WeakMap<IcountState, Map<string, Sale>>();

/** The sales of one account state, by token. */
export function salesOf(state: IcountState): Map<string, Sale> {
  let sales = books.get(state);
  if (!sales) {
    sales = new Map();
    books.set(state, sales);
  }
  return sales;
}

let uniq = 0;

/** Identifiers shaped like the documented sample (`c110144163p16u661d1`, a 26-char sid, a base64 token). */
export function newSaleIds(paypageId: number, now: number): Pick<Sale, 'sale_uniqid' | 'sale_sid' | 'token'> {
  uniq += 1;
  return {
    sale_uniqid: `c${Math.floor(now / 1000) % 1_000_000_000}p${paypageId}u${(uniq * 7919).toString(16)}`,
    sale_sid: randomBytes(13).toString('hex'),
    token: randomBytes(33).toString('base64url'),
  };
}
