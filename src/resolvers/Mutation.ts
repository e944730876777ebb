import type { MutationResolvers } from '../generated/resolvers-types.js';
import { chargeCard } from './mutations/chargeCard.js';
import { payInvoice } from './mutations/payInvoice.js';
import { deletePayment, recordPayment, updatePayment } from './mutations/payments.js';
import { authorizeCard, deleteStoredCard, storeCard, updateStoredCard, verifyCard } from './mutations/cards.js';

export const Mutation: MutationResolvers = {
  chargeCard,
  authorizeCard,
  verifyCard,
  storeCard,
  updateStoredCard,
  deleteStoredCard,
  recordPayment,
  updatePayment,
  deletePayment,
  payInvoice,
};
