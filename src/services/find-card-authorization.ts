import type { GatewayContext } from '../context.js';
import type { IcountFieldMap } from '../datasources/icount/errors.js';
import { failure, type CardAuthorizationRecord, type Outcome } from '../domain/records.js';
import { parseCardLookup, type CardInputShape } from '../validation/card-input.js';

export interface FindCardAuthorizationArgs {
  card: CardInputShape;
}

/** Where iCount's parameters sit in this query's `card` argument. */
const CARD_ARGUMENT_FIELDS: IcountFieldMap = { cc_number: ['card', 'number'], cc_token_id: ['card', 'tokenId'], card: ['card'] };

/** The pre-authorisation (J5) held on a card, by stored token or number. Field paths are the query's. */
export async function findCardAuthorization(ctx: GatewayContext, { card }: FindCardAuthorizationArgs): Promise<Outcome<CardAuthorizationRecord>> {
  const lookup = parseCardLookup(card);
  if (!lookup.ok) return failure(lookup.errors);
  const outcome = await ctx.icount.authorizationStatus(lookup.value, CARD_ARGUMENT_FIELDS);
  // `card` is the query's only argument: what iCount ties to no parameter is about the card.
  return outcome.ok ? outcome : failure(outcome.errors.map((e) => ({ ...e, field: e.field ?? ['card'] })));
}
