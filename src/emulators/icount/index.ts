export { IcountEmulator } from './emulator.js';
export {
  ICOUNT_DEMO_CREDENTIALS, ICOUNT_DEMO_TOKEN, ICOUNT_PATH, SESSION_TTL_MS, type IcountEmulatorOptions,
} from './options.js';
export { ICOUNT_TEST_CARDS, CARD_TYPES, type ScriptedOutcome } from './cards.js';
export { CURRENCIES, type Currency } from './currencies.js';
export type { ClientRecord, J5Record, TokenRecord, TransactionRecord } from './state.js';
export type { RunningEmulator } from '../shared/server.js';
