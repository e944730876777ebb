import type { MutationResolvers } from '../../generated/resolvers-types.js';
import { chargeCard as charge } from '../../services/charge-card.js';
import { idempotentPayload } from '../payloads.js';

export const chargeCard: MutationResolvers['chargeCard'] = (_, { input }, ctx) =>
  idempotentPayload(ctx, 'chargeCard', input, 'charge', () => charge(ctx, input));
