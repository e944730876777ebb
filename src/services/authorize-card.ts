import type { GatewayContext } from '../context.js';
import { failure, type CardAuthorizationRecord, type Outcome } from '../domain/records.js';
import { parseCardInput, type CardInputShape } from '../validation/card-input.js';
import { validateMoney, type MoneyInputShape } from '../validation/money-input.js';
import { currencyProblem } from './charge-card.js';

export interface AuthorizeCardArgs {
  card: CardInputShape;
  amount?: MoneyInputShape | null;
}

/** iCount's default J5 amount (docs/upstreams/icount.md §6.10). */
const DEFAULT_AUTHORIZATION: MoneyInputShape = { amount: '5.00', currency: 'ILS' };

/** Pre-authorises (J5) an amount on a card given by its details; the currency is checked with a read first. */
export async function authorizeCard(ctx: GatewayContext, args: AuthorizeCardArgs): Promise<Outcome<CardAuthorizationRecord>> {
  const amount = args.amount ?? DEFAULT_AUTHORIZATION;
  const parsed = parseCardInput(args.card, { allowToken: false, require: ['cvv', 'holderId'], now: ctx.now() });
  const errors = [...parsed.errors, ...validateMoney(amount)];
  if (errors.length || parsed.source?.kind !== 'details') return failure(errors);
  const currency = await currencyProblem(ctx, amount.currency);
  if (currency) return failure(currency);
  return ctx.icount.authorize(parsed.source, amount);
}
