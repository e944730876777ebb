import type { MutationResolvers } from '../../generated/resolvers-types.js';
import * as services from '../../services/index.js';
import { payload } from '../payloads.js';

export const deleteStoredCard: MutationResolvers['deleteStoredCard'] = async (_, { input }, ctx) =>
  payload('deletedCardId', await services.deleteStoredCard(ctx, input));
