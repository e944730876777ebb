/**
 * Jest globalTeardown: stops the PostgreSQL server started by global-setup.ts. Node built-ins
 * only (see there).
 */
const DATABASE_URL_ENV = 'PAYGRAPH_TEST_DATABASE_URL';

export default async function globalTeardown(): Promise<void> {
  const running = globalThis.__paygraphTestPostgres;
  if (!running) return;
  globalThis.__paygraphTestPostgres = undefined;
  // In watch mode setup runs again; it must not find the URL of the server stopped here.
  delete process.env[DATABASE_URL_ENV];
  await running.remove(); // stops it and deletes its temp dir
}
