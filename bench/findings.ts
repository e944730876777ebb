/**
 * Micro-measurements behind the "what stands in the way" list, run in the driver process:
 * Apollo's document cache, the XML parse of a large page, per-request setup cost.
 */
import { XMLValidator } from 'fast-xml-parser';
import type { ApolloServerPlugin } from '@apollo/server';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { createContext, type GatewayContext } from '../src/context.js';
import { FreshbooksAPI } from '../src/datasources/freshbooks/api.js';
import * as fbMap from '../src/datasources/freshbooks/mapping.js';
import { buildRequest, parseResponse } from '../src/datasources/freshbooks/xml.js';
import { itemsOf, type WirePayment } from '../src/datasources/freshbooks/wire.js';
import { IcountAPI } from '../src/datasources/icount/api.js';
import { FRESHBOOKS_DEMO_TOKEN, FRESHBOOKS_PATH } from '../src/emulators/freshbooks/index.js';
import { ICOUNT_DEMO_CREDENTIALS, ICOUNT_PATH } from '../src/emulators/icount/index.js';
import { openLedger } from '../src/ledger/index.js';
import { createLogger } from '../src/logger.js';
import { createApolloServer } from '../src/server.js';
import { createRuntime } from '../src/runtime.js';
import { NESTED } from './scenarios.js';

/** Mean microseconds per call of `fn` over at least `ms` milliseconds (after a warm-up). */
function time(fn: () => unknown, ms = 300): number {
  for (let i = 0; i < 50; i++) fn();
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < 20; i++) fn();
    n += 20;
    elapsed = performance.now() - start;
  } while (elapsed < ms);
  return Math.round((elapsed / n) * 1000 * 10) / 10;
}

/** Apollo caches parsed + validated documents by default: the same query is parsed and validated once. */
export async function documentCache(): Promise<{ operations: number; parses: number; validations: number; executions: number }> {
  const counts = { operations: 0, parses: 0, validations: 0, executions: 0 };
  const counting: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      counts.operations++;
      return {
        async parsingDidStart() {
          counts.parses++;
        },
        async validationDidStart() {
          counts.validations++;
        },
        async executionDidStart() {
          counts.executions++;
        },
      };
    },
  };
  const logger = createLogger('silent');
  const server = createApolloServer({ logger, explorer: false, plugins: [counting] });
  await server.start();
  // Execution fails without upstreams (no context); parsing and validation are what is counted.
  for (let i = 0; i < 5; i++) await server.executeOperation({ query: NESTED }, { contextValue: {} as never }).catch(() => undefined);
  await server.stop();
  return counts;
}

export interface XmlFindings {
  bytes: number;
  payments: number;
  /** Microseconds per page. */
  validateUs: number;
  /** All of parseResponse: validation, then fast-xml-parser. */
  parseResponseUs: number;
  mapUs: number;
}

/** The cost of one payment.list page of 100 as the emulator sends it: validation, parse, mapping. */
export async function xmlParse(freshbooksUrl: string): Promise<XmlFindings> {
  const res = await fetch(`${freshbooksUrl}${FRESHBOOKS_PATH}`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${FRESHBOOKS_DEMO_TOKEN}:X`).toString('base64')}`, 'content-type': 'application/xml' },
    body: buildRequest('payment.list', { page: 1, per_page: 100 }),
  });
  const body = await res.text();
  const reply = parseResponse('payment.list', body);
  const wires = itemsOf(reply.response.payments!, 'payment') as WirePayment[];
  return {
    bytes: Buffer.byteLength(body),
    payments: wires.length,
    validateUs: time(() => XMLValidator.validate(body)),
    parseResponseUs: time(() => parseResponse('payment.list', body)),
    mapUs: time(() => wires.map((w) => fbMap.paymentFromWire(w, 'ILS'))),
  };
}

/** Per-request setup: createContext and its parts. Microseconds each. */
export async function contextSetup(icountUrl: string, freshbooksUrl: string): Promise<Record<string, number>> {
  const config = loadConfig({});
  // createContext only hands the ledger on: one in memory is enough here.
  const ledger = await openLedger({ kind: 'memory' });
  const runtime = createRuntime(
    config,
    {
      icount: { url: `${icountUrl}${ICOUNT_PATH}`, auth: { mode: 'session', ...ICOUNT_DEMO_CREDENTIALS } },
      freshbooks: { url: `${freshbooksUrl}${FRESHBOOKS_PATH}`, token: FRESHBOOKS_DEMO_TOKEN },
    },
    ledger,
  );
  const logger = createLogger('warn', pino.destination({ dest: '/dev/null', sync: true }));
  try {
    return {
      createContext: time(() => createContext(runtime, logger, 'req-1')),
      abortSignalTimeout: time(() => AbortSignal.timeout(runtime.requestDeadlineMs)),
      loggerChild: time(() => logger.child({ requestId: 'req-1' })),
      datasources: time(() => [
        new IcountAPI(runtime.icount, runtime.currencies, {}),
        new FreshbooksAPI(runtime.freshbooks, { baseCurrency: 'USD' }),
      ]),
    };
  } finally {
    await ledger.close();
  }
}
