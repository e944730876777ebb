/**
 * The emulator's records. Invoice `paid` / `amount_outstanding` / `status` and client credits are
 * derived from the payments every time they are read, so they cannot drift out of sync.
 */
import { invalid, type ClientRecord, type InvoiceRecord, type PaymentRecord } from './types.js';

export class Store {
  readonly clients = new Map<number, ClientRecord>();
  readonly invoices = new Map<number, InvoiceRecord>();
  payments = new Map<number, PaymentRecord>();

  /** The highest id each map has handed out: an id is never handed out again, even once its record is deleted. */
  private readonly issued = new WeakMap<Map<number, unknown>, number>();

  /** FreshBooks ids grow and are never reused: a deleted payment's id must not come back as another payment. */
  nextId(map: Map<number, unknown>): number {
    let max = this.issued.get(map) ?? 0;
    for (const key of map.keys()) if (key > max) max = key;
    this.issued.set(map, max + 1);
    return max + 1;
  }

  paymentsOfInvoice(invoiceId: number): PaymentRecord[] {
    return [...this.payments.values()].filter((p) => p.invoice_id === invoiceId);
  }

  /** Sum of the invoice's payments (may exceed the amount: the excess is client credit). */
  paidUnits(invoice: InvoiceRecord): bigint {
    return this.paymentsOfInvoice(invoice.invoice_id).reduce((sum, p) => sum + p.units, 0n);
  }

  /** amount − paid, never below 0. */
  outstandingUnits(invoice: InvoiceRecord): bigint {
    const rest = invoice.units - this.paidUnits(invoice);
    return rest > 0n ? rest : 0n;
  }

  /** No money received → the pre-payment status; some → `partial`; all → `paid`. */
  status(invoice: InvoiceRecord): string {
    const paid = this.paidUnits(invoice);
    if (paid === 0n) return invoice.baseStatus;
    return paid >= invoice.units ? 'paid' : 'partial';
  }

  /**
   * Credit per currency: credits received (client-only payments) + overpayments of the client's
   * invoices − payments made from credit. The client's own currency is always present.
   */
  credits(clientId: number): Map<string, bigint> {
    const client = this.clients.get(clientId);
    const sums = new Map<string, bigint>();
    const add = (currency: string, units: bigint) => sums.set(currency, (sums.get(currency) ?? 0n) + units);
    for (const p of this.payments.values()) {
      if (p.client_id !== clientId) continue;
      if (p.invoice_id === null) add(p.currency_code, p.units);
      else if (p.from_credit) add(p.currency_code, -p.units);
    }
    for (const inv of this.invoices.values()) {
      if (inv.client_id !== clientId) continue;
      const excess = this.paidUnits(inv) - inv.units;
      if (excess > 0n) add(inv.currency_code, excess);
    }
    const own = client?.currency_code;
    const ordered = new Map<string, bigint>();
    if (own) ordered.set(own, sums.get(own) ?? 0n);
    for (const code of [...sums.keys()].sort()) if (code !== own) ordered.set(code, sums.get(code)!);
    return ordered;
  }

  /**
   * Runs a change to the payments and keeps it only if no client's credit is driven below zero
   * (paying from credit the client does not have, or removing credit that was already used).
   */
  changePayments(clientIds: number[], change: () => void): void {
    const before = new Map(this.payments);
    const creditsBefore = new Map(clientIds.map((c) => [c, this.credits(c)]));
    change();
    for (const clientId of clientIds) {
      for (const [currency, units] of this.credits(clientId)) {
        const was = creditsBefore.get(clientId)?.get(currency) ?? 0n;
        if (units < 0n && units < was) {
          this.payments = before;
          throw invalid('amount', `Insufficient credit: client ${clientId} does not have enough ${currency} credit for this change.`);
        }
      }
    }
  }
}
