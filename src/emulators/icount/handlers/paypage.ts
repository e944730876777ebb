import { currencyOrDefault } from '../currencies.js';
import { IcountError, type HandlerData } from '../envelope.js';
import { DEMO_PAYPAGES, newSaleIds, SALE_LIFETIME_MS, SALE_PATH_PREFIX, salesOf, type Sale } from '../paypage.js';
import { requireSum } from './bill.js';
import type { HandlerContext, Route } from './context.js';

const MAX_PAYMENTS = 36;
const CLIENT_FIELDS = ['client_name', 'email', 'custom_client_id', 'vat_id', 'client_id'] as const;

function requirePaypage(ctx: HandlerContext): (typeof DEMO_PAYPAGES)[number] {
  const id = ctx.p.int('paypage_id');
  if (id === undefined) throw new IcountError('missing_paypage_id', 'paypage_id is required');
  const page = DEMO_PAYPAGES.find((x) => x.paypage_id === id);
  if (!page) throw new IcountError('paypage_not_found', `No PayPage ${ctx.p.str('paypage_id')}`);
  return page;
}

/** An absolute http(s) URL or nothing; anything else → `bad_<name>` (guess). */
function optionalUrl(ctx: HandlerContext, name: string): string | null {
  const value = ctx.p.str(name);
  if (value === undefined) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new IcountError(`bad_${name}`, `${name} is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new IcountError(`bad_${name}`, `${name} must be http or https`);
  return url.toString();
}

/**
 * `paypage/generate_sale`: one dynamic sale on a PayPage (`sum` + `description`; `items` are not
 * emulated → `items_not_supported`). Reply as documented: `paypage_id` (string), `sale_uniqid`,
 * `sale_sid`, `sale_url`. The sale is paid on the emulator's own page at `sale_url`.
 */
export function generateSale(ctx: HandlerContext): HandlerData {
  const { p, state, now } = ctx;
  const page = requirePaypage(ctx);
  if (p.has('items')) throw new IcountError('items_not_supported', 'The emulator sells one dynamic item: send sum and description');
  const sum = requireSum(p);
  const currency = currencyOrDefault(p);
  const maxPayments = p.int('max_payments') ?? 1;
  if (Number.isNaN(maxPayments) || maxPayments < 1 || maxPayments > MAX_PAYMENTS) {
    throw new IcountError('bad_max_payments', `max_payments must be an integer from 1 to ${MAX_PAYMENTS}`);
  }
  const client: Record<string, string> = {};
  for (const field of CLIENT_FIELDS) {
    const value = p.str(field);
    if (value !== undefined) client[field] = value;
  }
  const sale: Sale = {
    paypage_id: page.paypage_id,
    ...newSaleIds(page.paypage_id, now),
    sum,
    currency,
    description: p.str('description') ?? page.page_name,
    client,
    max_payments: maxPayments,
    page_lang: p.str('page_lang') ?? 'he',
    success_url: optionalUrl(ctx, 'success_url'),
    failure_url: optionalUrl(ctx, 'failure_url'),
    cancel_url: optionalUrl(ctx, 'cancel_url'),
    ipn_url: optionalUrl(ctx, 'ipn_url'),
    created_at: now,
    expires_at: now + SALE_LIFETIME_MS,
    status: 'open',
    ipn: [],
  };
  salesOf(state).set(sale.token, sale);
  return {
    paypage_id: String(page.paypage_id),
    sale_uniqid: sale.sale_uniqid,
    sale_sid: sale.sale_sid,
    sale_url: `${ctx.origin ?? 'http://127.0.0.1'}${SALE_PATH_PREFIX}${sale.token}`,
  };
}

/** `paypage/get_list`: the demo account's pages (container `paypages`, guess). */
function getList(): HandlerData {
  return { paypages: DEMO_PAYPAGES.map((x) => ({ ...x, is_active: true })) };
}

/** `paypage/info`: one page (fields at the top level, guess). */
function info(ctx: HandlerContext): HandlerData {
  return { ...requirePaypage(ctx), is_active: true };
}

export const paypageRoutes: Record<string, Route> = {
  'paypage/generate_sale': { handler: generateSale },
  'paypage/get_list': { handler: getList },
  'paypage/info': { handler: info },
};
