import type { MutationResolvers } from '../../generated/resolvers-types.js';
import { failure } from '../../domain/records.js';
import { chargeCard as charge } from '../../services/charge-card.js';
import { validIdempotencyKey } from '../../validation/common.js';
import { payload } from '../payloads.js';

export const chargeCard: MutationResolvers['chargeCard'] = async (_, { input }, ctx) => {
  const keyProblem = validIdempotencyKey(input.idempotencyKey);
  if (keyProblem) return payload('charge', failure(keyProblem));
  return payload('charge', await charge(ctx, input));
};
