import { failure, success, type Outcome, type UserErrorRecord } from '../domain/records.js';
import type { CardLookup, CardSource } from '../domain/requests.js';
import { compactCardNumber, isExpired, isValidCardNumber, parseExpiry, type Expiry } from '../lib/cards.js';
import { maxLength, problem } from './common.js';

// What parseCardInput builds, for its callers' signatures.
export type { CardSource } from '../domain/requests.js';

export interface CardInputShape {
  tokenId?: number | null;
  number?: string | null;
  expiry?: string | null;
  cvv?: string | null;
  holderName?: string | null;
  holderId?: string | null;
}

export interface CardRules {
  /** Whether a stored token may stand for the card. */
  allowToken: boolean;
  /** Details that must be present when the card is given as details. */
  require?: ('cvv' | 'holderId')[];
  now: number;
}

/**
 * Validates a CardInput at paygraph's edge, so nothing that iCount would reject (and nothing that
 * could be a typo charging the wrong card) is ever sent. `path` is where the card sits in `input`.
 * Messages never contain the card number or CVV.
 */
export function parseCardInput(card: CardInputShape, rules: CardRules, path: string[] = ['card']): { source: CardSource | null; errors: UserErrorRecord[] } {
  const errors: UserErrorRecord[] = [];
  const at = (...f: string[]) => [...path, ...f];
  const hasToken = card.tokenId !== undefined && card.tokenId !== null;
  const hasNumber = card.number !== undefined && card.number !== null;

  if (hasToken === hasNumber) {
    errors.push(problem('INVALID_INPUT', path, 'Give exactly one of `tokenId` (a stored card) and `number` (card details).'));
    return { source: null, errors };
  }
  if (card.cvv !== undefined && card.cvv !== null && !/^\d{3,4}$/.test(card.cvv)) {
    errors.push(problem('INVALID_CVV', at('cvv'), 'The CVV must be 3 or 4 digits.'));
  }
  if (hasToken) {
    if (!rules.allowToken) errors.push(problem('INVALID_INPUT', at('tokenId'), 'A stored card cannot be used here; send the card details.'));
    else if (card.tokenId! < 1) errors.push(problem('NOT_FOUND', at('tokenId'), 'No stored card has this token.'));
    for (const f of ['expiry', 'holderId'] as const) {
      if (card[f] !== undefined && card[f] !== null) errors.push(problem('INVALID_INPUT', at(f), `\`${f}\` cannot be given with a stored card.`));
    }
    return errors.length ? { source: null, errors } : { source: { kind: 'token', tokenId: card.tokenId!, cvv: card.cvv ?? null }, errors };
  }

  const number = compactCardNumber(card.number!);
  if (number.length > 19 || !isValidCardNumber(number)) {
    errors.push(problem('INVALID_CARD_NUMBER', at('number'), 'The card number is not valid (digits only, correct length, Luhn check).'));
  }
  let expiry: Expiry | null = null;
  if (card.expiry === undefined || card.expiry === null || card.expiry === '') {
    errors.push(problem('INVALID_EXPIRY', at('expiry'), 'The card expiry is required (MM/YY, MMYY or YYYY-MM).'));
  } else {
    const checked = checkExpiry(card.expiry, rules.now, at('expiry'));
    if ('error' in checked) errors.push(checked.error);
    else expiry = checked.expiry;
  }
  if (rules.require?.includes('cvv') && (card.cvv === undefined || card.cvv === null)) {
    errors.push(problem('INVALID_CVV', at('cvv'), 'The CVV is required here.'));
  }
  const holderId = card.holderId ?? null;
  const badHolderId = holderId === null ? null : holderIdProblem(holderId, at('holderId'));
  if (badHolderId) {
    errors.push(badHolderId);
  } else if (holderId === null && rules.require?.includes('holderId')) {
    errors.push(problem('INVALID_INPUT', at('holderId'), 'The card holder\'s id number is required here.'));
  }
  const holderName = card.holderName ?? null;
  const nameProblem = maxLength(holderName, 100, at('holderName'));
  if (nameProblem) errors.push(nameProblem);

  if (errors.length || !expiry) return { source: null, errors };
  return { source: { kind: 'details', number, expiry, cvv: card.cvv ?? null, holderName, holderId }, errors };
}

/** The last 4 digits of a card given as details, for records and messages. */
export function last4Of(source: CardSource): string | null {
  return source.kind === 'details' ? source.number.slice(-4) : null;
}

/** A card named only to look something up (no charge): a stored token or a bare number. */
export function parseCardLookup(card: CardInputShape, path: string[] = ['card']): Outcome<CardLookup> {
  const hasToken = card.tokenId !== undefined && card.tokenId !== null;
  const hasNumber = card.number !== undefined && card.number !== null;
  if (hasToken === hasNumber) return failure(problem('INVALID_INPUT', path, 'Give exactly one of `tokenId` and `number`.'));
  if (hasToken) return success({ kind: 'token', tokenId: card.tokenId! });
  const number = compactCardNumber(card.number!);
  if (number.length > 19 || !isValidCardNumber(number)) {
    return failure(problem('INVALID_CARD_NUMBER', [...path, 'number'], 'The card number is not valid (digits only, correct length, Luhn check).'));
  }
  return success({ kind: 'number', number });
}

/** A given expiry (`MM/YY`, `MMYY` or `YYYY-MM`), parsed and not past, or why not. */
export function checkExpiry(raw: string, now: number, field: string[]): { expiry: Expiry } | { error: UserErrorRecord } {
  const expiry = raw.length <= 10 ? parseExpiry(raw, { lenient: true }) : null;
  if (!expiry) return { error: problem('INVALID_EXPIRY', field, 'The card expiry must be MM/YY, MMYY or YYYY-MM with a month from 01 to 12.') };
  if (isExpired(expiry, now)) return { error: problem('CARD_EXPIRED', field, 'The card has expired.') };
  return { expiry };
}

/** An Israeli national id (ת.ז.) or a foreign one: 5 to 10 digits. */
export function holderIdProblem(holderId: string, field: string[]): UserErrorRecord | null {
  return /^\d{5,10}$/.test(holderId) ? null : problem('INVALID_INPUT', field, 'The holder id must be 5 to 10 digits.');
}
