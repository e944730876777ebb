import { UpstreamError, type UpstreamName } from '../errors.js';
import { currentScope, noteRejection } from '../request-scope.js';
import { LABEL } from './resilience.js';

/**
 * The per-request upstream call budget (MAX_UPSTREAM_CALLS_PER_REQUEST): every upstream call an
 * HTTP request causes — over all operations of a batch, all aliases and nested lists — takes one
 * call from it before anything is sent. A spent budget fails the call with CALL_BUDGET_EXCEEDED,
 * outcome NOT_ATTEMPTED (nothing left), so one request cannot amplify into hundreds of upstream
 * calls. Work outside a request (reconciler, readiness) has no budget.
 */
export function spendUpstreamCall(upstream: UpstreamName, method: string): void {
  const scope = currentScope();
  if (!scope || scope.budget.take()) return;
  const message =
    `This request has used its ${scope.budget.limit} upstream calls (MAX_UPSTREAM_CALLS_PER_REQUEST, counted over every operation ` +
    `of a batch, every alias and nested list); ${LABEL[upstream]} ${method} was not sent. Ask for fewer fields, aliases or operations per request.`;
  noteRejection(scope, { code: 'CALL_BUDGET_EXCEEDED', message });
  throw new UpstreamError('CALL_BUDGET_EXCEEDED', upstream, method, message, { outcome: 'NOT_ATTEMPTED' });
}
