export { FreshbooksEmulator, type InvoiceView, type PaymentInput } from './emulator.js';
export {
  FRESHBOOKS_DEMO_TOKEN, FRESHBOOKS_PATH, FRESHBOOKS_V20_PATH, FRESHBOOKS_SYSTEM_URL, PAYMENT_TYPES, FbError,
  type FreshbooksEmulatorOptions,
} from './types.js';
export type { ClientInput, InvoiceInput } from './builders.js';
export { FRESHBOOKS_NS } from './envelope.js';
export type { RunningEmulator } from '../shared/server.js';
