import type { MutationResolvers } from '../../generated/resolvers-types.js';
import * as services from '../../services/index.js';
import { idempotentPayload } from '../payloads.js';

export const chargeCard: MutationResolvers['chargeCard'] = (_, { input }, ctx) =>
  idempotentPayload(ctx, 'chargeCard', input, 'charge', () => services.chargeCard(ctx, input));
