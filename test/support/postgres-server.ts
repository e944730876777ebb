/**
 * Starts a real PostgreSQL server of its own: initdb into a temp dir, then postgres on 127.0.0.1
 * with trust auth, on a free port. jest's globalSetup starts one per run; a test or the chaos
 * script starts its own when it crashes or restarts the server.
 *
 * globalSetup loads this file through jest's CommonJS require hook (see the top of
 * global-setup.ts): import only Node built-ins (and types) here.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  accessSync,
  chownSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const SUPERUSER = 'postgres';
const START_ATTEMPTS = 3;
/** Generous: after kill() the server replays its WAL before it accepts connections. */
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const DEBIAN_ROOT = '/usr/lib/postgresql';

export interface StartPostgresOptions {
  /** Data directory; initdb runs unless it already holds a cluster. Default: inside the temp dir. */
  dataDir?: string;
  /** A fixed port, not retried when taken. Default: a free port. */
  port?: number;
  /** Directory of initdb and postgres. Default: findPostgresBinDir(). */
  binDir?: string;
}

export interface RunningPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres (superuser, trust auth). */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Temp dir with the socket, the server log and (by default) the data dir; remove() deletes it. */
  readonly workDir: string;
  /** The server's output across restarts, for a failing test to look at. */
  readonly logFile: string;
  /** Fast shutdown: open transactions roll back, a checkpoint is written. No-op when not running. */
  stop(): Promise<void>;
  /** SIGKILL to the postmaster and all its processes at once: a crash. No-op when not running. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data dir (crash recovery after kill(); stops it first if running). */
  restart(): Promise<void>;
  /** Shuts it down at once (no checkpoint) and deletes workDir. */
  remove(): Promise<void>;
}

/** How initdb and postgres are run: from binDir, as the postgres user when we are root. */
interface Launch {
  binDir: string;
  /** Command prefix that drops root (empty when not root). */
  asServerUser: string[];
  owner?: { uid: number; gid: number };
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<RunningPostgres> {
  const binDir = options.binDir ?? findPostgresBinDir();
  if (!binDir) {
    throw new Error('PostgreSQL (initdb, postgres) is not installed: run scripts/ensure-postgres.sh.');
  }
  const launch = launchAs(binDir);
  const workDir = mkdtempSync(path.join(tmpdir(), 'paygraph-postgres-'));
  try {
    if (launch.owner) chownSync(workDir, launch.owner.uid, launch.owner.gid);
    const dataDir = options.dataDir ?? path.join(workDir, 'data');
    await initCluster(launch, dataDir, workDir);
    const server = new PostgresServer(launch, workDir, dataDir);
    await server.startOnFreePort(options.port);
    return server;
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The directory holding initdb and postgres: Debian's newest /usr/lib/postgresql/<version>/bin
 * (the server is not on PATH there), else PATH, else pg_config. Same order as ensure-postgres.sh.
 */
export function findPostgresBinDir(): string | undefined {
  return debianBinDirs().find(hasServer) ?? pathBinDir() ?? pgConfigBinDir();
}

function debianBinDirs(): string[] {
  let versions: string[];
  try {
    versions = readdirSync(DEBIAN_ROOT);
  } catch {
    return [];
  }
  return versions.sort(compareVersionsDescending).map((version) => path.join(DEBIAN_ROOT, version, 'bin'));
}

function compareVersionsDescending(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pb[i] ?? 0) - (pa[i] ?? 0);
    if (diff !== 0 && !Number.isNaN(diff)) return diff;
  }
  return 0;
}

function pathBinDir(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const initdb = path.join(dir, 'initdb');
    if (!dir || !isExecutable(initdb)) continue;
    // A symlink on PATH (/usr/local/bin/initdb) may point into the real bin dir.
    const found = [dir, path.dirname(realpathSync(initdb))].find(hasServer);
    if (found) return found;
  }
  return undefined;
}

function pgConfigBinDir(): string | undefined {
  const result = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const dir = result.status === 0 ? result.stdout.trim() : '';
  return dir && hasServer(dir) ? dir : undefined;
}

function hasServer(dir: string): boolean {
  return isExecutable(path.join(dir, 'initdb')) && isExecutable(path.join(dir, 'postgres'));
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** PostgreSQL refuses to run as root: as root, run it as the postgres system user. */
function launchAs(binDir: string): Launch {
  if (process.getuid?.() !== 0) return { binDir, asServerUser: [] };
  const owner = ensureServerUser();
  // setpriv execs in place (runuser forks and waits): the pid we hold is the postmaster's.
  const asServerUser = ['setpriv', `--reuid=${owner.uid}`, `--regid=${owner.gid}`, '--clear-groups', '--'];
  return { binDir, asServerUser, owner };
}

function ensureServerUser(): { uid: number; gid: number } {
  if (idOf('-u') === undefined) {
    // Debian's package creates it; a machine with PostgreSQL from elsewhere may not have it.
    const args = ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent'];
    const created = spawnSync('useradd', [...args, '--shell', '/usr/sbin/nologin', SUPERUSER], { encoding: 'utf8' });
    if (created.status !== 0) {
      throw new Error(`could not create the ${SUPERUSER} user to run PostgreSQL as: ${created.stderr || created.error}`);
    }
  }
  const uid = idOf('-u');
  const gid = idOf('-g');
  if (uid === undefined || gid === undefined) throw new Error(`no ${SUPERUSER} user to run PostgreSQL as`);
  return { uid, gid };
}

function idOf(flag: '-u' | '-g'): number | undefined {
  const result = spawnSync('id', [flag, SUPERUSER], { encoding: 'utf8' });
  return result.status === 0 ? Number(result.stdout.trim()) : undefined;
}

function command(launch: Launch, program: 'initdb' | 'postgres', args: string[]): [string, string[]] {
  const [first, ...rest] = [...launch.asServerUser, path.join(launch.binDir, program), ...args];
  return [first!, rest];
}

/** initdb unless `dataDir` already holds a cluster; then trust on the loopback address only. */
async function initCluster(launch: Launch, dataDir: string, workDir: string): Promise<void> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  // Made here, not by initdb: as root, the server user may not be allowed to write its parent.
  mkdirSync(dataDir, { recursive: true });
  if (launch.owner) chownSync(dataDir, launch.owner.uid, launch.owner.gid);
  // --no-sync: a crash test kills the server, not the machine; the page cache keeps these files.
  const args = ['-D', dataDir, `--username=${SUPERUSER}`, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'];
  const [file, fileArgs] = command(launch, 'initdb', args);
  const output = await run(file, fileArgs, workDir);
  if (output.code !== 0) throw new Error(`initdb failed (${output.code}): ${output.text.trim().slice(-2000)}`);
  const hba = path.join(dataDir, 'pg_hba.conf');
  writeFileSync(hba, 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  if (launch.owner) chownSync(hba, launch.owner.uid, launch.owner.gid);
}

function run(file: string, args: string[], cwd: string): Promise<{ code: number | null; text: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const collect = (chunk: Buffer) => {
      text += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', (error) => resolve({ code: null, text: String(error) }));
    child.once('close', (code) => resolve({ code, text }));
  });
}

class PostgresServer implements RunningPostgres {
  readonly logFile: string;
  private child: ChildProcess | undefined;
  private currentPort = 0;

  constructor(
    private readonly launch: Launch,
    readonly workDir: string,
    readonly dataDir: string,
  ) {
    this.logFile = path.join(workDir, 'postgres.log');
  }

  get port(): number {
    return this.currentPort;
  }

  get url(): string {
    return `postgres://${SUPERUSER}@127.0.0.1:${this.currentPort}/postgres`;
  }

  /** A free port can be taken between probing and postgres binding it: retry on a new one. */
  async startOnFreePort(fixedPort: number | undefined): Promise<void> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= (fixedPort ? 1 : START_ATTEMPTS); attempt++) {
      this.currentPort = fixedPort ?? (await freePort());
      try {
        this.child = await this.spawnServer();
        return;
      } catch (error) {
        lastError = error;
      }
    }
    throw new Error(`could not start PostgreSQL: ${String(lastError)}`);
  }

  async restart(): Promise<void> {
    await this.stop();
    this.child = await this.spawnServer();
  }

  async stop(): Promise<void> {
    await this.shutdown('SIGINT'); // fast shutdown
  }

  async kill(): Promise<void> {
    const child = this.running();
    if (!child) return;
    const exited = exitOf(child);
    const pids = killAll(child.pid!);
    await exited;
    await waitGone(pids);
  }

  async remove(): Promise<void> {
    // Immediate shutdown: no checkpoint for data about to be deleted, and the postmaster still
    // reaps its children (unlike kill()).
    await this.shutdown('SIGQUIT');
    rmSync(this.workDir, { recursive: true, force: true });
  }

  private async shutdown(signal: 'SIGINT' | 'SIGQUIT'): Promise<void> {
    const child = this.running();
    if (!child) return;
    const exited = exitOf(child);
    child.kill(signal);
    const timer = setTimeout(() => killAll(child.pid!), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  private running(): ChildProcess | undefined {
    const child = this.child;
    return child && child.exitCode === null && child.signalCode === null ? child : undefined;
  }

  private async spawnServer(): Promise<ChildProcess> {
    const args = ['-D', this.dataDir, '-p', String(this.currentPort)];
    // The socket lives in workDir: Debian's default socket directory may not exist or be writable.
    args.push('-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${this.workDir}`);
    args.push('-c', 'max_connections=200');
    const [file, fileArgs] = command(this.launch, 'postgres', args);
    const logStart = existsSync(this.logFile) ? statSync(this.logFile).size : 0;
    const log = openSync(this.logFile, 'a');
    const child = spawn(file, fileArgs, { cwd: this.workDir, stdio: ['ignore', log, log] });
    closeSync(log);
    const exited = new Promise<never>((_, reject) => {
      child.once('error', (error) => reject(error));
      child.once('exit', (code, signal) => {
        reject(new Error(`postgres exited (${signal ?? code}): ${readFrom(this.logFile, logStart).trim()}`));
      });
    });
    exited.catch(() => {}); // only observed while waiting below
    try {
      await Promise.race([waitUntilAccepting(this.currentPort), exited]);
    } catch (error) {
      if (child.pid !== undefined && child.exitCode === null) {
        killAll(child.pid);
        await exitOf(child);
      }
      throw error;
    }
    return child;
  }
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * SIGKILL to the postmaster and its children together, like a machine going down. The postmaster
 * is stopped first so that it cannot fork while its children are listed. Returns the pids killed.
 */
function killAll(postmaster: number): number[] {
  signal(postmaster, 'SIGSTOP');
  const pids = [...childrenOf(postmaster), postmaster];
  for (const pid of pids) signal(pid, 'SIGKILL');
  return pids;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Children by their parent pid in /proc (Linux; elsewhere none are found and they exit on their own). */
function childrenOf(parent: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries.filter((entry) => /^\d+$/.test(entry) && procStat(Number(entry))?.ppid === parent).map(Number);
}

function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: state ?? '', ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/** Until the killed children are dead: a zombie has already let go of the shared memory. */
async function waitGone(pids: number[]): Promise<void> {
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (pids.every((pid) => (procStat(pid)?.state ?? 'Z') === 'Z')) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function readFrom(file: string, offset: number): string {
  try {
    const fd = openSync(file, 'r');
    try {
      const length = Math.min(Math.max(statSync(file).size - offset, 0), 4000);
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, offset);
      return buffer.toString();
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
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

/** Polls with a raw startup message (no client library here) until the server lets a client in. */
async function waitUntilAccepting(port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const answer = await startupAnswer(port);
    if (answer === 'accepted') return;
    last = answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`PostgreSQL on port ${port} did not accept a connection within ${READY_TIMEOUT_MS} ms: ${last}`);
}

/**
 * 'accepted' once the server answers a startup message with an authentication message; while it
 * starts up or recovers it answers with an error (the message is returned), before that not at all.
 */
function startupAnswer(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    const done = (answer: string) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done('timed out'));
    socket.once('error', (error) => done(String(error)));
    socket.once('connect', () => socket.write(startupMessage()));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 5 || received.length < 1 + received.readInt32BE(1)) return;
      const type = String.fromCharCode(received[0]!);
      if (type !== 'R') return done(errorText(received) || `unexpected message ${type}`);
      socket.end(terminateMessage());
      resolve('accepted');
    });
  });
}

function startupMessage(): Buffer {
  const params = Buffer.from(`user\0${SUPERUSER}\0database\0postgres\0\0`);
  const header = Buffer.alloc(8);
  header.writeInt32BE(8 + params.length, 0);
  header.writeInt32BE(196608, 4); // protocol 3.0
  return Buffer.concat([header, params]);
}

function terminateMessage(): Buffer {
  const message = Buffer.alloc(5);
  message.write('X', 0);
  message.writeInt32BE(4, 1);
  return message;
}

/** The 'M' (message) field of an ErrorResponse. */
function errorText(message: Buffer): string {
  const fields = message.subarray(5, 1 + message.readInt32BE(1)).toString().split('\0');
  return fields.find((field) => field.startsWith('M'))?.slice(1) ?? '';
}
