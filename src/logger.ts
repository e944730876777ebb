import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs. Card data and secrets are censored by key wherever they appear in a logged
 * object; free text is never built from card input in the first place.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'paygraph' },
      redact: {
        paths: [
          '*.number', '*.cvv', '*.holderId', '*.cc_number', '*.cc_cvv', '*.cc_holder_id', '*.pass', '*.password',
          '*.sid', '*.token', '*.authorization', 'req.headers.authorization', 'variables.*.card', 'variables.input.card',
        ],
        censor: '[REDACTED]',
      },
    },
    destination,
  );
}
