import type { FreshbooksMethod } from './methods.js';

/** The read cache's keys for FreshBooks records (src/cache/read-cache.ts): the upstream, the record and its id. */
export const freshbooksKeys = {
  client: (clientId: number) => `freshbooks:client:${clientId}`,
  invoice: (invoiceId: number) => `freshbooks:invoice:${invoiceId}`,
};

/**
 * What a payment write may have changed, dropped after it whatever its outcome: its invoice's paid
 * amount and status, and its client's credits (a credit, or an overpayment that becomes one). An
 * update or delete names only the payment, so every cached invoice and client goes, as the
 * request's own loaders are cleared after a write (`forgetAfterWrite`). Payments themselves are
 * never cached.
 */
export function droppedBy(method: FreshbooksMethod): string[] {
  return method === 'payment.create' || method === 'payment.update' || method === 'payment.delete' ? ['freshbooks:invoice:*', 'freshbooks:client:*'] : [];
}
