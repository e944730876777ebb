import type { ClientResolvers } from '../generated/resolvers-types.js';
import { clientGlobalId } from '../domain/ids.js';
import type { ClientRecord } from '../domain/records.js';
import { emptyPage, pageArgs } from './paging.js';
import { transactionFilter } from '../validation/filters.js';

/** A client is known by its FreshBooks id when it has one (the system of record for customers). */
export const Client: ClientResolvers = {
  id: (client) =>
    client.freshbooks ? clientGlobalId('freshbooks', client.freshbooks.freshbooksId) : clientGlobalId('icount', icountSide(client).icountId),
  name: (client) => {
    const fb = client.freshbooks;
    if (!fb) return icountSide(client).name;
    return fb.organization || `${fb.firstName} ${fb.lastName}`.trim();
  },
  email: (client) => client.freshbooks?.email ?? client.icount?.email ?? null,
  freshbooksId: (client) => client.freshbooks?.freshbooksId ?? null,
  icountId: (client) => client.icount?.icountId ?? null,
  externalId: (client) => client.icount?.externalId ?? null,
  organization: (client) => client.freshbooks?.organization || null,
  firstName: (client) => client.freshbooks?.firstName || null,
  lastName: (client) => client.freshbooks?.lastName || null,
  currency: (client) => client.freshbooks?.currency ?? null,
  credits: (client) => client.freshbooks?.credits ?? [],
  cards: (client, _, ctx) => (client.icount ? ctx.icount.cardsByClient.load(client.icount.icountId) : []),
  charges: (client, { filter }, ctx) =>
    client.icount
      ? ctx.icount.transactions({ ...transactionFilter({ ...filter, clientId: null }, ['filter']), icountClientId: client.icount.icountId })
      : [],
  payments: (client, args, ctx) => {
    const { page, perPage } = pageArgs(args.page, args.perPage);
    return client.freshbooks ? ctx.freshbooks.listPayments({ clientId: client.freshbooks.freshbooksId }, page, perPage) : emptyPage(page, perPage);
  },
  invoices: (client, args, ctx) => {
    const { page, perPage } = pageArgs(args.page, args.perPage);
    return client.freshbooks ? ctx.freshbooks.listInvoices({ clientId: client.freshbooks.freshbooksId }, page, perPage) : emptyPage(page, perPage);
  },
};

function icountSide(client: ClientRecord) {
  if (!client.icount) throw new Error('A client record without either side');
  return client.icount;
}
