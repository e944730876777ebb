import { randomBytes } from 'node:crypto';
import { DEMO_API_KEY } from '../auth.js';

/**
 * The operation both explorers (Apollo Sandbox at `/` and GraphiQL at `/explorer`) open with in
 * demo mode: charge the demo stored card 57 (Visa ending 1111, Dana Levi) as a test charge. Only
 * ever used in demo mode, since it carries the demo API key. GraphiQL also opens a second tab with
 * the `paymentEvents` subscription (DEMO_EVENTS_DOCUMENT).
 */
export interface ExampleOperation {
  document: string;
  variables: Record<string, unknown>;
  headers: Record<string, string>;
}

/** No `<`, `>`, `&` or `'`: the text is embedded in HTML and scripts (Apollo escapes only the first of each). */
export const DEMO_CHARGE_DOCUMENT = `# Demo mode: the upstreams are emulated, no money moves.
# Run this to charge demo card 57 (Visa ending 1111).
# The API key is already in the Headers.
# The same idempotencyKey again replays the first charge
# instead of charging twice: change it for a new charge.
mutation ChargeDemoCard($input: ChargeCardInput!) {
  chargeCard(input: $input) {
    charge {
      id
      confirmationCode
      amount {
        amount
        currency
      }
      card {
        brand
        last4
        expiryMonth
        expiryYear
        holderName
      }
      installments {
        count
      }
      test
      chargedAt
    }
    userErrors {
      code
      field
      message
    }
  }
}
`;

/** A key that looks like one a client would make: `demo-charge-` and 8 random hex digits. */
export function freshIdempotencyKey(): string {
  return `demo-charge-${randomBytes(4).toString('hex')}`;
}

/** The demo example with a new idempotency key (one per gateway start, shared by both explorers). */
export function demoChargeExample(idempotencyKey: string = freshIdempotencyKey()): ExampleOperation {
  return {
    document: DEMO_CHARGE_DOCUMENT,
    variables: {
      input: {
        idempotencyKey,
        amount: { amount: '25.00', currency: 'ILS' },
        card: { tokenId: 57 },
        description: 'Demo charge from the explorer',
        test: true,
      },
    },
    headers: { Authorization: `Bearer ${DEMO_API_KEY}` },
  };
}

/** The second tab of `/explorer` in demo mode: the payment events, over WebSocket. Same text rules as above. */
export const DEMO_EVENTS_DOCUMENT = `# Payment events, over WebSocket at /graphql (graphql-ws).
# Run this, then charge in another browser tab (or pay a checkout):
# each event shows up here as it happens. The API key in the Headers
# is sent in the connection parameters.
subscription PaymentEvents {
  paymentEvents {
    id
    type
    at
    idempotencyKey
    charge {
      confirmationCode
      amount {
        amount
        currency
      }
      card {
        brand
        last4
      }
    }
    payment {
      freshbooksId
      amount {
        amount
        currency
      }
    }
    checkout {
      id
      status
    }
    refund {
      id
    }
  }
}
`;
