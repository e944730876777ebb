import { createContext, type Upstreams } from '../context.js';
import type { Logger } from '../logger.js';
import { completeCharged } from './pay-invoice.js';

/**
 * Completes payInvoice payments that were charged but not recorded (FreshBooks was down, or the
 * gateway stopped between the two steps). Runs on a timer in every replica; the journal's
 * per-key lock makes sure one of them records each payment, once.
 */
export class PayInvoiceRecovery {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly upstreams: Upstreams,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.runOnce().catch((err: unknown) => this.logger.warn({ err: String(err) }, 'payInvoice recovery failed')), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One pass over the pending entries; resolves with how many were completed. */
  runOnce(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<number> {
    const { journal } = this.upstreams;
    let completed = 0;
    for (const key of await journal.pending()) {
      const ctx = createContext(this.upstreams, this.logger, `recovery:${key}`);
      const entry = await journal.get(key);
      if (!entry) continue;
      const done = await journal.withLock(key, () => completeCharged(ctx, entry));
      if (done?.state === 'completed') {
        completed += 1;
        this.logger.info({ invoice: done.invoiceNumber, confirmationCode: done.charge?.confirmationCode }, 'payInvoice: pending payment recorded');
      }
    }
    return completed;
  }
}
