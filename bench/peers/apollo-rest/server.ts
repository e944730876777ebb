/**
 * The peer paygraph is measured against (issue 14): `card(id)`, `payment(id)` and a nested
 * `payments(perPage)` list (client, its stored cards, invoice) over iCount and
 * FreshBooks Classic the way Apollo's documentation shows it — Apollo Server 5 standalone, one
 * RESTDataSource per upstream created per request in `context`, FreshBooks' XML built and parsed
 * with fast-xml-parser. No API keys, limits, metrics or logging; nothing tuned. It shares no code
 * with paygraph (src/): everything comes from the environment.
 *
 *   ICOUNT_URL, ICOUNT_CID, ICOUNT_USER, ICOUNT_PASS   iCount API v3 (…/api/v3.php) and its login
 *   FRESHBOOKS_URL, FRESHBOOKS_TOKEN                  FreshBooks Classic (…/api/2.1/xml-in) and API token
 *   FRESHBOOKS_BASE_CURRENCY                          when neither payment nor invoice names one (USD)
 *   PORT, HOST                                        where to listen (4000, all interfaces)
 *
 * Build and run on its own: `npx tsc -p bench/peers/apollo-rest && node bench/peers/apollo-rest/dist/server.js`.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { FreshbooksAPI } from './freshbooks.js';
import { answerBench } from './harness.js';
import { IcountAPI } from './icount.js';
import { resolvers, type ContextValue } from './resolvers.js';
import { typeDefs } from './schema.js';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const icount = { url: env('ICOUNT_URL'), cid: env('ICOUNT_CID'), user: env('ICOUNT_USER'), pass: env('ICOUNT_PASS') };
const freshbooks = { url: env('FRESHBOOKS_URL'), token: env('FRESHBOOKS_TOKEN') };

const server = new ApolloServer<ContextValue>({
  typeDefs,
  resolvers: resolvers(process.env.FRESHBOOKS_BASE_CURRENCY || 'USD'),
});

const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT ?? 4000), host: process.env.HOST || undefined },
  context: async () => {
    const { cache } = server;
    return {
      dataSources: {
        icount: new IcountAPI({ ...icount, cache }),
        freshbooks: new FreshbooksAPI({ ...freshbooks, cache }),
      },
    };
  },
});

if (process.send) answerBench({ url: new URL('/graphql', url).toString() });
else console.log(`🚀 Server ready at ${url}`);
