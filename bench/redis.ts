/** A throwaway redis-server for the Redis variant of chargeCard (and the soak), when one can be started. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
}

const onPath = () => spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status === 0;

/** Starts redis-server on a free port (installing it with scripts/ensure-redis.sh if missing), or says why not. */
export async function startRedis(rootDir: string): Promise<RunningRedis | { note: string }> {
  if (!onPath()) {
    const script = path.join(rootDir, 'scripts', 'ensure-redis.sh');
    const installed = spawnSync('bash', [script], { stdio: 'inherit' });
    if (installed.status !== 0 || !onPath()) return { note: 'redis-server is not installed and scripts/ensure-redis.sh could not install it' };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'paygraph-bench-redis-'));
  let last = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: 'ignore',
    });
    if (await ready(port, child)) {
      return {
        url: `redis://127.0.0.1:${port}`,
        stop: async () => {
          if (child.exitCode === null) {
            const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
            child.kill('SIGTERM');
            await exited;
          }
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    child.kill('SIGKILL');
    last = `redis-server did not answer PING on port ${port}`;
  }
  rmSync(dir, { recursive: true, force: true });
  return { note: last };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function ready(port: number, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && child.exitCode === null) {
    const pong = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => socket.write('PING\r\n'));
      socket.setTimeout(500, () => (socket.destroy(), resolve(false)));
      socket.once('data', (d) => (socket.destroy(), resolve(d.toString().startsWith('+PONG'))));
      socket.once('error', () => resolve(false));
    });
    if (pong) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
