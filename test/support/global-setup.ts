/**
 * Jest globalSetup: starts ONE real PostgreSQL server for the whole run (the ledger's shared
 * database) and hands its URL to the test workers through PAYGRAPH_TEST_DATABASE_URL (workers are
 * forked from this process after this function returns, so they inherit the variable).
 *
 * Jest loads this file through its CommonJS require hook, outside the test module system:
 * `moduleNameMapper` does not apply here, so import only Node built-ins (and types); sibling
 * modules are loaded with loadSibling below.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RunningPostgres } from './postgres-server.js';

/** Same name as in test/support/postgres.ts. */
const DATABASE_URL_ENV = 'PAYGRAPH_TEST_DATABASE_URL';

declare global {
  // eslint-disable-next-line no-var
  var __paygraphTestPostgres: RunningPostgres | undefined;
}

export default async function globalSetup(_globalConfig: unknown, projectConfig: { rootDir: string }): Promise<void> {
  const { rootDir } = projectConfig;
  try {
    await startTestPostgres(rootDir);
  } catch (error) {
    // Jest runs no globalTeardown after a failed globalSetup: stop the server if it did start.
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
