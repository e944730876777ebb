import { pino, type Logger } from 'pino';
import { SENSITIVE_KEYS } from './lib/redact.js';
import { currentScope } from './request-scope.js';

export type { Logger };

/**
 * Structured logs. Card data and secrets are censored by key (the keys of `lib/redact.ts`)
 * wherever they appear in a logged object; free text is never built from card input in the
 * first place. Every line written while a request is served carries its `requestId`, whichever
 * logger wrote it (the request scope, src/request-scope.ts), so warnings and errors logged by
 * shared code (formatError, the ledger) can be found by the id the client got.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'paygraph' },
      mixin: (_object, _level, logger) => {
        const scope = currentScope();
        // A request's child logger has the id already (a JSON key twice would be legal but noisy).
        return scope && !('requestId' in logger.bindings()) ? { requestId: scope.requestId } : {};
      },
      redact: {
        paths: [...SENSITIVE_KEYS.map((key) => `*.${key}`), 'req.headers.authorization', 'variables.*.card', 'variables.input.card'],
        censor: '[REDACTED]',
      },
    },
    destination,
  );
}
