import { pino, type Logger } from 'pino';
import { SENSITIVE_KEYS } from './lib/redact.js';

export type { Logger };

/**
 * Structured logs. Card data and secrets are censored by key (the keys of `lib/redact.ts`)
 * wherever they appear in a logged object; free text is never built from card input in the
 * first place.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'paygraph' },
      redact: {
        paths: [...SENSITIVE_KEYS.map((key) => `*.${key}`), 'req.headers.authorization', 'variables.*.card', 'variables.input.card'],
        censor: '[REDACTED]',
      },
    },
    destination,
  );
}
