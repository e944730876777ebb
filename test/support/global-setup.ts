/**
 * Jest globalSetup: starts ONE real redis-server and ONE real PostgreSQL server for the whole run
 * and hands their URLs to the test workers through PAYGRAPH_TEST_REDIS_URL and
 * PAYGRAPH_TEST_DATABASE_URL (workers are forked from this process after this function returns,
 * so they inherit the variables).
 *
 * Jest loads this file through its CommonJS require hook, outside the test module system:
 * `moduleNameMapper` does not apply here, so import only Node built-ins (and types); sibling
 * modules are loaded with loadSibling below.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningPostgres } from './postgres-server.js';

/** Same name as in test/support/redis.ts (not imported: see above). */
const URL_ENV = 'PAYGRAPH_TEST_REDIS_URL';
/** Same name as in test/support/postgres.ts. */
const DATABASE_URL_ENV = 'PAYGRAPH_TEST_DATABASE_URL';
const READY_TIMEOUT_MS = 10_000;
const START_ATTEMPTS = 3;

/** What globalTeardown needs; globals set here are visible there (same process). */
export interface RunningTestRedis {
  child: ChildProcess;
  dir: string;
}

declare global {
  // eslint-disable-next-line no-var
  var __paygraphTestRedis: RunningTestRedis | undefined;
  // eslint-disable-next-line no-var
  var __paygraphTestPostgres: RunningPostgres | undefined;
}

export default async function globalSetup(_globalConfig: unknown, projectConfig: { rootDir: string }): Promise<void> {
  const { rootDir } = projectConfig;
  try {
    await startTestRedis(rootDir);
    await startTestPostgres(rootDir);
  } catch (error) {
    // Jest runs no globalTeardown after a failed globalSetup: stop whichever server did start.
    await loadSibling<typeof import('./global-teardown.js')>(rootDir, 'global-teardown.ts').default();
    throw error;
  }
}

/**
 * Requires a sibling .ts module through the hook jest keeps active while globalSetup runs: a
 * static `import './x.js'` would look for a .js file that does not exist (see the top).
 */
function loadSibling<T>(rootDir: string, file: string): T {
  const require = createRequire(path.join(rootDir, 'package.json'));
  return require(path.join(rootDir, 'test', 'support', file)) as T;
}

async function startTestPostgres(rootDir: string): Promise<void> {
  const launcher = loadSibling<typeof import('./postgres-server.js')>(rootDir, 'postgres-server.ts');
  const binDir = launcher.findPostgresBinDir() ?? installPostgres(rootDir);
  const server = await launcher.startPostgres({ binDir });
  globalThis.__paygraphTestPostgres = server;
  process.env[DATABASE_URL_ENV] = server.url;
}

/** Runs scripts/ensure-postgres.sh, which installs Debian's package and prints the bin dir. */
function installPostgres(rootDir: string): string {
  const script = path.join(rootDir, 'scripts', 'ensure-postgres.sh');
  const result = spawnSync('bash', [script], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const binDir = result.status === 0 ? result.stdout.trim() : '';
  if (!binDir) {
    throw new Error(
      `globalSetup: PostgreSQL is not installed and ${script} could not install it. ` +
        'The ledger tests need a real server: install postgresql and re-run.',
    );
  }
  return binDir;
}

async function startTestRedis(rootDir: string): Promise<void> {
  ensureInstalled(rootDir);
  // Nothing is persisted, but redis-server still wants a working directory of its own.
  const dir = mkdtempSync(path.join(tmpdir(), 'paygraph-redis-'));
  let lastError: unknown;
  // A free port can be taken between probing and redis-server binding it: retry on a new one.
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const port = await freePort();
    try {
      const child = await start(port, dir);
      globalThis.__paygraphTestRedis = { child, dir };
      process.env[URL_ENV] = `redis://127.0.0.1:${port}`;
      return;
    } catch (error) {
      lastError = error;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`globalSetup: could not start redis-server for the tests: ${String(lastError)}`);
}

function ensureInstalled(rootDir: string): void {
  if (onPath()) return;
  const script = path.join(rootDir, 'scripts', 'ensure-redis.sh');
  const result = spawnSync('bash', [script], { stdio: 'inherit' });
  if (result.status !== 0 || !onPath()) {
    throw new Error(
      `globalSetup: redis-server is not installed and ${script} could not install it. ` +
        'The Redis store tests need a real server: install redis-server and re-run.',
    );
  }
}

function onPath(): boolean {
  return !spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).error;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function start(port: number, dir: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  args.push('--daemonize', 'no', '--dir', dir, '--loglevel', 'warning');
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // Kept for the error message if the server dies before answering (port taken, bad option).
  let output = '';
  const collect = (chunk: Buffer) => {
    if (output.length < 4000) output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(error));
    child.once('exit', (code, signal) => reject(new Error(`redis-server exited (${signal ?? code}): ${output.trim()}`)));
  });
  exited.catch(() => {}); // only observed while waiting below
  try {
    await Promise.race([waitForPong(port), exited]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return child;
}

/** Polls with a raw RESP PING (no client library needed here) until the server answers PONG. */
async function waitForPong(port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await pingOnce(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS} ms`);
}

function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
