/**
 * Fault injection shared by both emulators. A rule names the upstream method it applies to
 * (`cc/bill`, `payment.create`) or `*` for every method, and how many requests it hits.
 */
export type Fault =
  /** Delay the answer, then answer normally (or with the next fault). */
  | { kind: 'latency'; ms: number }
  /**
   * Hold the request until held requests are released (`release()`, or `POST faults/release`),
   * then go on: a test releases one wave at a time to count the round trips an operation waits for.
   */
  | { kind: 'hold' }
  /** Answer with this HTTP status and body instead of processing the request. */
  | { kind: 'http'; status: number; body?: string; contentType?: string; headers?: Record<string, string> }
  /** Answer HTTP 200 with a body that is not valid JSON/XML (a truncated document). */
  | { kind: 'malformed' }
  /** Destroy the connection without answering. */
  | { kind: 'drop' }
  /** Answer with the upstream's own application error (iCount `reason`, FreshBooks `code`). */
  | { kind: 'app-error'; code: string; message?: string };

export interface FaultRule {
  fault: Fault;
  /** Upstream method name, or `*` (default) for all. */
  method?: string;
  /** How many matching requests the rule hits; default 1. Use `Infinity` (or -1 over HTTP) to keep it. */
  times?: number;
  /** Process the request first, then apply the fault (a write that happened but whose answer was lost). */
  afterProcessing?: boolean;
}

interface ActiveRule extends Required<Omit<FaultRule, 'afterProcessing'>> {
  afterProcessing: boolean;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private held: (() => void)[] = [];

  add(rule: FaultRule): void {
    const times = rule.times === undefined ? 1 : rule.times < 0 ? Infinity : rule.times;
    this.rules.push({ fault: rule.fault, method: rule.method ?? '*', times, afterProcessing: rule.afterProcessing ?? false });
  }

  clear(): void {
    this.rules = [];
    this.release();
  }

  /** Waits until the held requests are next released. */
  hold(): Promise<void> {
    return new Promise((resolve) => this.held.push(resolve));
  }

  /** How many requests are held now. */
  get heldCount(): number {
    return this.held.length;
  }

  /** Lets every held request go on; returns how many there were. */
  release(): number {
    const released = this.held.splice(0);
    for (const resume of released) resume();
    return released.length;
  }

  /** The faults that apply to this request, in the order they were added; consumes one hit of each. */
  take(method: string, phase: 'before' | 'after' = 'before'): Fault[] {
    const hits: Fault[] = [];
    for (const rule of this.rules) {
      if (rule.times <= 0 || rule.afterProcessing !== (phase === 'after')) continue;
      if (rule.method !== '*' && rule.method !== method) continue;
      rule.times -= 1;
      hits.push(rule.fault);
    }
    this.rules = this.rules.filter((r) => r.times > 0);
    return hits;
  }
}
