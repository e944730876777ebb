import type { Authenticator } from './auth.js';
import { IcountError } from './envelope.js';
import { bill } from './handlers/bill.js';
import { HOLD } from './handlers/context.js';
import type { IcountConfig } from './options.js';
import { Params } from './params.js';
import { SALE_PATH_PREFIX, salesOf, type Sale } from './paypage.js';
import type { IcountState } from './state.js';
import type { EmulatorReply } from '../shared/server.js';

/**
 * The hosted payment page at a sale's `sale_url`: a real HTML form (card number, expiry, CVV,
 * holder) that charges through the same checks and charge log as `cc/bill`, shows validation
 * errors and declines on the page, calls the merchant's `ipn_url` after a successful charge and
 * then redirects the browser to `success_url`. A Cancel button (only with `cancel_url`) cancels
 * the sale and redirects there. Nothing on these pages is authenticated: the token in the URL is
 * the sale.
 */

/** The method name a page request is logged (and faulted) under. */
export const PAYPAGE_PAGE_METHOD = 'paypage/page';

export interface PageRequest {
  state: IcountState;
  config: IcountConfig;
  authenticator: Authenticator;
  now: number;
  /** Path after `/m/gen/`: `<token>` or `<token>/cancel`. */
  path: string;
  httpMethod: string;
  /** The submitted form (card fields included: the request log redacts them by name). */
  fields: Record<string, string>;
  /** `send` (default) or `skip`: a lost IPN, for tests of the merchant's fallback. */
  ipn: 'send' | 'skip';
}

const HTML = 'text/html; charset=utf-8';

export async function servePage(req: PageRequest): Promise<EmulatorReply> {
  const [token = '', action = ''] = req.path.split('/');
  const sale = salesOf(req.state).get(token);
  if (!sale) return page(404, 'Payment page not found', '<p class="error" role="alert">This payment link does not exist.</p>', 'not_found');
  if (req.httpMethod === 'GET' && action === '') return statusPage(sale, req.now) ?? form(sale, {}, null);
  if (req.httpMethod !== 'POST') return { status: 405, contentType: 'text/plain', body: 'Method not allowed', headers: { allow: 'GET, POST' }, outcome: 'method_not_allowed' };
  const closed = statusPage(sale, req.now);
  if (closed) return closed;
  if (action === 'cancel') {
    if (!sale.cancel_url) return form(sale, {}, 'This sale cannot be cancelled here.');
    sale.status = 'cancelled';
    return redirect(sale.cancel_url, 'cancelled');
  }
  if (action !== '') return page(404, 'Not found', '<p class="error" role="alert">Unknown page.</p>', 'not_found');
  return pay(req, sale, req.fields);
}

async function pay(req: PageRequest, sale: Sale, fields: Record<string, string>): Promise<EmulatorReply> {
  const problem = checkForm(fields, sale);
  if (problem) return form(sale, fields, problem);
  const params = new Params({
    ...sale.client,
    sum: sale.sum,
    currency_id: sale.currency.currency_id,
    cc_number: fields.cc_number!.replace(/[\s-]/g, ''),
    cc_validity: validityOf(fields.cc_validity!),
    cc_cvv: fields.cc_cvv!,
    cc_holder_name: fields.cc_holder_name!,
    ...(fields.cc_holder_id ? { cc_holder_id: fields.cc_holder_id } : {}),
    num_of_payments: fields.num_of_payments || '1',
    payment_description: sale.description,
  });
  let reply;
  try {
    reply = bill({ p: params, state: req.state, config: req.config, now: req.now, auth: undefined, authenticator: req.authenticator, authorization: undefined });
  } catch (err) {
    if (err instanceof IcountError) return form(sale, fields, `${err.description} (${err.reason})`, err.reason);
    throw err;
  }
  if (reply === HOLD) return form(sale, fields, 'The card provider did not answer. Nothing was charged; please try again.', 'provider_timeout');
  sale.status = 'paid';
  sale.confirmation_code = String(reply.confirmation_code ?? '');
  const logged = req.state.transactions.at(-1);
  if (logged && logged.confirmation_code === sale.confirmation_code) sale.cc_bill_log_id = logged.cc_bill_log_id;
  if (sale.ipn_url && req.ipn === 'send') await sendIpn(sale, reply, req.now);
  return sale.success_url ? redirect(sale.success_url, 'OK') : receipt(sale);
}

/** Every field the page needs, checked before the charge; the first problem is shown on the page. */
function checkForm(f: Record<string, string>, sale: Sale): string | null {
  if (!f.cc_number?.trim()) return 'Enter the card number.';
  if (!f.cc_validity?.trim()) return 'Enter the card expiry (MM/YY).';
  if (!validityOf(f.cc_validity)) return 'The expiry must be MM/YY.';
  if (!f.cc_cvv?.trim()) return 'Enter the CVV (3 or 4 digits on the card).';
  if (!/^\d{3,4}$/.test(f.cc_cvv.trim())) return 'The CVV must be 3 or 4 digits.';
  if (!f.cc_holder_name?.trim()) return "Enter the card holder's name.";
  const n = Number(f.num_of_payments || '1');
  if (!Number.isInteger(n) || n < 1 || n > sale.max_payments) return `Choose 1 to ${sale.max_payments} payments.`;
  return null;
}

/** `MM/YY`, `MMYY` or `YYYY-MM` → what cc/bill takes; '' when none of them. */
function validityOf(text: string): string {
  const t = text.trim();
  const slashed = /^(\d{2})\s*\/\s*(\d{2})$/.exec(t);
  if (slashed) return `${slashed[1]}${slashed[2]}`;
  return /^\d{4}$/.test(t) || /^\d{4}-\d{2}$/.test(t) ? t : '';
}

/**
 * The IPN (guess: iCount documents `ipn_url` only as "server-to-server IPN requests upon
 * successful billing"): one form-encoded POST, 5 s timeout, no retry; the merchant's answer is
 * kept in `sale.ipn` and does not change what the payer sees.
 */
async function sendIpn(sale: Sale, reply: Record<string, unknown>, now: number): Promise<void> {
  const body = new URLSearchParams({
    status: 'success',
    paypage_id: String(sale.paypage_id),
    sale_uniqid: sale.sale_uniqid,
    sale_sid: sale.sale_sid,
    sum: sale.sum,
    currency_id: String(sale.currency.currency_id),
    currency_code: sale.currency.currency_code,
    description: sale.description,
    confirmation_code: sale.confirmation_code ?? '',
    cc_bill_log_id: sale.cc_bill_log_id !== undefined ? String(sale.cc_bill_log_id) : '',
    cc_last4: String(reply.cc_last4 ?? ''),
    cc_type: String(reply.cc_type ?? ''),
    num_of_payments: String(reply.num_of_payments ?? '1'),
    client_id: reply.client_id === null || reply.client_id === undefined ? '' : String(reply.client_id),
  });
  const call = { url: sale.ipn_url!, at: now, status: 0 } as Sale['ipn'][number];
  sale.ipn.push(call);
  try {
    const res = await fetch(sale.ipn_url!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, signal: AbortSignal.timeout(5000), redirect: 'manual' });
    call.status = res.status;
    await res.arrayBuffer().catch(() => undefined);
  } catch (err) {
    call.error = err instanceof Error ? err.message : String(err);
  }
}

function statusPage(sale: Sale, now: number): EmulatorReply | null {
  if (sale.status === 'paid') {
    const back = sale.success_url ? `<p><a href="${esc(sale.success_url)}">Back to the merchant</a></p>` : '';
    return page(409, 'Already paid', `<p class="error" role="alert">This sale was already paid (confirmation ${esc(sale.confirmation_code ?? '')}).</p>${back}`, 'sale_paid');
  }
  if (sale.status === 'cancelled') return page(410, 'Cancelled', '<p class="error" role="alert">This sale was cancelled.</p>', 'sale_cancelled');
  if (now >= sale.expires_at) return page(410, 'Expired', '<p class="error" role="alert">This payment link has expired.</p>', 'sale_expired');
  return null;
}

function form(sale: Sale, f: Record<string, string>, error: string | null, outcome = 'OK'): EmulatorReply {
  const action = `${SALE_PATH_PREFIX}${sale.token}`;
  const options = Array.from({ length: sale.max_payments }, (_, i) => i + 1)
    .map((n) => `<option value="${n}"${String(n) === (f.num_of_payments ?? '1') ? ' selected' : ''}>${n}</option>`)
    .join('');
  const body = `
<p class="amount">Amount: <strong id="amount">${esc(sale.sum)} ${esc(sale.currency.currency_code)}</strong></p>
<p class="description" id="description">${esc(sale.description)}</p>
${error ? `<p class="error" id="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="${esc(action)}" id="pay">
  <label>Card number <input name="cc_number" id="cc_number" inputmode="numeric" autocomplete="cc-number" value="${esc(f.cc_number ?? '')}"></label>
  <label>Expiry (MM/YY) <input name="cc_validity" id="cc_validity" autocomplete="cc-exp" value="${esc(f.cc_validity ?? '')}"></label>
  <label>CVV <input name="cc_cvv" id="cc_cvv" inputmode="numeric" autocomplete="cc-csc"></label>
  <label>Card holder <input name="cc_holder_name" id="cc_holder_name" autocomplete="cc-name" value="${esc(f.cc_holder_name ?? '')}"></label>
  <label>Holder ID (optional) <input name="cc_holder_id" id="cc_holder_id" value="${esc(f.cc_holder_id ?? '')}"></label>
  ${sale.max_payments > 1 ? `<label>Payments <select name="num_of_payments" id="num_of_payments">${options}</select></label>` : ''}
  <button type="submit" id="submit">Pay ${esc(sale.sum)} ${esc(sale.currency.currency_code)}</button>
</form>
${sale.cancel_url ? `<form method="post" action="${esc(action)}/cancel"><button type="submit" id="cancel">Cancel</button></form>` : ''}`;
  return page(error ? 422 : 200, 'Secure payment', body, outcome);
}

function receipt(sale: Sale): EmulatorReply {
  return page(200, 'Paid', `<p id="paid">Paid ${esc(sale.sum)} ${esc(sale.currency.currency_code)}; confirmation ${esc(sale.confirmation_code ?? '')}.</p>`, 'OK');
}

function page(status: number, title: string, body: string, outcome: string): EmulatorReply {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · iCount (emulator)</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:2rem auto}label{display:block;margin:.5rem 0}input,select{display:block;width:100%}.error{color:#b00020}</style>
</head><body><h1>${esc(title)}</h1>${body}</body></html>`;
  return { status, contentType: HTML, body: html, headers: { 'cache-control': 'no-store' }, outcome };
}

function redirect(location: string, outcome: string): EmulatorReply {
  return { status: 303, contentType: 'text/plain', body: `See ${location}`, headers: { location, 'cache-control': 'no-store' }, outcome };
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
