import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_API_KEY } from '../src/auth.js';

/**
 * `npm start` as a supervisor runs it: npm runs the prestart build (src/ → dist/), then the compiled
 * gateway with `node` (the script `exec`s it, so npm's child is the gateway and not a shell). SIGTERM
 * sent to the npm process reaches the gateway, which drains and exits 0, and npm exits 0 with it.
 */
describe('npm start', () => {
  it('builds, serves the compiled gateway, and stops on SIGTERM sent to npm (exit 0, port closed)', async () => {
    const npm = spawn('npm', ['start'], {
      cwd: process.cwd(),
      // Nothing configured (demo mode) on a free port; not NODE_ENV=test.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    npm.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
    npm.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    const exited = once(npm, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      const deadline = Date.now() + 150_000;
      while (!/paygraph is running/.test(stdout) && npm.exitCode === null && Date.now() < deadline) await sleep(50);
      const url = stdout.match(/DEMO MODE at (http:\/\/\S+\/graphql)/)?.[1];
      if (!url) throw new Error(`npm start did not start the gateway:\n${stdout}\n${stderr}`);
      // The build ran first, and what runs is dist/ under node, not tsx.
      expect(stdout).toContain('build: src/ compiled to dist/');
      expect(stdout).toContain('node --enable-source-maps dist/index.js');

      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_API_KEY}` },
        body: JSON.stringify({ query: '{ currencies { code } }' }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ data: { currencies: expect.arrayContaining([{ code: 'ILS' }]) } });

      npm.kill('SIGTERM');
      const [code, signal] = await exited;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(stdout + stderr).toContain('SIGTERM received, shutting down gracefully');
      expect(stdout).toMatch(/"msg":"Shut down"/);
      // Nothing listens on the port any more: the gateway process ended with npm.
      const after = await fetch(new URL('/healthz', url)).then(
        () => 'answered',
        () => 'refused',
      );
      expect(after).toBe('refused');
    } finally {
      if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
    }
  }, 200_000);
});
