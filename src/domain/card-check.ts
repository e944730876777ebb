import type { CardBrand, UserErrorRecord } from './records.js';

/** iCount's offline verdict on a card number and/or expiry (no charge, nothing stored). */
export interface CardCheckRecord {
  valid: boolean;
  brand: CardBrand | null;
  expiryMonth: number | null;
  expiryYear: number | null;
}

/** The answer to `validateCard`: the verdict, what can be shown of the card, and why it is not valid. */
export interface CardValidationRecord extends CardCheckRecord {
  last4: string | null;
  errors: UserErrorRecord[];
}
