import type { ChargeResolvers } from '../generated/resolvers-types.js';
import { toGlobalId } from '../domain/ids.js';
import { clientOfIcountId } from '../services/client-sides.js';

export const Charge: ChargeResolvers = {
  id: (charge) => toGlobalId('Charge', charge.confirmationCode),
  client: (charge, _, ctx) => clientOfIcountId(ctx, charge.icountClientId),
};
