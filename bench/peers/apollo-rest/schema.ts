/** The part of the schema this server answers: the same names and types as paygraph's, written out by hand. */
export const typeDefs = `#graphql
  type Query {
    card(id: ID!): Card
    payment(id: ID!): Payment
    payments(page: Int = 1, perPage: Int = 25): PaymentPage
  }

  enum CardBrand { VISA MASTERCARD AMEX DINERS JCB DISCOVER MAESTRO ISRACARD LEUMICARD UNIONPAY MIR UNKNOWN }

  type Card {
    id: ID!
    tokenId: Int!
    brand: CardBrand!
    last4: String!
    expiryMonth: Int
    expiryYear: Int
    holderName: String
  }

  enum PaymentType {
    CASH CHECK CREDIT CREDIT_CARD BANK_TRANSFER DEBIT PAYPAL TWO_CHECKOUT VISA MASTERCARD DISCOVER NOVA AMEX
    DINERS EUROCARD JCB ACH OTHER
  }

  type Money {
    amount: String!
    currency: String!
  }

  type Payment {
    id: ID!
    amount: Money!
    "YYYY-MM-DD"
    date: String!
    type: PaymentType!
    notes: String!
    client: Client
    invoice: Invoice
  }

  type PaymentPage {
    nodes: [Payment!]!
  }

  type Client {
    id: ID!
    name: String!
    cards: [Card!]
  }

  type Invoice {
    id: ID!
    number: String!
  }
`;
