import type { GatewayContext } from '../context.js';
import { failure, type ChargeRecord, type Outcome, type UserErrorRecord } from '../domain/records.js';
import { parseCardInput, type CardInputShape, type CardSource } from '../validation/card-input.js';
import { maxLength, problem } from '../validation/common.js';
import { validateInstallments, validateMoney, type InstallmentsInputShape, type MoneyInputShape } from '../validation/money-input.js';
import { resolveIcountClient, type ClientIdentityShape } from './icount-client-ref.js';

export interface ChargeCardArgs {
  amount: MoneyInputShape;
  card: CardInputShape;
  clientId?: string | null;
  client?: ClientIdentityShape | null;
  installments?: InstallmentsInputShape | null;
  description?: string | null;
  test?: boolean | null;
  useAuthorization?: boolean | null;
}

/**
 * Charges a card in iCount. Everything iCount would reject, and every id that does not exist,
 * is caught first with reads, so `cc/bill` is only sent for a charge that can succeed; it is
 * sent at most once (never retried). Used by `chargeCard` and, later, by `payInvoice`.
 */
export async function chargeCard(ctx: GatewayContext, args: ChargeCardArgs): Promise<Outcome<ChargeRecord>> {
  const parsed = parseCardInput(args.card, { allowToken: true, now: ctx.now() });
  const errors: UserErrorRecord[] = [
    ...parsed.errors,
    ...validateMoney(args.amount),
    ...(args.installments ? validateInstallments(args.installments, args.amount) : []),
  ];
  const description = maxLength(args.description, 250, ['description']);
  if (description) errors.push(description);
  if (errors.length || !parsed.source) return failure(errors);

  const checks = await Promise.all([
    currencyProblem(ctx, args.amount.currency),
    resolveIcountClient(ctx, args.clientId, args.client),
    tokenProblem(ctx, parsed.source),
  ]);
  const [currency, client, token] = checks;
  const found = [...(currency ? [currency] : []), ...(client.ok ? [] : client.errors), ...(token ? [token] : [])];
  if (found.length || !client.ok) return failure(found);

  const source = parsed.source;
  if (client.value && 'icountId' in client.value && source.kind === 'token') {
    const card = await ctx.icount.cardByToken.load(source.tokenId);
    if (card?.icountClientId != null && card.icountClientId !== client.value.icountId) {
      return failure(problem('NOT_FOUND', ['card', 'tokenId'], 'This client has no stored card with this token.'));
    }
  }

  return ctx.icount.bill({
    amount: { amount: args.amount.amount, currency: args.amount.currency },
    card: source,
    client: client.value,
    installments: {
      count: args.installments?.count ?? 1,
      firstPayment: args.installments?.firstPayment ?? null,
      credit: args.installments?.credit ?? false,
    },
    description: args.description ?? null,
    test: args.test ?? false,
    useAuthorization: args.useAuthorization ?? false,
  });
}

/** The currency must be one iCount has: a wrong currency would not fail there, it would charge in another one. */
export async function currencyProblem(ctx: GatewayContext, code: string, field: string[] = ['amount', 'currency']): Promise<UserErrorRecord | null> {
  const currencies = await ctx.icount.currencies();
  return currencies.some((c) => c.code === code) ? null : problem('INVALID_CURRENCY', field, `iCount does not support ${code}.`);
}

async function tokenProblem(ctx: GatewayContext, source: CardSource): Promise<UserErrorRecord | null> {
  if (source.kind !== 'token') return null;
  const card = await ctx.icount.cardByToken.load(source.tokenId);
  return card ? null : problem('NOT_FOUND', ['card', 'tokenId'], 'No stored card has this token.');
}
