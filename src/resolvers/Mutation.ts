import type { MutationResolvers } from '../generated/resolvers-types.js';
import { authorizeCard } from './mutations/authorizeCard.js';
import { chargeCard } from './mutations/chargeCard.js';
import { deletePayment } from './mutations/deletePayment.js';
import { deleteStoredCard } from './mutations/deleteStoredCard.js';
import { payInvoice } from './mutations/payInvoice.js';
import { reconcile } from './mutations/reconcile.js';
import { createCheckout } from './mutations/createCheckout.js';
import { recordPayment } from './mutations/recordPayment.js';
import { refundCharge } from './mutations/refundCharge.js';
import { refundInvoicePayment } from './mutations/refundInvoicePayment.js';
import { storeCard } from './mutations/storeCard.js';
import { updatePayment } from './mutations/updatePayment.js';
import { updateStoredCard } from './mutations/updateStoredCard.js';
import { verifyCard } from './mutations/verifyCard.js';

/** One file per mutation in `mutations/`, named after it; each passes its input to the service of the same name. */
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
  refundCharge,
  refundInvoicePayment,
  reconcile,
  createCheckout,
};
