import type { GatewayContext } from '../context.js';
import { withMarker } from '../domain/marker.js';
import { failure, type CardRecord, type ChargeRecord, type Outcome, type UserErrorRecord } from '../domain/records.js';
import type { CardSource } from '../domain/requests.js';
import { parseCardInput, type CardInputShape } from '../validation/card-input.js';
import { maxLength, problem } from '../validation/common.js';
import { validateInstallments, validateMoney, type InstallmentsInputShape, type MoneyInputShape } from '../validation/money-input.js';
import type { WriteAhead } from './exactly-once.js';
import { resolveIcountClient, type ClientIdentityShape } from './icount-client-ref.js';
import { moneyMutation, singleWriteRecovery } from './money-mutation.js';
import { findCharge, type ChargeLookupData } from './write-lookups.js';

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

/** chargeCard rows: a cc/bill of unknown outcome is found by the marker in its description. */
export const CHARGE_CARD_RECOVERY = singleWriteRecovery<ChargeRecord>('chargeCard', findCharge);

/** Charges a card in iCount, exactly once per idempotency key (docs/ledger.md). */
export function chargeCard(ctx: GatewayContext, input: ChargeCardArgs & { idempotencyKey: string }): Promise<Outcome<ChargeRecord>> {
  return moneyMutation(ctx, CHARGE_CARD_RECOVERY, input, (writes) => chargeWithin(ctx, input, writes, 'write'));
}

/**
 * Charges a card as one write of a ledger row (`step`: chargeCard's only write, payInvoice's
 * `charge`). Everything iCount would reject, and every id that does not exist, is caught first
 * with reads, so `cc/bill` is only sent for a charge that can succeed; it is sent at most once
 * (never retried), recorded as SENDING before it leaves, with the row's marker in its description.
 */
export async function chargeWithin(ctx: GatewayContext, args: ChargeCardArgs, writes: WriteAhead, step: string): Promise<Outcome<ChargeRecord>> {
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
    storedCard(ctx, parsed.source),
  ]);
  const [currency, client, stored] = checks;
  const found = [...(currency ? [currency] : []), ...(client.ok ? [] : client.errors), ...(stored.problem ? [stored.problem] : [])];
  if (found.length || !client.ok) return failure(found);

  const source = parsed.source;
  const icountClientId = client.value && 'icountId' in client.value ? client.value.icountId : null;
  if (icountClientId !== null && source.kind === 'token' && !(await ctx.icount.clientHasToken(icountClientId, source.tokenId))) {
    return failure(problem('NOT_FOUND', ['card', 'tokenId'], 'This client has no stored card with this token.'));
  }

  const lookup: Omit<ChargeLookupData, 'sentAt'> = { last4: source.kind === 'token' ? stored.card!.last4 : source.number.slice(-4), icountClientId };
  return writes.send(step, 'ICOUNT', { ...lookup }, () =>
    ctx.icount.bill({
      amount: { amount: args.amount.amount, currency: args.amount.currency },
      card: source,
      client: client.value,
      installments: {
        count: args.installments?.count ?? 1,
        firstPayment: args.installments?.firstPayment ?? null,
        credit: args.installments?.credit ?? false,
      },
      description: withMarker(args.description, writes.entry.id),
      test: args.test ?? false,
      useAuthorization: args.useAuthorization ?? false,
    }),
  );
}

/** The currency must be one iCount has: a wrong currency would not fail there, it would charge in another one. */
export async function currencyProblem(ctx: GatewayContext, code: string, field: string[] = ['amount', 'currency']): Promise<UserErrorRecord | null> {
  const currencies = await ctx.icount.currencies();
  return currencies.some((c) => c.code === code) ? null : problem('INVALID_CURRENCY', field, `iCount does not support ${code}.`);
}

/** A stored card must exist; its last 4 digits go into the ledger row for a later look-up. */
async function storedCard(ctx: GatewayContext, source: CardSource): Promise<{ card: CardRecord | null; problem: UserErrorRecord | null }> {
  if (source.kind !== 'token') return { card: null, problem: null };
  const card = await ctx.icount.cardByToken.load(source.tokenId);
  return { card, problem: card ? null : problem('NOT_FOUND', ['card', 'tokenId'], 'No stored card has this token.') };
}
