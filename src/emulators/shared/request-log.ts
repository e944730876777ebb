/** What an emulator saw: tests count upstream calls with it. Parameters are stored redacted. */
export interface LoggedRequest {
  seq: number;
  /** Upstream method name: `cc/bill`, `payment.list`. */
  method: string;
  /** Emulator clock time, epoch ms. */
  at: number;
  /** Request parameters with card numbers, CVVs, holder ids and secrets masked. */
  params: Record<string, unknown>;
  /** HTTP status answered, or 0 when the connection was dropped. */
  httpStatus: number;
  /** `OK`, the application error code, or `fault:<kind>`. */
  outcome: string;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  record(entry: Omit<LoggedRequest, 'seq'>): LoggedRequest {
    const logged = { ...entry, seq: ++this.seq };
    this.entries.push(logged);
    return logged;
  }

  all(): readonly LoggedRequest[] {
    return this.entries;
  }

  /** Number of requests, optionally for one upstream method. */
  count(method?: string): number {
    return method ? this.entries.filter((e) => e.method === method).length : this.entries.length;
  }

  clear(): void {
    this.entries = [];
  }
}
