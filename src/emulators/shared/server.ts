import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock, ManualClock } from './clock.js';
import type { Fault, FaultInjector, FaultRule } from './faults.js';
import type { RequestLog } from './request-log.js';

export interface EmulatorReply {
  status: number;
  body: string;
  contentType: string;
  headers?: Record<string, string>;
  /** Written to the request log: `OK` or the application error code. */
  outcome: string;
}

export interface ParsedCall {
  /** Upstream method name, e.g. `cc/bill` or `payment.create`. */
  method: string;
  params: Record<string, unknown>;
}

/** What an emulator plugs into the shared HTTP server. */
export interface EmulatorCore {
  readonly faults: FaultInjector;
  readonly log: RequestLog;
  readonly clock: Clock | ManualClock;
  /** Turns a request into a call, or answers it directly (wrong path, bad auth, unparseable body). */
  parse(req: IncomingMessage, body: string): ParsedCall | { reply: EmulatorReply; method: string; params?: Record<string, unknown> };
  handle(call: ParsedCall, req: IncomingMessage): EmulatorReply | Promise<EmulatorReply>;
  /** The upstream's own application-error answer, for the `app-error` fault. */
  appError(call: ParsedCall, code: string, message?: string): EmulatorReply;
  /** A body that claims to be the upstream's format but does not parse. */
  malformedBody(): { body: string; contentType: string };
  /** Parameters as the request log stores them (card data masked). */
  redact(params: Record<string, unknown>): Record<string, unknown>;
  /** Back to the seeded state; clears faults and the log. */
  reset(): void;
}

export interface RunningEmulator {
  url: string;
  close(): Promise<void>;
}

const CONTROL_PREFIX = '/__emulator/';

/**
 * Serves an emulator on loopback. Besides the upstream API it answers a small control API under
 * `/__emulator/` so the emulator can be steered when it runs on its own:
 * `GET requests`, `DELETE requests`, `POST faults` (a FaultRule as JSON), `DELETE faults`,
 * `POST faults/release` (held requests go on),
 * `POST clock` (`{"advanceMs": n}`, manual clocks only), `POST reset`.
 */
export async function startEmulatorServer(
  core: EmulatorCore,
  options: { port?: number; host?: string } = {},
): Promise<RunningEmulator> {
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    void serve(core, req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`emulator error: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  });
  server.keepAliveTimeout = 5000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, reply: EmulatorReply): void {
  res.writeHead(reply.status, { 'content-type': reply.contentType, ...reply.headers });
  res.end(reply.body);
}

async function serve(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path.startsWith(CONTROL_PREFIX)) return control(core, req, res, path.slice(CONTROL_PREFIX.length), body);

  const parsed = core.parse(req, body);
  const call: ParsedCall = 'reply' in parsed ? { method: parsed.method, params: parsed.params ?? {} } : parsed;
  const record = (httpStatus: number, outcome: string) =>
    core.log.record({ method: call.method, at: core.clock.now(), params: core.redact(call.params), httpStatus, outcome });

  if ('reply' in parsed) {
    record(parsed.reply.status, parsed.reply.outcome);
    return send(res, parsed.reply);
  }

  const before = core.faults.take(call.method, 'before');
  const terminal = await applyDelays(core, before);
  if (terminal) return applyFault(core, call, terminal, res, record);

  const reply = await core.handle(call, req);
  const after = await applyDelays(core, core.faults.take(call.method, 'after'));
  if (after) return applyFault(core, call, after, res, record);
  record(reply.status, reply.outcome);
  send(res, reply);
}

type EndingFault = Exclude<Fault, { kind: 'latency' } | { kind: 'hold' }>;

/** Sleeps for every latency fault and waits out every hold; returns the first fault that ends the request. */
async function applyDelays(core: EmulatorCore, faults: Fault[]): Promise<EndingFault | undefined> {
  for (const fault of faults) {
    if (fault.kind === 'latency') await sleep(fault.ms);
    else if (fault.kind === 'hold') await core.faults.hold();
    else return fault;
  }
  return undefined;
}

function applyFault(
  core: EmulatorCore,
  call: ParsedCall,
  fault: EndingFault,
  res: ServerResponse,
  record: (status: number, outcome: string) => void,
): void {
  switch (fault.kind) {
    case 'drop':
      record(0, 'fault:drop');
      res.socket?.destroy();
      return;
    case 'malformed': {
      const { body, contentType } = core.malformedBody();
      record(200, 'fault:malformed');
      return send(res, { status: 200, body, contentType, outcome: 'fault:malformed' });
    }
    case 'http':
      record(fault.status, `fault:http-${fault.status}`);
      return send(res, {
        status: fault.status,
        body: fault.body ?? `<html><body><h1>${fault.status}</h1></body></html>`,
        contentType: fault.contentType ?? 'text/html',
        headers: fault.headers,
        outcome: `fault:http-${fault.status}`,
      });
    case 'app-error': {
      const reply = core.appError(call, fault.code, fault.message);
      record(reply.status, `fault:${fault.code}`);
      return send(res, reply);
    }
  }
}

function control(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, route: string, body: string): void {
  const json = (status: number, value: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  const key = `${req.method} ${route}`;
  try {
    switch (key) {
      case 'GET requests':
        return json(200, core.log.all());
      case 'DELETE requests':
        core.log.clear();
        return json(200, { ok: true });
      case 'POST faults':
        core.faults.add(JSON.parse(body) as FaultRule);
        return json(200, { ok: true });
      case 'DELETE faults':
        core.faults.clear();
        return json(200, { ok: true });
      case 'POST faults/release':
        return json(200, { released: core.faults.release() });
      case 'POST clock': {
        const { advanceMs } = JSON.parse(body) as { advanceMs: number };
        if (!('advance' in core.clock)) return json(409, { error: 'this emulator runs on the system clock' });
        core.clock.advance(advanceMs);
        return json(200, { now: core.clock.now() });
      }
      case 'POST reset':
        core.reset();
        return json(200, { ok: true });
      default:
        return json(404, { error: `unknown control route ${key}` });
    }
  } catch (err) {
    return json(400, { error: err instanceof Error ? err.message : String(err) });
  }
}
