import { scrubCardNumbers } from '../../../lib/redact.js';
import { checkCvv, checkValidity, describeCard, requireCardNumber, type CheckedCard } from '../cards.js';
import { currencyOrDefault } from '../currencies.js';
import { IcountError, type HandlerData } from '../envelope.js';
import { addAmounts, compareAmounts, defaultFirstPayment, isPositive, parseAmount } from '../money.js';
import type { Params } from '../params.js';
import type { TokenRecord } from '../state.js';
import { HOLD, type HandlerContext } from './context.js';

/** The account's card module switch (company setting `cc_enabled`); the emulated account always has it. */
const CC_ENABLED = true;
const MAX_PAYMENTS = 36;

/** Step 3: `sum` present and > 0, kept as the exact decimal string sent. */
export function requireSum(p: Params): string {
  const sum = parseAmount(p.get('sum'));
  if (sum === undefined || !isPositive(sum)) throw new IcountError('empty_sum', 'Sum is missing or not greater than zero');
  return sum;
}

/** Steps 4–8: a stored token (`bad_token`) or a card number + validity. */
function cardSource(ctx: HandlerContext): { card: CheckedCard; token?: TokenRecord } {
  const { p, state, now } = ctx;
  const token = state.tokenFromParams(p);
  if (token) {
    checkValidity(`${token.expiry.year}-${String(token.expiry.month).padStart(2, '0')}`, now);
    return { card: { ...token }, token };
  }
  const pan = requireCardNumber(p);
  const expiry = checkValidity(p.str('cc_validity') ?? '', now);
  return { card: describeCard(pan, expiry) };
}

/** Step 10: installments. Returns the count and the first payment. */
function installments(p: Params, sum: string): { count: number; first: string } {
  const count = p.int('num_of_payments') ?? 1;
  if (Number.isNaN(count) || count < 1 || count > MAX_PAYMENTS) {
    throw new IcountError('bad_num_of_payments', `num_of_payments must be an integer from 1 to ${MAX_PAYMENTS}`);
  }
  if (count === 1) return { count, first: sum };
  if (!p.has('first_payment')) return { count, first: defaultFirstPayment(sum, count) };
  const first = parseAmount(p.get('first_payment'));
  if (first === undefined || !isPositive(first) || compareAmounts(first, sum) >= 0) {
    throw new IcountError('bad_first_payment', 'first_payment must be greater than zero and less than sum');
  }
  return { count, first };
}

/**
 * `cc/bill`. Validation order (docs/upstreams/icount.md §11.3 req. 10): auth (before the handler) → cc_enabled →
 * sum → token / card number → validity → expiry → CVV → installments → currency → client. Then the
 * scripted provider (non-test charges only), J5 capture, and the transaction log. No idempotency.
 */
export function bill(ctx: HandlerContext): HandlerData | typeof HOLD {
  const { p, state, config, now } = ctx;
  if (!CC_ENABLED) throw new IcountError('cc_disabled', 'Credit card module is disabled for this account');
  const sum = requireSum(p);
  const { card, token } = cardSource(ctx);
  checkCvv(p);
  const { count, first } = installments(p, sum);
  const currency = currencyOrDefault(p);
  const plan = token ? { client: state.clients.get(token.client_id)! } : state.planClient(p);

  const isTest = p.bool('is_test');
  if (!isTest && card.outcome === 'decline') throw new IcountError(config.declineReason, 'The card issuer declined the transaction');
  if (!isTest && card.outcome === 'timeout') return HOLD;

  const client = plan ? state.commitClient(plan) : undefined;
  const j5 = p.bool('use_j5_if_available') ? state.openJ5(card.panHash, sum, currency.currency_id) : undefined;
  if (j5) j5.used = addAmounts(j5.used, sum);
  const confirmation = !isTest && card.outcome === 'no_confirmation' ? '' : state.nextConfirmationCode();

  let logged: { cc_bill_log_id: number } | undefined;
  if (!isTest || config.logTestCharges) {
    logged = state.addTransaction({
      confirmation_code: confirmation,
      charged_at: now,
      is_test: isTest,
      sum,
      first_payment: first,
      num_of_payments: count,
      is_credit: count > 1 && p.bool('is_credit'),
      currency_id: currency.currency_id,
      brand: card.brand,
      last4: card.last4,
      exp_month: card.expiry.month,
      exp_year: card.expiry.year,
      holder_name: scrubCardNumbers(p.str('cc_holder_name') ?? token?.holder_name ?? ''),
      client_id: client?.client_id ?? null,
      client_name: client?.client_name ?? '',
      client_email: client?.email ?? '',
      custom_client_id: client?.custom_client_id ?? '',
      client_vat_id: client?.vat_id ?? '',
      cc_token_id: token?.cc_token_id ?? null,
      payment_description: scrubCardNumbers(p.str('payment_description') ?? ''),
      j5_transaction_id: j5?.transaction_id ?? null,
    });
  }

  return {
    ...(confirmation ? { confirmation_code: confirmation } : {}),
    ...(logged ? { cc_bill_log_id: logged.cc_bill_log_id } : {}),
    sum: Number(sum),
    currency_id: currency.currency_id,
    currency_code: currency.currency_code,
    num_of_payments: count,
    cc_type: card.brand,
    cc_last4: card.last4,
    exp_month: card.expiry.month,
    exp_year: card.expiry.year,
    client_id: client?.client_id ?? null,
    ...(token ? { cc_token_id: token.cc_token_id } : {}),
    ...(config.successFlag ? { success: true } : {}),
  };
}
