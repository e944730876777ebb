import { parseClientId } from '../domain/ids.js';
import type { InvoiceStatusValue } from '../domain/records.js';
import type { InvoiceListFilter, PaymentListFilter, TransactionFilter } from '../domain/requests.js';
import { badUserInput } from '../errors.js';
import { invoiceKey } from './query-arguments.js';

/**
 * List filters from query arguments. A malformed filter is the caller's mistake: it is answered
 * with BAD_USER_INPUT naming the argument, before any upstream call.
 */

interface ChargeFilterArgs {
  clientId?: string | null;
  dateFrom?: string | null;
  dateTo?: string | null;
  last4?: string | null;
  confirmationCode?: string | null;
}

export function transactionFilter(filter: ChargeFilterArgs, path: string[]): TransactionFilter {
  const result: TransactionFilter = {};
  if (filter.clientId != null) {
    const ref = parseClientId(filter.clientId);
    if (!ref || ref.system !== 'icount') throw badUserInput('Not the Client ID of an iCount client.', [...path, 'clientId']);
    result.icountClientId = ref.id;
  }
  if (filter.last4 !== undefined && filter.last4 !== null) {
    if (!/^\d{4}$/.test(filter.last4)) throw badUserInput('last4 is exactly 4 digits.', [...path, 'last4']);
    result.last4 = filter.last4;
  }
  if (filter.confirmationCode !== undefined && filter.confirmationCode !== null) {
    if (!/^[A-Za-z0-9-]{1,32}$/.test(filter.confirmationCode)) throw badUserInput('Not a confirmation code.', [...path, 'confirmationCode']);
    result.confirmationCode = filter.confirmationCode;
  }
  Object.assign(result, dateRange(filter.dateFrom, filter.dateTo, path));
  return result;
}

export function clientFilter(filter: { email?: string | null }, path: string[]): { email?: string } {
  if (filter.email == null) return {};
  if (filter.email.length > 254) throw badUserInput('Not an e-mail address.', [...path, 'email']);
  return filter.email ? { email: filter.email } : {};
}

export interface PaymentFilterArgs {
  clientId?: string | null;
  invoiceId?: string | null;
  dateFrom?: string | null;
  dateTo?: string | null;
  updatedFrom?: string | null;
  updatedTo?: string | null;
}

export function paymentFilter(filter: PaymentFilterArgs, path: string[]): PaymentListFilter {
  return {
    ...freshbooksClient(filter.clientId, [...path, 'clientId']),
    ...(filter.invoiceId != null ? { invoiceId: invoiceKey(filter.invoiceId, [...path, 'invoiceId']) } : {}),
    ...dateRange(filter.dateFrom, filter.dateTo, path),
    ...(filter.updatedFrom ? { updatedFrom: filter.updatedFrom } : {}),
    ...(filter.updatedTo ? { updatedTo: filter.updatedTo } : {}),
  };
}

export interface InvoiceFilterArgs {
  clientId?: string | null;
  status?: InvoiceStatusValue | null;
  number?: string | null;
  dateFrom?: string | null;
  dateTo?: string | null;
}

/** GraphQL status values → FreshBooks' (`AUTO_PAID` → `auto-paid`). */
export function invoiceFilter(filter: InvoiceFilterArgs, path: string[]): InvoiceListFilter {
  if (filter.number !== undefined && filter.number !== null && (filter.number.length > 32 || !/^[\p{L}\p{N} _./-]*$/u.test(filter.number))) {
    throw badUserInput('An invoice number is at most 32 letters, digits, spaces or - _ . /', [...path, 'number']);
  }
  if (filter.status === 'UNKNOWN') throw badUserInput('UNKNOWN cannot be filtered on.', [...path, 'status']);
  return {
    ...freshbooksClient(filter.clientId, [...path, 'clientId']),
    ...(filter.status ? { status: filter.status.toLowerCase().replace('_', '-') } : {}),
    ...(filter.number ? { number: filter.number } : {}),
    ...dateRange(filter.dateFrom, filter.dateTo, path),
  };
}

function freshbooksClient(clientId: string | null | undefined, field: string[]): { clientId?: number } {
  if (clientId == null) return {};
  const ref = parseClientId(clientId);
  if (!ref || ref.system !== 'freshbooks') throw badUserInput('Not the Client ID of a FreshBooks client.', field);
  return { clientId: ref.id };
}

function dateRange(from: string | null | undefined, to: string | null | undefined, path: string[]): { dateFrom?: string; dateTo?: string } {
  if (from && to && from > to) throw badUserInput('dateFrom is after dateTo.', [...path, 'dateFrom']);
  return { ...(from ? { dateFrom: from } : {}), ...(to ? { dateTo: to } : {}) };
}
