import type { GatewayContext } from '../context.js';
import { fromGlobalId, intKeyOf } from '../domain/ids.js';
import {
  failure, success, type CardRecord, type ChargeRecord, type ClientRecord, type InvoiceRecord, type Outcome, type PaymentRecord,
} from '../domain/records.js';
import { problem } from '../validation/common.js';
import { loadClient } from './client-sides.js';
import { loadCharge, parseChargeId } from './refunds.js';

export interface FindNodeArgs {
  id: string;
}

/** Whatever a global ID can name (resolvers/Node.ts tells them apart). */
export type NodeRecord = CardRecord | ChargeRecord | ClientRecord | PaymentRecord | InvoiceRecord;

/** Any record by global ID, from the system its type lives in; null when there is none. */
export async function findNode(ctx: GatewayContext, { id }: FindNodeArgs): Promise<Outcome<NodeRecord | null>> {
  const parsed = fromGlobalId(id);
  if (!parsed) return failure(problem('INVALID_INPUT', ['id'], 'Not a paygraph ID.'));
  switch (parsed.type) {
    case 'Card': {
      const tokenId = intKeyOf(id, 'Card');
      return success(tokenId === null ? null : await ctx.icount.cardByToken.load(tokenId));
    }
    case 'Charge': {
      // New ids carry iCount's cc_bill_log_id and the code; ids issued before carry the code alone.
      const charge = parseChargeId(id);
      return success(charge ? await loadCharge(ctx, charge) : null);
    }
    case 'Client':
      return success(await loadClient(ctx, id));
    case 'Payment': {
      const paymentId = intKeyOf(id, 'Payment');
      return success(paymentId === null ? null : await ctx.freshbooks.paymentById.load(paymentId));
    }
    case 'Invoice': {
      const invoiceId = intKeyOf(id, 'Invoice');
      return success(invoiceId === null ? null : await ctx.freshbooks.invoiceById.load(invoiceId));
    }
  }
}
