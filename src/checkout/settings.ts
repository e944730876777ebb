import type { GatewayConfig } from '../config.js';

/** What createCheckout and its callback need from configuration (docs/checkout.md). */
export interface CheckoutSettings {
  /** The iCount PayPage sales are generated on (ICOUNT_PAYPAGE_ID); null: checkouts are refused. */
  paypageId: number | null;
  /**
   * The gateway's public base URL iCount calls back (CHECKOUT_CALLBACK_URL). In demo mode, when
   * unset, it is learned when the gateway starts listening (its loopback address).
   */
  callbackBaseUrl: string | null;
  /** Origins successUrl and cancelUrl may point at (CHECKOUT_REDIRECT_ORIGINS). */
  redirectOrigins: readonly string[];
  /** Demo mode: loopback origins (localhost, 127.0.0.0/8, [::1]) are allowed too. */
  allowLoopback: boolean;
  /** How long a checkout stays open (CHECKOUT_TTL_MINUTES). */
  ttlMs: number;
  /**
   * How long after a checkout ended (EXPIRED, CANCELLED) the reconciler still looks for a payment
   * of its sale (docs/checkout.md, "Late payments"); a callback records one whenever it comes.
   */
  latePaymentWindowMs: number;
}

/** The emulator's demo PayPage (src/emulators/icount/paypage.ts, DEMO_PAYPAGES). */
const DEMO_PAYPAGE_ID = 1;

/** iCount documents no lifetime for a sale (a guess, docs/checkout.md): three days, as long as webhooks are retried. */
const LATE_PAYMENT_WINDOW_MS = 3 * 86_400_000;

export function checkoutSettings(config: GatewayConfig): CheckoutSettings {
  const { env } = config;
  return {
    paypageId: env.ICOUNT_PAYPAGE_ID ?? (config.icount.emulated ? DEMO_PAYPAGE_ID : null),
    callbackBaseUrl: env.CHECKOUT_CALLBACK_URL ? env.CHECKOUT_CALLBACK_URL.replace(/\/+$/, '') : null,
    redirectOrigins: env.CHECKOUT_REDIRECT_ORIGINS,
    allowLoopback: config.demo,
    ttlMs: env.CHECKOUT_TTL_MINUTES * 60_000,
    latePaymentWindowMs: LATE_PAYMENT_WINDOW_MS,
  };
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Null when `value` is an http(s) URL on an allowed origin; else why not. */
export function redirectProblem(settings: CheckoutSettings, value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Not an absolute URL.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Only http and https URLs are allowed.';
  if (url.username || url.password) return 'The URL must not carry credentials.';
  if (settings.redirectOrigins.includes(url.origin)) return null;
  if (settings.allowLoopback && LOOPBACK.test(url.hostname)) return null;
  return `The origin ${url.origin} is not in CHECKOUT_REDIRECT_ORIGINS.`;
}
