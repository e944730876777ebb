import type { GraphQLResolveInfo } from 'graphql';
import type { ChargeResolvers } from '../generated/resolvers-types.js';
import { clientOfIcountId } from '../services/client-sides.js';
import { chargeGlobalId, refundedOf, refundsOf, statusOf, type RefundsRead } from '../services/refunds.js';

/**
 * The ledger's refunds of a charge, read for one field. A charge in a mutation's answer is one
 * whose money moved under the mutation's key, so a ledger that fails there answers
 * STORE_UNAVAILABLE `UNKNOWN` (the same key replays the answer), never NOT_ATTEMPTED's "nothing
 * was sent"; in a query nothing is ever sent (docs/ledger.md, "Failures of the ledger itself").
 */
const refundsRead = (info: GraphQLResolveInfo): RefundsRead => ({ outcome: info.operation.operation === 'mutation' ? 'UNKNOWN' : 'NOT_ATTEMPTED' });

export const Charge: ChargeResolvers = {
  id: (charge) => chargeGlobalId(charge),
  client: (charge, _, ctx) => clientOfIcountId(ctx, charge.icountClientId),
  status: (charge, _, ctx, info) => statusOf(ctx, charge, refundsRead(info)),
  refundedAmount: (charge, _, ctx, info) => refundedOf(ctx, charge, refundsRead(info)),
  refunds: (charge, _, ctx, info) => refundsOf(ctx, charge, refundsRead(info)),
};
