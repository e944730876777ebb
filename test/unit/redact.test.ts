/** The one list of sensitive keys (src/lib/redact.ts), as redact() and the gateway's logger apply it. */
import { describe, expect, it } from '@jest/globals';
import type { pino } from 'pino';
import { redact, SENSITIVE_KEYS } from '../../src/lib/redact.js';
import { createLogger } from '../../src/logger.js';

function loggedLine(object: Record<string, unknown>): string {
  const lines: string[] = [];
  createLogger('info', { write: (line: string) => void lines.push(line) } as pino.DestinationStream).info(object, 'test');
  return lines.join('\n');
}

describe('sensitive keys', () => {
  it('are censored by the logger wherever they sit one level down', () => {
    const params = Object.fromEntries(SENSITIVE_KEYS.map((key) => [key, `secret-value-of-${key}`]));
    const line = loggedLine({ params });
    expect(line).not.toContain('secret-value-of-');
    expect(JSON.parse(line).params).toEqual(Object.fromEntries(SENSITIVE_KEYS.map((key) => [key, '[REDACTED]'])));
  });

  it('are removed or masked by redact()', () => {
    const params = Object.fromEntries(SENSITIVE_KEYS.map((key) => [key, '4580458045804580']));
    expect(JSON.stringify(redact(params))).not.toContain('4580458045804580');
  });

  it('include the card number, CVV and holder id under both upstreams\' and the schema\'s names', () => {
    expect(SENSITIVE_KEYS).toEqual(expect.arrayContaining(['number', 'cc_number', 'cvv', 'cc_cvv', 'holderId', 'cc_holder_id']));
  });
});

describe('redact()', () => {
  it('keeps the last 4 digits of a card number and drops secrets', () => {
    expect(redact({ cc_number: '4580458045804580', cc_cvv: '123', sum: '10.00' })).toEqual({ cc_number: '************4580', cc_cvv: '[REDACTED]', sum: '10.00' });
  });

  it('keeps a `number` of fewer than 8 digits, such as an invoice number filter', () => {
    expect(redact({ number: '0000012' })).toEqual({ number: '0000012' });
  });
});
