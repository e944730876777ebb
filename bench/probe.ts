/**
 * Preloaded (`node --import`) into the gateway the bench runs as `npm start` runs it (compiled
 * JavaScript, plain node), so the driver can read the process's CPU time, memory and connections
 * over IPC (bench/ipc.ts). It does nothing else: the gateway's own code is untouched.
 */
import { serveCommands } from './ipc.js';

if (process.send) serveCommands({}, {});
