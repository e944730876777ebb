import type { GatewayContext } from '../context.js';
import { failure, type CardAuthorizationRecord, type Outcome } from '../domain/records.js';
import { parseCardInput, type CardInputShape } from '../validation/card-input.js';
import { validateMoney, type MoneyInputShape } from '../validation/money-input.js';
import { currencyProblem } from './charge-card.js';
import type { WriteAhead } from './exactly-once.js';
import { moneyMutation, singleWriteRecovery } from './money-mutation.js';

export interface AuthorizeCardArgs {
  card: CardInputShape;
  amount?: MoneyInputShape | null;
}

/** iCount's default J5 amount (docs/upstreams/icount.md §6.10). */
const DEFAULT_AUTHORIZATION: MoneyInputShape = { amount: '5.00', currency: 'ILS' };

/**
 * authorizeCard rows: iCount's records of J5 holds are looked up by card number (cc/j5_status),
 * which the ledger never keeps, so a cc/j5 of unknown outcome is left for an operator
 * (docs/ledger.md); an issuer releases an unused hold by itself.
 */
export const AUTHORIZE_CARD_RECOVERY = singleWriteRecovery<CardAuthorizationRecord>('authorizeCard', async () => ({
  kind: 'undecidable',
  why: 'a J5 hold is found only by card number, which the ledger does not keep; check cc/j5_status with the card',
}));

/** Pre-authorises (J5) an amount on a card, exactly once per idempotency key. */
export function authorizeCard(ctx: GatewayContext, input: AuthorizeCardArgs & { idempotencyKey: string }): Promise<Outcome<CardAuthorizationRecord>> {
  return moneyMutation(ctx, AUTHORIZE_CARD_RECOVERY, input, (writes) => authorizeWithin(ctx, input, writes));
}

/** The currency is checked with a read first; cc/j5 leaves after the row says SENDING. */
async function authorizeWithin(ctx: GatewayContext, args: AuthorizeCardArgs, writes: WriteAhead): Promise<Outcome<CardAuthorizationRecord>> {
  const amount = args.amount ?? DEFAULT_AUTHORIZATION;
  const parsed = parseCardInput(args.card, { allowToken: false, require: ['cvv', 'holderId'], now: ctx.now() });
  const errors = [...parsed.errors, ...validateMoney(amount)];
  if (errors.length || parsed.source?.kind !== 'details') return failure(errors);
  const currency = await currencyProblem(ctx, amount.currency);
  if (currency) return failure(currency);
  const card = parsed.source;
  return writes.send('write', 'ICOUNT', { last4: card.number.slice(-4) }, () => ctx.icount.authorize(card, amount));
}
