import { DEMO_API_KEY } from '../src/auth.js';
import { FRESHBOOKS_DEMO_TOKEN, FRESHBOOKS_PATH } from '../src/emulators/freshbooks/index.js';
import { ICOUNT_DEMO_CREDENTIALS, ICOUNT_PATH } from '../src/emulators/icount/index.js';

/**
 * The environment the gateway and the baseline run with: the emulators configured as if they were
 * real accounts (session auth to iCount, API token to FreshBooks — what demo mode does too), the
 * demo key with every scope, every other setting at its default.
 */
export function benchEnv(icountUrl: string, freshbooksUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    ICOUNT_URL: `${icountUrl}${ICOUNT_PATH}`,
    ICOUNT_CID: ICOUNT_DEMO_CREDENTIALS.cid,
    ICOUNT_USER: ICOUNT_DEMO_CREDENTIALS.user,
    ICOUNT_PASS: ICOUNT_DEMO_CREDENTIALS.pass,
    FRESHBOOKS_URL: `${freshbooksUrl}${FRESHBOOKS_PATH}`,
    FRESHBOOKS_TOKEN: FRESHBOOKS_DEMO_TOKEN,
    API_KEYS: `${DEMO_API_KEY}:read+write+charge`,
    LOG_LEVEL: 'warn',
    ...extra,
  };
}
