import type { MutationResolvers } from '../../generated/resolvers-types.js';
import * as services from '../../services/index.js';
import { validIdempotencyKey } from '../../validation/common.js';

/** payInvoice keeps its own, richer journal (pending payments); its keys are scoped per API key too. */
export const payInvoice: MutationResolvers['payInvoice'] = async (_, { input }, ctx) => {
  const keyProblem = validIdempotencyKey(input.idempotencyKey);
  const result = keyProblem
    ? { charge: null, payment: null, pending: false, userErrors: [keyProblem] }
    : await services.payInvoice(ctx, `${ctx.principal.id}:${input.idempotencyKey}`, input);
  // Field paths in userErrors start at the mutation's `input` argument.
  return { ...result, userErrors: result.userErrors.map((e) => ({ ...e, field: e.field ? ['input', ...e.field] : null })) };
};
