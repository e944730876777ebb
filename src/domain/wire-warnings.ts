import { pino, type Logger } from 'pino';

/**
 * Warnings about upstream replies paygraph reads tolerantly: an enum value it does not know (a
 * payment type, a card brand, a status), a reply key found only by its shape, a fallback taken.
 * The record is still read (the value degrades to OTHER / UNKNOWN); the warning says so, once
 * per distinct value per process, so a page of 100 such rows logs one line.
 */
export interface WireWarning {
  upstream: 'ICOUNT' | 'FRESHBOOKS';
  /** What kind of surprise: `unknown_payment_type`, `unknown_card_brand`, `currency_list_shape`, … */
  kind: string;
  /** The value as the upstream sent it (never card data: callers pass enum text only). */
  value: string;
  message: string;
}

type Sink = (warning: WireWarning) => void;

let logger: Logger | null = null;
const defaultSink: Sink = (w) => {
  logger ??= pino({ level: 'warn', base: { service: 'paygraph' } }, pino.destination(2));
  logger.warn({ upstream: w.upstream, kind: w.kind, value: w.value }, w.message);
};

let sink: Sink = defaultSink;
const seen = new Set<string>();

/** Where warnings go (the process logger; tests capture them). `null` restores the default. */
export function setWireWarningSink(next: Sink | null): void {
  sink = next ?? defaultSink;
  seen.clear();
}

export function wireWarning(warning: WireWarning): void {
  const key = `${warning.upstream}\u0000${warning.kind}\u0000${warning.value}`;
  if (seen.has(key)) return;
  if (seen.size > 1000) seen.clear();
  seen.add(key);
  sink(warning);
}
