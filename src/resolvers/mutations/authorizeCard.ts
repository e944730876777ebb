import type { MutationResolvers } from '../../generated/resolvers-types.js';
import * as services from '../../services/index.js';
import { idempotentPayload } from '../payloads.js';

export const authorizeCard: MutationResolvers['authorizeCard'] = (_, { input }, ctx) =>
  idempotentPayload(ctx, 'authorizeCard', input, 'authorization', () => services.authorizeCard(ctx, input));
