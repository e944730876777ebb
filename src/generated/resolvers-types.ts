import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { CardRecord, ChargeRecord, ClientRecord, CurrencyRecord, CardTypeRecord, CardProviderRecord, CardAuthorizationRecord, PaymentRecord, InvoiceRecord, InvoiceLineRecord, PageRecord, LedgerEntryRecord } from '../domain/records.js';
import type { CheckoutRecord } from '../domain/checkout.js';
import type { PaymentEventRecord } from '../domain/payment-events.js';
import type { GatewayContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-4217 alpha-3 currency code in upper case, e.g. `ILS`, `USD`, `EUR`. */
  CurrencyCode: { input: string; output: string; }
  /** A calendar date, `YYYY-MM-DD`. */
  Date: { input: string; output: string; }
  /** A point in time, ISO-8601 with offset, e.g. `2026-11-21T09:30:00Z`. */
  DateTime: { input: string; output: string; }
  /**
   * An exact decimal amount as a string, e.g. `"129.88"`. Never a float: parse it with a decimal
   * library. At most as many fraction digits as the currency has.
   */
  Decimal: { input: string; output: string; }
};

/** Input of `authorizeCard`. */
export type AuthorizeCardInput = {
  /** Amount to reserve; defaults to 5.00 ILS, iCount's default. */
  amount?: InputMaybe<MoneyInput>;
  /** Full card details: number, expiry, cvv and holderId (stored tokens cannot be pre-authorised). */
  card: CardInput;
  /** Unique per attempt; a retry with the same key does not authorise twice. */
  idempotencyKey: Scalars['String']['input'];
};

/** Result of `authorizeCard`. */
export type AuthorizeCardPayload = {
  __typename?: 'AuthorizeCardPayload';
  /** The pre-authorisation; null when `userErrors` is not empty. */
  authorization?: Maybe<CardAuthorization>;
  /** Why the card was not authorised. */
  userErrors: Array<UserError>;
};

/** A card stored in iCount's card vault, charged later by its token. */
export type Card = Node & {
  __typename?: 'Card';
  /** The card brand. */
  brand: CardBrand;
  /** The client the card belongs to: known when the card was reached through its client (`Client.cards`, which iCount lists per client); null for a card read alone, since iCount's stored-card record does not say whose it is. */
  client?: Maybe<Client>;
  /** Expiry month, 1–12. */
  expiryMonth?: Maybe<Scalars['Int']['output']>;
  /** Expiry year, four digits. */
  expiryYear?: Maybe<Scalars['Int']['output']>;
  /** The name on the card. */
  holderName?: Maybe<Scalars['String']['output']>;
  /** Opaque global ID. */
  id: Scalars['ID']['output'];
  /** The last four digits of the card number. */
  last4: Scalars['String']['output'];
  /** iCount's integer token id (`cc_token_id`). */
  tokenId: Scalars['Int']['output'];
};

/** A J5 pre-authorisation: an amount reserved on a card, captured later by `chargeCard` with `useAuthorization`. */
export type CardAuthorization = {
  __typename?: 'CardAuthorization';
  /** Whether a usable pre-authorisation exists for the card. */
  available: Scalars['Boolean']['output'];
  /** The card, as far as it may be shown. */
  card?: Maybe<CardDetails>;
  /** The issuer's approval number. */
  confirmationCode?: Maybe<Scalars['String']['output']>;
  /** Amount still available to capture. */
  remaining?: Maybe<Money>;
  /** Amount reserved. */
  total?: Maybe<Money>;
  /** Amount already captured. */
  used?: Maybe<Money>;
};

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

/** What may be shown of a card. Never the full number, never the CVV. */
export type CardDetails = {
  __typename?: 'CardDetails';
  /** The card brand. */
  brand: CardBrand;
  /** Expiry month, 1–12, when known. */
  expiryMonth?: Maybe<Scalars['Int']['output']>;
  /** Expiry year, four digits, when known. */
  expiryYear?: Maybe<Scalars['Int']['output']>;
  /** The name on the card, when known. */
  holderName?: Maybe<Scalars['String']['output']>;
  /** The last four digits of the card number. */
  last4: Scalars['String']['output'];
};

/**
 * A card, given either as a stored iCount token (`tokenId`) or as card details (`number` with
 * `expiry`, usually `cvv`). Exactly one of `tokenId` and `number`.
 */
export type CardInput = {
  /** The 3- or 4-digit security code. Never stored or logged by paygraph. */
  cvv?: InputMaybe<Scalars['String']['input']>;
  /** Expiry as `MM/YY`, `MMYY` or `YYYY-MM`. */
  expiry?: InputMaybe<Scalars['String']['input']>;
  /** The card holder's national id number (Israeli ת.ז.), required by some card operations. */
  holderId?: InputMaybe<Scalars['String']['input']>;
  /** The name on the card. */
  holderName?: InputMaybe<Scalars['String']['input']>;
  /** The full card number, digits only (spaces and dashes are removed). Never stored or logged by paygraph. */
  number?: InputMaybe<Scalars['String']['input']>;
  /** A stored card's iCount token id. */
  tokenId?: InputMaybe<Scalars['Int']['input']>;
};

/** The clearing provider configured on the iCount account. */
export type CardProvider = {
  __typename?: 'CardProvider';
  /** Provider name. */
  name: Scalars['String']['output'];
  /** Whether J5 pre-authorisations (`authorizeCard`) are supported. */
  supportsAuthorizations?: Maybe<Scalars['Boolean']['output']>;
  /** Whether cards can be stored as tokens (`storeCard`). */
  supportsStoredCards?: Maybe<Scalars['Boolean']['output']>;
  /** Terminal number, when iCount reports it. */
  terminal?: Maybe<Scalars['String']['output']>;
};

/** A card type iCount's clearing supports. */
export type CardType = {
  __typename?: 'CardType';
  /** The brand this card type maps to. */
  brand: CardBrand;
  /** iCount's code, e.g. `VISA`. */
  code: Scalars['String']['output'];
  /** iCount's `card_type_id`. */
  icountId: Scalars['Int']['output'];
  /** Short name. */
  name: Scalars['String']['output'];
  /** Long name. */
  title: Scalars['String']['output'];
};

/** The result of an offline card check. Nothing is charged or authorised. */
export type CardValidation = {
  __typename?: 'CardValidation';
  /** The brand detected from the number, when a valid number was given. */
  brand?: Maybe<CardBrand>;
  /** Why the card is not valid; empty when it is. */
  errors: Array<UserError>;
  /** Normalised expiry month, when a valid expiry was given. */
  expiryMonth?: Maybe<Scalars['Int']['output']>;
  /** Normalised expiry year, when a valid expiry was given. */
  expiryYear?: Maybe<Scalars['Int']['output']>;
  /** Last four digits of the number, when one was given. */
  last4?: Maybe<Scalars['String']['output']>;
  /** `true` when every given part is valid. */
  valid: Scalars['Boolean']['output'];
};

/** A card transaction in iCount. */
export type Charge = Node & {
  __typename?: 'Charge';
  /** The amount charged. */
  amount: Money;
  /** The card charged, as far as it may be shown. */
  card: CardDetails;
  /** When the charge was made, when iCount reports it. */
  chargedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The iCount client charged, when known. */
  client?: Maybe<Client>;
  /** The acquirer's approval number; the key to find the charge in iCount. */
  confirmationCode: Scalars['String']['output'];
  /** Free-text description sent with the charge. */
  description?: Maybe<Scalars['String']['output']>;
  /** Opaque global ID. */
  id: Scalars['ID']['output'];
  /** The installment plan. */
  installments: Installments;
  /** How much of the amount was refunded so far: iCount's `refunded`, or what paygraph's ledger counted when that is more. */
  refundedAmount: Money;
  /** The refunds paygraph made of this charge, oldest first (within the ledger's retention). */
  refunds: Array<Refund>;
  /** Refunded, partially refunded, charged back, or approved. */
  status: ChargeStatus;
  /** `true` for a test charge: no money moved. */
  test: Scalars['Boolean']['output'];
};

/** Input of `chargeCard`. */
export type ChargeCardInput = {
  /** The amount and currency to charge. */
  amount: MoneyInput;
  /** The card: a stored `tokenId`, or card details. */
  card: CardInput;
  /** Alternatively, who the client is (found or created in iCount). */
  client?: InputMaybe<ClientIdentityInput>;
  /** The client charged (a `Client` global ID). */
  clientId?: InputMaybe<Scalars['ID']['input']>;
  /** Free text shown in iCount (at most 250 characters). */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Unique per attempt. A retry with the same key never charges twice. */
  idempotencyKey: Scalars['String']['input'];
  /** Split the charge into installments. */
  installments?: InputMaybe<InstallmentsInput>;
  /** Test charge: iCount checks the card but moves no money. */
  test?: InputMaybe<Scalars['Boolean']['input']>;
  /** Capture against an existing J5 pre-authorisation of the same card (`authorizeCard`) when there is one. */
  useAuthorization?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Result of `chargeCard`. */
export type ChargeCardPayload = {
  __typename?: 'ChargeCardPayload';
  /** The charge; null when `userErrors` is not empty. */
  charge?: Maybe<Charge>;
  /** Why the card was not charged. */
  userErrors: Array<UserError>;
};

/** Filters for `charges`. All given filters must match. */
export type ChargeFilter = {
  /** Charges of this client (a `Client` global ID). */
  clientId?: InputMaybe<Scalars['ID']['input']>;
  /** The acquirer's approval number. */
  confirmationCode?: InputMaybe<Scalars['String']['input']>;
  /** Charged on or after this date. */
  dateFrom?: InputMaybe<Scalars['Date']['input']>;
  /** Charged on or before this date. */
  dateTo?: InputMaybe<Scalars['Date']['input']>;
  /** Card number's last four digits. */
  last4?: InputMaybe<Scalars['String']['input']>;
};

/** Where a charge stands, from iCount's transaction fields and paygraph's ledger. */
export type ChargeStatus =
  /** Charged; nothing refunded. */
  | 'APPROVED'
  /** The issuer charged it back (`is_chargeback`); it cannot be refunded. */
  | 'CHARGEBACK'
  /** Part of the amount was refunded; the rest may still be refunded. */
  | 'PARTIALLY_REFUNDED'
  /** The whole amount was refunded. */
  | 'REFUNDED'
  /** A test charge: no money moved (refunds move none either). */
  | 'TEST';

/**
 * A checkout on iCount's hosted payment page: the payer types the card on iCount's page, never on
 * the merchant's or paygraph's, so neither handles card data. paygraph learns of the payment from
 * iCount's callback (checked against iCount's own records) or, if the callback never arrives, from
 * its reconciler; either way the FreshBooks payment is recorded on the invoice exactly once, even when
 * it lands after the checkout was cancelled or expired.
 */
export type Checkout = {
  __typename?: 'Checkout';
  /** The amount the payer is asked for, in the invoice's currency. */
  amount: Money;
  /** The iCount charge, once the payer paid and paygraph found it in iCount's records. */
  charge?: Maybe<Charge>;
  /** When the checkout was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Until when the payer may pay; the checkout holds its invoice (no other payment of it starts) until then. */
  expiresAt: Scalars['DateTime']['output'];
  /** The checkout's ID (for `Query.checkout`). */
  id: Scalars['ID']['output'];
  /** The FreshBooks invoice being paid. */
  invoice?: Maybe<Invoice>;
  /** The FreshBooks payment recorded on the invoice, once `COMPLETED`. */
  payment?: Maybe<Payment>;
  /** Where the checkout stands. */
  status: CheckoutStatus;
  /** iCount's payment page for this sale: send the payer's browser here. */
  url: Scalars['String']['output'];
};

/** Where a checkout stands. */
export type CheckoutStatus =
  /** The payer cancelled on iCount's page, and iCount's records held no payment for it; the invoice is free for another payment. A payment iCount takes later still completes it. */
  | 'CANCELLED'
  /** Paid, and the payment is recorded on the invoice (also when the payment landed after the checkout was `CANCELLED` or `EXPIRED`). */
  | 'COMPLETED'
  /** Not paid before `expiresAt`; the invoice is free for another payment. A payment iCount takes later still completes it. */
  | 'EXPIRED'
  /** iCount's charge did not match the checkout (see `ledgerEntry` of its idempotency key); nothing was recorded and an operator must check. */
  | 'FAILED'
  /** Waiting for the payer (or paid, and the FreshBooks payment is being recorded). */
  | 'OPEN';

/**
 * A customer. A FreshBooks client and its iCount twin (iCount's `custom_client_id` holds the
 * FreshBooks client id) are one `Client`; a customer may also exist on one side only.
 */
export type Client = Node & {
  __typename?: 'Client';
  /** The client's cards stored in iCount. Null when iCount is down. */
  cards?: Maybe<Array<Card>>;
  /** The client's card transactions in iCount. Null when iCount is down. */
  charges?: Maybe<Array<Charge>>;
  /** Credit the client holds in FreshBooks, one entry per currency. */
  credits: Array<Money>;
  /** The client's default currency in FreshBooks. */
  currency?: Maybe<Scalars['CurrencyCode']['output']>;
  /** E-mail address. */
  email?: Maybe<Scalars['String']['output']>;
  /** The client's id in an external system, as stored in iCount (`custom_client_id`). */
  externalId?: Maybe<Scalars['String']['output']>;
  /** Contact first name (FreshBooks). */
  firstName?: Maybe<Scalars['String']['output']>;
  /** FreshBooks' client_id, when the client exists in FreshBooks. */
  freshbooksId?: Maybe<Scalars['Int']['output']>;
  /** iCount's client id, when the client exists in iCount. */
  icountId?: Maybe<Scalars['Int']['output']>;
  /** Opaque global ID. */
  id: Scalars['ID']['output'];
  /** The client's FreshBooks invoices, newest first. Null when FreshBooks is down. */
  invoices?: Maybe<InvoicePage>;
  /** Contact last name (FreshBooks). */
  lastName?: Maybe<Scalars['String']['output']>;
  /** Display name: the organization, else the person's name. */
  name: Scalars['String']['output'];
  /** Organization (FreshBooks). */
  organization?: Maybe<Scalars['String']['output']>;
  /** The client's FreshBooks payments, newest first. Null when FreshBooks is down. */
  payments?: Maybe<PaymentPage>;
};


/**
 * A customer. A FreshBooks client and its iCount twin (iCount's `custom_client_id` holds the
 * FreshBooks client id) are one `Client`; a customer may also exist on one side only.
 */
export type ClientChargesArgs = {
  filter?: InputMaybe<ChargeFilter>;
};


/**
 * A customer. A FreshBooks client and its iCount twin (iCount's `custom_client_id` holds the
 * FreshBooks client id) are one `Client`; a customer may also exist on one side only.
 */
export type ClientInvoicesArgs = {
  page?: InputMaybe<Scalars['Int']['input']>;
  perPage?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * A customer. A FreshBooks client and its iCount twin (iCount's `custom_client_id` holds the
 * FreshBooks client id) are one `Client`; a customer may also exist on one side only.
 */
export type ClientPaymentsArgs = {
  page?: InputMaybe<Scalars['Int']['input']>;
  perPage?: InputMaybe<Scalars['Int']['input']>;
};

/** Filters for `clients`. */
export type ClientFilter = {
  /** Clients with this e-mail address. */
  email?: InputMaybe<Scalars['String']['input']>;
};

/** Identifies an iCount client by something other than its id. Used to find the client, or create it when none matches. */
export type ClientIdentityInput = {
  /** Client e-mail. */
  email?: InputMaybe<Scalars['String']['input']>;
  /** The client's id in an external system (iCount `custom_client_id`; paygraph stores the FreshBooks client id there). */
  externalId?: InputMaybe<Scalars['String']['input']>;
  /** Client name. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Israeli VAT or national id of the client. */
  vatId?: InputMaybe<Scalars['String']['input']>;
};

/** A page of clients. */
export type ClientPage = {
  __typename?: 'ClientPage';
  /** The clients on this page, newest first. */
  nodes: Array<Client>;
  /** Where this page stands. */
  pageInfo: PageInfo;
};

/** Input of `createCheckout`. */
export type CreateCheckoutInput = {
  /** Amount to ask for; defaults to the invoice's outstanding balance. Must be in the invoice's currency and not above the balance. */
  amount?: InputMaybe<MoneyInput>;
  /** Where the payer's browser lands after cancelling on iCount's page (through paygraph, which then marks the checkout `CANCELLED`; to `successUrl` instead if the sale was paid); same rules as `successUrl`. */
  cancelUrl: Scalars['String']['input'];
  /** Unique per checkout. The same key never creates a second checkout; it answers the first one as it stands. */
  idempotencyKey: Scalars['String']['input'];
  /** The FreshBooks invoice to pay (an `Invoice` global ID). */
  invoiceId: Scalars['ID']['input'];
  /** The page's language: `en`, `he` or `auto` (by the payer's country); default iCount's. */
  language?: InputMaybe<Scalars['String']['input']>;
  /** The most installments the payer may choose on the page (1–36); default 1. */
  maxInstallments?: InputMaybe<Scalars['Int']['input']>;
  /** Where iCount sends the payer's browser after paying: an http(s) URL on an origin of `CHECKOUT_REDIRECT_ORIGINS` (in demo mode, loopback origins too). */
  successUrl: Scalars['String']['input'];
};

/** Result of `createCheckout`. */
export type CreateCheckoutPayload = {
  __typename?: 'CreateCheckoutPayload';
  /** The checkout; null when it was not created. */
  checkout?: Maybe<Checkout>;
  /** Why the checkout was not created. */
  userErrors: Array<UserError>;
};

/** A currency iCount can charge in. */
export type Currency = {
  __typename?: 'Currency';
  /** ISO-4217 code. */
  code: Scalars['CurrencyCode']['output'];
  /** Number of fraction digits amounts in this currency may have. */
  decimals: Scalars['Int']['output'];
  /** iCount's own currency id (not the ISO numeric code: EUR 1, USD 2, GBP 4, ILS 5). */
  icountId: Scalars['Int']['output'];
  /** English name. */
  name: Scalars['String']['output'];
  /** Exchange rate to ILS, when iCount reports one. */
  rateToIls?: Maybe<Scalars['Decimal']['output']>;
  /** Symbol, e.g. `₪`. */
  symbol?: Maybe<Scalars['String']['output']>;
};

/** Input of `deletePayment`. */
export type DeletePaymentInput = {
  /** The payment's global ID. */
  id: Scalars['ID']['input'];
  /** Unique per attempt; a retry with the same key does not fail as not found. */
  idempotencyKey: Scalars['String']['input'];
};

/** Result of `deletePayment`. */
export type DeletePaymentPayload = {
  __typename?: 'DeletePaymentPayload';
  /** The global ID of the deleted payment. */
  deletedPaymentId?: Maybe<Scalars['ID']['output']>;
  /** Why the payment was not deleted. */
  userErrors: Array<UserError>;
};

/** Input of `deleteStoredCard`. */
export type DeleteStoredCardInput = {
  /** The stored card's global ID. */
  id: Scalars['ID']['input'];
};

/** Result of `deleteStoredCard`. */
export type DeleteStoredCardPayload = {
  __typename?: 'DeleteStoredCardPayload';
  /** The global ID of the card that was deleted. */
  deletedCardId?: Maybe<Scalars['ID']['output']>;
  /** Why the card was not deleted. */
  userErrors: Array<UserError>;
};

/** The online gateway that took a payment, for payments made through FreshBooks' own checkout. */
export type GatewayTransaction = {
  __typename?: 'GatewayTransaction';
  /** The gateway's name. */
  gatewayName: Scalars['String']['output'];
  /** The gateway's reference for the transaction. */
  referenceId: Scalars['String']['output'];
};

/** How a charge is split into installments (Israeli clearing). */
export type Installments = {
  __typename?: 'Installments';
  /** Number of installments; 1 for a regular charge. */
  count: Scalars['Int']['output'];
  /** `true` for an issuer-financed credit plan (קרדיט) instead of ordinary installments. */
  credit: Scalars['Boolean']['output'];
  /** Amount of the first installment, when it differs from the others. */
  firstPayment?: Maybe<Scalars['Decimal']['output']>;
};

/** An installment plan for `chargeCard`. */
export type InstallmentsInput = {
  /** Number of installments, 1–36. */
  count: Scalars['Int']['input'];
  /** Use the issuer-financed credit plan instead of ordinary installments. */
  credit?: InputMaybe<Scalars['Boolean']['input']>;
  /** Amount of the first installment; must be below the total. The rest is split equally. */
  firstPayment?: InputMaybe<Scalars['Decimal']['input']>;
};

/** A FreshBooks invoice. */
export type Invoice = Node & {
  __typename?: 'Invoice';
  /** Total including taxes. */
  amount: Money;
  /** The client invoiced. */
  client?: Maybe<Client>;
  /** Invoice date. */
  date: Scalars['Date']['output'];
  /** FreshBooks' invoice_id (without the zero padding FreshBooks sends). */
  freshbooksId: Scalars['Int']['output'];
  /** Opaque global ID. */
  id: Scalars['ID']['output'];
  /** The invoice lines. */
  lines: Array<InvoiceLine>;
  /** Notes printed on the invoice. */
  notes?: Maybe<Scalars['String']['output']>;
  /** The display number, exactly as FreshBooks has it, e.g. `0000001`. */
  number: Scalars['String']['output'];
  /** Amount still to pay. */
  outstanding: Money;
  /** Amount paid so far. */
  paid: Money;
  /** Payments recorded against this invoice, newest first. Null when FreshBooks is down. */
  payments?: Maybe<Array<Payment>>;
  /** The client's purchase-order number. */
  poNumber?: Maybe<Scalars['String']['output']>;
  /** Where the invoice stands. */
  status: InvoiceStatus;
  /** Last change in FreshBooks. */
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
};

/** Filters for `invoices`. All given filters must match. */
export type InvoiceFilter = {
  /** Invoices of this client (a `Client` global ID). */
  clientId?: InputMaybe<Scalars['ID']['input']>;
  /** Dated on or after. */
  dateFrom?: InputMaybe<Scalars['Date']['input']>;
  /** Dated on or before. */
  dateTo?: InputMaybe<Scalars['Date']['input']>;
  /** Invoices whose number contains this text. */
  number?: InputMaybe<Scalars['String']['input']>;
  /** Invoices in this status. */
  status?: InputMaybe<InvoiceStatus>;
};

/** A line of an invoice. */
export type InvoiceLine = {
  __typename?: 'InvoiceLine';
  /** Line total before taxes. */
  amount: Scalars['Decimal']['output'];
  /** Item description. */
  description: Scalars['String']['output'];
  /** Item name. */
  name: Scalars['String']['output'];
  /** Quantity. */
  quantity: Scalars['Decimal']['output'];
  /** Price of one unit. */
  unitCost: Scalars['Decimal']['output'];
};

/** A page of invoices. */
export type InvoicePage = {
  __typename?: 'InvoicePage';
  /** The invoices on this page, newest first. */
  nodes: Array<Invoice>;
  /** Where this page stands. */
  pageInfo: PageInfo;
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

/**
 * Where a money-moving mutation stands in paygraph's payments ledger: every `chargeCard`,
 * `authorizeCard`, `storeCard`, `recordPayment`, `deletePayment`, `payInvoice`, `refundCharge`,
 * `refundInvoicePayment` and `reconcile` is one entry, keyed by the API key and its idempotency key. For support staff: what a client's retry will answer, and
 * whether an upstream write is still being settled.
 */
export type LedgerEntry = {
  __typename?: 'LedgerEntry';
  /** Upstream writes sent so far for this key (a write that never left is not counted). */
  attempts: Scalars['Int']['output'];
  /** The iCount charge it made (chargeCard, payInvoice) or refunded (refundCharge, refundInvoicePayment), once known. */
  charge?: Maybe<Charge>;
  /** When the key was first used. */
  createdAt: Scalars['DateTime']['output'];
  /** The idempotency key the entry was made with. */
  idempotencyKey: Scalars['String']['output'];
  /** The last failure, as text (never card data). */
  lastError?: Maybe<Scalars['String']['output']>;
  /** The mutation (`chargeCard`, `payInvoice` …). */
  operation: Scalars['String']['output'];
  /**
   * The FreshBooks payment it recorded (recordPayment, payInvoice, reconcile) or reduced
   * (refundInvoicePayment; null once a full refund deleted it), once known.
   */
  payment?: Maybe<Payment>;
  /** The refund it made (refundCharge, refundInvoicePayment), once iCount made it. */
  refund?: Maybe<Refund>;
  /** Where it stands; see `LedgerState`. */
  state: LedgerState;
  /** The upstream write that `SENDING` or `UNKNOWN` is about: `write`, payInvoice's `charge` / `record`, or refundInvoicePayment's `refund` / `book`. */
  step?: Maybe<Scalars['String']['output']>;
  /** When the entry last changed. */
  updatedAt: Scalars['DateTime']['output'];
};

/** The states of a ledger entry (see the README's money safety section). */
export type LedgerState =
  /** Looked up after the write could have landed, and not found: nothing happened. The same key may try again. */
  | 'NOT_APPLIED'
  /** payInvoice: the card was charged, the FreshBooks payment is still to be recorded; refundInvoicePayment: refunded, FreshBooks still to be brought in line. */
  | 'PENDING'
  /** Refused (a userError, a decline); the same key replays the refusal. */
  | 'REJECTED'
  /** An upstream write was recorded as about to be sent and may be in flight. */
  | 'SENDING'
  /** Claimed; the inputs are being checked; nothing has been sent. */
  | 'STARTED'
  /** Done; the same key replays the answer. */
  | 'SUCCEEDED'
  /** An upstream write got no clear answer; the reconciler is looking it up in the upstream's records. */
  | 'UNKNOWN';

/** What differs between a charge and the payment it was matched with. */
export type MismatchKind =
  /** The payment's amount is not what the charge kept after its refunds. */
  | 'AMOUNT'
  /** The payment is in another currency than the charge. */
  | 'CURRENCY'
  /** The charge was refunded (in part) but the FreshBooks payment still has the amount charged. */
  | 'REFUND_NOT_REFLECTED';

/** An amount of money in a currency. */
export type Money = {
  __typename?: 'Money';
  /** The amount, exact, with at most the currency's number of fraction digits. */
  amount: Scalars['Decimal']['output'];
  /** The currency of the amount. */
  currency: Scalars['CurrencyCode']['output'];
};

/** An amount of money in a currency, as input. */
export type MoneyInput = {
  /** The amount: positive, with at most the currency's number of fraction digits (2 for ILS, USD, EUR; 0 for JPY). */
  amount: Scalars['Decimal']['input'];
  /** The currency, ISO-4217 alpha-3. */
  currency: Scalars['CurrencyCode']['input'];
};

/** The root of every write. Every mutation takes one `input` and returns a payload with `userErrors`. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Reserves an amount on a card without charging it: a J5 pre-authorisation (`cc/j5`). */
  authorizeCard: AuthorizeCardPayload;
  /** Charges a card in iCount (`cc/bill`): once, or in installments, in any supported currency. */
  chargeCard: ChargeCardPayload;
  /**
   * Creates a checkout for a FreshBooks invoice on iCount's hosted payment page (the PayPage of
   * `ICOUNT_PAYPAGE_ID`) and answers its `url`. The payer pays there; paygraph records the FreshBooks
   * payment exactly once when iCount reports it. One unsettled payment at a time per invoice.
   */
  createCheckout: CreateCheckoutPayload;
  /** Deletes a FreshBooks payment; the invoice's balance is restored (`payment.delete`). */
  deletePayment: DeletePaymentPayload;
  /** Deletes a stored card (`cc_storage/delete`). */
  deleteStoredCard: DeleteStoredCardPayload;
  /**
   * Pays a FreshBooks invoice by card: charges the card in iCount (`cc/bill`) for the outstanding
   * balance in the invoice's currency, then records the payment on the invoice (`payment.create`)
   * with the type of the card's brand and the iCount confirmation code in its notes. Exactly once per
   * `idempotencyKey`, even across crashes and retries.
   */
  payInvoice: PayInvoicePayload;
  /**
   * Records the missing FreshBooks payment of a charge that paid an invoice but was never recorded
   * (an unmatched charge of `reconciliation`), exactly once per `idempotencyKey`, for the amount the
   * charge kept after its refunds.
   */
  reconcile: ReconcilePayload;
  /** Records a payment in FreshBooks (`payment.create`). */
  recordPayment: RecordPaymentPayload;
  /**
   * Refunds a card charge in iCount (`cc/refund`), in part or in full, exactly once per
   * `idempotencyKey`. Never more than what is left, even for concurrent refunds with different keys on
   * several gateways: refunds of one charge take turns through the ledger.
   */
  refundCharge: RefundChargePayload;
  /**
   * Refunds the card charge behind a payment `payInvoice` recorded, then brings FreshBooks in line:
   * the payment is reduced to what is left (`payment.update`), or deleted on a full refund
   * (`payment.delete`), with a note naming the refund. Exactly once, crash-safe like `payInvoice`.
   */
  refundInvoicePayment: RefundInvoicePaymentPayload;
  /** Stores a card in iCount's vault and returns its token (`cc_storage/store`). */
  storeCard: StoreCardPayload;
  /** Changes a FreshBooks payment (`payment.update`). */
  updatePayment: UpdatePaymentPayload;
  /** Changes a stored card's expiry or holder (`cc_storage/update`). */
  updateStoredCard: UpdateStoredCardPayload;
  /** Checks online, with the issuer, that a card can be charged; nothing is charged (`cc/validate_card_cvv`). */
  verifyCard: VerifyCardPayload;
};


/** The root of every write. Every mutation takes one `input` and returns a payload with `userErrors`. */
export type MutationAuthorizeCardArgs = {
  input: AuthorizeCardInput;
};


/** The root of every write. Every mutation takes one `input` and returns a payload with `userErrors`. */
export type MutationChargeCardArgs = {
  input: ChargeCardInput;
};


/** The root of every write. Every mutation takes one `input` and returns a payload with `userErrors`. */
export type MutationCreateCheckoutArgs = {
  input: CreateCheckoutInput;
};


/** The root of every write. Every mutation takes one `input` and returns a payload with `userErrors`. */
export type MutationDeletePaymentArgs = {
  input: DeletePaymentInput;
};


/** The root of every write. Every mutation takes one `input` and returns a payload with `userErrors`. */
export type MutationDeleteStoredCardArgs = {
  input: DeleteStoredCardInput;
};


/** The root of every write. Every mutation takes one `input` and returns a payload with `userErrors`. */
export type MutationPayInvoiceArgs = {
  input: PayInvoiceInput;
};


/** The root of every write. Every mutation takes one `input` and returns a payload with `userErrors`. */
export type MutationReconcileArgs = {
  input: ReconcileInput;
};


/** The root of every write. Every mutation takes one `input` and returns a payload with `userErrors`. */
export type MutationRecordPaymentArgs = {
  input: RecordPaymentInput;
};


/** The root of every write. Every mutation takes one `input` and returns a payload with `userErrors`. */
export type MutationRefundChargeArgs = {
  input: RefundChargeInput;
};


/** The root of every write. Every mutation takes one `input` and returns a payload with `userErrors`. */
export type MutationRefundInvoicePaymentArgs = {
  input: RefundInvoicePaymentInput;
};


/** The root of every write. Every mutation takes one `input` and returns a payload with `userErrors`. */
export type MutationStoreCardArgs = {
  input: StoreCardInput;
};


/** The root of every write. Every mutation takes one `input` and returns a payload with `userErrors`. */
export type MutationUpdatePaymentArgs = {
  input: UpdatePaymentInput;
};


/** The root of every write. Every mutation takes one `input` and returns a payload with `userErrors`. */
export type MutationUpdateStoredCardArgs = {
  input: UpdateStoredCardInput;
};


/** The root of every write. Every mutation takes one `input` and returns a payload with `userErrors`. */
export type MutationVerifyCardArgs = {
  input: VerifyCardInput;
};

/** An object with an opaque global ID that `node(id:)` can fetch again. */
export type Node = {
  /** Opaque global ID. Do not parse it; use the type's own upstream number field instead. */
  id: Scalars['ID']['output'];
};

/** Where a page of a FreshBooks list stands. FreshBooks pages from 1; at most 100 items a page. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** This page's number, from 1. */
  page: Scalars['Int']['output'];
  /** Items per page (1–100). */
  perPage: Scalars['Int']['output'];
  /** Number of items on all pages. */
  totalCount: Scalars['Int']['output'];
  /** Number of pages; 0 when the list is empty. */
  totalPages: Scalars['Int']['output'];
};

/** Input of `payInvoice`. */
export type PayInvoiceInput = {
  /** Amount to charge; defaults to the invoice's outstanding balance. Must be in the invoice's currency and not above the balance. */
  amount?: InputMaybe<MoneyInput>;
  /** The card: a stored `tokenId`, or card details. */
  card: CardInput;
  /** Unique per attempt. The same key never charges twice, and completes a pending payment. */
  idempotencyKey: Scalars['String']['input'];
  /** The FreshBooks invoice to pay (an `Invoice` global ID). */
  invoiceId: Scalars['ID']['input'];
  /** Test charge: iCount checks the card but moves no money. Only in demo mode (both upstreams emulated), where the payment is recorded with its notes marked as a test; with real accounts a test charge never settles real books and is refused with a userError on `test`. */
  test?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Result of `payInvoice`. */
export type PayInvoicePayload = {
  __typename?: 'PayInvoicePayload';
  /** The iCount charge; null when the card was not charged. */
  charge?: Maybe<Charge>;
  /** The FreshBooks payment; null while `pending` or when nothing was charged. */
  payment?: Maybe<Payment>;
  /**
   * `true` when the card was charged but the payment could not be recorded in FreshBooks yet. paygraph
   * keeps it in its ledger and records it later (on a retry with the same key, and by the reconciler);
   * the card is never charged again, and no other payment of the invoice starts until it is recorded.
   */
  pending: Scalars['Boolean']['output'];
  /** Why the invoice was not paid. */
  userErrors: Array<UserError>;
};

/** A payment recorded in FreshBooks: against an invoice, or as client credit. */
export type Payment = Node & {
  __typename?: 'Payment';
  /** Amount paid. */
  amount: Money;
  /** The client who paid. */
  client?: Maybe<Client>;
  /** Date of the payment. */
  date: Scalars['Date']['output'];
  /** FreshBooks' payment_id. */
  freshbooksId: Scalars['Int']['output'];
  /** `true` when the payment was taken from the client's credit. */
  fromCredit: Scalars['Boolean']['output'];
  /** The online gateway transaction, for payments taken by FreshBooks online. */
  gatewayTransaction?: Maybe<GatewayTransaction>;
  /** Opaque global ID. */
  id: Scalars['ID']['output'];
  /** The invoice paid; null for a client credit. */
  invoice?: Maybe<Invoice>;
  /** `true` for a client credit (a payment not against an invoice). */
  isCredit: Scalars['Boolean']['output'];
  /** Free-text notes, exactly as stored. */
  notes: Scalars['String']['output'];
  /** How it was paid. */
  type: PaymentType;
  /** Last change in FreshBooks; null when FreshBooks never recorded one. */
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
};

/**
 * Something that happened to money in paygraph's ledger, told to the API key that caused it. Events
 * are written to an outbox in the ledger in the same transaction that settles the ledger entry, so
 * none is lost across restarts or replicas; each replica's dispatcher sends them to its
 * subscribers and to the webhooks (`WEBHOOK_URLS`). Delivered at least once: a client may see an
 * event twice (after a restart) and should key on `id`. Events carry no card data: a charge shows
 * only what `Charge` shows (the card's last digits, never its number or CVV).
 */
export type PaymentEvent = {
  __typename?: 'PaymentEvent';
  /** When the ledger recorded it. */
  at: Scalars['DateTime']['output'];
  /** The iCount charge: approved (`CHARGE_APPROVED`, `PAYMENT_PENDING`), paid for a payment (`PAYMENT_RECORDED`, `CHECKOUT_COMPLETED`) or refunded (`REFUND`); null where none is involved. */
  charge?: Maybe<Charge>;
  /** The checkout (`CHECKOUT_COMPLETED`, `CHECKOUT_CANCELLED`, and `PAYMENT_PENDING` of a checkout), as it stood when the event happened. */
  checkout?: Maybe<Checkout>;
  /** The event's ID: the same in every delivery of this event (subscriptions and webhooks). */
  id: Scalars['ID']['output'];
  /** The idempotency key of the mutation (or, for a checkout settled by its callback or the reconciler, of `createCheckout`) the event belongs to. */
  idempotencyKey: Scalars['String']['output'];
  /** The FreshBooks payment recorded (`PAYMENT_RECORDED`, `CHECKOUT_COMPLETED`) or reduced by a refund (`REFUND`; null once a full refund deleted it). */
  payment?: Maybe<Payment>;
  /** The refund (`REFUND`). */
  refund?: Maybe<Refund>;
  /** What happened; says which of the other fields are set. */
  type: PaymentEventType;
};

/** Which payment events a subscription receives; every event of the API key when omitted. */
export type PaymentEventFilter = {
  /** Only events of this checkout (its `Checkout.id`). */
  checkoutId?: InputMaybe<Scalars['ID']['input']>;
  /** Only events of this idempotency key. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Only these types; all when omitted or empty. */
  types?: InputMaybe<Array<PaymentEventType>>;
};

/** What a payment event tells. */
export type PaymentEventType =
  /** A card was charged (`chargeCard`): `charge` is set. */
  | 'CHARGE_APPROVED'
  /** A checkout ended without a payment (`checkout.status` says how: `CANCELLED`, `EXPIRED` or `FAILED`): `checkout` set. A payment iCount takes later still completes a `CANCELLED` or `EXPIRED` checkout (`PAYMENT_PENDING`, then `CHECKOUT_COMPLETED`). */
  | 'CHECKOUT_CANCELLED'
  /** A checkout was paid and its payment recorded on the invoice: `checkout`, `charge` and `payment` set. */
  | 'CHECKOUT_COMPLETED'
  /** A card was charged for an invoice (`payInvoice`, or a payer on a checkout's page) and the FreshBooks payment is still to be recorded: `charge` (and `checkout`) set. */
  | 'PAYMENT_PENDING'
  /** A FreshBooks payment was recorded (`payInvoice`, `recordPayment`, `reconcile`): `payment` set, and `charge` where a card paid it. */
  | 'PAYMENT_RECORDED'
  /** A charge was refunded (`refundCharge`, `refundInvoicePayment`): `refund` and `charge` set, and the reduced `payment` where FreshBooks was brought in line. */
  | 'REFUND';

/** Filters for `payments`. All given filters must match; date bounds are inclusive. */
export type PaymentFilter = {
  /** Payments of this client (a `Client` global ID). */
  clientId?: InputMaybe<Scalars['ID']['input']>;
  /** Dated on or after. */
  dateFrom?: InputMaybe<Scalars['Date']['input']>;
  /** Dated on or before. */
  dateTo?: InputMaybe<Scalars['Date']['input']>;
  /** Payments on this invoice (an `Invoice` global ID). */
  invoiceId?: InputMaybe<Scalars['ID']['input']>;
  /** Changed at or after. */
  updatedFrom?: InputMaybe<Scalars['DateTime']['input']>;
  /** Changed at or before. */
  updatedTo?: InputMaybe<Scalars['DateTime']['input']>;
};

/** A page of payments. */
export type PaymentPage = {
  __typename?: 'PaymentPage';
  /** The payments on this page, newest first. */
  nodes: Array<Payment>;
  /** Where this page stands. */
  pageInfo: PageInfo;
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

/** The root of every read. */
export type Query = {
  __typename?: 'Query';
  /** A stored card by its global ID (iCount `cc_storage/token_info`). */
  card?: Maybe<Card>;
  /** The J5 pre-authorisation available on a card (`cc/j5_status`). */
  cardAuthorization: CardAuthorization;
  /** The clearing provider configured on the iCount account (`cc/provider`). Null (with an `UPSTREAM_*` error on this field) when the upstream is down, so the rest of the query still answers. */
  cardProvider?: Maybe<CardProvider>;
  /** The card types iCount's clearing supports (`cc/card_types`). Null (with an `UPSTREAM_*` error on this field) when the upstream is down, so the rest of the query still answers. */
  cardTypes?: Maybe<Array<CardType>>;
  /**
   * Card transactions in iCount (`cc/transactions`). iCount does not page: all matches are returned.
   * Nullable (the design sketch had `[Charge!]!`) so that a query touching both systems keeps the
   * FreshBooks side when iCount is down: null with an `UPSTREAM_*` error on this field.
   */
  charges?: Maybe<Array<Charge>>;
  /** A checkout created with the calling API key; null when there is none with this ID. */
  checkout?: Maybe<Checkout>;
  /** A client by its global ID. */
  client?: Maybe<Client>;
  /** FreshBooks clients, newest first (`client.list`). Null (with an `UPSTREAM_*` error on this field) when the upstream is down, so the rest of the query still answers. */
  clients?: Maybe<ClientPage>;
  /** Currencies iCount supports (`currency/get_list`), cached. Null (with an `UPSTREAM_*` error on this field) when the upstream is down, so the rest of the query still answers. */
  currencies?: Maybe<Array<Currency>>;
  /** The brand of a card number (`cc/detect_cc_type`). */
  detectCardBrand: CardBrand;
  /** The Israeli issuer of a card number, e.g. `ISRACARD`, `CAL`, `MAX` (`cc/detect_cc_issuer`). */
  detectCardIssuer?: Maybe<Scalars['String']['output']>;
  /** A FreshBooks invoice by its global ID (`invoice.get`). */
  invoice?: Maybe<Invoice>;
  /** FreshBooks invoices, newest first (`invoice.list`). Null (with an `UPSTREAM_*` error on this field) when the upstream is down, so the rest of the query still answers. */
  invoices?: Maybe<InvoicePage>;
  /** The ledger entry of an idempotency key of the calling API key; null when the key was never used (or its entry is past retention). */
  ledgerEntry?: Maybe<LedgerEntry>;
  /** Fetches any object by its global ID. */
  node?: Maybe<Node>;
  /** A FreshBooks payment by its global ID (`payment.get`). */
  payment?: Maybe<Payment>;
  /** FreshBooks payments, newest first (`payment.list`). Null (with an `UPSTREAM_*` error on this field) when the upstream is down, so the rest of the query still answers. */
  payments?: Maybe<PaymentPage>;
  /** Where iCount charges and FreshBooks payments disagree in a date range (for accountants: `npm run reconcile`). */
  reconciliation: ReconciliationReport;
  /** Offline check of a card number and/or expiry (`cc/validate_card_info`, `cc/validate_cc_number`, `cc/validate_cc_validity`). */
  validateCard: CardValidation;
};


/** The root of every read. */
export type QueryCardArgs = {
  id: Scalars['ID']['input'];
};


/** The root of every read. */
export type QueryCardAuthorizationArgs = {
  card: CardInput;
};


/** The root of every read. */
export type QueryChargesArgs = {
  filter?: InputMaybe<ChargeFilter>;
};


/** The root of every read. */
export type QueryCheckoutArgs = {
  id: Scalars['ID']['input'];
};


/** The root of every read. */
export type QueryClientArgs = {
  id: Scalars['ID']['input'];
};


/** The root of every read. */
export type QueryClientsArgs = {
  filter?: InputMaybe<ClientFilter>;
  page?: InputMaybe<Scalars['Int']['input']>;
  perPage?: InputMaybe<Scalars['Int']['input']>;
};


/** The root of every read. */
export type QueryDetectCardBrandArgs = {
  number: Scalars['String']['input'];
};


/** The root of every read. */
export type QueryDetectCardIssuerArgs = {
  number: Scalars['String']['input'];
};


/** The root of every read. */
export type QueryInvoiceArgs = {
  id: Scalars['ID']['input'];
};


/** The root of every read. */
export type QueryInvoicesArgs = {
  filter?: InputMaybe<InvoiceFilter>;
  page?: InputMaybe<Scalars['Int']['input']>;
  perPage?: InputMaybe<Scalars['Int']['input']>;
};


/** The root of every read. */
export type QueryLedgerEntryArgs = {
  idempotencyKey: Scalars['String']['input'];
};


/** The root of every read. */
export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


/** The root of every read. */
export type QueryPaymentArgs = {
  id: Scalars['ID']['input'];
};


/** The root of every read. */
export type QueryPaymentsArgs = {
  filter?: InputMaybe<PaymentFilter>;
  page?: InputMaybe<Scalars['Int']['input']>;
  perPage?: InputMaybe<Scalars['Int']['input']>;
};


/** The root of every read. */
export type QueryReconciliationArgs = {
  filter: ReconciliationFilter;
};


/** The root of every read. */
export type QueryValidateCardArgs = {
  input: ValidateCardInput;
};

/** Input of `reconcile`. */
export type ReconcileInput = {
  /** The unmatched charge (a `Charge` ID) whose FreshBooks payment is missing. */
  chargeId: Scalars['ID']['input'];
  /** Unique per attempt. The same key never records twice. */
  idempotencyKey: Scalars['String']['input'];
};

/** Result of `reconcile`. */
export type ReconcilePayload = {
  __typename?: 'ReconcilePayload';
  /** The FreshBooks payment recorded for the charge; null when `userErrors` is not empty. */
  payment?: Maybe<Payment>;
  /** Why nothing was recorded. */
  userErrors: Array<UserError>;
};

/** Which charges and payments to reconcile. */
export type ReconciliationFilter = {
  /** Only this client's (a `Client` ID). */
  clientId?: InputMaybe<Scalars['ID']['input']>;
  /** Charges and payments on or after this date. */
  dateFrom: Scalars['Date']['input'];
  /** Charges and payments on or before this date. */
  dateTo: Scalars['Date']['input'];
};

/** A charge and a FreshBooks payment that belong together but disagree. */
export type ReconciliationMismatch = {
  __typename?: 'ReconciliationMismatch';
  /** What the payment says. */
  actual: Money;
  /** The iCount charge. */
  charge: Charge;
  /** What the payment should say: the charge's amount less its refunds. */
  expected: Money;
  /** What differs. */
  kind: MismatchKind;
  /** The FreshBooks payment. */
  payment: Payment;
};

/**
 * iCount card charges paid towards FreshBooks invoices, against FreshBooks card payments, in a date
 * range. Only what paygraph's payInvoice writes take part: charges described `FreshBooks invoice …`
 * or made by a payInvoice, and payments whose notes name an iCount confirmation. Matched by the
 * ledger marker both carry, then by confirmation code.
 */
export type ReconciliationReport = {
  __typename?: 'ReconciliationReport';
  /** Charges matched with a payment that agrees (a fully refunded charge whose payment was deleted counts too). */
  matched: Scalars['Int']['output'];
  /** Charges and payments that belong together but disagree. */
  mismatches: Array<ReconciliationMismatch>;
  /** Charges that paid an invoice and have no FreshBooks payment (`reconcile` records it). */
  unmatchedCharges: Array<Charge>;
  /** Card payments in FreshBooks whose iCount charge is not found. */
  unmatchedPayments: Array<Payment>;
};

/**
 * Input of `recordPayment`. Three kinds:
 * an invoice payment (`invoiceId`), a client credit (`clientId` only, in `amount.currency`),
 * or an invoice paid from the client's credit (`invoiceId` with `fromCredit: true`).
 */
export type RecordPaymentInput = {
  /** Amount paid. For an invoice payment the currency must be the invoice's. */
  amount: MoneyInput;
  /** The client (a `Client` global ID); required for a credit, optional (and checked) for an invoice payment. */
  clientId?: InputMaybe<Scalars['ID']['input']>;
  /** Date of the payment; defaults to today in FreshBooks' time zone. */
  date?: InputMaybe<Scalars['Date']['input']>;
  /** Pay the invoice from the client's existing credit. */
  fromCredit?: InputMaybe<Scalars['Boolean']['input']>;
  /** Unique per attempt; a retry with the same key does not record twice. */
  idempotencyKey: Scalars['String']['input'];
  /** The invoice paid (an `Invoice` global ID). */
  invoiceId?: InputMaybe<Scalars['ID']['input']>;
  /** Free-text notes, at most 4000 characters; stored exactly as given. */
  notes?: InputMaybe<Scalars['String']['input']>;
  /** How it was paid; defaults to FreshBooks' default, CHECK. */
  type?: InputMaybe<PaymentType>;
};

/** Result of `recordPayment`. */
export type RecordPaymentPayload = {
  __typename?: 'RecordPaymentPayload';
  /** The payment as FreshBooks stored it; null when `userErrors` is not empty. */
  payment?: Maybe<Payment>;
  /** Why the payment was not recorded. */
  userErrors: Array<UserError>;
};

/** One refund of a card charge (`cc/refund` in iCount). */
export type Refund = {
  __typename?: 'Refund';
  /** The amount refunded, in the charge's currency. */
  amount: Money;
  /** iCount's approval number of the refund, when iCount gave one. */
  confirmationCode?: Maybe<Scalars['String']['output']>;
  /** When paygraph refunded it. */
  createdAt: Scalars['DateTime']['output'];
  /** Opaque ID of the refund (its entry in paygraph's ledger). */
  id: Scalars['ID']['output'];
  /** Why, as given with the refund. */
  reason?: Maybe<Scalars['String']['output']>;
};

/** Input of `refundCharge`. */
export type RefundChargeInput = {
  /** How much to refund, in the charge's currency; at most what is left. Default: all that is left. */
  amount?: InputMaybe<MoneyInput>;
  /** The charge to refund (a `Charge` ID). */
  chargeId: Scalars['ID']['input'];
  /** Unique per refund. The same key never refunds twice; it replays the first answer. */
  idempotencyKey: Scalars['String']['input'];
  /** Why (kept with the refund, at most 250 characters). */
  reason?: InputMaybe<Scalars['String']['input']>;
};

/** Result of `refundCharge`. */
export type RefundChargePayload = {
  __typename?: 'RefundChargePayload';
  /** The charge as it stands after the refund. */
  charge?: Maybe<Charge>;
  /** The refund; null when `userErrors` is not empty. */
  refund?: Maybe<Refund>;
  /** Why nothing was refunded. */
  userErrors: Array<UserError>;
};

/** Input of `refundInvoicePayment`. */
export type RefundInvoicePaymentInput = {
  /** How much to refund, in the payment's currency; at most the payment's amount. Default: all of it. */
  amount?: InputMaybe<MoneyInput>;
  /** Unique per refund. The same key never refunds twice, and completes a refund whose FreshBooks side is pending. */
  idempotencyKey: Scalars['String']['input'];
  /** The FreshBooks payment `payInvoice` recorded (a `Payment` ID). */
  paymentId: Scalars['ID']['input'];
};

/** Result of `refundInvoicePayment`. */
export type RefundInvoicePaymentPayload = {
  __typename?: 'RefundInvoicePaymentPayload';
  /** The charge behind the payment, after the refund. */
  charge?: Maybe<Charge>;
  /** The invoice, with its outstanding balance right after the refund; null while `pending`. */
  invoice?: Maybe<Invoice>;
  /** The payment reduced by the refund; null when a full refund deleted it, or while `pending`. */
  payment?: Maybe<Payment>;
  /**
   * `true` when the card was refunded but FreshBooks could not be brought in line yet: paygraph
   * keeps it in its ledger and updates the payment later (a retry with the same key, or the
   * reconciler); the card is never refunded twice.
   */
  pending: Scalars['Boolean']['output'];
  /** The card refund; null when nothing was refunded. */
  refund?: Maybe<Refund>;
  /** Why nothing was refunded. */
  userErrors: Array<UserError>;
};

/** What an API key may do. */
export type Scope =
  /** Charge, pre-authorise, verify or store cards, and pay invoices by card. */
  | 'CHARGE'
  /** Run queries. */
  | 'READ'
  /** Record, change and delete FreshBooks payments; change or delete stored cards. Moves no money. */
  | 'WRITE';

/** Input of `storeCard`. */
export type StoreCardInput = {
  /** The card details to store (a token is not accepted here). */
  card: CardInput;
  /** Alternatively, who the client is (found or created in iCount). */
  client?: InputMaybe<ClientIdentityInput>;
  /** The client that owns the card. */
  clientId?: InputMaybe<Scalars['ID']['input']>;
  /** Fail with `CARD_ALREADY_STORED` instead of returning the existing token when the card is already stored for the client. */
  failIfExists?: InputMaybe<Scalars['Boolean']['input']>;
  /** Unique per attempt; a retry with the same key does not store twice. */
  idempotencyKey: Scalars['String']['input'];
};

/** Result of `storeCard`. */
export type StoreCardPayload = {
  __typename?: 'StoreCardPayload';
  /** The stored card; null when `userErrors` is not empty. */
  card?: Maybe<Card>;
  /** Why the card was not stored. */
  userErrors: Array<UserError>;
};

/** Live streams of what happens, over WebSocket at `/graphql` (graphql-ws); queries and mutations go over HTTP. */
export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Payment events of the calling API key from the moment the subscription starts, over WebSocket
   * at `/graphql` (graphql-ws, the `graphql-transport-ws` protocol; the API key goes in the
   * connection parameters as `authorization: Bearer <key>`). Events that happened before it started
   * are not replayed: backends that must not miss one use webhooks (`WEBHOOK_URLS`).
   */
  paymentEvents: PaymentEvent;
};


/** Live streams of what happens, over WebSocket at `/graphql` (graphql-ws); queries and mutations go over HTTP. */
export type SubscriptionPaymentEventsArgs = {
  filter?: InputMaybe<PaymentEventFilter>;
};

/** Input of `updatePayment`: only the given fields change. A payment cannot move to another invoice or client. */
export type UpdatePaymentInput = {
  /** New amount; zero is allowed. The currency must stay the payment's. */
  amount?: InputMaybe<MoneyInput>;
  /** New date. */
  date?: InputMaybe<Scalars['Date']['input']>;
  /** The payment's global ID. */
  id: Scalars['ID']['input'];
  /** New notes (at most 4000 characters). */
  notes?: InputMaybe<Scalars['String']['input']>;
  /** New type. */
  type?: InputMaybe<PaymentType>;
};

/** Result of `updatePayment`. */
export type UpdatePaymentPayload = {
  __typename?: 'UpdatePaymentPayload';
  /** The payment after the change. */
  payment?: Maybe<Payment>;
  /** Why the payment was not changed. */
  userErrors: Array<UserError>;
};

/** Input of `updateStoredCard`. The card number itself cannot change. */
export type UpdateStoredCardInput = {
  /** New expiry (`MM/YY`, `MMYY` or `YYYY-MM`). */
  expiry?: InputMaybe<Scalars['String']['input']>;
  /** New holder national id. */
  holderId?: InputMaybe<Scalars['String']['input']>;
  /** New holder name. */
  holderName?: InputMaybe<Scalars['String']['input']>;
  /** The stored card's global ID. */
  id: Scalars['ID']['input'];
};

/** Result of `updateStoredCard`. */
export type UpdateStoredCardPayload = {
  __typename?: 'UpdateStoredCardPayload';
  /** The card after the update. */
  card?: Maybe<Card>;
  /** Why the card was not updated. */
  userErrors: Array<UserError>;
};

/** The upstream system behind a field or an error. */
export type Upstream =
  /** FreshBooks Classic: clients, invoices and payments. */
  | 'FRESHBOOKS'
  /** iCount v3: card billing, card storage, card transactions. */
  | 'ICOUNT';

/**
 * An expected business failure of a mutation (declined card, invalid input, not found).
 * System failures (an upstream down or timing out) are GraphQL errors instead, with
 * `extensions.code` and `extensions.upstream`.
 */
export type UserError = {
  __typename?: 'UserError';
  /** Machine-readable reason; switch on this. */
  code: UserErrorCode;
  /** Path to the input field at fault, starting at the mutation argument, e.g. `["input", "card", "number"]`. */
  field?: Maybe<Array<Scalars['String']['output']>>;
  /** Human-readable explanation, safe to show to the person who entered the data. Never contains card numbers. */
  message: Scalars['String']['output'];
};

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

/** What to validate: a number, an expiry, or both. */
export type ValidateCardInput = {
  /** The expiry to check (`MM/YY`, `MMYY` or `YYYY-MM`; not in the past). */
  expiry?: InputMaybe<Scalars['String']['input']>;
  /** The card number to check (Luhn, length, prefix). */
  number?: InputMaybe<Scalars['String']['input']>;
};

/** Input of `verifyCard`: an online check that the card can be charged. Needs full card details. */
export type VerifyCardInput = {
  /** The card: number, expiry, cvv and holderId are all required. */
  card: CardInput;
};

/** Result of `verifyCard`. */
export type VerifyCardPayload = {
  __typename?: 'VerifyCardPayload';
  /** The card, as far as it may be shown. */
  card?: Maybe<CardDetails>;
  /** Why the card could not be verified. */
  userErrors: Array<UserError>;
  /** `true` when the issuer confirmed the card can be charged. */
  verified: Scalars['Boolean']['output'];
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;




/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  Node:
    | ( CardRecord )
    | ( ChargeRecord )
    | ( ClientRecord )
    | ( InvoiceRecord )
    | ( PaymentRecord )
  ;
}>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AuthorizeCardInput: AuthorizeCardInput;
  AuthorizeCardPayload: ResolverTypeWrapper<Omit<AuthorizeCardPayload, 'authorization'> & { authorization?: Maybe<ResolversTypes['CardAuthorization']> }>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Card: ResolverTypeWrapper<CardRecord>;
  CardAuthorization: ResolverTypeWrapper<CardAuthorizationRecord>;
  CardBrand: CardBrand;
  CardDetails: ResolverTypeWrapper<CardDetails>;
  CardInput: CardInput;
  CardProvider: ResolverTypeWrapper<CardProviderRecord>;
  CardType: ResolverTypeWrapper<CardTypeRecord>;
  CardValidation: ResolverTypeWrapper<CardValidation>;
  Charge: ResolverTypeWrapper<ChargeRecord>;
  ChargeCardInput: ChargeCardInput;
  ChargeCardPayload: ResolverTypeWrapper<Omit<ChargeCardPayload, 'charge'> & { charge?: Maybe<ResolversTypes['Charge']> }>;
  ChargeFilter: ChargeFilter;
  ChargeStatus: ChargeStatus;
  Checkout: ResolverTypeWrapper<CheckoutRecord>;
  CheckoutStatus: CheckoutStatus;
  Client: ResolverTypeWrapper<ClientRecord>;
  ClientFilter: ClientFilter;
  ClientIdentityInput: ClientIdentityInput;
  ClientPage: ResolverTypeWrapper<PageRecord<ClientRecord>>;
  CreateCheckoutInput: CreateCheckoutInput;
  CreateCheckoutPayload: ResolverTypeWrapper<Omit<CreateCheckoutPayload, 'checkout'> & { checkout?: Maybe<ResolversTypes['Checkout']> }>;
  Currency: ResolverTypeWrapper<CurrencyRecord>;
  CurrencyCode: ResolverTypeWrapper<Scalars['CurrencyCode']['output']>;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  DeletePaymentInput: DeletePaymentInput;
  DeletePaymentPayload: ResolverTypeWrapper<DeletePaymentPayload>;
  DeleteStoredCardInput: DeleteStoredCardInput;
  DeleteStoredCardPayload: ResolverTypeWrapper<DeleteStoredCardPayload>;
  GatewayTransaction: ResolverTypeWrapper<GatewayTransaction>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Installments: ResolverTypeWrapper<Installments>;
  InstallmentsInput: InstallmentsInput;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Invoice: ResolverTypeWrapper<InvoiceRecord>;
  InvoiceFilter: InvoiceFilter;
  InvoiceLine: ResolverTypeWrapper<InvoiceLineRecord>;
  InvoicePage: ResolverTypeWrapper<PageRecord<InvoiceRecord>>;
  InvoiceStatus: InvoiceStatus;
  LedgerEntry: ResolverTypeWrapper<LedgerEntryRecord>;
  LedgerState: LedgerState;
  MismatchKind: MismatchKind;
  Money: ResolverTypeWrapper<Money>;
  MoneyInput: MoneyInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Node: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['Node']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PayInvoiceInput: PayInvoiceInput;
  PayInvoicePayload: ResolverTypeWrapper<Omit<PayInvoicePayload, 'charge' | 'payment'> & { charge?: Maybe<ResolversTypes['Charge']>, payment?: Maybe<ResolversTypes['Payment']> }>;
  Payment: ResolverTypeWrapper<PaymentRecord>;
  PaymentEvent: ResolverTypeWrapper<PaymentEventRecord>;
  PaymentEventFilter: PaymentEventFilter;
  PaymentEventType: PaymentEventType;
  PaymentFilter: PaymentFilter;
  PaymentPage: ResolverTypeWrapper<PageRecord<PaymentRecord>>;
  PaymentType: PaymentType;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ReconcileInput: ReconcileInput;
  ReconcilePayload: ResolverTypeWrapper<Omit<ReconcilePayload, 'payment'> & { payment?: Maybe<ResolversTypes['Payment']> }>;
  ReconciliationFilter: ReconciliationFilter;
  ReconciliationMismatch: ResolverTypeWrapper<Omit<ReconciliationMismatch, 'charge' | 'payment'> & { charge: ResolversTypes['Charge'], payment: ResolversTypes['Payment'] }>;
  ReconciliationReport: ResolverTypeWrapper<Omit<ReconciliationReport, 'mismatches' | 'unmatchedCharges' | 'unmatchedPayments'> & { mismatches: Array<ResolversTypes['ReconciliationMismatch']>, unmatchedCharges: Array<ResolversTypes['Charge']>, unmatchedPayments: Array<ResolversTypes['Payment']> }>;
  RecordPaymentInput: RecordPaymentInput;
  RecordPaymentPayload: ResolverTypeWrapper<Omit<RecordPaymentPayload, 'payment'> & { payment?: Maybe<ResolversTypes['Payment']> }>;
  Refund: ResolverTypeWrapper<Refund>;
  RefundChargeInput: RefundChargeInput;
  RefundChargePayload: ResolverTypeWrapper<Omit<RefundChargePayload, 'charge'> & { charge?: Maybe<ResolversTypes['Charge']> }>;
  RefundInvoicePaymentInput: RefundInvoicePaymentInput;
  RefundInvoicePaymentPayload: ResolverTypeWrapper<Omit<RefundInvoicePaymentPayload, 'charge' | 'invoice' | 'payment'> & { charge?: Maybe<ResolversTypes['Charge']>, invoice?: Maybe<ResolversTypes['Invoice']>, payment?: Maybe<ResolversTypes['Payment']> }>;
  Scope: Scope;
  StoreCardInput: StoreCardInput;
  StoreCardPayload: ResolverTypeWrapper<Omit<StoreCardPayload, 'card'> & { card?: Maybe<ResolversTypes['Card']> }>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  UpdatePaymentInput: UpdatePaymentInput;
  UpdatePaymentPayload: ResolverTypeWrapper<Omit<UpdatePaymentPayload, 'payment'> & { payment?: Maybe<ResolversTypes['Payment']> }>;
  UpdateStoredCardInput: UpdateStoredCardInput;
  UpdateStoredCardPayload: ResolverTypeWrapper<Omit<UpdateStoredCardPayload, 'card'> & { card?: Maybe<ResolversTypes['Card']> }>;
  Upstream: Upstream;
  UserError: ResolverTypeWrapper<UserError>;
  UserErrorCode: UserErrorCode;
  ValidateCardInput: ValidateCardInput;
  VerifyCardInput: VerifyCardInput;
  VerifyCardPayload: ResolverTypeWrapper<VerifyCardPayload>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AuthorizeCardInput: AuthorizeCardInput;
  AuthorizeCardPayload: Omit<AuthorizeCardPayload, 'authorization'> & { authorization?: Maybe<ResolversParentTypes['CardAuthorization']> };
  Boolean: Scalars['Boolean']['output'];
  Card: CardRecord;
  CardAuthorization: CardAuthorizationRecord;
  CardDetails: CardDetails;
  CardInput: CardInput;
  CardProvider: CardProviderRecord;
  CardType: CardTypeRecord;
  CardValidation: CardValidation;
  Charge: ChargeRecord;
  ChargeCardInput: ChargeCardInput;
  ChargeCardPayload: Omit<ChargeCardPayload, 'charge'> & { charge?: Maybe<ResolversParentTypes['Charge']> };
  ChargeFilter: ChargeFilter;
  Checkout: CheckoutRecord;
  Client: ClientRecord;
  ClientFilter: ClientFilter;
  ClientIdentityInput: ClientIdentityInput;
  ClientPage: PageRecord<ClientRecord>;
  CreateCheckoutInput: CreateCheckoutInput;
  CreateCheckoutPayload: Omit<CreateCheckoutPayload, 'checkout'> & { checkout?: Maybe<ResolversParentTypes['Checkout']> };
  Currency: CurrencyRecord;
  CurrencyCode: Scalars['CurrencyCode']['output'];
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  Decimal: Scalars['Decimal']['output'];
  DeletePaymentInput: DeletePaymentInput;
  DeletePaymentPayload: DeletePaymentPayload;
  DeleteStoredCardInput: DeleteStoredCardInput;
  DeleteStoredCardPayload: DeleteStoredCardPayload;
  GatewayTransaction: GatewayTransaction;
  ID: Scalars['ID']['output'];
  Installments: Installments;
  InstallmentsInput: InstallmentsInput;
  Int: Scalars['Int']['output'];
  Invoice: InvoiceRecord;
  InvoiceFilter: InvoiceFilter;
  InvoiceLine: InvoiceLineRecord;
  InvoicePage: PageRecord<InvoiceRecord>;
  LedgerEntry: LedgerEntryRecord;
  Money: Money;
  MoneyInput: MoneyInput;
  Mutation: Record<PropertyKey, never>;
  Node: ResolversInterfaceTypes<ResolversParentTypes>['Node'];
  PageInfo: PageInfo;
  PayInvoiceInput: PayInvoiceInput;
  PayInvoicePayload: Omit<PayInvoicePayload, 'charge' | 'payment'> & { charge?: Maybe<ResolversParentTypes['Charge']>, payment?: Maybe<ResolversParentTypes['Payment']> };
  Payment: PaymentRecord;
  PaymentEvent: PaymentEventRecord;
  PaymentEventFilter: PaymentEventFilter;
  PaymentFilter: PaymentFilter;
  PaymentPage: PageRecord<PaymentRecord>;
  Query: Record<PropertyKey, never>;
  ReconcileInput: ReconcileInput;
  ReconcilePayload: Omit<ReconcilePayload, 'payment'> & { payment?: Maybe<ResolversParentTypes['Payment']> };
  ReconciliationFilter: ReconciliationFilter;
  ReconciliationMismatch: Omit<ReconciliationMismatch, 'charge' | 'payment'> & { charge: ResolversParentTypes['Charge'], payment: ResolversParentTypes['Payment'] };
  ReconciliationReport: Omit<ReconciliationReport, 'mismatches' | 'unmatchedCharges' | 'unmatchedPayments'> & { mismatches: Array<ResolversParentTypes['ReconciliationMismatch']>, unmatchedCharges: Array<ResolversParentTypes['Charge']>, unmatchedPayments: Array<ResolversParentTypes['Payment']> };
  RecordPaymentInput: RecordPaymentInput;
  RecordPaymentPayload: Omit<RecordPaymentPayload, 'payment'> & { payment?: Maybe<ResolversParentTypes['Payment']> };
  Refund: Refund;
  RefundChargeInput: RefundChargeInput;
  RefundChargePayload: Omit<RefundChargePayload, 'charge'> & { charge?: Maybe<ResolversParentTypes['Charge']> };
  RefundInvoicePaymentInput: RefundInvoicePaymentInput;
  RefundInvoicePaymentPayload: Omit<RefundInvoicePaymentPayload, 'charge' | 'invoice' | 'payment'> & { charge?: Maybe<ResolversParentTypes['Charge']>, invoice?: Maybe<ResolversParentTypes['Invoice']>, payment?: Maybe<ResolversParentTypes['Payment']> };
  StoreCardInput: StoreCardInput;
  StoreCardPayload: Omit<StoreCardPayload, 'card'> & { card?: Maybe<ResolversParentTypes['Card']> };
  String: Scalars['String']['output'];
  Subscription: Record<PropertyKey, never>;
  UpdatePaymentInput: UpdatePaymentInput;
  UpdatePaymentPayload: Omit<UpdatePaymentPayload, 'payment'> & { payment?: Maybe<ResolversParentTypes['Payment']> };
  UpdateStoredCardInput: UpdateStoredCardInput;
  UpdateStoredCardPayload: Omit<UpdateStoredCardPayload, 'card'> & { card?: Maybe<ResolversParentTypes['Card']> };
  UserError: UserError;
  ValidateCardInput: ValidateCardInput;
  VerifyCardInput: VerifyCardInput;
  VerifyCardPayload: VerifyCardPayload;
}>;

export type RequiresScopeDirectiveArgs = {
  scope: Scope;
};

export type RequiresScopeDirectiveResolver<Result, Parent, ContextType = GatewayContext, Args = RequiresScopeDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type AuthorizeCardPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AuthorizeCardPayload'] = ResolversParentTypes['AuthorizeCardPayload']> = ResolversObject<{
  authorization?: Resolver<Maybe<ResolversTypes['CardAuthorization']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type CardResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Card'] = ResolversParentTypes['Card']> = ResolversObject<{
  brand?: Resolver<ResolversTypes['CardBrand'], ParentType, ContextType>;
  client?: Resolver<Maybe<ResolversTypes['Client']>, ParentType, ContextType>;
  expiryMonth?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  expiryYear?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  holderName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  last4?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tokenId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type CardAuthorizationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['CardAuthorization'] = ResolversParentTypes['CardAuthorization']> = ResolversObject<{
  available?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  card?: Resolver<Maybe<ResolversTypes['CardDetails']>, ParentType, ContextType>;
  confirmationCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  remaining?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  total?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  used?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
}>;

export type CardDetailsResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['CardDetails'] = ResolversParentTypes['CardDetails']> = ResolversObject<{
  brand?: Resolver<ResolversTypes['CardBrand'], ParentType, ContextType>;
  expiryMonth?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  expiryYear?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  holderName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  last4?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type CardProviderResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['CardProvider'] = ResolversParentTypes['CardProvider']> = ResolversObject<{
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  supportsAuthorizations?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  supportsStoredCards?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  terminal?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type CardTypeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['CardType'] = ResolversParentTypes['CardType']> = ResolversObject<{
  brand?: Resolver<ResolversTypes['CardBrand'], ParentType, ContextType>;
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  icountId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type CardValidationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['CardValidation'] = ResolversParentTypes['CardValidation']> = ResolversObject<{
  brand?: Resolver<Maybe<ResolversTypes['CardBrand']>, ParentType, ContextType>;
  errors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
  expiryMonth?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  expiryYear?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  last4?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  valid?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ChargeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Charge'] = ResolversParentTypes['Charge']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  card?: Resolver<ResolversTypes['CardDetails'], ParentType, ContextType>;
  chargedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  client?: Resolver<Maybe<ResolversTypes['Client']>, ParentType, ContextType>;
  confirmationCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  installments?: Resolver<ResolversTypes['Installments'], ParentType, ContextType>;
  refundedAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  refunds?: Resolver<Array<ResolversTypes['Refund']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ChargeStatus'], ParentType, ContextType>;
  test?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ChargeCardPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ChargeCardPayload'] = ResolversParentTypes['ChargeCardPayload']> = ResolversObject<{
  charge?: Resolver<Maybe<ResolversTypes['Charge']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type CheckoutResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Checkout'] = ResolversParentTypes['Checkout']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  charge?: Resolver<Maybe<ResolversTypes['Charge']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  invoice?: Resolver<Maybe<ResolversTypes['Invoice']>, ParentType, ContextType>;
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['CheckoutStatus'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ClientResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Client'] = ResolversParentTypes['Client']> = ResolversObject<{
  cards?: Resolver<Maybe<Array<ResolversTypes['Card']>>, ParentType, ContextType>;
  charges?: Resolver<Maybe<Array<ResolversTypes['Charge']>>, ParentType, ContextType, Partial<ClientChargesArgs>>;
  credits?: Resolver<Array<ResolversTypes['Money']>, ParentType, ContextType>;
  currency?: Resolver<Maybe<ResolversTypes['CurrencyCode']>, ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  externalId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  firstName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  freshbooksId?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  icountId?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  invoices?: Resolver<Maybe<ResolversTypes['InvoicePage']>, ParentType, ContextType, RequireFields<ClientInvoicesArgs, 'page' | 'perPage'>>;
  lastName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  organization?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  payments?: Resolver<Maybe<ResolversTypes['PaymentPage']>, ParentType, ContextType, RequireFields<ClientPaymentsArgs, 'page' | 'perPage'>>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ClientPageResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ClientPage'] = ResolversParentTypes['ClientPage']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['Client']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type CreateCheckoutPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['CreateCheckoutPayload'] = ResolversParentTypes['CreateCheckoutPayload']> = ResolversObject<{
  checkout?: Resolver<Maybe<ResolversTypes['Checkout']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type CurrencyResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Currency'] = ResolversParentTypes['Currency']> = ResolversObject<{
  code?: Resolver<ResolversTypes['CurrencyCode'], ParentType, ContextType>;
  decimals?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  icountId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rateToIls?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  symbol?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export interface CurrencyCodeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['CurrencyCode'], any> {
  name: 'CurrencyCode';
}

export interface DateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Date'], any> {
  name: 'Date';
}

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export interface DecimalScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Decimal'], any> {
  name: 'Decimal';
}

export type DeletePaymentPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DeletePaymentPayload'] = ResolversParentTypes['DeletePaymentPayload']> = ResolversObject<{
  deletedPaymentId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type DeleteStoredCardPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DeleteStoredCardPayload'] = ResolversParentTypes['DeleteStoredCardPayload']> = ResolversObject<{
  deletedCardId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type GatewayTransactionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['GatewayTransaction'] = ResolversParentTypes['GatewayTransaction']> = ResolversObject<{
  gatewayName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  referenceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type InstallmentsResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Installments'] = ResolversParentTypes['Installments']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  credit?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  firstPayment?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
}>;

export type InvoiceResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Invoice'] = ResolversParentTypes['Invoice']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  client?: Resolver<Maybe<ResolversTypes['Client']>, ParentType, ContextType>;
  date?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  freshbooksId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['InvoiceLine']>, ParentType, ContextType>;
  notes?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  outstanding?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  paid?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  payments?: Resolver<Maybe<Array<ResolversTypes['Payment']>>, ParentType, ContextType>;
  poNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['InvoiceStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type InvoiceLineResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InvoiceLine'] = ResolversParentTypes['InvoiceLine']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  unitCost?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
}>;

export type InvoicePageResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InvoicePage'] = ResolversParentTypes['InvoicePage']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['Invoice']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type LedgerEntryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['LedgerEntry'] = ResolversParentTypes['LedgerEntry']> = ResolversObject<{
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  charge?: Resolver<Maybe<ResolversTypes['Charge']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  idempotencyKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  operation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  refund?: Resolver<Maybe<ResolversTypes['Refund']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['LedgerState'], ParentType, ContextType>;
  step?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['CurrencyCode'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  authorizeCard?: Resolver<ResolversTypes['AuthorizeCardPayload'], ParentType, ContextType, RequireFields<MutationAuthorizeCardArgs, 'input'>>;
  chargeCard?: Resolver<ResolversTypes['ChargeCardPayload'], ParentType, ContextType, RequireFields<MutationChargeCardArgs, 'input'>>;
  createCheckout?: Resolver<ResolversTypes['CreateCheckoutPayload'], ParentType, ContextType, RequireFields<MutationCreateCheckoutArgs, 'input'>>;
  deletePayment?: Resolver<ResolversTypes['DeletePaymentPayload'], ParentType, ContextType, RequireFields<MutationDeletePaymentArgs, 'input'>>;
  deleteStoredCard?: Resolver<ResolversTypes['DeleteStoredCardPayload'], ParentType, ContextType, RequireFields<MutationDeleteStoredCardArgs, 'input'>>;
  payInvoice?: Resolver<ResolversTypes['PayInvoicePayload'], ParentType, ContextType, RequireFields<MutationPayInvoiceArgs, 'input'>>;
  reconcile?: Resolver<ResolversTypes['ReconcilePayload'], ParentType, ContextType, RequireFields<MutationReconcileArgs, 'input'>>;
  recordPayment?: Resolver<ResolversTypes['RecordPaymentPayload'], ParentType, ContextType, RequireFields<MutationRecordPaymentArgs, 'input'>>;
  refundCharge?: Resolver<ResolversTypes['RefundChargePayload'], ParentType, ContextType, RequireFields<MutationRefundChargeArgs, 'input'>>;
  refundInvoicePayment?: Resolver<ResolversTypes['RefundInvoicePaymentPayload'], ParentType, ContextType, RequireFields<MutationRefundInvoicePaymentArgs, 'input'>>;
  storeCard?: Resolver<ResolversTypes['StoreCardPayload'], ParentType, ContextType, RequireFields<MutationStoreCardArgs, 'input'>>;
  updatePayment?: Resolver<ResolversTypes['UpdatePaymentPayload'], ParentType, ContextType, RequireFields<MutationUpdatePaymentArgs, 'input'>>;
  updateStoredCard?: Resolver<ResolversTypes['UpdateStoredCardPayload'], ParentType, ContextType, RequireFields<MutationUpdateStoredCardArgs, 'input'>>;
  verifyCard?: Resolver<ResolversTypes['VerifyCardPayload'], ParentType, ContextType, RequireFields<MutationVerifyCardArgs, 'input'>>;
}>;

export type NodeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Node'] = ResolversParentTypes['Node']> = ResolversObject<{
  __resolveType: TypeResolveFn<'Card' | 'Charge' | 'Client' | 'Invoice' | 'Payment', ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  page?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  perPage?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  totalPages?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type PayInvoicePayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PayInvoicePayload'] = ResolversParentTypes['PayInvoicePayload']> = ResolversObject<{
  charge?: Resolver<Maybe<ResolversTypes['Charge']>, ParentType, ContextType>;
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  pending?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type PaymentResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Payment'] = ResolversParentTypes['Payment']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  client?: Resolver<Maybe<ResolversTypes['Client']>, ParentType, ContextType>;
  date?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  freshbooksId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  fromCredit?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  gatewayTransaction?: Resolver<Maybe<ResolversTypes['GatewayTransaction']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  invoice?: Resolver<Maybe<ResolversTypes['Invoice']>, ParentType, ContextType>;
  isCredit?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  notes?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['PaymentType'], ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type PaymentEventResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PaymentEvent'] = ResolversParentTypes['PaymentEvent']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  charge?: Resolver<Maybe<ResolversTypes['Charge']>, ParentType, ContextType>;
  checkout?: Resolver<Maybe<ResolversTypes['Checkout']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  idempotencyKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  refund?: Resolver<Maybe<ResolversTypes['Refund']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['PaymentEventType'], ParentType, ContextType>;
}>;

export type PaymentPageResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PaymentPage'] = ResolversParentTypes['PaymentPage']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['Payment']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  card?: Resolver<Maybe<ResolversTypes['Card']>, ParentType, ContextType, RequireFields<QueryCardArgs, 'id'>>;
  cardAuthorization?: Resolver<ResolversTypes['CardAuthorization'], ParentType, ContextType, RequireFields<QueryCardAuthorizationArgs, 'card'>>;
  cardProvider?: Resolver<Maybe<ResolversTypes['CardProvider']>, ParentType, ContextType>;
  cardTypes?: Resolver<Maybe<Array<ResolversTypes['CardType']>>, ParentType, ContextType>;
  charges?: Resolver<Maybe<Array<ResolversTypes['Charge']>>, ParentType, ContextType, Partial<QueryChargesArgs>>;
  checkout?: Resolver<Maybe<ResolversTypes['Checkout']>, ParentType, ContextType, RequireFields<QueryCheckoutArgs, 'id'>>;
  client?: Resolver<Maybe<ResolversTypes['Client']>, ParentType, ContextType, RequireFields<QueryClientArgs, 'id'>>;
  clients?: Resolver<Maybe<ResolversTypes['ClientPage']>, ParentType, ContextType, RequireFields<QueryClientsArgs, 'page' | 'perPage'>>;
  currencies?: Resolver<Maybe<Array<ResolversTypes['Currency']>>, ParentType, ContextType>;
  detectCardBrand?: Resolver<ResolversTypes['CardBrand'], ParentType, ContextType, RequireFields<QueryDetectCardBrandArgs, 'number'>>;
  detectCardIssuer?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType, RequireFields<QueryDetectCardIssuerArgs, 'number'>>;
  invoice?: Resolver<Maybe<ResolversTypes['Invoice']>, ParentType, ContextType, RequireFields<QueryInvoiceArgs, 'id'>>;
  invoices?: Resolver<Maybe<ResolversTypes['InvoicePage']>, ParentType, ContextType, RequireFields<QueryInvoicesArgs, 'page' | 'perPage'>>;
  ledgerEntry?: Resolver<Maybe<ResolversTypes['LedgerEntry']>, ParentType, ContextType, RequireFields<QueryLedgerEntryArgs, 'idempotencyKey'>>;
  node?: Resolver<Maybe<ResolversTypes['Node']>, ParentType, ContextType, RequireFields<QueryNodeArgs, 'id'>>;
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType, RequireFields<QueryPaymentArgs, 'id'>>;
  payments?: Resolver<Maybe<ResolversTypes['PaymentPage']>, ParentType, ContextType, RequireFields<QueryPaymentsArgs, 'page' | 'perPage'>>;
  reconciliation?: Resolver<ResolversTypes['ReconciliationReport'], ParentType, ContextType, RequireFields<QueryReconciliationArgs, 'filter'>>;
  validateCard?: Resolver<ResolversTypes['CardValidation'], ParentType, ContextType, RequireFields<QueryValidateCardArgs, 'input'>>;
}>;

export type ReconcilePayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ReconcilePayload'] = ResolversParentTypes['ReconcilePayload']> = ResolversObject<{
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type ReconciliationMismatchResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ReconciliationMismatch'] = ResolversParentTypes['ReconciliationMismatch']> = ResolversObject<{
  actual?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  charge?: Resolver<ResolversTypes['Charge'], ParentType, ContextType>;
  expected?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['MismatchKind'], ParentType, ContextType>;
  payment?: Resolver<ResolversTypes['Payment'], ParentType, ContextType>;
}>;

export type ReconciliationReportResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ReconciliationReport'] = ResolversParentTypes['ReconciliationReport']> = ResolversObject<{
  matched?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  mismatches?: Resolver<Array<ResolversTypes['ReconciliationMismatch']>, ParentType, ContextType>;
  unmatchedCharges?: Resolver<Array<ResolversTypes['Charge']>, ParentType, ContextType>;
  unmatchedPayments?: Resolver<Array<ResolversTypes['Payment']>, ParentType, ContextType>;
}>;

export type RecordPaymentPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['RecordPaymentPayload'] = ResolversParentTypes['RecordPaymentPayload']> = ResolversObject<{
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type RefundResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Refund'] = ResolversParentTypes['Refund']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  confirmationCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type RefundChargePayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['RefundChargePayload'] = ResolversParentTypes['RefundChargePayload']> = ResolversObject<{
  charge?: Resolver<Maybe<ResolversTypes['Charge']>, ParentType, ContextType>;
  refund?: Resolver<Maybe<ResolversTypes['Refund']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type RefundInvoicePaymentPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['RefundInvoicePaymentPayload'] = ResolversParentTypes['RefundInvoicePaymentPayload']> = ResolversObject<{
  charge?: Resolver<Maybe<ResolversTypes['Charge']>, ParentType, ContextType>;
  invoice?: Resolver<Maybe<ResolversTypes['Invoice']>, ParentType, ContextType>;
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  pending?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  refund?: Resolver<Maybe<ResolversTypes['Refund']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type StoreCardPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['StoreCardPayload'] = ResolversParentTypes['StoreCardPayload']> = ResolversObject<{
  card?: Resolver<Maybe<ResolversTypes['Card']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  paymentEvents?: SubscriptionResolver<ResolversTypes['PaymentEvent'], "paymentEvents", ParentType, ContextType, Partial<SubscriptionPaymentEventsArgs>>;
}>;

export type UpdatePaymentPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['UpdatePaymentPayload'] = ResolversParentTypes['UpdatePaymentPayload']> = ResolversObject<{
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type UpdateStoredCardPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['UpdateStoredCardPayload'] = ResolversParentTypes['UpdateStoredCardPayload']> = ResolversObject<{
  card?: Resolver<Maybe<ResolversTypes['Card']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type UserErrorResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['UserError'] = ResolversParentTypes['UserError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['UserErrorCode'], ParentType, ContextType>;
  field?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type VerifyCardPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['VerifyCardPayload'] = ResolversParentTypes['VerifyCardPayload']> = ResolversObject<{
  card?: Resolver<Maybe<ResolversTypes['CardDetails']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
  verified?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = GatewayContext> = ResolversObject<{
  AuthorizeCardPayload?: AuthorizeCardPayloadResolvers<ContextType>;
  Card?: CardResolvers<ContextType>;
  CardAuthorization?: CardAuthorizationResolvers<ContextType>;
  CardDetails?: CardDetailsResolvers<ContextType>;
  CardProvider?: CardProviderResolvers<ContextType>;
  CardType?: CardTypeResolvers<ContextType>;
  CardValidation?: CardValidationResolvers<ContextType>;
  Charge?: ChargeResolvers<ContextType>;
  ChargeCardPayload?: ChargeCardPayloadResolvers<ContextType>;
  Checkout?: CheckoutResolvers<ContextType>;
  Client?: ClientResolvers<ContextType>;
  ClientPage?: ClientPageResolvers<ContextType>;
  CreateCheckoutPayload?: CreateCheckoutPayloadResolvers<ContextType>;
  Currency?: CurrencyResolvers<ContextType>;
  CurrencyCode?: GraphQLScalarType;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  Decimal?: GraphQLScalarType;
  DeletePaymentPayload?: DeletePaymentPayloadResolvers<ContextType>;
  DeleteStoredCardPayload?: DeleteStoredCardPayloadResolvers<ContextType>;
  GatewayTransaction?: GatewayTransactionResolvers<ContextType>;
  Installments?: InstallmentsResolvers<ContextType>;
  Invoice?: InvoiceResolvers<ContextType>;
  InvoiceLine?: InvoiceLineResolvers<ContextType>;
  InvoicePage?: InvoicePageResolvers<ContextType>;
  LedgerEntry?: LedgerEntryResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Node?: NodeResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PayInvoicePayload?: PayInvoicePayloadResolvers<ContextType>;
  Payment?: PaymentResolvers<ContextType>;
  PaymentEvent?: PaymentEventResolvers<ContextType>;
  PaymentPage?: PaymentPageResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ReconcilePayload?: ReconcilePayloadResolvers<ContextType>;
  ReconciliationMismatch?: ReconciliationMismatchResolvers<ContextType>;
  ReconciliationReport?: ReconciliationReportResolvers<ContextType>;
  RecordPaymentPayload?: RecordPaymentPayloadResolvers<ContextType>;
  Refund?: RefundResolvers<ContextType>;
  RefundChargePayload?: RefundChargePayloadResolvers<ContextType>;
  RefundInvoicePaymentPayload?: RefundInvoicePaymentPayloadResolvers<ContextType>;
  StoreCardPayload?: StoreCardPayloadResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  UpdatePaymentPayload?: UpdatePaymentPayloadResolvers<ContextType>;
  UpdateStoredCardPayload?: UpdateStoredCardPayloadResolvers<ContextType>;
  UserError?: UserErrorResolvers<ContextType>;
  VerifyCardPayload?: VerifyCardPayloadResolvers<ContextType>;
}>;

export type DirectiveResolvers<ContextType = GatewayContext> = ResolversObject<{
  requiresScope?: RequiresScopeDirectiveResolver<any, any, ContextType>;
}>;
