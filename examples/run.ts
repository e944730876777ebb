/**
 * `npm run example`: the story of examples/client.ts against PAYGRAPH_URL (default
 * http://localhost:4000/graphql, the demo gateway of `npm start`) with PAYGRAPH_API_KEY (default
 * the demo key). Exits 1 on any error.
 */
import { DEFAULT_URL, DEMO_API_KEY, main } from './client.js';

try {
  await main(process.env.PAYGRAPH_URL || DEFAULT_URL, process.env.PAYGRAPH_API_KEY || DEMO_API_KEY);
} catch (err) {
  console.error(`\nexample failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
