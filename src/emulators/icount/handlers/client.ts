import { IcountError, type HandlerData } from '../envelope.js';
import type { Params } from '../params.js';
import { CLIENT_FIELDS, type ClientField, type ClientRecord } from '../state.js';
import { shapeList, type HandlerContext, type Route } from './context.js';
import { tokenInfo } from './storage.js';

/** Input aliases: the record prints `fname`/`lname`, create/update take `first_name`/`last_name`; both are accepted. */
const ALIASES: Record<string, ClientField> = { fname: 'first_name', lname: 'last_name' };

function clientInput(p: Params): Partial<Record<ClientField, string>> {
  const fields: Partial<Record<ClientField, string>> = {};
  for (const [alias, field] of Object.entries(ALIASES)) {
    const value = p.str(alias);
    if (value !== undefined) fields[field] = value;
  }
  for (const field of CLIENT_FIELDS) {
    const value = p.str(field);
    if (value !== undefined) fields[field] = value;
  }
  return fields;
}

/** `iCountClientInfo` with both `fname`/`lname` and `first_name`/`last_name`. */
export function clientView(c: ClientRecord, detailLevel = 10): Record<string, unknown> {
  if (detailLevel <= 0) return { client_id: c.client_id, client_name: c.client_name };
  return { ...c, fname: c.first_name, lname: c.last_name };
}

function create({ p, state }: HandlerContext): HandlerData {
  if (!p.has('client_name')) throw new IcountError('missing_client_name', 'client_name is required');
  const client = state.addClient(clientInput(p));
  return { reason: 'client_created', client_id: client.client_id };
}

/** Fields inside `client_info`; with `get_cc_tokens`, `client_info.cc_tokens` lists the stored cards. */
function info({ p, state, config }: HandlerContext): HandlerData {
  const client = state.requireClient(p);
  const view = clientView(client);
  if (p.bool('get_cc_tokens')) view.cc_tokens = state.tokensOf(client.client_id).map((t) => tokenInfo(t, config.undocumentedFields));
  return { client_info: view };
}

function applyUpdate(client: ClientRecord, p: Params): void {
  Object.assign(client, clientInput(p), { client_id: client.client_id });
}

/** The client to update: client_id (no fallback), custom_client_id, vat_id, email — never the name (it may be the new value). */
function update({ p, state }: HandlerContext): HandlerData {
  const match = state.matchClient(p, false);
  if (match.kind !== 'found') throw new IcountError('client_not_found', 'Client not found');
  applyUpdate(match.client, p);
  return { reason: 'client_updated', client_id: match.client.client_id };
}

/** Upsert keyed on client_id, custom_client_id, vat_id, email (in that order). An unknown client_id → client_not_found. */
function createOrUpdate(ctx: HandlerContext): HandlerData {
  const { p, state } = ctx;
  const match = state.matchClient(p, false);
  if (match.kind === 'found') {
    applyUpdate(match.client, p);
    return { reason: 'client_updated', client_id: match.client.client_id };
  }
  if (p.has('client_id')) throw new IcountError('client_not_found', 'Client not found');
  return create(ctx);
}

/** Hard delete; the client's stored cards go with it, its transactions stay in the log. */
function remove({ p, state }: HandlerContext): HandlerData {
  if (!p.has('client_id')) throw new IcountError('missing_client_id', 'client_id is required');
  const client = state.clients.get(p.int('client_id') ?? NaN);
  if (!client) throw new IcountError('client_not_found', 'Client not found');
  state.clients.delete(client.client_id);
  for (const token of state.tokensOf(client.client_id)) state.tokens.delete(token.cc_token_id);
  return { reason: 'client_deleted', client_id: client.client_id };
}

/**
 * Filters combine with AND: exact client_id / custom_client_id / vat_id, case-insensitive email,
 * case-insensitive substring of client_name. Sorted by id; `clients_count` counts all matches
 * before `offset`/`limit`. Container `clients`, keyed by id unless `list_type=array`.
 */
function getList({ p, state }: HandlerContext): HandlerData {
  const id = p.int('client_id');
  const email = p.str('email')?.toLowerCase();
  const name = p.str('client_name')?.toLowerCase();
  const matches = state.sortedClients().filter((c) =>
    (id === undefined || c.client_id === id) &&
    (!p.has('custom_client_id') || c.custom_client_id === p.str('custom_client_id')) &&
    (!p.has('vat_id') || c.vat_id === p.str('vat_id')) &&
    (email === undefined || c.email.toLowerCase() === email) &&
    (name === undefined || c.client_name.toLowerCase().includes(name)));
  const offset = Math.max(0, p.int('offset') || 0);
  const limit = p.int('limit');
  const page = matches.slice(offset, limit !== undefined && limit > 0 ? offset + limit : undefined);
  const detail = p.int('detail_level');
  const views = page.map((c) => clientView(c, detail === undefined || Number.isNaN(detail) ? 10 : detail));
  return { clients_count: matches.length, clients: shapeList(p, views, (v) => v.client_id as number, 'object') };
}

export const clientRoutes: Record<string, Route> = {
  'client/create': { handler: create },
  'client/info': { handler: info },
  'client/update': { handler: update },
  'client/create_or_update': { handler: createOrUpdate },
  'client/delete': { handler: remove },
  'client/get_list': { handler: getList },
};
