import type { PaymentResolvers } from '../generated/resolvers-types.js';
import { toGlobalId } from '../domain/ids.js';
import { clientOfFreshbooksId } from '../services/client-sides.js';

export const Payment: PaymentResolvers = {
  id: (payment) => toGlobalId('Payment', payment.freshbooksId),
  isCredit: (payment) => payment.invoiceId === null,
  gatewayTransaction: (payment) => payment.gateway,
  client: (payment, _, ctx) => clientOfFreshbooksId(ctx, payment.clientId),
  invoice: (payment, _, ctx) => ctx.freshbooks.invoiceOf(payment),
};
