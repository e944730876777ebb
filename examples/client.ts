/**
 * A small typed paygraph client: the operations in `examples/operations/*.graphql`, compiled by
 * GraphQL Code Generator into `TypedDocumentNode`s (`examples/gql/`), sent with plain `fetch`.
 *
 * Operations go by hash (Apollo's persisted-query format: `extensions.persistedQuery.sha256Hash`),
 * which is all a gateway with PERSISTED_OPERATIONS_ONLY=true accepts. A gateway that does not know
 * the hash answers PERSISTED_QUERY_NOT_FOUND, and the client then sends the full document.
 *
 * `npm run example` runs `main` (examples/run.ts) against PAYGRAPH_URL, by default the demo
 * gateway of `npm start`.
 */
import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { InvoicesByStatusDocument, PayInvoiceDocument, PaymentAndChargeDocument } from './gql/graphql.js';

export const DEFAULT_URL = 'http://localhost:4000/graphql';
export const DEMO_API_KEY = 'paygraph-demo-key';

/** One error of a GraphQL response. */
export interface GraphQLErrorJson {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; upstream?: string; requestId?: string; [key: string]: unknown };
}

/** The operation failed: GraphQL errors (with their `extensions.code`), or an HTTP failure. */
export class PaygraphError extends Error {
  constructor(
    readonly operationName: string,
    readonly status: number,
    readonly errors: GraphQLErrorJson[],
  ) {
    super(`${operationName}: ${errors.map((e) => `${e.message}${e.extensions?.code ? ` [${e.extensions.code}]` : ''}`).join('; ') || `HTTP ${status}`}`);
    this.name = 'PaygraphError';
  }

  get codes(): string[] {
    return this.errors.map((e) => e.extensions?.code ?? 'UNKNOWN');
  }
}

/** A mutation said no: its payload's `userErrors`. */
export class UserErrorsError extends Error {
  constructor(
    readonly operationName: string,
    readonly userErrors: { code: string; field: string[] | null; message: string }[],
  ) {
    super(`${operationName}: ${userErrors.map((e) => `${e.code}${e.field ? ` at ${e.field.join('.')}` : ''}: ${e.message}`).join('; ')}`);
    this.name = 'UserErrorsError';
  }
}

/** The hash the client preset embedded in a document (`__meta__.hash`, `sha256:<hex>`), as hex. */
export function persistedHash(document: TypedDocumentNode<unknown, never>): string {
  const hash = (document as { __meta__?: { hash?: unknown } }).__meta__?.hash;
  if (typeof hash !== 'string') throw new Error('The document carries no persisted-operation hash (codegen presetConfig.persistedDocuments)');
  return hash.replace(/^sha256:/, '');
}

function operationNameOf(document: TypedDocumentNode<unknown, never>): string {
  for (const definition of document.definitions) {
    if (definition.kind === 'OperationDefinition' && definition.name) return definition.name.value;
  }
  return 'anonymous operation';
}

export interface PaygraphClient {
  /** Runs a typed operation and returns its `data`; throws `PaygraphError` on any GraphQL error. */
  request<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<TResult>;
}

export function createClient({ url, apiKey }: { url: string; apiKey: string }): PaygraphClient {
  async function post(operationName: string, body: Record<string, unknown>) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ operationName, ...body }),
    });
    const text = await res.text();
    let json: { data?: unknown; errors?: GraphQLErrorJson[] };
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      throw new PaygraphError(operationName, res.status, [{ message: `HTTP ${res.status}: not a GraphQL response (${text.slice(0, 80)})` }]);
    }
    return { status: res.status, ...json };
  }

  return {
    async request<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<TResult> {
      const operationName = operationNameOf(document as TypedDocumentNode<unknown, never>);
      const persistedQuery = { version: 1, sha256Hash: persistedHash(document as TypedDocumentNode<unknown, never>) };
      let res = await post(operationName, { variables, extensions: { persistedQuery } });
      const unknownHash = res.errors?.some((e) => e.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND' || e.extensions?.code === 'PERSISTED_QUERY_NOT_SUPPORTED');
      // A gateway without our manifest: send the document itself.
      if (unknownHash) res = await post(operationName, { query: print(document), variables });
      if (res.errors?.length || res.data == null) throw new PaygraphError(operationName, res.status, res.errors ?? []);
      return res.data as TResult;
    },
  };
}

/** Throws `UserErrorsError` when a mutation payload has userErrors. */
export function assertNoUserErrors(operationName: string, payload: { userErrors: { code: string; field: string[] | null; message: string }[] }): void {
  if (payload.userErrors.length) throw new UserErrorsError(operationName, payload.userErrors);
}

export interface StoryResult {
  invoiceNumber: string;
  confirmationCode: string;
  paymentId: string;
  paid: { amount: string; currency: string };
  invoiceStatus: string;
}

/**
 * The story: list the part-paid invoices, pay the first one whose client has a usable stored
 * card (a test charge: no money moves, even on a real account), then show the FreshBooks payment
 * and the iCount charge behind it.
 */
export async function main(url: string = DEFAULT_URL, apiKey: string = DEMO_API_KEY, log: (line: string) => void = console.log): Promise<StoryResult> {
  const client = createClient({ url, apiKey });
  log(`paygraph at ${url}`);

  // 1. Receivables.
  const { invoices } = await client.request(InvoicesByStatusDocument, { status: 'PARTIAL', perPage: 25 });
  if (!invoices) throw new Error('invoices: no answer (FreshBooks unavailable?)');
  log(`\nPart-paid invoices (${invoices.pageInfo.totalCount}):`);
  for (const inv of invoices.nodes) {
    log(`  ${inv.number}  ${inv.client?.name ?? '?'}  ${inv.outstanding.amount} of ${inv.amount.amount} ${inv.amount.currency} outstanding`);
  }

  // 2. Pay one by card: the first invoice whose client has a stored card, with that card.
  const choice = invoices.nodes.flatMap((inv) => (inv.client?.cards?.[0] ? [{ inv, card: inv.client.cards[0] }] : []))[0];
  if (!choice) throw new Error('No part-paid invoice has a client with a stored card');
  const { inv, card } = choice;
  log(`\nPaying ${inv.number} (${inv.outstanding.amount} ${inv.outstanding.currency}) with the ${card.brand} …${card.last4} (token ${card.tokenId}) of ${inv.client?.name ?? 'the client'}, as a test charge`);
  const { payInvoice } = await client.request(PayInvoiceDocument, {
    idempotencyKey: `example-${randomUUID()}`,
    invoiceId: inv.id,
    card: { tokenId: card.tokenId },
    test: true,
  });
  assertNoUserErrors('PayInvoice', payInvoice);
  if (!payInvoice.charge) throw new Error('PayInvoice: no charge in the answer');
  if (payInvoice.pending || !payInvoice.payment) {
    log(`  charged (confirmation ${payInvoice.charge.confirmationCode}); the payment is pending in FreshBooks and will be recorded by the gateway`);
    throw new Error('PayInvoice: payment pending');
  }
  log(`  charged ${payInvoice.charge.amount.amount} ${payInvoice.charge.amount.currency}, confirmation ${payInvoice.charge.confirmationCode}`);

  // 3. The payment and the charge, from both upstreams in one request.
  const { payment, charges } = await client.request(PaymentAndChargeDocument, {
    paymentId: payInvoice.payment.id,
    confirmationCode: payInvoice.charge.confirmationCode,
  });
  if (!payment) throw new Error('PaymentAndCharge: the payment was not found');
  log(`\nFreshBooks payment ${payment.freshbooksId} (${payment.date}, ${payment.type}): ${payment.amount.amount} ${payment.amount.currency} from ${payment.client?.name ?? '?'}`);
  log(`  notes: ${payment.notes}`);
  if (payment.invoice) {
    log(`  invoice ${payment.invoice.number} is now ${payment.invoice.status}: paid ${payment.invoice.paid.amount}, outstanding ${payment.invoice.outstanding.amount} ${payment.invoice.outstanding.currency}`);
  }
  for (const charge of charges ?? []) {
    log(`iCount charge ${charge.confirmationCode}: ${charge.amount.amount} ${charge.amount.currency} on ${charge.card.brand} …${charge.card.last4}${charge.test ? ' (test)' : ''} — ${charge.description ?? ''}`);
  }
  return {
    invoiceNumber: inv.number,
    confirmationCode: payInvoice.charge.confirmationCode,
    paymentId: payment.id,
    paid: payment.amount,
    invoiceStatus: payment.invoice?.status ?? 'UNKNOWN',
  };
}
