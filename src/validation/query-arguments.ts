import { intKeyOf, parseClientId } from '../domain/ids.js';
import { badUserInput } from '../errors.js';
import { compactCardNumber } from '../lib/cards.js';

/**
 * Query arguments that cannot be used are the caller's mistake: they are answered with
 * BAD_USER_INPUT naming the argument, before any upstream call.
 */

export function cardKey(id: string, field: string[]): number {
  const key = intKeyOf(id, 'Card');
  if (key === null) throw badUserInput('Not a Card ID.', field);
  return key;
}

export function paymentKey(id: string, field: string[]): number {
  const key = intKeyOf(id, 'Payment');
  if (key === null) throw badUserInput('Not a Payment ID.', field);
  return key;
}

export function invoiceKey(id: string, field: string[]): number {
  const key = intKeyOf(id, 'Invoice');
  if (key === null) throw badUserInput('Not an Invoice ID.', field);
  return key;
}

/** A Client global ID of either system, checked and returned as given. */
export function clientIdArgument(id: string, field: string[]): string {
  if (!parseClientId(id)) throw badUserInput('Not a Client ID.', field);
  return id;
}

/** Card numbers in query arguments: digits only, so nothing odd is forwarded. */
export function cardNumberArgument(number: string, field: string[]): string {
  const digits = compactCardNumber(number);
  if (!/^\d{6,19}$/.test(digits)) throw badUserInput('A card number is 6 to 19 digits.', field);
  return digits;
}
