import type { ChargeRecord, PaymentRecord, UserErrorRecord } from '../domain/records.js';
import type { Store } from '../stores/store.js';

/**
 * The payInvoice journal: what happened to each idempotency key, so the card is charged at most
 * once whatever fails in between. Entries hold no card data (a charge record has brand and last 4
 * only). States:
 * - `charging`: the key is claimed and cc/bill may be on its way; nobody else may charge.
 * - `charge_unknown`: cc/bill was sent but no answer came back; never charged again automatically.
 * - `declined`: iCount said no; the answer is replayed.
 * - `charged`: money moved, the FreshBooks payment is still to be recorded (pending).
 * - `completed`: both done; the answer is replayed.
 */
export type JournalState = 'charging' | 'charge_unknown' | 'declined' | 'charged' | 'completed';

export interface JournalEntry {
  key: string;
  /** Hash of the request, without card data, to refuse the same key with another input. */
  fingerprint: string;
  state: JournalState;
  invoiceId: number;
  invoiceNumber: string;
  amount: string;
  currency: string;
  charge: ChargeRecord | null;
  payment: PaymentRecord | null;
  userErrors: UserErrorRecord[];
  /** Recording attempts after the charge. */
  attempts: number;
  lastError: string | null;
  updatedAt: string;
}

const ENTRY = (key: string) => `payinvoice:entry:${key}`;
const LOCK = (key: string) => `payinvoice:lock:${key}`;
const PENDING = 'payinvoice:pending';

export class PayInvoiceJournal {
  constructor(
    private readonly store: Store,
    /** How long finished entries are kept for replay. */
    private readonly retentionSeconds: number,
  ) {}

  async get(key: string): Promise<JournalEntry | null> {
    const raw = await this.store.get(ENTRY(key));
    return raw ? (JSON.parse(raw) as JournalEntry) : null;
  }

  /** Claims the key for a new charge; false when someone already has it. */
  claim(entry: JournalEntry): Promise<boolean> {
    return this.store.setIfAbsent(ENTRY(entry.key), JSON.stringify(entry), this.retentionSeconds);
  }

  async save(entry: JournalEntry): Promise<void> {
    const saved = { ...entry, updatedAt: new Date().toISOString() };
    await this.store.set(ENTRY(entry.key), JSON.stringify(saved), this.retentionSeconds);
    if (entry.state === 'charged') await this.store.addToSet(PENDING, entry.key);
    else await this.store.removeFromSet(PENDING, entry.key);
  }

  /** Gives up a claim when nothing was sent to iCount, so the same key may try again. */
  async release(key: string): Promise<void> {
    await this.store.delete(ENTRY(key));
  }

  pending(): Promise<string[]> {
    return this.store.members(PENDING);
  }

  /**
   * Runs `work` while holding the key's completion lock, so a client retry and the background
   * recovery (or two replicas) never record the same payment twice. Returns null when the lock is
   * taken.
   */
  async withLock<T>(key: string, work: () => Promise<T>, ttlSeconds = 60): Promise<T | null> {
    if (!(await this.store.setIfAbsent(LOCK(key), '1', ttlSeconds))) return null;
    try {
      return await work();
    } finally {
      await this.store.delete(LOCK(key));
    }
  }
}
