/**
 * Jest globalTeardown: stops the redis-server and the PostgreSQL server started by
 * global-setup.ts. Node built-ins only (see there).
 */
import { rmSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';

const URL_ENV = 'PAYGRAPH_TEST_REDIS_URL';
const DATABASE_URL_ENV = 'PAYGRAPH_TEST_DATABASE_URL';
const STOP_TIMEOUT_MS = 5000;

export default async function globalTeardown(): Promise<void> {
  await Promise.all([stopTestRedis(), stopTestPostgres()]);
}

async function stopTestPostgres(): Promise<void> {
  const running = globalThis.__paygraphTestPostgres;
  if (!running) return;
  globalThis.__paygraphTestPostgres = undefined;
  delete process.env[DATABASE_URL_ENV]; // as for Redis below
  await running.remove(); // stops it and deletes its temp dir
}

async function stopTestRedis(): Promise<void> {
  const running = globalThis.__paygraphTestRedis;
  if (!running) return;
  globalThis.__paygraphTestRedis = undefined;
  // In watch mode setup runs again; it must not find a URL of the server stopped here.
  delete process.env[URL_ENV];
  await stop(running.child);
  rmSync(running.dir, { recursive: true, force: true });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM'); // redis-server shuts down cleanly on TERM (nothing to save: --save '')
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
