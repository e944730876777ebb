import { StoreUnavailableError } from '../errors.js';

/**
 * What a failed ledger call tells the client (docs/ledger.md, "Failures of the ledger itself"):
 * `NOT_ATTEMPTED` while this request has sent no money write, `UNKNOWN` once it may have.
 */
export type LedgerFailureOutcome = StoreUnavailableError['outcome'];

/**
 * Every ledger call of a request goes through here, reads as much as writes: when the database
 * fails, the answer is STORE_UNAVAILABLE with what the caller knows was sent, never a bare
 * internal error.
 */
export async function ledgerCall<T>(outcome: LedgerFailureOutcome, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof StoreUnavailableError) throw err;
    throw new StoreUnavailableError(outcome, err);
  }
}
