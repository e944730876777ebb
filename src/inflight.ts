/**
 * Money-moving mutations running in this process. Shutdown waits for them (each ends within the
 * request deadline, its writes within their timeouts), so every write's outcome is in the ledger
 * before the process exits.
 */
export class InflightWrites {
  private readonly running = new Set<Promise<unknown>>();

  track(write: Promise<unknown>): void {
    const settled = write.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when every mutation tracked so far, and any started meanwhile, has finished. */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }
}
