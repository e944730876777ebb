import type { InvoiceResolvers } from '../generated/resolvers-types.js';
import { toGlobalId } from '../domain/ids.js';
import { allPages } from './paging.js';

export const Invoice: InvoiceResolvers = {
  id: (invoice) => toGlobalId('Invoice', invoice.freshbooksId),
  client: async (invoice, _, ctx) => {
    const freshbooks = await ctx.freshbooks.clientById.load(invoice.clientId);
    return freshbooks ? { freshbooks } : null;
  },
  payments: (invoice, _, ctx) => allPages((page, perPage) => ctx.freshbooks.listPayments({ invoiceId: invoice.freshbooksId }, page, perPage)),
};
