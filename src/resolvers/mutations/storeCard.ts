import type { MutationResolvers } from '../../generated/resolvers-types.js';
import * as services from '../../services/index.js';
import { idempotentPayload } from '../payloads.js';

export const storeCard: MutationResolvers['storeCard'] = (_, { input }, ctx) =>
  idempotentPayload(ctx, 'storeCard', input, 'card', () => services.storeCard(ctx, input));
