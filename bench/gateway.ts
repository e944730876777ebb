/**
 * The gateway as `npm start` runs it: `npm run build` (scripts/build.mjs) compiles src/ to dist/
 * once per bench run, then each gateway process is `node --enable-source-maps dist/index.js` —
 * plain node, no tsx — with NODE_ENV=production (as the Dockerfile sets it), its configuration from
 * the environment only (bench/env.ts; the driver's own environment does not leak in) and a working
 * directory of its own (no .env, and ./data is the bench's). Its stdout, the JSON log, goes to
 * /dev/null. The only addition is bench/probe.ts, preloaded with `--import`, which answers the
 * driver's stats/gc commands over IPC.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Child } from './ipc.js';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, '..');

/** `npm run build`, then the probe (bench/tsconfig.probe.json → bench/dist/). Throws when either fails. */
export function buildGateway(): void {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const probe = spawnSync(process.execPath, [tsc, '-p', path.join(BENCH, 'tsconfig.probe.json')], { cwd: ROOT, encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`building bench/probe.ts failed:\n${probe.stdout}${probe.stderr}`);
}

/** A port nobody listens on right now (the gateway is told it in PORT, as npm start would be). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits for `GET /healthz` to answer 200; fails if the process exits first or after 60 s. */
async function healthy(child: Child, origin: string): Promise<void> {
  let exited: number | null | undefined;
  void child.exited.then((code) => (exited = code));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`${child.name} exited with code ${exited} before it listened`);
    const ok = await fetch(`${origin}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${child.name} did not answer /healthz within 60 s`);
}

/**
 * Starts one gateway process with `env` (bench/env.ts plus where the ledger lives) in `workDir`.
 * `ready.url` is its /graphql, `ready.ledger` where its ledger is. `nodeFlags` go to node after
 * those of `npm start` (`--cpu-prof`, a V8 setting to try).
 */
export async function startGateway(name: string, env: Record<string, string>, workDir: string, nodeFlags: readonly string[] = []): Promise<Child> {
  const port = await freePort();
  const child = await Child.start(
    name,
    path.relative(BENCH, path.join(ROOT, 'dist', 'index.js')),
    { ...env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', PATH: process.env.PATH ?? '' },
    {
      tsx: false,
      // What `npm start` runs (package.json), plus the probe.
      execArgv: [
        '--enable-source-maps',
        '--import', pathToFileURL(path.join(BENCH, 'dist', 'probe.js')).href,
        ...nodeFlags,
      ],
      cwd: workDir,
      replaceEnv: true,
      stdout: 'ignore',
    },
  );
  const origin = `http://127.0.0.1:${port}`;
  try {
    await healthy(child, origin);
  } catch (err) {
    await child.stop();
    throw err;
  }
  child.ready.url = `${origin}/graphql`;
  child.ready.ledger = env.DATABASE_URL ? 'postgres' : 'sqlite';
  return child;
}
