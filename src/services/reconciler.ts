import { createContext, type Runtime } from '../context.js';
import type { LedgerEntry, LedgerOperation } from '../ledger/index.js';
import type { Logger } from '../logger.js';
import { AUTHORIZE_CARD_RECOVERY } from './authorize-card.js';
import { CHARGE_CARD_RECOVERY } from './charge-card.js';
import { DELETE_PAYMENT_RECOVERY } from './delete-payment.js';
import { resume, type Recovery } from './exactly-once.js';
import { PAY_INVOICE_RECOVERY } from './pay-invoice.js';
import { RECONCILE_RECOVERY } from './reconciliation.js';
import { RECORD_PAYMENT_RECOVERY } from './record-payment.js';
import { CHECKOUT_RECOVERY } from './checkout.js';
import { watchLatePayments } from './checkout-endings.js';
import { REFUND_CHARGE_RECOVERY } from './refund-charge.js';
import { REFUND_INVOICE_PAYMENT_RECOVERY } from './refund-invoice-payment.js';
import { STORE_CARD_RECOVERY } from './store-card.js';

const RECOVERIES: Record<LedgerOperation, Recovery<unknown>> = {
  chargeCard: CHARGE_CARD_RECOVERY,
  authorizeCard: AUTHORIZE_CARD_RECOVERY,
  storeCard: STORE_CARD_RECOVERY,
  recordPayment: RECORD_PAYMENT_RECOVERY,
  deletePayment: DELETE_PAYMENT_RECOVERY,
  payInvoice: PAY_INVOICE_RECOVERY as Recovery<unknown>,
  refundCharge: REFUND_CHARGE_RECOVERY,
  refundInvoicePayment: REFUND_INVOICE_PAYMENT_RECOVERY as Recovery<unknown>,
  reconcile: RECONCILE_RECOVERY,
  createCheckout: CHECKOUT_RECOVERY as Recovery<unknown>,
};

/**
 * Settles what no request is settling: writes of unknown outcome (looked up upstream), rows whose
 * owner died (SENDING past its lease, STARTED past its claim), and payInvoice rows charged but not
 * yet recorded. Runs on a timer in every replica; compare-and-set on each row makes sure one of
 * them moves it. Also records checkouts paid after they ended (checkout-endings.ts) and deletes
 * settled rows older than the retention.
 */
export class Reconciler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly runtime: Runtime,
    private readonly logger: Logger,
    private readonly options: { intervalMs: number; retentionMs: number },
  ) {}

  start(): void {
    if (this.options.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.runOnce().catch((err: unknown) => this.logger.warn({ err: String(err) }, 'ledger: reconciliation pass failed')), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One pass; resolves with how many rows it looked at. */
  runOnce(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<number> {
    const { ledger } = this.runtime;
    const rows = await ledger.unsettled();
    for (const entry of rows) await this.settle(entry);
    await this.watchLatePayments();
    const purged = await ledger.purgeSettled(Date.now() - this.options.retentionMs);
    if (purged) this.logger.info({ purged }, 'ledger: settled rows past their retention deleted');
    return rows.length;
  }

  /** Checkouts that ended without a payment, looked for in iCount for a while: money paid late is recorded (docs/checkout.md). */
  private async watchLatePayments(): Promise<void> {
    const ctx = createContext(this.runtime, this.logger, 'reconcile:late-payments', { id: 'reconciler', scopes: new Set() });
    try {
      const found = await watchLatePayments(ctx);
      if (found) this.logger.warn({ found }, 'ledger: checkouts paid after they ended; payments recorded');
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'ledger: could not look for late checkout payments yet');
    }
  }

  private async settle(entry: LedgerEntry): Promise<void> {
    const now = Date.now();
    // Rows a live request is still working on are left to it.
    if ((entry.state === 'STARTED' || entry.state === 'SENDING') && entry.leaseUntil > now) return;
    const ctx = createContext(this.runtime, this.logger, `reconcile:${entry.id}`, { id: entry.principal, scopes: new Set() });
    try {
      await resume(ctx, RECOVERIES[entry.operation], entry, null);
    } catch (err) {
      this.logger.warn({ entry: entry.id, operation: entry.operation, err: err instanceof Error ? err.message : String(err) }, 'ledger: could not settle a row yet');
    }
  }
}
