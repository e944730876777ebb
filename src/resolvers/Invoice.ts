import type { InvoiceResolvers } from '../generated/resolvers-types.js';
import { toGlobalId } from '../domain/ids.js';
import { clientOfFreshbooksId } from '../services/client-sides.js';
import { allPages } from './paging.js';

export const Invoice: InvoiceResolvers = {
  id: (invoice) => toGlobalId('Invoice', invoice.freshbooksId),
  client: (invoice, _, ctx) => clientOfFreshbooksId(ctx, invoice.clientId),
  payments: (invoice, _, ctx) => allPages((page, perPage) => ctx.freshbooks.listPayments({ invoiceId: invoice.freshbooksId }, page, perPage)),
};
