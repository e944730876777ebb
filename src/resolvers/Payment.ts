import type { PaymentResolvers } from '../generated/resolvers-types.js';
import { toGlobalId } from '../domain/ids.js';

export const Payment: PaymentResolvers = {
  id: (payment) => toGlobalId('Payment', payment.freshbooksId),
  isCredit: (payment) => payment.invoiceId === null,
  gatewayTransaction: (payment) => payment.gateway,
  client: async (payment, _, ctx) => {
    if (payment.clientId === null) return null;
    const freshbooks = await ctx.freshbooks.clientById.load(payment.clientId);
    return freshbooks ? { freshbooks } : null;
  },
  invoice: (payment, _, ctx) => (payment.invoiceId === null ? null : ctx.freshbooks.invoiceById.load(payment.invoiceId)),
};
