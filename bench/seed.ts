import { ICOUNT_TEST_CARDS, type IcountEmulator } from '../src/emulators/icount/index.js';
import type { FreshbooksEmulator } from '../src/emulators/freshbooks/index.js';

/** What the scenarios point at. */
export interface BenchData {
  /** A FreshBooks payment on an invoice (scenario a). */
  paymentId: number;
  /** A stored iCount card (scenarios b and d). */
  tokenId: number;
  clients: number;
  payments: number;
}

export const CLIENTS = 10;
export const PAYMENTS_PER_CLIENT = 10;

/** Notes as people write them: plain, with XML metacharacters, Hebrew, several lines. */
const NOTES = [
  'Cheque #{n} deposited at Bank Leumi, branch 912',
  'Transfer ref 44{n} — תודה רבה על התשלום',
  'Partial payment: "phase 2" & <rush> fee excluded',
  'Paid by the client\'s accountant\nConfirmation mailed on request',
  '',
  'Card payment, receipt #R-2026-{n}, installments 1/3',
];
const TYPES = ['Check', 'Bank Transfer', 'Cash', 'VISA', 'Credit Card', 'MASTERCARD'];

/**
 * The data of test/unified-graph.test.ts ("100 payments over 10 clients"): 10 FreshBooks clients,
 * each with an iCount twin (custom_client_id) holding one stored card, and 10 payments per client,
 * each on its own invoice; plus realistic dates, types and notes so a payment.list page of 100 is
 * the XML a real account sends. Payments are created round-robin over the clients, so any page of
 * 10 or more (newest first) holds all 10 clients: a page of 20 and a page of 100 need the same
 * client, card and invoice reads (the cache scenario's "independent of page size").
 */
export function seedBench(icount: IcountEmulator, freshbooks: FreshbooksEmulator): BenchData {
  let paymentId = 0;
  let tokenId = 0;
  const clients: number[] = [];
  for (let c = 1; c <= CLIENTS; c++) {
    const fbId = freshbooks.addClient({
      first_name: `First${c}`, last_name: `Last${c}`, organization: `Org ${c} Ltd.`, email: `c${c}@example.test`, currency_code: 'ILS',
    });
    const icountId = icount.addClient({ client_name: `Org ${c} Ltd.`, email: `c${c}@example.test`, custom_client_id: String(fbId) });
    const token = icount.storeCard({ client_id: icountId, cc_number: ICOUNT_TEST_CARDS.visa, cc_validity: '2030-12', cc_holder_name: `Holder ${c}` });
    tokenId ||= token;
    clients.push(fbId);
  }
  let n = 0;
  for (let p = 1; p <= PAYMENTS_PER_CLIENT; p++) {
    for (const fbId of clients) {
      n++;
      const invoiceId = freshbooks.addInvoice({ client_id: fbId, amount: '100.00', currency_code: 'ILS' });
      const id = freshbooks.addPayment({
        invoice_id: invoiceId,
        amount: `${p}.50`,
        type: TYPES[n % TYPES.length]!,
        date: `2026-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`,
        notes: NOTES[n % NOTES.length]!.replaceAll('{n}', String(1000 + n)),
      });
      paymentId ||= id;
    }
  }
  return { paymentId, tokenId, clients: CLIENTS, payments: CLIENTS * PAYMENTS_PER_CLIENT };
}
