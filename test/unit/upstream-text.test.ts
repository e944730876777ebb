import { describe, expect, it } from '@jest/globals';
import { isIsraeliId, scrubUpstreamText } from '../../src/lib/redact.js';

// Issue 16 item 9: an upstream's own error text is relayed only after this scrub.

describe('scrubUpstreamText', () => {
  it.each([
    ['card number', 'Card 4580458045804580 was declined', 'Card ************4580 was declined'],
    ['spaced card number', 'cc 4111 1111 1111 1111 refused', 'cc ************1111 refused'],
    ['Amex', 'number 378282246310005 invalid', 'number ***********0005 invalid'],
    ['CVV after its keyword', 'bad cvv: 123 for card', 'bad cvv: [REDACTED] for card'],
    ['cc_cvv=', 'cc_cvv=9876 rejected', 'cc_cvv=[REDACTED] rejected'],
    ['CVC2', 'CVC2 045 wrong', 'CVC2 [REDACTED] wrong'],
    ['Israeli id with a valid check digit', 'holder id 208915124 does not match', 'holder id [ID] does not match'],
    ['sid', 'session sid=6548e19b2c02c922612458 expired', 'session sid=[REDACTED] expired'],
    ['JSON token', '{"token": "API3E8-ABCD-1234", "x": 1}', '{"token": "[REDACTED]", "x": 1}'],
    ['pass', 'login failed for user=api pass=hunter2', 'login failed for user=api pass=[REDACTED]'],
    ['Bearer', 'Authorization: Bearer eyJhbGciOi.J9.x-y_z rejected', 'Authorization: Bearer [REDACTED] rejected'],
  ])('%s', (_, text, expected) => {
    expect(scrubUpstreamText(text)).toBe(expected);
  });

  it.each([
    ['amounts and dates', 'Sum 129.88 on 2026-05-30 exceeds 100.00'],
    ['a 9-digit number without a valid check digit (an invoice number)', 'invoice 123456789 not found'],
    ['short ids', 'Payment 103 not found for client 13'],
    ['a CVV-like number far from any keyword', 'code 123 returned'],
    ['cc_token_id is not a token', 'cc_token_id 57 not found'],
  ])('keeps %s', (_, text) => {
    expect(scrubUpstreamText(text)).toBe(text);
  });

  it('checks the Israeli id check digit', () => {
    expect(isIsraeliId('208915124')).toBe(true);
    expect(isIsraeliId('000000018')).toBe(true);
    expect(isIsraeliId('123456789')).toBe(false);
    expect(isIsraeliId('20891512')).toBe(false);
  });
});
