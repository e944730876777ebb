import type { GatewayContext } from '../context.js';
import type { IcountFieldMap } from '../datasources/icount/errors.js';
import { failure, type CardAuthorizationRecord, type Outcome } from '../domain/records.js';
import { parseCardLookup, type CardInputShape } from '../validation/card-input.js';
import { ledgerCall } from './ledger-call.js';

export interface FindCardAuthorizationArgs {
  card: CardInputShape;
}

/** Where iCount's parameters sit in this query's `card` argument. */
const CARD_ARGUMENT_FIELDS: IcountFieldMap = { cc_number: ['card', 'number'], cc_token_id: ['card', 'tokenId'], card: ['card'] };

/** The pre-authorisation (J5) held on a card, by stored token or number. Field paths are the query's. */
export async function findCardAuthorization(ctx: GatewayContext, { card }: FindCardAuthorizationArgs): Promise<Outcome<CardAuthorizationRecord>> {
  const lookup = parseCardLookup(card);
  if (!lookup.ok) return failure(lookup.errors);
  const outcome = await ctx.icount.authorizationStatus(lookup.value, CARD_ARGUMENT_FIELDS, (code) => authorizationCurrency(ctx, code));
  // `card` is the query's only argument: what iCount ties to no parameter is about the card.
  return outcome.ok ? outcome : failure(outcome.errors.map((e) => ({ ...e, field: e.field ?? ['card'] })));
}

/**
 * iCount's J5 status documents no currency (evidence I7): it is the one of the authorizeCard
 * ledger row whose stored result has this confirmation code (the caller's own rows first). Null
 * when the J5 was not made through the gateway (the datasource then says ILS).
 */
export async function authorizationCurrency(ctx: GatewayContext, confirmationCode: string | null): Promise<string | null> {
  if (!confirmationCode) return null;
  // Under the cardAuthorization query, which sends nothing upstream.
  const rows = await ledgerCall('NOT_ATTEMPTED', () => ctx.ledger.byOperation(['authorizeCard'], ['SUCCEEDED']));
  const matching = rows.filter((row) => resultOf(row.result)?.confirmationCode === confirmationCode);
  const row = matching.find((r) => r.principal === ctx.principal.id) ?? matching[0];
  const result = row ? resultOf(row.result) : null;
  return result?.total?.currency ?? result?.remaining?.currency ?? null;
}

/** The authorisation a final authorizeCard row answered with (an Outcome), or null. */
function resultOf(stored: unknown): Partial<CardAuthorizationRecord> | null {
  if (!stored || typeof stored !== 'object') return null;
  const { ok, value } = stored as { ok?: unknown; value?: unknown };
  return ok === true && value && typeof value === 'object' ? (value as Partial<CardAuthorizationRecord>) : null;
}
