import type { MutationResolvers } from '../../generated/resolvers-types.js';
import { intKeyOf, toGlobalId } from '../../domain/ids.js';
import { failure, success, type UserErrorRecord } from '../../domain/records.js';
import { formatValidity } from '../../lib/cards.js';
import { currencyProblem } from '../../services/charge-card.js';
import { resolveIcountClient } from '../../services/icount-client-ref.js';
import { checkExpiry, holderIdProblem, parseCardInput, type CardSource } from '../../validation/card-input.js';
import { maxLength, problem } from '../../validation/common.js';
import { validateMoney } from '../../validation/money-input.js';
import { idempotentPayload, payload } from '../payloads.js';

type Details = CardSource & { kind: 'details' };

/** iCount's default J5 amount (reference §6.10). */
const DEFAULT_AUTHORIZATION = { amount: '5.00', currency: 'ILS' };

export const storeCard: MutationResolvers['storeCard'] = (_, { input }, ctx) =>
  idempotentPayload(ctx, 'storeCard', input, 'card', async () => {
    const parsed = parseCardInput(input.card, { allowToken: false, now: ctx.now() });
    if (!parsed.source) return failure(parsed.errors);
    const client = await resolveIcountClient(ctx, input.clientId, input.client);
    if (!client.ok) return failure(client.errors);
    return ctx.icount.storeCard(parsed.source as Details, client.value, input.failIfExists ?? false);
  });

export const updateStoredCard: MutationResolvers['updateStoredCard'] = async (_, { input }, ctx) => {
  const tokenId = intKeyOf(input.id, 'Card');
  if (tokenId === null) return payload('card', failure(problem('INVALID_INPUT', ['id'], 'Not a Card ID.')));
  const errors: UserErrorRecord[] = [];
  let validity: string | undefined;
  if (input.expiry != null) {
    const checked = checkExpiry(input.expiry, ctx.now(), ['expiry']);
    if ('error' in checked) errors.push(checked.error);
    else validity = formatValidity(checked.expiry);
  }
  const holderName = maxLength(input.holderName, 100, ['holderName']);
  if (holderName) errors.push(holderName);
  const holderId = input.holderId == null ? null : holderIdProblem(input.holderId, ['holderId']);
  if (holderId) errors.push(holderId);
  if (errors.length) return payload('card', failure(errors));
  if (!(await ctx.icount.cardByToken.load(tokenId))) return payload('card', failure(problem('NOT_FOUND', ['id'], 'No stored card has this ID.')));
  return payload(
    'card',
    await ctx.icount.updateStoredCard(tokenId, {
      ...(validity ? { validity } : {}),
      ...(input.holderName != null ? { holderName: input.holderName } : {}),
      ...(input.holderId != null ? { holderId: input.holderId } : {}),
    }),
  );
};

export const deleteStoredCard: MutationResolvers['deleteStoredCard'] = async (_, { input }, ctx) => {
  const tokenId = intKeyOf(input.id, 'Card');
  const missing = () => ({ deletedCardId: null, userErrors: [{ code: 'NOT_FOUND' as const, field: ['input', 'id'], message: 'No stored card has this ID.' }] });
  if (tokenId === null || !(await ctx.icount.cardByToken.load(tokenId))) return missing();
  const outcome = await ctx.icount.deleteStoredCard(tokenId);
  const result = payload('deletedCardId', outcome.ok ? success(toGlobalId('Card', outcome.value)) : outcome);
  return result;
};

export const verifyCard: MutationResolvers['verifyCard'] = async (_, { input }, ctx) => {
  const parsed = parseCardInput(input.card, { allowToken: false, require: ['cvv', 'holderId'], now: ctx.now() });
  const outcome = parsed.source ? await ctx.icount.verify(parsed.source as Details) : failure(parsed.errors);
  const { card, userErrors } = payload('card', outcome);
  return { verified: outcome.ok, card, userErrors };
};

export const authorizeCard: MutationResolvers['authorizeCard'] = (_, { input }, ctx) =>
  idempotentPayload(ctx, 'authorizeCard', input, 'authorization', async () => {
    const amount = input.amount ?? DEFAULT_AUTHORIZATION;
    const parsed = parseCardInput(input.card, { allowToken: false, require: ['cvv', 'holderId'], now: ctx.now() });
    const errors = [...parsed.errors, ...validateMoney(amount)];
    if (errors.length || !parsed.source) return failure(errors);
    const currency = await currencyProblem(ctx, amount.currency);
    if (currency) return failure(currency);
    return ctx.icount.authorize(parsed.source as Details, amount);
  });
