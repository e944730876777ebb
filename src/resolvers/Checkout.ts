import type { CheckoutResolvers } from '../generated/resolvers-types.js';
import { checkoutGlobalId } from '../domain/checkout.js';

export const Checkout: CheckoutResolvers = {
  id: (checkout) => checkoutGlobalId(checkout.entryId),
  invoice: (checkout, _, ctx) => ctx.freshbooks.invoiceById.load(checkout.invoiceId),
};
