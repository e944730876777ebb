/** Output rules that differ between the realistic (fidelity) mode and the clean mode. */
import { ZERO_DATETIME } from './dates.js';
import { currencyDecimals, formatFixed, formatShort, unitsOf } from './money.js';

export class Formatter {
  constructor(readonly fidelity: boolean) {}

  /** Fidelity: zero-padded to 11 digits (`00000000207`), as live responses show. */
  invoiceId(id: number | null): string {
    if (id === null) return '';
    return this.fidelity ? String(id).padStart(11, '0') : String(id);
  }

  /** A stored amount: as entered in fidelity mode (`300`, `2.00`), else fixed to the currency's scale. */
  stored(raw: string, currency: string): string {
    return this.fidelity ? raw : formatFixed(unitsOf(raw), currencyDecimals(currency));
  }

  /** A computed amount: shortest form in fidelity mode (`45.6`, `0`), else fixed scale. */
  computed(units: bigint, currency: string): string {
    return this.fidelity ? formatShort(units) : formatFixed(units, currencyDecimals(currency));
  }

  /** A never-set timestamp is `0000-00-00 00:00:00` in fidelity mode, else the record's creation time. */
  updated(value: string | null, fallback: string): string {
    return value ?? (this.fidelity ? ZERO_DATETIME : fallback);
  }

  /** Invoice dates: `YYYY-MM-DD 00:00:00` like the 2013 live capture, else `YYYY-MM-DD` like the docs. */
  invoiceDate(date: string): string {
    return this.fidelity ? `${date} 00:00:00` : date;
  }
}
