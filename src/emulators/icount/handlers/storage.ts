import { formatValidity } from '../card-rules.js';
import { checkCvv, checkHolderId, checkValidity, describeCard, maskHolderId, requireCardNumber, requireValidity } from '../cards.js';
import { IcountError, type HandlerData } from '../envelope.js';
import type { Params } from '../params.js';
import type { IcountState, TokenRecord } from '../state.js';
import type { HandlerContext, Route } from './context.js';

/**
 * `iCountCCTokenInfo` (docs/upstreams/icount.md §7.4), with `client_id` only when the emulator runs
 * with `undocumentedFields` (the documented type has none). Never the PAN or the CVV.
 */
export function tokenInfo(t: TokenRecord, withClientId = false): Record<string, unknown> {
  const lastDay = new Date(Date.UTC(t.expiry.year, t.expiry.month, 0)).getUTCDate();
  return {
    token_id: t.cc_token_id,
    token: t.token,
    cc_type: t.brand,
    cc_last4: t.last4,
    cc_holder_id: t.holder_id_masked,
    cc_holder_name: t.holder_name,
    cc_validity: formatValidity(t.expiry),
    cc_exp_year: t.expiry.year,
    cc_exp_month: t.expiry.month,
    cc_exp_date: `${formatValidity(t.expiry)}-${String(lastDay).padStart(2, '0')}`,
    ...(withClientId ? { client_id: t.client_id } : {}),
  };
}

/**
 * `cc_storage/store` = `cc/store_card_info`: card checks as cc/bill (missing validity →
 * `missing_cc_validity`), then the owning client (matched, or created from client_name/email;
 * nothing that identifies a client → `client_not_found`). The same card already stored for that
 * client → `cc_exists` with `die_if_exists`, else the existing token is returned.
 */
function store({ p, state, now }: HandlerContext): HandlerData {
  const pan = requireCardNumber(p);
  const expiry = requireValidity(p, now);
  checkCvv(p);
  const holderId = checkHolderId(p);
  const plan = state.planClient(p);
  if (!plan) throw new IcountError('client_not_found', 'A stored card needs a client (client_id, custom_client_id, vat_id, email or client_name)');
  const card = describeCard(pan, expiry);
  if ('client' in plan) {
    const existing = state.tokensOf(plan.client.client_id).find((t) => t.panHash === card.panHash);
    if (existing && p.bool('die_if_exists')) throw new IcountError('cc_exists', 'This card is already stored for this client');
    if (existing) return { cc_token_id: existing.cc_token_id, client_id: existing.client_id };
  }
  const client = state.commitClient(plan);
  const token = state.addToken(client.client_id, card, { name: p.str('cc_holder_name'), idMasked: holderId && maskHolderId(holderId) }, now);
  return { cc_token_id: token.cc_token_id, client_id: client.client_id };
}

/** `cc_token_id` (or `token`) required and known; a client group, when given, must name the owner. */
function requireToken(p: Params, state: IcountState): TokenRecord {
  if (!p.has('cc_token_id') && !p.has('token')) throw new IcountError('missing_cc_token_id', 'cc_token_id is required');
  const token = state.tokenFromParams(p)!;
  const match = state.matchClient(p, true);
  if (match.kind === 'not-found') throw new IcountError('client_not_found', 'Client not found');
  if (match.kind === 'found' && match.client.client_id !== token.client_id) throw new IcountError('bad_token', 'Credit card token not found for this client');
  return token;
}

function info({ p, state, config }: HandlerContext): HandlerData {
  return tokenInfo(requireToken(p, state), config.undocumentedFields);
}

/** Validity and holder fields only; the card number cannot change. */
function update({ p, state, now }: HandlerContext): HandlerData {
  if (!p.has('cc_token_id') && !p.has('token')) throw new IcountError('missing_cc_token_id', 'cc_token_id is required');
  const token = state.tokenFromParams(p)!;
  const validity = p.str('cc_validity');
  const expiry = validity === undefined ? undefined : checkValidity(validity, now);
  const holderId = checkHolderId(p);
  if (expiry) token.expiry = expiry;
  if (holderId !== undefined) token.holder_id_masked = maskHolderId(holderId);
  if (p.has('cc_holder_name')) token.holder_name = p.str('cc_holder_name')!;
  return { cc_token_id: token.cc_token_id };
}

function remove({ p, state }: HandlerContext): HandlerData {
  const token = requireToken(p, state);
  state.tokens.delete(token.cc_token_id);
  return { cc_token_id: token.cc_token_id };
}

function clientTokens({ p, state, config }: HandlerContext): HandlerData {
  const client = state.requireClient(p);
  return { client_id: client.client_id, cc_tokens: state.tokensOf(client.client_id).map((t) => tokenInfo(t, config.undocumentedFields)) };
}

export const storageRoutes: Record<string, Route> = {
  'cc_storage/store': { handler: store },
  'cc/store_card_info': { handler: store },
  'cc_storage/token_info': { handler: info },
  'cc/get_token_info': { handler: info },
  'cc_storage/update': { handler: update },
  'cc_storage/delete': { handler: remove },
  'client/get_cc_tokens': { handler: clientTokens },
};
