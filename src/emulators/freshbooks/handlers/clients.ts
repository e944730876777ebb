/** client.get / client.list with the fields of the G3 samples and the 2012 live capture. */
import { listContainer, paginate } from '../paging.js';
import * as P from '../params.js';
import { notFound, type ClientRecord } from '../types.js';
import { el, elSelf, type XNode } from '../xml-writer.js';
import type { Handler, HandlerContext } from './context.js';
import { linkHash, systemUrl } from './links.js';

const DEPRECATED = { deprecated: 'true' };

export function clientXml(c: ClientRecord, ctx: HandlerContext): XNode {
  const { fmt, store } = ctx;
  const credits = store.credits(c.client_id);
  const contacts = c.contacts.map((k) =>
    el('contact', [
      el('contact_id', String(k.contact_id)),
      el('username', k.username),
      el('first_name', k.first_name),
      el('last_name', k.last_name),
      el('email', k.email),
      el('phone1', k.phone1),
      el('phone2', k.phone2),
    ]),
  );
  const a = c.address;
  const children: XNode[] = [
    el('client_id', String(c.client_id)),
    el('first_name', c.first_name),
    el('last_name', c.last_name),
    el('organization', c.organization),
    el('email', c.email),
    el('username', c.username),
    { tag: 'contacts', children: contacts, selfClose: true },
    el('work_phone', c.work_phone),
    el('home_phone', c.home_phone),
    el('mobile', c.mobile),
    el('fax', c.fax),
    el('language', c.language),
    el('currency_code', c.currency_code),
    elSelf('notes', c.notes),
  ];
  if (fmt.fidelity) {
    // Deprecated single credit: the client's own currency only.
    const own = credits.get(c.currency_code) ?? 0n;
    children.push(el('credit', fmt.computed(own, c.currency_code), { currency: c.currency_code, deprecated: 'true' }));
  }
  children.push(
    el('credits', [...credits].map(([cur, units]) => el('credit', fmt.computed(units, cur), { currency: cur }))),
    el('p_street1', a.street1), el('p_street2', a.street2), el('p_city', a.city),
    el('p_state', a.state), el('p_country', a.country), el('p_code', a.code),
    el('s_street1', ''), el('s_street2', ''), el('s_city', ''), el('s_state', ''), el('s_country', ''), el('s_code', ''),
    el('vat_name', c.vat_name),
    el('vat_number', c.vat_number),
  );
  const view = systemUrl(`/view/${linkHash('client', c.client_id)}`);
  if (fmt.fidelity) {
    children.push(el('url', view, DEPRECATED), el('auth_url', systemUrl(`/clients/${c.client_id}`), DEPRECATED));
  }
  children.push(
    el('links', [
      el('client_view', view),
      el('view', systemUrl(`/clients/${c.client_id}`)),
      el('statement', systemUrl(`/clients/${c.client_id}/statement`)),
    ]),
    el('notifications', [el('late_payment_reminders', '1')]),
    el('folder', c.folder),
    el('updated', fmt.updated(c.updated, c.created)),
  );
  return el('client', children);
}

const get: Handler = (params, ctx) => {
  const client = ctx.store.clients.get(P.requiredId(params, 'client_id'));
  if (!client) throw notFound('client');
  return [clientXml(client, ctx)];
};

/** email (case-insensitive), username, notes (substring), updated_*, folder (default active); newest first. */
const list: Handler = (params, ctx) => {
  const email = P.value(params, 'email')?.toLowerCase();
  const username = P.value(params, 'username');
  const notes = P.value(params, 'notes')?.toLowerCase();
  const folder = P.folder(params);
  const from = P.bound(params, 'updated_from', 'from');
  const to = P.bound(params, 'updated_to', 'to');
  const matches = [...ctx.store.clients.values()]
    .filter((c) => c.folder === folder)
    .filter((c) => email === undefined || c.email.toLowerCase() === email)
    .filter((c) => username === undefined || c.username === username)
    .filter((c) => notes === undefined || c.notes.toLowerCase().includes(notes))
    .filter((c) => P.within(ctx.fmt.updated(c.updated, c.created), from, to))
    .sort((a, b) => b.client_id - a.client_id);
  const page = paginate(matches, params, ctx.options);
  return [listContainer('clients', page, page.items.map((c) => clientXml(c, ctx)), !ctx.v20)];
};

export const clientHandlers: Record<string, Handler> = { 'client.get': get, 'client.list': list };
