import type { QueryResolvers } from '../generated/resolvers-types.js';
import { findCheckout } from '../services/checkout.js';
import { loadClient } from '../services/client-sides.js';
import * as services from '../services/index.js';
import { clientFilter, invoiceFilter, paymentFilter, transactionFilter } from '../validation/filters.js';
import { cardKey, cardNumberArgument, clientIdArgument, invoiceKey, paymentKey } from '../validation/query-arguments.js';
import { clientWarmer } from './lookahead.js';
import { pageArgs } from './paging.js';
import { answerOrThrow } from './query-answer.js';

/**
 * Reads. A query that decodes its arguments and makes one datasource call does so here; any
 * other has a service of its own (services/index.ts).
 */
export const Query: QueryResolvers = {
  node: async (_, args, ctx) => answerOrThrow(await services.findNode(ctx, args)),

  card: (_, { id }, ctx) => ctx.icount.cardByToken.load(cardKey(id, ['id'])),

  client: (_, { id }, ctx) => loadClient(ctx, clientIdArgument(id, ['id'])),

  clients: async (_, args, ctx) => {
    const { page, perPage } = pageArgs(args.page, args.perPage);
    const result = await ctx.freshbooks.listClients(clientFilter(args.filter ?? {}, ['filter']), page, perPage);
    return { nodes: result.nodes.map((freshbooks) => ({ freshbooks })), pageInfo: result.pageInfo };
  },

  payment: (_, { id }, ctx) => ctx.freshbooks.paymentById.load(paymentKey(id, ['id'])),

  payments: (_, args, ctx, info) => {
    const { page, perPage } = pageArgs(args.page, args.perPage);
    return ctx.freshbooks.listPayments(paymentFilter(args.filter ?? {}, ['filter']), page, perPage, clientWarmer(ctx, info, ['nodes', 'client']));
  },

  invoice: (_, { id }, ctx) => ctx.freshbooks.invoiceById.load(invoiceKey(id, ['id'])),

  invoices: (_, args, ctx) => {
    const { page, perPage } = pageArgs(args.page, args.perPage);
    return ctx.freshbooks.listInvoices(invoiceFilter(args.filter ?? {}, ['filter']), page, perPage);
  },

  charges: (_, { filter }, ctx) => ctx.icount.transactions(transactionFilter(filter ?? {}, ['filter'])),

  cardTypes: (_, __, ctx) => ctx.icount.cardTypes(),

  detectCardBrand: (_, { number }, ctx) => ctx.icount.detectBrand(cardNumberArgument(number, ['number'])),

  detectCardIssuer: (_, { number }, ctx) => ctx.icount.detectIssuer(cardNumberArgument(number, ['number'])),

  cardProvider: (_, __, ctx) => ctx.icount.provider(),

  currencies: (_, __, ctx) => ctx.icount.currencies(),

  validateCard: async (_, args, ctx) => answerOrThrow(await services.validateCard(ctx, args)),

  cardAuthorization: async (_, args, ctx) => answerOrThrow(await services.findCardAuthorization(ctx, args)),

  ledgerEntry: (_, { idempotencyKey }, ctx) => services.findLedgerEntry(ctx, idempotencyKey),

  checkout: (_, { id }, ctx) => findCheckout(ctx, id),

  reconciliation: (_, { filter }, ctx) => services.reconciliation(ctx, filter),
};
