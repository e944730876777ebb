/**
 * Not part of the server: when bench/run.ts starts this process (with an IPC channel), it answers
 * the bench's `stats`, `gc` and `exit` commands (the protocol of bench/ipc.ts) so the bench can
 * read this process's CPU time, memory and outgoing connections.
 */
import dc from 'node:diagnostics_channel';

let clientSockets = 0;
let serverSockets = 0;
dc.subscribe('net.client.socket', () => void clientSockets++);
dc.subscribe('net.server.socket', () => void serverSockets++);

function stats() {
  const { rss, heapTotal, heapUsed, external } = process.memoryUsage();
  const cpu = process.cpuUsage();
  return { rss, heapTotal, heapUsed, external, cpuMicros: cpu.user + cpu.system, clientSockets, serverSockets };
}

export function answerBench(ready: Record<string, unknown>): void {
  const send = process.send?.bind(process);
  if (!send) return;
  process.on('message', (message: { id: number; cmd: string }) => {
    if (message.cmd === 'stats') send({ id: message.id, result: stats() });
    else if (message.cmd === 'gc') {
      (globalThis as { gc?: () => void }).gc?.();
      send({ id: message.id, result: stats() });
    } else if (message.cmd === 'exit') setTimeout(() => process.exit(0), 10);
    else send({ id: message.id, error: `unknown command ${message.cmd}` });
  });
  process.on('disconnect', () => process.exit(0));
  send({ ready });
}
