import type { ChargeResolvers } from '../generated/resolvers-types.js';
import { clientOfIcountId } from '../services/client-sides.js';
import { chargeGlobalId, refundedOf, refundsOf, statusOf } from '../services/refunds.js';

export const Charge: ChargeResolvers = {
  id: (charge) => chargeGlobalId(charge),
  client: (charge, _, ctx) => clientOfIcountId(ctx, charge.icountClientId),
  status: (charge, _, ctx) => statusOf(ctx, charge),
  refundedAmount: (charge, _, ctx) => refundedOf(ctx, charge),
  refunds: (charge, _, ctx) => refundsOf(ctx, charge),
};
