/**
 * The bench runs every party in its own process (load generator, emulators, gateway, baseline),
 * so a process's CPU time and RSS are its own. Children answer the driver's commands over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import dc from 'node:diagnostics_channel';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ProcStats {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  /** C++ objects bound to JS, Buffers included. */
  external: number;
  /** process.cpuUsage(): user + system, microseconds. */
  cpuMicros: number;
  /** TCP connections this process has opened (to upstreams and PostgreSQL) since it started. */
  clientSockets: number;
  /** TCP connections this process has accepted since it started. */
  serverSockets: number;
}

type Handler = (args: Record<string, unknown>) => unknown | Promise<unknown>;

let clientSockets = 0;
let serverSockets = 0;
dc.subscribe('net.client.socket', () => void clientSockets++);
dc.subscribe('net.server.socket', () => void serverSockets++);

export function procStats(): ProcStats {
  const { rss, heapTotal, heapUsed, external } = process.memoryUsage();
  const cpu = process.cpuUsage();
  return { rss, heapTotal, heapUsed, external, cpuMicros: cpu.user + cpu.system, clientSockets, serverSockets };
}

/** In a child: answer `{ id, cmd, args }` messages; `stats` and `gc` are built in. */
export function serveCommands(handlers: Record<string, Handler>, ready: Record<string, unknown>): void {
  const all: Record<string, Handler> = {
    stats: () => procStats(),
    gc: () => {
      (globalThis as { gc?: () => void }).gc?.();
      return procStats();
    },
    exit: () => setTimeout(() => process.exit(0), 10),
    ...handlers,
  };
  process.on('message', (message: { id: number; cmd: string; args?: Record<string, unknown> }) => {
    void (async () => {
      try {
        const handler = all[message.cmd];
        if (!handler) throw new Error(`unknown command ${message.cmd}`);
        process.send!({ id: message.id, result: await handler(message.args ?? {}) });
      } catch (err) {
        process.send!({ id: message.id, error: err instanceof Error ? err.message : String(err) });
      }
    })();
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ ready });
}

/** How to start a child: a bench/ script under tsx (the default), or compiled JavaScript. */
export interface ChildOptions {
  /** Run the script with tsx (bench/*.ts); false: plain node (compiled JavaScript). */
  tsx?: boolean;
  /** node flags before the process's own (e.g. `--enable-source-maps`, `--import <probe>`). */
  execArgv?: string[];
  cwd?: string;
  /** The whole environment instead of the driver's plus `env`. */
  replaceEnv?: boolean;
  /** Where the child's stdout goes (a gateway at LOG_LEVEL=info writes a line per operation). */
  stdout?: 'inherit' | 'ignore';
}

/** A child process answering commands: a bench/ script started with tsx, or compiled JavaScript (`tsx: false`). */
export class Child {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>;
  private constructor(
    readonly name: string,
    private readonly proc: ChildProcess,
    readonly ready: Record<string, unknown>,
  ) {
    this.exited = proc.exitCode !== null ? Promise.resolve(proc.exitCode) : new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.on('message', (m: { id?: number; result?: unknown; error?: string }) => {
      if (m.id === undefined) return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error) p.reject(new Error(`${name}: ${m.error}`));
      else p.resolve(m.result);
    });
  }

  /** `script` is relative to bench/. */
  static async start(name: string, script: string, env: Record<string, string> = {}, options: ChildOptions = {}): Promise<Child> {
    const { tsx = true, execArgv = [], cwd, replaceEnv = false, stdout = 'inherit' } = options;
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), script);
    const proc = fork(file, [], {
      // BENCH_CPU_PROF=<dir>: V8 CPU profiles of the children, for finding where the time goes.
      // BENCH_NODE_ARGS: extra node flags for the children (e.g. --max-semi-space-size=4).
      execArgv: [
        ...(tsx ? ['--import', 'tsx'] : []), '--expose-gc', ...execArgv,
        ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : []),
        ...(process.env.BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []),
      ],
      cwd,
      env: replaceEnv ? env : { ...process.env, ...env },
      stdio: ['ignore', stdout, 'inherit', 'ipc'],
    });
    const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${name} exited with code ${code} before it was ready`));
      proc.once('exit', onExit);
      proc.on('message', (m: { ready?: Record<string, unknown> }) => {
        if (!m.ready) return;
        proc.off('exit', onExit);
        resolve(m.ready);
      });
    });
    return new Child(name, proc, ready);
  }

  call<T = unknown>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.proc.send({ id, cmd, args });
    });
  }

  stats(): Promise<ProcStats> {
    return this.call<ProcStats>('stats');
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.kill('SIGTERM');
    await exited;
  }
}
