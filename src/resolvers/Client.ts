import type { ClientResolvers } from '../generated/resolvers-types.js';
import { clientId, freshbooksSide, icountSide } from '../services/client-sides.js';
import { transactionFilter } from '../validation/filters.js';
import { emptyPage, pageArgs } from './paging.js';

/** One customer across FreshBooks and iCount; each field loads the side it needs. */
export const Client: ClientResolvers = {
  id: (client) => clientId(client),
  name: async (client, _, ctx) => {
    const fb = await freshbooksSide(ctx, client);
    if (fb) return fb.organization || `${fb.firstName} ${fb.lastName}`.trim();
    return (await icountSide(ctx, client))?.name ?? '';
  },
  email: async (client, _, ctx) => (await freshbooksSide(ctx, client))?.email ?? (await icountSide(ctx, client))?.email ?? null,
  freshbooksId: async (client, _, ctx) => (await freshbooksSide(ctx, client))?.freshbooksId ?? null,
  icountId: async (client, _, ctx) => (await icountSide(ctx, client))?.icountId ?? null,
  externalId: async (client, _, ctx) => (await icountSide(ctx, client))?.externalId ?? null,
  organization: async (client, _, ctx) => (await freshbooksSide(ctx, client))?.organization || null,
  firstName: async (client, _, ctx) => (await freshbooksSide(ctx, client))?.firstName || null,
  lastName: async (client, _, ctx) => (await freshbooksSide(ctx, client))?.lastName || null,
  currency: async (client, _, ctx) => (await freshbooksSide(ctx, client))?.currency ?? null,
  credits: async (client, _, ctx) => (await freshbooksSide(ctx, client))?.credits ?? [],
  cards: async (client, _, ctx) => {
    const icount = await icountSide(ctx, client);
    return icount ? ctx.icount.cardsByClient.load(icount.icountId) : [];
  },
  charges: async (client, { filter }, ctx) => {
    const icount = await icountSide(ctx, client);
    if (!icount) return [];
    return ctx.icount.transactions({ ...transactionFilter({ ...filter, clientId: null }, ['filter']), icountClientId: icount.icountId });
  },
  payments: async (client, args, ctx) => {
    const { page, perPage } = pageArgs(args.page, args.perPage);
    const fb = await freshbooksSide(ctx, client);
    return fb ? ctx.freshbooks.listPayments({ clientId: fb.freshbooksId }, page, perPage) : emptyPage(page, perPage);
  },
  invoices: async (client, args, ctx) => {
    const { page, perPage } = pageArgs(args.page, args.perPage);
    const fb = await freshbooksSide(ctx, client);
    return fb ? ctx.freshbooks.listInvoices({ clientId: fb.freshbooksId }, page, perPage) : emptyPage(page, perPage);
  },
};
