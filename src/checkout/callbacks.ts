import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { createContext, type Runtime } from '../context.js';
import type { Logger } from '../logger.js';
import { CHECKOUT_CALLBACK_PATH, CHECKOUT_CANCEL_PATH } from '../services/checkout.js';
import { cancelCheckout, checkoutCallback } from '../services/checkout-endings.js';

/**
 * `POST /callbacks/icount/checkout/:id?s=<secret>`: iCount's IPN for a checkout (docs/checkout.md).
 * Unauthenticated by API key: the per-checkout secret in the URL (only iCount was given it) is the
 * credential, and the body is never trusted — the charge is looked up in iCount's records.
 *
 * | answer | when |
 * | --- | --- |
 * | 200 `{status, recorded}` | settled: `recorded` is true for the callback that recorded the FreshBooks payment, false for any repeat |
 * | 409 `{error: 'no_payment_found'}` | iCount's records hold no charge for the checkout (yet): nothing recorded |
 * | 403 `{error: 'forbidden'}` | a missing or wrong secret: nothing recorded |
 * | 404 `{error: 'unknown_checkout'}` | no such checkout |
 * | 503 `{error: 'unavailable'}` | the ledger or an upstream failed: iCount may call again |
 *
 * `GET|POST /checkout/:id/cancel?s=<secret>`: the payer's cancel on iCount's page (iCount's
 * `cancel_url`), with another per-checkout secret; see `cancelRoute`.
 *
 * In demo mode without CHECKOUT_CALLBACK_URL the callback base URL is where `server` listens.
 */
export function checkoutCallbacks(runtime: Runtime, logger: Logger, server?: http.Server): Router {
  const settings = runtime.settings.checkout;
  if (settings && settings.callbackBaseUrl === null && runtime.demo && server) {
    server.once('listening', () => {
      const address = server.address() as AddressInfo | null;
      if (!address || settings.callbackBaseUrl !== null) return;
      const host = address.address === '::' || address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
      settings.callbackBaseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    });
  }
  const router = express.Router();
  const bodies = [express.urlencoded({ extended: false, limit: '64kb' }), express.json({ limit: '64kb' })];
  router.post(`${CHECKOUT_CALLBACK_PATH}/:id`, ...bodies, async (req, res) => {
    res.set('cache-control', 'no-store');
    const id = String(req.params.id);
    const secret = typeof req.query.s === 'string' ? req.query.s : '';
    const ctx = createContext(runtime, logger, (res.locals.requestId as string | undefined) ?? randomUUID());
    // What the body claims, for the log only (the payload is undocumented; read tolerantly).
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const claimed = { sale: text(body.sale_uniqid), confirmation: text(body.confirmation_code) };
    try {
      const answer = await checkoutCallback(ctx, id, secret);
      if (answer.kind === 'unknown') {
        ctx.logger.warn({ checkout: id, claimed }, 'checkout callback for an unknown checkout refused');
        return void res.status(404).json({ error: 'unknown_checkout' });
      }
      if (answer.kind === 'forged') {
        ctx.logger.warn({ checkout: id, claimed }, 'checkout callback with a wrong secret refused');
        return void res.status(403).json({ error: 'forbidden' });
      }
      const status = answer.checkout?.status ?? 'OPEN';
      ctx.logger.info({ checkout: id, claimed, status, recorded: answer.recorded }, 'checkout callback');
      if (status === 'OPEN' && !answer.checkout?.charge) return void res.status(409).json({ error: 'no_payment_found', status });
      return void res.json({ status, recorded: answer.recorded });
    } catch (err) {
      ctx.logger.warn({ checkout: id, err: err instanceof Error ? err.message : String(err) }, 'checkout callback failed; iCount may call again');
      return void res.status(503).json({ error: 'unavailable' });
    }
  });
  // GET as the emulator's page redirects; POST too, since iCount does not say how its page leaves (docs/checkout.md, "Guesses").
  const cancel = cancelRoute(runtime, logger);
  router.get(`${CHECKOUT_CANCEL_PATH}/:id/cancel`, cancel);
  router.post(`${CHECKOUT_CANCEL_PATH}/:id/cancel`, cancel);
  return router;
}

/**
 * The payer's browser, sent by iCount's Cancel: 303 to the merchant's `cancelUrl` (the checkout
 * CANCELLED, or left OPEN when iCount could not be asked), or to `successUrl` when the sale was paid
 * after all. 403 for a wrong secret, 404 for no such checkout, 503 when the ledger failed. The
 * secret is in this URL, so nothing may keep it or pass it on (no-store, no-referrer).
 */
function cancelRoute(runtime: Runtime, logger: Logger): express.RequestHandler {
  return async (req, res) => {
    res.set({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    const id = String(req.params.id);
    const ctx = createContext(runtime, logger, (res.locals.requestId as string | undefined) ?? randomUUID());
    try {
      const answer = await cancelCheckout(ctx, id, typeof req.query.s === 'string' ? req.query.s : '');
      if (answer.kind === 'unknown') return void res.status(404).type('text').send('No such checkout.');
      if (answer.kind === 'forged') {
        ctx.logger.warn({ checkout: id }, 'checkout cancel with a wrong secret refused');
        return void res.status(403).type('text').send('This cancel link is not valid.');
      }
      ctx.logger.info({ checkout: id, status: answer.checkout?.status, cancelled: answer.cancelled }, 'checkout cancel');
      if (!answer.redirectTo) return void res.type('text').send(`The checkout is ${answer.checkout?.status ?? 'OPEN'}.`);
      res.redirect(303, answer.redirectTo);
    } catch (err) {
      ctx.logger.warn({ checkout: id, err: err instanceof Error ? err.message : String(err) }, 'checkout cancel failed');
      res.status(503).type('text').send('The checkout could not be cancelled now; please try again.');
    }
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value).slice(0, 100) : null;
}
