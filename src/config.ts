import { isKnownTimeZone } from './domain/zoned-time.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEMO_API_KEY, parseApiKeys, SCOPES, type Scope } from './auth.js';
import type { LedgerLocation } from './ledger/index.js';

/**
 * Configuration from the environment, validated once at start. Every problem is reported with
 * the variable's name, all at once.
 */
const optionalText = z.string().trim().min(1).optional();
const csv = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ICOUNT_URL: z.url().default('https://api.icount.co.il/api/v3.php'),
  ICOUNT_CID: optionalText,
  ICOUNT_USER: optionalText,
  ICOUNT_PASS: optionalText,
  ICOUNT_TOKEN: optionalText,
  /** Token mode: the refresh token issued with ICOUNT_TOKEN; the gateway then renews the pair by itself (token/refresh). */
  ICOUNT_REFRESH_TOKEN: optionalText,
  /** Token mode: when ICOUNT_TOKEN expires (ISO date-time, or epoch seconds); iCount's token/create default is one day. */
  ICOUNT_TOKEN_EXPIRES_AT: optionalText.refine((v) => v === undefined || tokenExpiry(v) !== null, 'an ISO date-time such as 2026-12-02T09:00:00Z, or epoch seconds'),
  ICOUNT_AUTH_MODE: z.enum(['session', 'credentials', 'token']).optional(),
  ICOUNT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(20_000),
  ICOUNT_READ_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /** iCount does not document the reason for an expired sid (docs/upstreams/icount.md §3.3): any of these triggers one re-login. */
  ICOUNT_AUTH_FAILURE_REASONS: csv('auth_required,bad_sid,sid_expired,invalid_sid,not_logged_in'),
  FRESHBOOKS_URL: z.url().optional(),
  FRESHBOOKS_TOKEN: optionalText,
  FRESHBOOKS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  FRESHBOOKS_READ_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /** FreshBooks omits the currency of invoice payments and of accounts; this is the account's base currency. */
  FRESHBOOKS_BASE_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'an ISO-4217 code such as USD').default('USD'),
  /** The FreshBooks account's time zone: its date-times carry no offset (docs/upstreams/freshbooks.md §11 F6). */
  FRESHBOOKS_TIMEZONE: z.string().refine(isKnownTimeZone, 'an IANA time zone such as America/New_York').default('America/New_York'),
  /** Where the embedded ledger (SQLite) keeps its file when DATABASE_URL is unset (default `./data`; demo mode: memory). */
  DATA_DIR: optionalText,
  /** PostgreSQL holding the ledger, shared by replicas. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL').optional(),
  /** Not used any more (the ledger holds every piece of shared state); accepted only beside DATABASE_URL. */
  REDIS_URL: z.string().optional(),
  /** How long settled ledger rows are kept for replay and support (unsettled rows are kept until settled). */
  LEDGER_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /**
   * Added to an upstream's timeout: how long after it was sent a write may still land upstream. Until
   * then, a look-up that does not find a write of unknown outcome proves nothing (docs/ledger.md).
   */
  LEDGER_SETTLE_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** How often the reconciler settles unknown and pending ledger rows (0: only when a client retries). */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(15_000),
  /** How long a duplicate request waits for the first one's result before IDEMPOTENCY_KEY_IN_PROGRESS. */
  IDEMPOTENCY_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(10_000),
  // Checkout on iCount's hosted payment page (docs/checkout.md).
  /** The iCount PayPage that `createCheckout` generates sales on (demo mode: the emulator's page 1). */
  ICOUNT_PAYPAGE_ID: z.coerce.number().int().min(1).optional(),
  /**
   * The gateway's public base URL (scheme://host[:port][/prefix]): iCount calls back at
   * `/callbacks/icount/checkout/:id`, payers' browsers come to `/checkout/:id/cancel` (demo mode:
   * where the gateway listens).
   */
  CHECKOUT_CALLBACK_URL: z.url().optional(),
  /** Origins a checkout may redirect the payer back to (successUrl, cancelUrl); demo mode also allows loopback origins. */
  CHECKOUT_REDIRECT_ORIGINS: csv('').pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'origins such as https://shop.example.com (scheme, host and port; no path)'))),
  /** How long a checkout stays open for the payer; it holds its invoice meanwhile. */
  CHECKOUT_TTL_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  // Payment events (docs/checkout.md, "Payment events").
  /** Backends POSTed every payment event (signed, retried with backoff, at least once); comma-separated http(s) URLs. */
  WEBHOOK_URLS: csv('').pipe(z.array(z.url({ protocol: /^https?$/ }))),
  /** The HMAC-SHA256 key webhooks are signed with (x-paygraph-signature); required with WEBHOOK_URLS. */
  WEBHOOK_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  /** Gateway API keys: `key:scope+scope,key2:scope` (scopes: read, write, charge). */
  API_KEYS: optionalText,

  // Shutdown.
  /**
   * On SIGTERM/SIGINT, how long in-flight requests may take to finish before their connections are
   * cut. At least the longest write timeout; money-moving mutations are waited for in any case.
   */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),

  // Fault tolerance.
  /** Overall deadline of one GraphQL request, across all its upstream calls. */
  REQUEST_DEADLINE_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  /** Consecutive failures of an upstream that open its circuit breaker. */
  CIRCUIT_FAILURE_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(5),
  /** How long an open circuit fails fast before letting one trial call through. */
  CIRCUIT_HALF_OPEN_AFTER_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Longest wait a Retry-After header may ask for before a read is retried. */
  RETRY_AFTER_MAX_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /**
   * Client-side limit of each upstream account, in requests per UPSTREAM_RATE_WINDOW_MS (a minute):
   * bursts queue within the request deadline, writes before reads; shared by replicas through
   * DATABASE_URL. 0 turns it off. Unset: 30 for a real iCount, 60 for a real FreshBooks, off for the
   * emulators (see `upstreamRateLimits`).
   */
  ICOUNT_RATE_LIMIT: z.coerce.number().int().min(0).max(100_000).optional(),
  FRESHBOOKS_RATE_LIMIT: z.coerce.number().int().min(0).max(100_000).optional(),
  /** The window ICOUNT_RATE_LIMIT and FRESHBOOKS_RATE_LIMIT count over (one minute; shorter only in tests). */
  UPSTREAM_RATE_WINDOW_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),

  // Query limits.
  MAX_DEPTH: z.coerce.number().int().min(1).max(100).default(12),
  MAX_ALIASES: z.coerce.number().int().min(1).max(1000).default(30),
  MAX_TOKENS: z.coerce.number().int().min(10).max(100_000).default(3000),
  MAX_DIRECTIVES: z.coerce.number().int().min(1).max(1000).default(20),
  MAX_COST: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  /** Operations in one batched HTTP request (a JSON array); 1 turns batching off. */
  MAX_BATCH: z.coerce.number().int().min(1).max(100).default(10),
  /** Introspection: `auto` is on in demo mode and development, off in production. */
  INTROSPECTION: z.enum(['auto', 'true', 'false']).default('auto'),
  // The cross-request read cache (docs/performance.md, "Cross-request cache").
  /** How long iCount's currency list and card types are cached. */
  CURRENCY_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
  /** `off`: clients, cards and invoices are read upstream every time (currencies and card types stay cached). */
  READ_CACHE: z.enum(['on', 'off']).default('on'),
  /** Entries kept at most; the least recently used go first. */
  READ_CACHE_MAX_ENTRIES: z.coerce.number().int().min(100).max(1_000_000).default(10_000),
  /** Clients (FreshBooks, and iCount clients and twins). */
  READ_CACHE_TTL_CLIENTS_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Stored cards (by token, and each client's list). */
  READ_CACHE_TTL_CARDS_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** FreshBooks invoices: their balance changes with every payment. */
  READ_CACHE_TTL_INVOICES_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  BODY_LIMIT: z.string().default('1mb'),

  // Browsers, observability, abuse limits.
  /** Origins (scheme://host[:port]) whose pages may call the gateway; none by default. */
  CORS_ORIGINS: csv('').pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'origins such as https://app.example.com (scheme, host and port; no path)'))),
  /** Serve `/metrics` on this port (and not on the public one). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** OTLP/HTTP collector: spans are exported to `<endpoint>/v1/traces` when set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().trim().min(1).default('paygraph'),
  /** GraphQL operations one API key may run per RATE_LIMIT_WINDOW_SECONDS (0: no limit). */
  RATE_LIMIT_PER_KEY: z.coerce.number().int().min(0).max(1_000_000).default(600),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Upstream calls one HTTP request (all operations of a batch together) may make. */
  MAX_UPSTREAM_CALLS_PER_REQUEST: z.coerce.number().int().min(1).max(100_000).default(100),

  // Persisted operations.
  /** Run only the operations of the manifest (by hash, or as their exact text); anything else is PERSISTED_QUERY_NOT_ALLOWED. */
  PERSISTED_OPERATIONS_ONLY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** The client-preset manifest (`{ "sha256:<hex>": document }`); the examples' `examples/gql/persisted-documents.json` when unset. */
  PERSISTED_OPERATIONS_MANIFEST: optionalText,
});

export type Env = z.infer<typeof EnvSchema>;
/** Every variable the gateway reads (scripts/check-deploy.ts checks deployment files against it). */
export const ENV_KEYS: readonly string[] = Object.keys(EnvSchema.shape);

export type IcountConfig =
  | { emulated: true }
  | { emulated: false; url: string; mode: 'session' | 'credentials'; cid: string; user: string; pass: string }
  | { emulated: false; url: string; mode: 'token'; token: string; cid?: string; refreshToken?: string; expiresAt?: number };

export type FreshbooksConfig = { emulated: true } | { emulated: false; url: string; token: string };

export interface GatewayConfig {
  env: Env;
  /** The gateway's API keys; in demo mode `paygraph-demo-key` (every scope) is added. */
  apiKeys: { key: string; scopes: Scope[] }[];
  icount: IcountConfig;
  freshbooks: FreshbooksConfig;
  /** Both upstreams emulated in-process: demo data, demo key. */
  demo: boolean;
  /** Where the ledger lives. */
  ledger: LedgerLocation;
}

/** A start-up failure that is not the configuration's shape (a port in use): printed as one line. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/**
 * Loads `.env` from the working directory when there is one (Node's own parser). Variables already
 * in the environment win. Answers the file's path, or null when there is none.
 */
export function loadDotEnv(path = '.env'): string | null {
  if (!existsSync(path)) return null;
  process.loadEnvFile(path);
  return resolve(path);
}

/** Variables whose values are secrets: logged as `[REDACTED]` (or, for URLs, without their password). */
const SECRET_VARIABLES = new Set(['ICOUNT_PASS', 'ICOUNT_TOKEN', 'ICOUNT_REFRESH_TOKEN', 'FRESHBOOKS_TOKEN', 'WEBHOOK_SECRET']);
const URL_VARIABLES = new Set(['DATABASE_URL', 'REDIS_URL', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'ICOUNT_URL', 'FRESHBOOKS_URL']);

/**
 * The effective configuration (defaults applied) as it is logged once at start: secrets
 * redacted, URLs without credentials, API keys as their count and scopes.
 */
export function effectiveConfig(config: GatewayConfig): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config.env)) {
    if (value === undefined) continue;
    if (SECRET_VARIABLES.has(name)) shown[name] = '[REDACTED]';
    else if (name === 'API_KEYS') shown[name] = `[REDACTED: ${config.apiKeys.length} key(s)]`;
    else if (URL_VARIABLES.has(name) && typeof value === 'string') shown[name] = withoutCredentials(value);
    else if (name === 'WEBHOOK_URLS' && Array.isArray(value)) shown[name] = value.map((url) => withoutCredentials(String(url)));
    else shown[name] = value;
  }
  return {
    mode: config.demo ? 'demo' : 'live',
    icount: config.icount.emulated ? 'emulated' : config.icount.mode,
    freshbooks: config.freshbooks.emulated ? 'emulated' : 'configured',
    ledger: config.ledger.kind,
    apiKeys: config.apiKeys.map((k) => k.scopes.join('+')),
    env: shown,
  };
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '[REDACTED]';
    parsed.searchParams.forEach((_v, key) => {
      if (/pass|secret|token|key/i.test(key)) parsed.searchParams.set(key, '[REDACTED]');
    });
    return parsed.toString();
  } catch {
    return '[REDACTED]';
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const env = parsed.data;
  const icount = icountConfig(env);
  const freshbooks = freshbooksConfig(env);
  const demo = icount.emulated && freshbooks.emulated;
  const problems = failClosed(env, icount, freshbooks);
  if (problems.length) throw new ConfigError(problems);
  return { env, icount, freshbooks, demo, apiKeys: apiKeysConfig(env, demo), ledger: ledgerLocation(env, demo) };
}

/**
 * Production never runs half-emulated: with NODE_ENV=production or any upstream configured, both
 * must be (an emulated iCount would let fake charges record real payments). And every setting a
 * money write relies on must hold together.
 */
function failClosed(env: Env, icount: IcountConfig, freshbooks: FreshbooksConfig): string[] {
  const problems: string[] = [];
  const real = !icount.emulated || !freshbooks.emulated || env.NODE_ENV === 'production';
  if (real && icount.emulated) problems.push('ICOUNT_CID, ICOUNT_USER and ICOUNT_PASS (or ICOUNT_TOKEN): required when FreshBooks is real or NODE_ENV=production (no silent emulator)');
  if (real && freshbooks.emulated) problems.push('FRESHBOOKS_URL and FRESHBOOKS_TOKEN: required when iCount is real or NODE_ENV=production (no silent emulator)');
  if (env.REDIS_URL && !env.DATABASE_URL) {
    problems.push('REDIS_URL: Redis no longer holds shared state; replicas share the payments ledger through DATABASE_URL (postgres://…). Unset REDIS_URL, and set DATABASE_URL when running replicas.');
  }
  const longestWrite = Math.max(env.ICOUNT_TIMEOUT_MS, env.FRESHBOOKS_TIMEOUT_MS);
  if (env.SHUTDOWN_GRACE_MS < longestWrite) {
    problems.push(`SHUTDOWN_GRACE_MS: ${env.SHUTDOWN_GRACE_MS} is shorter than the longest write timeout (${longestWrite} ms); a shutdown would cut money writes' answers`);
  }
  return problems;
}

/** PostgreSQL when DATABASE_URL is set; an SQLite file in DATA_DIR for a real gateway; memory in demo mode unless DATA_DIR is set. */
function ledgerLocation(env: Env, demo: boolean): LedgerLocation {
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL };
  if (demo && !env.DATA_DIR) return { kind: 'memory' };
  return { kind: 'sqlite', dataDir: env.DATA_DIR ?? './data' };
}

/** ICOUNT_TOKEN_EXPIRES_AT as epoch ms: an ISO date-time or epoch seconds; null when unreadable. */
export function tokenExpiry(value: string): number | null {
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

function icountConfig(env: Env): IcountConfig {
  const { ICOUNT_CID: cid, ICOUNT_USER: user, ICOUNT_PASS: pass, ICOUNT_TOKEN: token } = env;
  if (!cid && !user && !pass && !token) return { emulated: true };
  const mode = env.ICOUNT_AUTH_MODE ?? (token ? 'token' : 'session');
  if (mode === 'token') {
    if (!token) throw new ConfigError(['ICOUNT_TOKEN: required when ICOUNT_AUTH_MODE=token']);
    const expiresAt = env.ICOUNT_TOKEN_EXPIRES_AT ? tokenExpiry(env.ICOUNT_TOKEN_EXPIRES_AT) : null;
    return {
      emulated: false, url: env.ICOUNT_URL, mode, token, ...(cid ? { cid } : {}),
      ...(env.ICOUNT_REFRESH_TOKEN ? { refreshToken: env.ICOUNT_REFRESH_TOKEN } : {}),
      ...(expiresAt !== null ? { expiresAt } : {}),
    };
  }
  const missing = (['ICOUNT_CID', 'ICOUNT_USER', 'ICOUNT_PASS'] as const).filter((k) => !env[k]);
  if (missing.length) throw new ConfigError(missing.map((k) => `${k}: required with ICOUNT_AUTH_MODE=${mode} (or set ICOUNT_TOKEN)`));
  return { emulated: false, url: env.ICOUNT_URL, mode, cid: cid!, user: user!, pass: pass! };
}

function freshbooksConfig(env: Env): FreshbooksConfig {
  const { FRESHBOOKS_URL: url, FRESHBOOKS_TOKEN: token } = env;
  if (!url && !token) return { emulated: true };
  if (!url || !token) {
    throw new ConfigError([url ? 'FRESHBOOKS_TOKEN: required with FRESHBOOKS_URL' : 'FRESHBOOKS_URL: required with FRESHBOOKS_TOKEN (https://<account>.freshbooks.com/api/2.1/xml-in)']);
  }
  return { emulated: false, url, token };
}

function apiKeysConfig(env: Env, demo: boolean): { key: string; scopes: Scope[] }[] {
  let keys: { key: string; scopes: Scope[] }[] = [];
  try {
    keys = env.API_KEYS ? parseApiKeys(env.API_KEYS) : [];
  } catch (err) {
    throw new ConfigError([(err as Error).message]);
  }
  // Nobody without a key moves money: with a real upstream, keys are required.
  if (!demo && keys.length === 0) throw new ConfigError(['API_KEYS: required when an upstream is real, e.g. API_KEYS="<32 random chars>:read+write+charge"']);
  return demo ? [...keys, { key: DEMO_API_KEY, scopes: [...SCOPES] }] : keys;
}

/**
 * Requests per minute of each upstream account when ICOUNT_RATE_LIMIT / FRESHBOOKS_RATE_LIMIT are
 * unset. iCount: 30, as reported by integrators (docs/upstreams/icount.md, evidence I9).
 * FreshBooks Classic documents no limit: 60 is a guess on the safe side.
 */
export const DEFAULT_UPSTREAM_RATE_LIMITS = { ICOUNT: 30, FRESHBOOKS: 60 } as const;

/** The effective limits: the variable when set, else the default for a real account, off (0) for an emulator. */
export function upstreamRateLimits(config: GatewayConfig): { ICOUNT: number; FRESHBOOKS: number } {
  const { env } = config;
  return {
    ICOUNT: env.ICOUNT_RATE_LIMIT ?? (config.icount.emulated ? 0 : DEFAULT_UPSTREAM_RATE_LIMITS.ICOUNT),
    FRESHBOOKS: env.FRESHBOOKS_RATE_LIMIT ?? (config.freshbooks.emulated ? 0 : DEFAULT_UPSTREAM_RATE_LIMITS.FRESHBOOKS),
  };
}
