/**
 * Child processes of the chaos run: the two standalone emulators and the gateways. Each is the
 * node process itself (`node --import tsx <entry>`, not an `npm`/`tsx` wrapper), so `kill -9`
 * hits the process that holds the sockets and the ledger. Every child is registered and killed
 * when the run ends, however it ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const live = new Set<ChildProcess>();
const exitHooks = new Set<() => void>();

/** A synchronous clean-up for processes started elsewhere (the PostgreSQL server); returns its removal. */
export function onExit(hook: () => void): () => void {
  exitHooks.add(hook);
  return () => exitHooks.delete(hook);
}

/** SIGKILL to every child still running (synchronous: safe in an `exit` handler). */
export function killAllChildren(): void {
  for (const hook of exitHooks) {
    try {
      hook();
    } catch {
      // best effort
    }
  }
  exitHooks.clear();
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

export interface Spawned {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with the first stdout line matching `ready` (its match), rejects on exit or after `timeoutMs`. */
  readonly ready: Promise<RegExpExecArray>;
  readonly exited: Promise<void>;
}

/** Starts `node --import tsx <entry>` in the repository, its output appended to `logFile`. */
export function spawnNode(name: string, entry: string, env: NodeJS.ProcessEnv, logFile: string, ready: RegExp, timeoutMs = 30_000): Spawned {
  const log: WriteStream = createWriteStream(logFile, { flags: 'a' });
  log.write(`\n=== ${name} started at ${new Date().toISOString()}\n`);
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      log.end(`=== ${name} exited (${signal ?? code})\n`);
      resolve();
    });
  });
  const readyPromise = new Promise<RegExpExecArray>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`${name}: not ready within ${timeoutMs} ms (log: ${logFile})`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      log.write(chunk);
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const match = ready.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match);
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => log.write(chunk));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name}: exited before it was ready (log: ${logFile})`));
    });
  });
  readyPromise.catch(() => undefined);
  return { name, child, ready: readyPromise, exited };
}

/** kill -9, then wait (bounded) until the process is gone. */
export async function kill9(spawned: Spawned): Promise<void> {
  if (spawned.child.exitCode === null && spawned.child.signalCode === null) spawned.child.kill('SIGKILL');
  await withTimeout(spawned.exited, 10_000, `${spawned.name}: still running 10 s after SIGKILL`);
}

/** SIGTERM (graceful), SIGKILL when it has not exited within `graceMs`. */
export async function stopGracefully(spawned: Spawned, graceMs: number): Promise<void> {
  if (spawned.child.exitCode !== null || spawned.child.signalCode !== null) return;
  spawned.child.kill('SIGTERM');
  const timer = setTimeout(() => spawned.child.kill('SIGKILL'), graceMs);
  await withTimeout(spawned.exited, graceMs + 10_000, `${spawned.name}: did not exit`);
  clearTimeout(timer);
}

export function isRunning(spawned: Spawned): boolean {
  return spawned.child.exitCode === null && spawned.child.signalCode === null;
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Emulators

export interface Emulator {
  readonly name: 'icount' | 'freshbooks';
  /** Base URL (scheme, host, port). */
  readonly url: string;
  readonly process: Spawned;
}

const EMULATOR_ENTRIES = { icount: 'src/emulators/icount/cli.ts', freshbooks: 'src/emulators/freshbooks/cli.ts' } as const;

/** The standalone emulator (what `npm run emulator:<name>` runs) on a free port. */
export async function startEmulator(name: Emulator['name'], logFile: string): Promise<Emulator> {
  const env = { ...process.env, PORT: '0' };
  const spawned = spawnNode(`${name} emulator`, EMULATOR_ENTRIES[name], env, logFile, /listening on (https?:\/\/[^/\s]+)/);
  const match = await spawned.ready;
  return { name, url: match[1]!, process: spawned };
}

/** A control-API call (`/__emulator/<route>`), bounded. */
export async function control(emulator: Emulator, method: 'GET' | 'POST' | 'DELETE', route: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${emulator.url}/__emulator/${route}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`${emulator.name} ${method} ${route}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

// ---------------------------------------------------------------------------------------------
// Gateways

export interface GatewayHandle {
  readonly name: string;
  /** The GraphQL endpoint of the running process; null while down. */
  url: string | null;
  process: Spawned | null;
  /** Starts (or restarts) the process and waits until it logs its URL. */
  start(): Promise<void>;
  kill9(): Promise<void>;
  stop(graceMs: number): Promise<void>;
  /** How often it was killed. */
  kills: number;
  /** Exits nobody asked for (a crash): when, and how. */
  crashes: string[];
}

/** A gateway process (`src/index.ts`, what `npm start` runs) with this environment; PORT=0, its URL read from its log. */
export function gateway(name: string, env: NodeJS.ProcessEnv, logFile: string): GatewayHandle {
  /** Whether the current process's exit was asked for (kill9, stop). */
  let expected = false;
  const handle: GatewayHandle = {
    name,
    url: null,
    process: null,
    kills: 0,
    crashes: [],
    async start() {
      const spawned = spawnNode(name, 'src/index.ts', env, logFile, /"url":"(http[^"]+)".*"msg":"paygraph is running"/);
      handle.process = spawned;
      expected = false;
      const match = await spawned.ready;
      handle.url = match[1]!;
      void spawned.exited.then(() => {
        if (handle.process !== spawned) return;
        handle.url = null;
        if (!expected) handle.crashes.push(`${name} exited by itself (${spawned.child.signalCode ?? spawned.child.exitCode}) at ${new Date().toISOString()}; see ${logFile}`);
      });
    },
    async kill9() {
      if (!handle.process) return;
      expected = true;
      handle.url = null;
      handle.kills += 1;
      await kill9(handle.process);
    },
    async stop(graceMs: number) {
      if (!handle.process) return;
      expected = true;
      handle.url = null;
      await stopGracefully(handle.process, graceMs);
    },
  };
  return handle;
}
