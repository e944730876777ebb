import { detectBrand, formatValidity, isDigits } from '../card-rules.js';
import {
  CARD_TYPES, cardTypeId, checkCvv, checkHolderId, describeCard, detectIssuer, requireCardNumber, requireValidity,
} from '../cards.js';
import { CURRENCIES } from '../currencies.js';
import { IcountError, type HandlerData } from '../envelope.js';
import type { Params } from '../params.js';
import { shapeList, type HandlerContext, type Route } from './context.js';

/**
 * Validation methods answer like cc/bill: a failed check is `status: false` with the same reason
 * codes (`missing_cc_number`, `bad_cc_number`, `bad_cc_validity`, `cc_expired`, `bad_cc_cvv`);
 * success is `status: true` with `valid: true`.
 */
function validateNumber({ p }: HandlerContext): HandlerData {
  const pan = requireCardNumber(p);
  const brand = detectBrand(pan);
  return { valid: true, cc_type: brand, card_type_id: cardTypeId(brand), cc_last4: pan.slice(-4) };
}

function validateValidity({ p, now }: HandlerContext): HandlerData {
  const expiry = requireValidity(p, now);
  return {
    valid: true,
    expired: false,
    exp_month: expiry.month,
    exp_year: expiry.year,
    cc_validity: formatValidity(expiry),
  };
}

function validateCardInfo({ p, now }: HandlerContext): HandlerData {
  const pan = requireCardNumber(p);
  const expiry = requireValidity(p, now);
  checkCvv(p);
  checkHolderId(p);
  const brand = detectBrand(pan);
  return { valid: true, cc_type: brand, card_type_id: cardTypeId(brand), cc_last4: pan.slice(-4), exp_month: expiry.month, exp_year: expiry.year };
}

/** An authorization: all four fields required; a non-test declined magic card → the decline reason. */
function validateCardCvv({ p, now, config }: HandlerContext): HandlerData {
  for (const field of ['cc_number', 'cc_validity', 'cc_cvv', 'cc_holder_id']) {
    if (!p.has(field)) throw new IcountError(`missing_${field}`, `${field} is required`);
  }
  const pan = requireCardNumber(p);
  const card = describeCard(pan, requireValidity(p, now));
  checkCvv(p, true);
  checkHolderId(p, true);
  if (!p.bool('is_test') && card.outcome === 'decline') throw new IcountError(config.declineReason, 'The card issuer declined the authorization');
  return { valid: true, cc_type: card.brand, cc_last4: card.last4 };
}

/** Detection needs only digits (no Luhn); an unrecognised prefix gives `UNKNOWN` and id 0. */
function digitsOnly(p: Params): string {
  const pan = p.str('cc_number');
  if (pan === undefined) throw new IcountError('missing_cc_number', 'Credit card number is required');
  if (!isDigits(pan)) throw new IcountError('bad_cc_number', 'Credit card number must contain digits only');
  return pan;
}

function detectType({ p }: HandlerContext): HandlerData {
  const brand = detectBrand(digitsOnly(p));
  return { cc_type: brand, card_type_id: cardTypeId(brand) };
}

function detectIssuerHandler({ p }: HandlerContext): HandlerData {
  const pan = digitsOnly(p);
  return { issuer: detectIssuer(pan), cc_type: detectBrand(pan) };
}

function cardTypes({ p }: HandlerContext): HandlerData {
  return { card_types: shapeList(p, [...CARD_TYPES], (t) => t.card_type_id, 'array') };
}

/** A fixed descriptor; iCount's real shape is unknown. */
function provider(): HandlerData {
  return {
    provider: {
      name: 'emulator',
      title: 'iCount emulator (paygraph)',
      terminal: '0000000',
      supports_j5: true,
      supports_tokens: true,
      supports_installments: true,
      max_payments: 36,
      currencies: CURRENCIES.map((c) => c.currency_code),
    },
  };
}

export const validateRoutes: Record<string, Route> = {
  'cc/validate_cc_number': { handler: validateNumber },
  'cc/validate_cc_validity': { handler: validateValidity },
  'cc/validate_card_info': { handler: validateCardInfo },
  'cc/validate_card_cvv': { handler: validateCardCvv },
  'cc/detect_cc_type': { handler: detectType },
  'cc/detect_cc_issuer': { handler: detectIssuerHandler },
  'cc/card_types': { handler: cardTypes },
  'cc/provider': { handler: provider },
};
