/**
 * The operations the API offers: one service per mutation and per query that does more than
 * decode its arguments and make one datasource call. Resolvers import this module as `services`
 * and call `services.<operation>(ctx, args)`, so both layers use the operation's own name.
 */
export { authorizeCard } from './authorize-card.js';
export { chargeCard } from './charge-card.js';
export { deletePayment } from './delete-payment.js';
export { deleteStoredCard } from './delete-stored-card.js';
export { findCardAuthorization } from './find-card-authorization.js';
export { findNode } from './find-node.js';
export { payInvoice } from './pay-invoice.js';
export { recordPayment } from './record-payment.js';
export { storeCard } from './store-card.js';
export { updatePayment } from './update-payment.js';
export { updateStoredCard } from './update-stored-card.js';
export { validateCard } from './validate-card.js';
export { verifyCard } from './verify-card.js';
export { findLedgerEntry } from './find-ledger-entry.js';
export { refundCharge } from './refund-charge.js';
export { refundInvoicePayment } from './refund-invoice-payment.js';
export { reconciliation, reconcile } from './reconciliation.js';
