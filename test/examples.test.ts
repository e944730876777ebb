import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse, type OperationDefinitionNode } from 'graphql';
import { DEMO_API_KEY } from '../src/auth.js';
import { clientGlobalId, toGlobalId } from '../src/domain/ids.js';
import { ICOUNT_TEST_CARDS } from '../src/emulators/icount/index.js';
import { createClient, main, PaygraphError, type PaygraphClient } from '../examples/client.js';
import {
  ChargeInInstallmentsDocument,
  CheckoutWithStoredCardDocument,
  ClientActivityDocument,
  CurrenciesDocument,
  InvoicesByStatusDocument,
  PayInvoiceDocument,
  PaymentAndChargeDocument,
  VoidPaymentDocument,
  type InvoiceStatus,
  type PayInvoiceMutation,
} from '../examples/gql/graphql.js';
import { startStack, type TestStack } from './support/stack.js';

/**
 * The example operations (examples/operations/*.graphql), as their generated TypedDocumentNodes,
 * run through the example client against a real gateway over HTTP. `tsc` checks that client code
 * written against the generated types still compiles; these tests check that the operations still
 * run and answer what the types promise.
 */
const operationsDir = new URL('../examples/operations/', import.meta.url);
const exampleOperationNames = readdirSync(operationsDir)
  .filter((f) => f.endsWith('.graphql'))
  .map((f) => {
    const op = parse(readFileSync(new URL(f, operationsDir), 'utf8')).definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
    return op!.name!.value;
  })
  .sort();

const nextYear = String(new Date().getUTCFullYear() + 2).slice(2);
let seq = 0;
const key = (what: string) => `examples-test-${what}-${++seq}`;

describe('example operations against the demo data', () => {
  let stack: TestStack;
  let client: PaygraphClient;
  const ran = new Set<string>();
  /** Every operation goes through here: the typed client, and a note that it ran. */
  async function run<R, V>(document: TypedDocumentNode<R, V>, variables: V): Promise<R> {
    const op = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
    ran.add(op!.name!.value);
    return client.request(document, variables);
  }

  beforeAll(async () => {
    stack = await startStack();
    client = createClient({ url: stack.gateway.url, apiKey: DEMO_API_KEY });
  });
  afterAll(() => stack.close());

  it('Currencies: reference data with the fraction digits of each currency', async () => {
    const { currencies } = await run(CurrenciesDocument, {});
    expect(currencies).not.toBeNull();
    const byCode = new Map(currencies!.map((c) => [c.code, c]));
    expect(byCode.get('ILS')).toMatchObject({ decimals: 2, icountId: 5 });
    expect(byCode.get('USD')).toMatchObject({ decimals: 2, icountId: 2 });
    // @ts-expect-error — not selected by the operation, so not in its type
    void currencies![0]!.notSelected;
  });

  it('InvoicesByStatus: part-paid invoices with what is left and the client’s stored cards', async () => {
    const { invoices } = await run(InvoicesByStatusDocument, { status: 'PARTIAL', perPage: 10 });
    expect(invoices!.nodes.length).toBeGreaterThan(0);
    expect(invoices!.nodes.every((i) => i.status === 'PARTIAL')).toBe(true);
    const inv13 = invoices!.nodes.find((i) => i.number === '0000013');
    expect(inv13).toMatchObject({
      id: toGlobalId('Invoice', 13),
      amount: { amount: '875.50', currency: 'USD' },
      outstanding: { amount: '375.50', currency: 'USD' },
      client: { id: clientGlobalId('freshbooks', 5), name: 'Central Perk Supplies' },
    });
    expect(inv13!.client!.cards!.map((c) => c.tokenId)).toContain(63);
    expect(invoices!.pageInfo).toMatchObject({ page: 1, perPage: 10 });
  });

  it('ClientActivity: cards and charges (iCount) next to payments (FreshBooks) for one client', async () => {
    const { client: c } = await run(ClientActivityDocument, { id: clientGlobalId('freshbooks', 5), chargesSince: '2026-09-01', perPage: 5 });
    expect(c).toMatchObject({ name: 'Central Perk Supplies', freshbooksId: 5, icountId: 1005 });
    expect(c!.cards).toEqual(
      expect.arrayContaining([expect.objectContaining({ tokenId: 63, brand: 'VISA', last4: '4242', holderName: 'Rachel Green' })]),
    );
    expect(c!.charges!.length).toBeGreaterThan(0);
    expect(c!.charges!.every((ch) => ch.amount.currency === 'USD' && (ch.chargedAt ?? '') >= '2026-09-01')).toBe(true);
    expect(c!.payments!.pageInfo.perPage).toBe(5);
    expect(c!.payments!.nodes.map((p) => p.invoice?.number)).toContain('0000013');
  });

  it('CheckoutWithStoredCard: charges token 57 once', async () => {
    const { chargeCard } = await run(CheckoutWithStoredCardDocument, {
      idempotencyKey: key('checkout'),
      tokenId: 57,
      amount: { amount: '129.90', currency: 'ILS' },
      description: 'Order A-17',
    });
    expect(chargeCard.userErrors).toEqual([]);
    expect(chargeCard.charge).toMatchObject({
      amount: { amount: '129.90', currency: 'ILS' },
      card: { brand: 'VISA', last4: '1111' },
      client: { name: 'Levi Design Studio' },
      description: 'Order A-17',
      test: false,
    });
    expect(chargeCard.charge!.confirmationCode).toMatch(/^\d+$/);
  });

  it('CheckoutWithStoredCard: a declined card is a typed userError, not an exception', async () => {
    const { chargeCard } = await run(CheckoutWithStoredCardDocument, { idempotencyKey: key('declined'), tokenId: 64, amount: { amount: '10.00', currency: 'USD' } });
    expect(chargeCard.charge).toBeNull();
    expect(chargeCard.userErrors.map((e) => e.code)).toEqual(['CARD_DECLINED']);
  });

  it('ChargeInInstallments: card details, 3 installments with a first payment', async () => {
    const { chargeCard } = await run(ChargeInInstallmentsDocument, {
      idempotencyKey: key('installments'),
      card: { number: ICOUNT_TEST_CARDS.visa, expiry: `12/${nextYear}`, cvv: '123', holderName: 'Dana Levi' },
      amount: { amount: '1000.00', currency: 'USD' },
      installments: { count: 3, firstPayment: '400.00' },
      description: 'Espresso machine, 3 payments',
    });
    expect(chargeCard.userErrors).toEqual([]);
    expect(chargeCard.charge).toMatchObject({
      amount: { amount: '1000.00', currency: 'USD' },
      card: { brand: 'VISA', last4: '4580', expiryMonth: 12, holderName: 'Dana Levi' },
      installments: { count: 3, firstPayment: '400.00', credit: false },
    });
  });

  let paid: PayInvoiceMutation['payInvoice'];
  it('PayInvoice: invoice 0000013 with token 63 — charged, recorded, paid', async () => {
    ({ payInvoice: paid } = await run(PayInvoiceDocument, { idempotencyKey: key('pay'), invoiceId: toGlobalId('Invoice', 13), card: { tokenId: 63 } }));
    expect(paid.userErrors).toEqual([]);
    expect(paid.pending).toBe(false);
    expect(paid.charge).toMatchObject({ amount: { amount: '375.50', currency: 'USD' }, card: { brand: 'VISA', last4: '4242' } });
    expect(paid.payment).toMatchObject({
      type: 'VISA',
      amount: { amount: '375.50', currency: 'USD' },
      invoice: { id: toGlobalId('Invoice', 13), number: '0000013', status: 'PAID', outstanding: { amount: '0.00' } },
    });
    expect(paid.payment!.notes).toContain(paid.charge!.confirmationCode);
  });

  it('PaymentAndCharge: the FreshBooks payment and the iCount charge behind it', async () => {
    const { payment, charges } = await run(PaymentAndChargeDocument, { paymentId: paid.payment!.id, confirmationCode: paid.charge!.confirmationCode });
    expect(payment).toMatchObject({
      id: paid.payment!.id,
      type: 'VISA',
      client: { name: 'Central Perk Supplies' },
      invoice: { number: '0000013', status: 'PAID', paid: { amount: '875.50', currency: 'USD' } },
    });
    expect(charges).toEqual([expect.objectContaining({ confirmationCode: paid.charge!.confirmationCode, amount: { amount: '375.50', currency: 'USD' }, test: false })]);
  });

  it('VoidPayment: deletes the payment and the invoice is part-paid again', async () => {
    const { deletePayment } = await run(VoidPaymentDocument, { id: paid.payment!.id, idempotencyKey: key('void') });
    expect(deletePayment).toEqual({ deletedPaymentId: paid.payment!.id, userErrors: [] });
    const status: InvoiceStatus = 'PARTIAL';
    const { invoices } = await run(InvoicesByStatusDocument, { status });
    expect(invoices!.nodes.find((i) => i.number === '0000013')?.outstanding).toEqual({ amount: '375.50', currency: 'USD' });
  });

  it('errors come back as a PaygraphError with the GraphQL error codes', async () => {
    const noKey = createClient({ url: stack.gateway.url, apiKey: 'not-a-key' });
    const err = await noKey.request(CurrenciesDocument, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaygraphError);
    expect((err as PaygraphError).codes).toEqual(['UNAUTHENTICATED']);
  });

  it('ran every operation in examples/operations', () => {
    expect([...ran].sort()).toEqual(exampleOperationNames);
  });
});

describe('examples/client.ts main (npm run example)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('lists part-paid invoices, pays one by card (a test charge) and shows the payment and the charge', async () => {
    const lines: string[] = [];
    const result = await main(stack.gateway.url, DEMO_API_KEY, (line) => lines.push(line));
    expect(result.confirmationCode).toMatch(/^\d+$/);
    expect(result.invoiceStatus).toBe('PAID');
    const output = lines.join('\n');
    expect(output).toContain('Part-paid invoices');
    expect(output).toContain(`Paying ${result.invoiceNumber}`);
    expect(output).toContain(`iCount charge ${result.confirmationCode}`);
    expect(output).toContain(`invoice ${result.invoiceNumber} is now PAID`);
    // Sent by hash: the gateway knows the examples' manifest, so no full document was needed.
    expect(stack.logs.filter((l) => l.msg === 'graphql operation').length).toBe(3);
    expect(stack.icount.log.count('cc/bill')).toBe(1);
    const bill = stack.icount.log.all().find((r) => r.method === 'cc/bill')!;
    expect(bill.params).toMatchObject({ is_test: true });
  });

  it('fails with the gateway’s error when the API key is wrong', async () => {
    await expect(main(stack.gateway.url, 'wrong-key', () => {})).rejects.toThrow(/UNAUTHENTICATED/);
  });
});
