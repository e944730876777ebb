import type { GatewayContext } from '../context.js';
import { failure, type CardDetailsRecord, type Outcome } from '../domain/records.js';
import { parseCardInput, type CardInputShape } from '../validation/card-input.js';

export interface VerifyCardArgs {
  card: CardInputShape;
}

/** Checks a card with iCount (number, expiry, CVV and holder id) without charging it. */
export async function verifyCard(ctx: GatewayContext, args: VerifyCardArgs): Promise<Outcome<CardDetailsRecord>> {
  const parsed = parseCardInput(args.card, { allowToken: false, require: ['cvv', 'holderId'], now: ctx.now() });
  if (parsed.source?.kind !== 'details') return failure(parsed.errors);
  return ctx.icount.verify(parsed.source);
}
