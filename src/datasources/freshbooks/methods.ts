/** FreshBooks Classic methods paygraph calls, as named in `<request method="…">`. */
export type FreshbooksMethod =
  | 'payment.create'
  | 'payment.update'
  | 'payment.get'
  | 'payment.list'
  | 'payment.delete'
  | 'client.get'
  | 'client.list'
  | 'invoice.get'
  | 'invoice.list';

/**
 * Calls that change something. FreshBooks Classic has no idempotency key (docs/upstreams/freshbooks.md §10.7), so a
 * retry after a timeout or a dropped connection could record a payment twice: never retried.
 */
export const WRITE_METHODS: ReadonlySet<FreshbooksMethod> = new Set<FreshbooksMethod>([
  'payment.create',
  'payment.update',
  'payment.delete',
]);
