/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** A card brand (scheme), as iCount classifies card numbers. */
export type CardBrand =
  /** American Express. */
  | 'AMEX'
  /** Diners Club. */
  | 'DINERS'
  /** Discover. */
  | 'DISCOVER'
  /** Isracard (Israeli domestic cards, 8–9 digits). */
  | 'ISRACARD'
  /** JCB. */
  | 'JCB'
  /** Leumi Card (Israeli issuer brand). */
  | 'LEUMICARD'
  /** Maestro. */
  | 'MAESTRO'
  /** Mastercard. */
  | 'MASTERCARD'
  /** Mir (the Russian national card system). */
  | 'MIR'
  /** UnionPay (China UnionPay). */
  | 'UNIONPAY'
  /** A brand iCount reports that paygraph does not know, or none. */
  | 'UNKNOWN'
  /** Visa. */
  | 'VISA';

/**
 * A card, given either as a stored iCount token (`tokenId`) or as card details (`number` with
 * `expiry`, usually `cvv`). Exactly one of `tokenId` and `number`.
 */
export type CardInput = {
  /** The 3- or 4-digit security code. Never stored or logged by paygraph. */
  cvv?: string | null | undefined;
  /** Expiry as `MM/YY`, `MMYY` or `YYYY-MM`. */
  expiry?: string | null | undefined;
  /** The card holder's national id number (Israeli ת.ז.), required by some card operations. */
  holderId?: string | null | undefined;
  /** The name on the card. */
  holderName?: string | null | undefined;
  /** The full card number, digits only (spaces and dashes are removed). Never stored or logged by paygraph. */
  number?: string | null | undefined;
  /** A stored card's iCount token id. */
  tokenId?: number | null | undefined;
};

/** An installment plan for `chargeCard`. */
export type InstallmentsInput = {
  /** Number of installments, 1–36. */
  count: number;
  /** Use the issuer-financed credit plan instead of ordinary installments. */
  credit?: boolean | null | undefined;
  /** Amount of the first installment; must be below the total. The rest is split equally. */
  firstPayment?: string | null | undefined;
};

/** Where a FreshBooks invoice stands. */
export type InvoiceStatus =
  /** Paid automatically (auto-bill). */
  | 'AUTO_PAID'
  /** Declined by the client. */
  | 'DECLINED'
  /** Disputed by the client. */
  | 'DISPUTED'
  /** Not sent yet. */
  | 'DRAFT'
  /** Auto-bill failed. */
  | 'FAILED'
  /** Paid in full. */
  | 'PAID'
  /** Partly paid. */
  | 'PARTIAL'
  /** Payment pending. */
  | 'PENDING'
  /** Auto-bill will retry. */
  | 'RETRY'
  /** Sent to the client. */
  | 'SENT'
  /** A status FreshBooks reported that paygraph does not know. */
  | 'UNKNOWN'
  /** Viewed by the client. */
  | 'VIEWED';

/** An amount of money in a currency, as input. */
export type MoneyInput = {
  /** The amount: positive, with at most the currency's number of fraction digits (2 for ILS, USD, EUR; 0 for JPY). */
  amount: string;
  /** The currency, ISO-4217 alpha-3. */
  currency: string;
};

/**
 * How a FreshBooks payment was made: all 17 FreshBooks Classic types. FreshBooks spells them
 * `Cash`, `Check`, `Credit`, `Credit Card`, `Bank Transfer`, `Debit`, `PayPal`, `2Checkout`,
 * `VISA`, `MASTERCARD`, `DISCOVER`, `NOVA`, `AMEX`, `DINERS`, `EUROCARD`, `JCB`, `ACH`.
 */
export type PaymentType =
  /** FreshBooks `ACH`. */
  | 'ACH'
  /** FreshBooks `AMEX`. */
  | 'AMEX'
  /** FreshBooks `Bank Transfer`. */
  | 'BANK_TRANSFER'
  /** FreshBooks `Cash`. */
  | 'CASH'
  /** FreshBooks `Check` (FreshBooks' default). */
  | 'CHECK'
  /** FreshBooks `Credit`: paid from the client's credit. */
  | 'CREDIT'
  /** FreshBooks `Credit Card`: a card of unspecified brand. */
  | 'CREDIT_CARD'
  /** FreshBooks `Debit`. */
  | 'DEBIT'
  /** FreshBooks `DINERS`. */
  | 'DINERS'
  /** FreshBooks `DISCOVER`. */
  | 'DISCOVER'
  /** FreshBooks `EUROCARD`. */
  | 'EUROCARD'
  /** FreshBooks `JCB`. */
  | 'JCB'
  /** FreshBooks `MASTERCARD`. */
  | 'MASTERCARD'
  /** FreshBooks `NOVA`. */
  | 'NOVA'
  /**
   * A payment type FreshBooks sent that paygraph does not know (older or newer FreshBooks versions
   * list 14, 16 or 17 types). Only ever read, never accepted as input.
   */
  | 'OTHER'
  /** FreshBooks `PayPal`. */
  | 'PAYPAL'
  /** FreshBooks `2Checkout`. */
  | 'TWO_CHECKOUT'
  /** FreshBooks `VISA`. */
  | 'VISA';

/** Why a mutation did not do what was asked. */
export type UserErrorCode =
  /** The card is already stored for this client. */
  | 'CARD_ALREADY_STORED'
  /** The card issuer or the clearing provider declined the card. */
  | 'CARD_DECLINED'
  /** The card's expiry month is in the past. */
  | 'CARD_EXPIRED'
  /** The charge cannot be refunded (charged back, already refunded in full, or a test charge outside demo mode). */
  | 'CHARGE_NOT_REFUNDABLE'
  /** A request with this idempotency key is still being processed; retry later. */
  | 'IDEMPOTENCY_KEY_IN_PROGRESS'
  /** This idempotency key was already used with a different input. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The amount is not positive or has more fraction digits than the currency allows. */
  | 'INVALID_AMOUNT'
  /** The card number fails the Luhn check, has the wrong length or contains non-digits. */
  | 'INVALID_CARD_NUMBER'
  /** The currency is unknown or not supported by the upstream. */
  | 'INVALID_CURRENCY'
  /** The CVV is not 3 or 4 digits. */
  | 'INVALID_CVV'
  /** The expiry is not `MM/YY`, `MMYY` or `YYYY-MM`, or names no real month. */
  | 'INVALID_EXPIRY'
  /** An input field is malformed, missing or too long (see `field`). */
  | 'INVALID_INPUT'
  /** The installment plan is invalid (count outside 1–36, first payment not below the total). */
  | 'INVALID_INSTALLMENTS'
  /** The invoice has nothing left to pay. */
  | 'INVOICE_ALREADY_PAID'
  /** Another payment of this invoice is unsettled; retry once it has settled. */
  | 'INVOICE_PAYMENT_IN_PROGRESS'
  /** A referenced object (stored card, client, invoice, payment) does not exist. */
  | 'NOT_FOUND'
  /** The upstream write of the first request with this key got no clear answer and is being looked up in the upstream's records; retry later with the same key (see `ledgerEntry`). */
  | 'OUTCOME_UNKNOWN'
  /** Another refund of this charge is unsettled; retry once it has settled. */
  | 'REFUND_IN_PROGRESS'
  /** The upstream refused the request for a business reason not listed above; see `message`. */
  | 'UPSTREAM_REJECTED';

export type ChargeInInstallmentsMutationVariables = Exact<{
  idempotencyKey: string;
  card: CardInput;
  amount: MoneyInput;
  installments: InstallmentsInput;
  description?: string | null | undefined;
  test?: boolean | null | undefined;
}>;


export type ChargeInInstallmentsMutation = { chargeCard: { charge: { id: string, confirmationCode: string, test: boolean, amount: { amount: string, currency: string }, card: { brand: CardBrand, last4: string, expiryMonth: number | null, expiryYear: number | null, holderName: string | null }, installments: { count: number, firstPayment: string | null, credit: boolean } } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string }> } };

export type CheckoutWithStoredCardMutationVariables = Exact<{
  idempotencyKey: string;
  tokenId: number;
  amount: MoneyInput;
  description?: string | null | undefined;
  test?: boolean | null | undefined;
}>;


export type CheckoutWithStoredCardMutation = { chargeCard: { charge: { id: string, confirmationCode: string, description: string | null, test: boolean, chargedAt: string | null, amount: { amount: string, currency: string }, card: { brand: CardBrand, last4: string }, client: { id: string, name: string } | null } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string }> } };

export type ClientActivityQueryVariables = Exact<{
  id: string;
  chargesSince?: string | null | undefined;
  perPage?: number | null | undefined;
}>;


export type ClientActivityQuery = { client: { id: string, name: string, email: string | null, freshbooksId: number | null, icountId: number | null, credits: Array<{ amount: string, currency: string }>, cards: Array<{ id: string, tokenId: number, brand: CardBrand, last4: string, expiryMonth: number | null, expiryYear: number | null, holderName: string | null }> | null, charges: Array<{ id: string, confirmationCode: string, chargedAt: string | null, amount: { amount: string, currency: string }, card: { brand: CardBrand, last4: string }, installments: { count: number } }> | null, payments: { nodes: Array<{ id: string, date: string, type: PaymentType, amount: { amount: string, currency: string }, invoice: { number: string } | null }>, pageInfo: { page: number, perPage: number, totalPages: number, totalCount: number } } | null } | null };

export type CurrenciesQueryVariables = Exact<{ [key: string]: never; }>;


export type CurrenciesQuery = { currencies: Array<{ code: string, name: string, symbol: string | null, icountId: number, decimals: number, rateToIls: string | null }> | null };

export type InvoicesByStatusQueryVariables = Exact<{
  status: InvoiceStatus;
  page?: number | null | undefined;
  perPage?: number | null | undefined;
}>;


export type InvoicesByStatusQuery = { invoices: { nodes: Array<{ id: string, number: string, status: InvoiceStatus, date: string, amount: { amount: string, currency: string }, outstanding: { amount: string, currency: string }, client: { id: string, name: string, cards: Array<{ tokenId: number, brand: CardBrand, last4: string }> | null } | null }>, pageInfo: { page: number, perPage: number, totalPages: number, totalCount: number } } | null };

export type PayInvoiceMutationVariables = Exact<{
  idempotencyKey: string;
  invoiceId: string;
  card: CardInput;
  amount?: MoneyInput | null | undefined;
  test?: boolean | null | undefined;
}>;


export type PayInvoiceMutation = { payInvoice: { pending: boolean, charge: { id: string, confirmationCode: string, amount: { amount: string, currency: string }, card: { brand: CardBrand, last4: string } } | null, payment: { id: string, freshbooksId: number, type: PaymentType, notes: string, amount: { amount: string, currency: string }, invoice: { id: string, number: string, status: InvoiceStatus, outstanding: { amount: string, currency: string } } | null } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string }> } };

export type PaymentAndChargeQueryVariables = Exact<{
  paymentId: string;
  confirmationCode: string;
}>;


export type PaymentAndChargeQuery = { payment: { id: string, freshbooksId: number, date: string, type: PaymentType, notes: string, amount: { amount: string, currency: string }, client: { name: string } | null, invoice: { number: string, status: InvoiceStatus, paid: { amount: string, currency: string }, outstanding: { amount: string, currency: string } } | null } | null, charges: Array<{ id: string, confirmationCode: string, description: string | null, test: boolean, chargedAt: string | null, amount: { amount: string, currency: string }, card: { brand: CardBrand, last4: string } }> | null };

export type VoidPaymentMutationVariables = Exact<{
  id: string;
  idempotencyKey: string;
}>;


export type VoidPaymentMutation = { deletePayment: { deletedPaymentId: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string }> } };


export const ChargeInInstallmentsDocument = {"__meta__":{"hash":"sha256:da7d1da23cd794257794ab1822455c31eab2bdc43a6af4317225d1b3d11ff192"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ChargeInInstallments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"card"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CardInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"amount"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MoneyInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"installments"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"InstallmentsInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"description"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"test"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"chargeCard"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"card"},"value":{"kind":"Variable","name":{"kind":"Name","value":"card"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"amount"},"value":{"kind":"Variable","name":{"kind":"Name","value":"amount"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"installments"},"value":{"kind":"Variable","name":{"kind":"Name","value":"installments"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"description"},"value":{"kind":"Variable","name":{"kind":"Name","value":"description"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"test"},"value":{"kind":"Variable","name":{"kind":"Name","value":"test"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"charge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"confirmationCode"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"card"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"brand"}},{"kind":"Field","name":{"kind":"Name","value":"last4"}},{"kind":"Field","name":{"kind":"Name","value":"expiryMonth"}},{"kind":"Field","name":{"kind":"Name","value":"expiryYear"}},{"kind":"Field","name":{"kind":"Name","value":"holderName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"installments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"firstPayment"}},{"kind":"Field","name":{"kind":"Name","value":"credit"}}]}},{"kind":"Field","name":{"kind":"Name","value":"test"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<ChargeInInstallmentsMutation, ChargeInInstallmentsMutationVariables>;
export const CheckoutWithStoredCardDocument = {"__meta__":{"hash":"sha256:b42d7d5728c252e57e9a22479a3de92b001fc21531c1515d8ef0c355f61c9477"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CheckoutWithStoredCard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tokenId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"amount"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MoneyInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"description"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"test"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}},"defaultValue":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"chargeCard"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"card"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"tokenId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tokenId"}}}]}},{"kind":"ObjectField","name":{"kind":"Name","value":"amount"},"value":{"kind":"Variable","name":{"kind":"Name","value":"amount"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"description"},"value":{"kind":"Variable","name":{"kind":"Name","value":"description"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"test"},"value":{"kind":"Variable","name":{"kind":"Name","value":"test"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"charge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"confirmationCode"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"card"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"brand"}},{"kind":"Field","name":{"kind":"Name","value":"last4"}}]}},{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"test"}},{"kind":"Field","name":{"kind":"Name","value":"chargedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CheckoutWithStoredCardMutation, CheckoutWithStoredCardMutationVariables>;
export const ClientActivityDocument = {"__meta__":{"hash":"sha256:5cfb343c4d05765f98a83d52cc583e1f3872b3a34e7d14e1166b3d6399f0d628"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ClientActivity"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"chargesSince"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"perPage"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"client"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"freshbooksId"}},{"kind":"Field","name":{"kind":"Name","value":"icountId"}},{"kind":"Field","name":{"kind":"Name","value":"credits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cards"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tokenId"}},{"kind":"Field","name":{"kind":"Name","value":"brand"}},{"kind":"Field","name":{"kind":"Name","value":"last4"}},{"kind":"Field","name":{"kind":"Name","value":"expiryMonth"}},{"kind":"Field","name":{"kind":"Name","value":"expiryYear"}},{"kind":"Field","name":{"kind":"Name","value":"holderName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"charges"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"dateFrom"},"value":{"kind":"Variable","name":{"kind":"Name","value":"chargesSince"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"confirmationCode"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"card"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"brand"}},{"kind":"Field","name":{"kind":"Name","value":"last4"}}]}},{"kind":"Field","name":{"kind":"Name","value":"installments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"chargedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"payments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"perPage"},"value":{"kind":"Variable","name":{"kind":"Name","value":"perPage"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"invoice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"page"}},{"kind":"Field","name":{"kind":"Name","value":"perPage"}},{"kind":"Field","name":{"kind":"Name","value":"totalPages"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ClientActivityQuery, ClientActivityQueryVariables>;
export const CurrenciesDocument = {"__meta__":{"hash":"sha256:ba9b7f833347d8706e35f8af330e97cfa7615e952323e89086b28806e06c0dd8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Currencies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currencies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"symbol"}},{"kind":"Field","name":{"kind":"Name","value":"icountId"}},{"kind":"Field","name":{"kind":"Name","value":"decimals"}},{"kind":"Field","name":{"kind":"Name","value":"rateToIls"}}]}}]}}]} as unknown as DocumentNode<CurrenciesQuery, CurrenciesQueryVariables>;
export const InvoicesByStatusDocument = {"__meta__":{"hash":"sha256:9711c4956bdc0509814f299f264ed3c9b3c403d1ec7cd0c4925f2cb7c26daba5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InvoicesByStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"InvoiceStatus"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"1"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"perPage"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"25"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invoices"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}]}},{"kind":"Argument","name":{"kind":"Name","value":"page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page"}}},{"kind":"Argument","name":{"kind":"Name","value":"perPage"},"value":{"kind":"Variable","name":{"kind":"Name","value":"perPage"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"outstanding"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"cards"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tokenId"}},{"kind":"Field","name":{"kind":"Name","value":"brand"}},{"kind":"Field","name":{"kind":"Name","value":"last4"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"page"}},{"kind":"Field","name":{"kind":"Name","value":"perPage"}},{"kind":"Field","name":{"kind":"Name","value":"totalPages"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]}}]} as unknown as DocumentNode<InvoicesByStatusQuery, InvoicesByStatusQueryVariables>;
export const PayInvoiceDocument = {"__meta__":{"hash":"sha256:ac1a68f26d853023a7e575e8cdd89f975a9503ceea1dca8a8c332824bd2fe943"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PayInvoice"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"invoiceId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"card"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CardInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"amount"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"MoneyInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"test"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"payInvoice"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"invoiceId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"invoiceId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"card"},"value":{"kind":"Variable","name":{"kind":"Name","value":"card"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"amount"},"value":{"kind":"Variable","name":{"kind":"Name","value":"amount"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"test"},"value":{"kind":"Variable","name":{"kind":"Name","value":"test"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pending"}},{"kind":"Field","name":{"kind":"Name","value":"charge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"confirmationCode"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"card"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"brand"}},{"kind":"Field","name":{"kind":"Name","value":"last4"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"payment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"freshbooksId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"invoice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outstanding"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<PayInvoiceMutation, PayInvoiceMutationVariables>;
export const PaymentAndChargeDocument = {"__meta__":{"hash":"sha256:01d60e1b0266cada3a500e33edeff7e41e5638d3a617e9baae00f96f269e2c0c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PaymentAndCharge"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"paymentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"confirmationCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"payment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"paymentId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"freshbooksId"}},{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"invoice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"paid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"outstanding"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"charges"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"confirmationCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"confirmationCode"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"confirmationCode"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"card"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"brand"}},{"kind":"Field","name":{"kind":"Name","value":"last4"}}]}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"test"}},{"kind":"Field","name":{"kind":"Name","value":"chargedAt"}}]}}]}}]} as unknown as DocumentNode<PaymentAndChargeQuery, PaymentAndChargeQueryVariables>;
export const VoidPaymentDocument = {"__meta__":{"hash":"sha256:7b8861a1d90ec386035499d07b79f4b8995b69a81aea1402cb16cf3e5304c1ee"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"VoidPayment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletePayment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedPaymentId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<VoidPaymentMutation, VoidPaymentMutationVariables>;