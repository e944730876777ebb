/**
 * The operations the API offers: one service per mutation and per query that does more than
 * decode its arguments and make one datasource call. Resolvers import this module as `services`
 * and call `services.<operation>(ctx, args)`, so both layers use the operation's own name.
 */
export { findCardAuthorization } from './find-card-authorization.js';
export { findNode } from './find-node.js';
export { validateCard } from './validate-card.js';
