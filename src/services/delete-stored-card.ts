import type { GatewayContext } from '../context.js';
import { intKeyOf, toGlobalId } from '../domain/ids.js';
import { failure, success, type Outcome } from '../domain/records.js';
import { problem } from '../validation/common.js';

export interface DeleteStoredCardArgs {
  id: string;
}

/** Deletes a stored card; answers with its global ID. A malformed or unknown id is NOT_FOUND alike. */
export async function deleteStoredCard(ctx: GatewayContext, args: DeleteStoredCardArgs): Promise<Outcome<string>> {
  const tokenId = intKeyOf(args.id, 'Card');
  if (tokenId === null || !(await ctx.icount.cardByToken.load(tokenId))) {
    return failure(problem('NOT_FOUND', ['id'], 'No stored card has this ID.'));
  }
  const outcome = await ctx.icount.deleteStoredCard(tokenId);
  return outcome.ok ? success(toGlobalId('Card', outcome.value)) : outcome;
}
