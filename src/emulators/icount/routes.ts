import { authRoutes } from './handlers/auth.js';
import { bill } from './handlers/bill.js';
import type { Route } from './handlers/context.js';
import { clientRoutes } from './handlers/client.js';
import { currencyRoutes } from './handlers/currency.js';
import { j5, j5Status } from './handlers/j5.js';
import { paypageRoutes } from './handlers/paypage.js';
import { refund } from './handlers/refund.js';
import { storageRoutes } from './handlers/storage.js';
import { transactions } from './handlers/transactions.js';
import { validateRoutes } from './handlers/validate.js';

/**
 * Every method the emulator implements. Anything else — including `client/find`, `client/list`,
 * `client/upsert` and `doc/list`, which the real API does not have — answers `bad_method`.
 */
export const ROUTES: Readonly<Record<string, Route>> = {
  ...authRoutes,
  'cc/bill': { handler: bill },
  'cc/transactions': { handler: transactions },
  'cc/j5': { handler: j5 },
  'cc/j5_status': { handler: j5Status },
  'cc/refund': { handler: refund },
  ...validateRoutes,
  ...storageRoutes,
  ...clientRoutes,
  ...currencyRoutes,
  ...paypageRoutes,
};
