import type { GatewayContext } from '../context.js';
import { intKeyOf } from '../domain/ids.js';
import { failure, type CardRecord, type Outcome, type UserErrorRecord } from '../domain/records.js';
import type { StoredCardChanges } from '../domain/requests.js';
import { formatValidity } from '../lib/cards.js';
import { checkExpiry, holderIdProblem } from '../validation/card-input.js';
import { maxLength, problem } from '../validation/common.js';

export interface UpdateStoredCardArgs {
  id: string;
  expiry?: string | null;
  holderName?: string | null;
  holderId?: string | null;
}

/** Changes a stored card's expiry or holder; the card is looked up first, so an unknown id is NOT_FOUND. */
export async function updateStoredCard(ctx: GatewayContext, args: UpdateStoredCardArgs): Promise<Outcome<CardRecord>> {
  const tokenId = intKeyOf(args.id, 'Card');
  if (tokenId === null) return failure(problem('INVALID_INPUT', ['id'], 'Not a Card ID.'));
  const errors: UserErrorRecord[] = [];
  const changes: StoredCardChanges = {};
  if (args.expiry != null) {
    const checked = checkExpiry(args.expiry, ctx.now(), ['expiry']);
    if ('error' in checked) errors.push(checked.error);
    else changes.validity = formatValidity(checked.expiry);
  }
  const holderName = maxLength(args.holderName, 100, ['holderName']);
  if (holderName) errors.push(holderName);
  else if (args.holderName != null) changes.holderName = args.holderName;
  const holderId = args.holderId == null ? null : holderIdProblem(args.holderId, ['holderId']);
  if (holderId) errors.push(holderId);
  else if (args.holderId != null) changes.holderId = args.holderId;
  if (errors.length) return failure(errors);

  if (!(await ctx.icount.cardByToken.load(tokenId))) return failure(problem('NOT_FOUND', ['id'], 'No stored card has this ID.'));
  return ctx.icount.updateStoredCard(tokenId, changes);
}
