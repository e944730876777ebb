/**
 * The baseline: what a hand-written REST proxy would do. A bare `node:http` handler that makes
 * the SAME upstream calls with the SAME clients — the transports from `createRuntime` (same got
 * instances, retries, circuit breakers, session handling), the same datasource classes and mapping
 * functions (so the same XML/JSON parsing and the same per-request DataLoaders) — and answers
 * JSON of the same shape and size as the gateway's `{ data: … }`.
 *
 * No GraphQL, no express, no Apollo plugins, no metrics, no per-request logger or deadline (but for
 * the charge, which gets the request context every caller of the service gets): the difference
 * between the gateway and this is what the gateway costs.
 *
 * Routes: GET /payment?id=N (a), GET /card?id=N (b), GET /payments/nested (c), POST /charge (d),
 * GET /currencies (e), GET /payments/page (f). Environment: BENCH_ENV (bench/env.ts); the
 * ledger is where the gateway's is (an SQLite file in DATA_DIR, or DATABASE_URL). Runs under tsx.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { authenticatorFor } from '../src/auth.js';
import { createContext, type GatewayContext } from '../src/context.js';
import { FreshbooksAPI } from '../src/datasources/freshbooks/api.js';
import { IcountAPI } from '../src/datasources/icount/api.js';
import { toGlobalId } from '../src/domain/ids.js';
import { createLogger } from '../src/logger.js';
import { payload } from '../src/resolvers/payloads.js';
import { chargeCard, type ChargeCardArgs } from '../src/services/charge-card.js';
import { openLedger } from '../src/ledger/index.js';
import { configuredFreshbooks, configuredIcount, createRuntime, type UpstreamEndpoints } from '../src/runtime.js';
import { benchConfig } from './env.js';
import { serveCommands } from './ipc.js';

const config = benchConfig();
const logger = createLogger('warn', pino.destination({ dest: '/dev/null', sync: true }));
// The upstreams as src/main.ts reads them from the environment.
const endpoints: UpstreamEndpoints = { icount: configuredIcount(config)!, freshbooks: configuredFreshbooks(config)! };
if (!endpoints.icount || !endpoints.freshbooks) throw new Error('BENCH_ENV must configure both upstreams');
// The same ledger and factory as the gateway: the same got clients and transports (no metrics observer).
const ledger = await openLedger(config.ledger);
const upstreams = createRuntime(config, endpoints, ledger);
const authenticator = authenticatorFor(config);

/** Per request, as any correct proxy must: the datasources hold per-request caches (DataLoaders). */
function apis() {
  return {
    icount: new IcountAPI(upstreams.icount, upstreams.currencies),
    freshbooks: new FreshbooksAPI(upstreams.freshbooks, { baseCurrency: upstreams.freshbooksBaseCurrency }),
  };
}

type Handler = (url: URL, body: string, principal: GatewayContext['principal']) => Promise<unknown>;

const routes: Record<string, Handler> = {
  'GET /payment': async (url) => {
    const { freshbooks } = apis();
    const p = await freshbooks.paymentById.load(Number(url.searchParams.get('id')));
    return {
      payment: p && { id: toGlobalId('Payment', p.freshbooksId), amount: { amount: p.amount.amount, currency: p.amount.currency }, date: p.date, type: p.type, notes: p.notes },
    };
  },

  'GET /card': async (url) => {
    const { icount } = apis();
    const c = await icount.cardByToken.load(Number(url.searchParams.get('id')));
    return {
      card: c && { id: toGlobalId('Card', c.tokenId), tokenId: c.tokenId, brand: c.brand, last4: c.last4, expiryMonth: c.expiryMonth, expiryYear: c.expiryYear, holderName: c.holderName },
    };
  },

  // 1 payment.list, then per DISTINCT client: client.get, invoice.list, client/get_list, client/get_cc_tokens.
  'GET /payments/nested': async () => {
    const { icount, freshbooks } = apis();
    const page = await freshbooks.listPayments({}, 1, 100);
    const nodes = await Promise.all(
      page.nodes.map(async (p) => {
        const [client, invoice] = await Promise.all([
          (async () => {
            const fb = p.clientId === null ? null : await freshbooks.clientById.load(p.clientId);
            if (!fb) return null;
            const twin = await icount.twinOf.load({ freshbooksId: fb.freshbooksId, email: fb.email });
            const cards = twin ? await icount.cardsByClient.load(twin.icountId) : [];
            return { name: fb.organization || `${fb.firstName} ${fb.lastName}`.trim(), cards: cards.map((c) => ({ last4: c.last4 })) };
          })(),
          freshbooks.invoiceOf(p),
        ]);
        return { amount: { amount: p.amount.amount }, client, invoice: invoice && { number: invoice.number } };
      }),
    );
    return { payments: { nodes } };
  },

  'GET /payments/page': async () => {
    const { freshbooks } = apis();
    const page = await freshbooks.listPayments({}, 1, 100);
    return {
      payments: {
        nodes: page.nodes.map((p) => ({ id: toGlobalId('Payment', p.freshbooksId), amount: { amount: p.amount.amount }, date: p.date, type: p.type, notes: p.notes })),
      },
    };
  },

  // The same service and ledger row as the chargeCard resolver, with the request context a
  // non-GraphQL caller gets (createContext: reads what a money write decides on fresh).
  'POST /charge': async (_url, body, principal) => {
    const input = JSON.parse(body) as ChargeCardArgs & { idempotencyKey: string };
    const result = payload('charge', await chargeCard(createContext(upstreams, logger, '', principal), input));
    const c = result.charge;
    return {
      chargeCard: {
        charge: c && { id: toGlobalId('Charge', c.confirmationCode), confirmationCode: c.confirmationCode, amount: { amount: c.amount.amount, currency: c.amount.currency }, card: { brand: c.card.brand, last4: c.card.last4 } },
        userErrors: result.userErrors.map((e) => ({ code: e.code, field: e.field, message: e.message })),
      },
    };
  },

  // The same process-wide cache (CurrencyCatalog) the gateway's resolver reads.
  'GET /currencies': async () => {
    const { icount } = apis();
    return { currencies: (await icount.currencies()).map((c) => ({ code: c.code, icountId: c.icountId, decimals: c.decimals })) };
  },
};

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? '/', 'http://baseline');
  const route = routes[`${req.method} ${url.pathname}`];
  if (!route) return send(res, 404, { error: 'not found' });
  const principal = authenticator.authenticate(req.headers.authorization);
  if (!principal) return send(res, 401, { error: 'unauthenticated' });
  try {
    send(res, 200, { data: await route(url, Buffer.concat(chunks).toString('utf8'), principal) });
  } catch (err) {
    send(res, 502, { error: err instanceof Error ? err.message : String(err) });
  }
}

const server = http.createServer((req, res) => void serve(req, res));
// Node's default; the gateway's server (http.createServer under express) has the same.
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

process.on('SIGTERM', () => {
  server.close();
  void ledger.close().finally(() => process.exit(0));
});

serveCommands({}, { url: `http://127.0.0.1:${port}`, ledger: config.ledger.kind });
