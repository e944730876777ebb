import type { Resolvers } from '../generated/resolvers-types.js';
import { Card } from './Card.js';
import { Charge } from './Charge.js';
import { Checkout } from './Checkout.js';
import { Client } from './Client.js';
import { Invoice } from './Invoice.js';
import { Payment } from './Payment.js';
import { Mutation } from './Mutation.js';
import { Node } from './Node.js';
import { Query } from './Query.js';
import { Subscription } from './Subscription.js';
import { CurrencyCodeScalar, DateScalar, DateTimeScalar, DecimalScalar } from './scalars.js';

export const resolvers: Resolvers = {
  Decimal: DecimalScalar,
  CurrencyCode: CurrencyCodeScalar,
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Node,
  Query,
  Mutation,
  Subscription,
  Card,
  Charge,
  Checkout,
  Client,
  Payment,
  Invoice,
};
