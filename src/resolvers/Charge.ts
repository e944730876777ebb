import type { ChargeResolvers } from '../generated/resolvers-types.js';
import { toGlobalId } from '../domain/ids.js';

export const Charge: ChargeResolvers = {
  id: (charge) => toGlobalId('Charge', charge.confirmationCode),
  client: async (charge, _, ctx) => {
    if (charge.icountClientId === null) return null;
    const icount = await ctx.icount.clientById.load(charge.icountClientId);
    return icount ? { icount } : null;
  },
};
