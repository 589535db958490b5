/**
 * Guardian of one native server (PostgreSQL, the Temporal dev server) under
 * the supervisor (platform/process/supervised.ts). Plain CommonJS so it starts
 * in tens of milliseconds without a TypeScript loader.
 *
 * The supervisor spawns it detached (a process group of its own) with an IPC
 * channel and its job in the environment variable GUARD_SPEC (JSON):
 *   { command, args, stopSignal, graceMs, logFile, uid?, gid?, cwd?, env? }
 * It starts `command` in its own process group, so that ending the group ends
 * both, and:
 *  - when the server exits, exits with the server's code (128 + signal number
 *    for a signal), so the supervisor sees the server's end as its own;
 *  - on SIGTERM, SIGINT or SIGHUP, or when the IPC channel closes because the
 *    supervisor died (even by SIGKILL), sends the server `stopSignal` (its
 *    graceful stop), and after `graceMs` SIGKILLs the whole group.
 * Linux's parent-death signal would do the last part without a guardian, but
 * it is not delivered on every kernel this product runs on (it was not here).
 */
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');

const spec = JSON.parse(process.env.GUARD_SPEC || '{}');
if (!spec.command) {
  process.stderr.write('guard: GUARD_SPEC with a command is required\n');
  process.exit(2);
}
const out = spec.logFile ? fs.openSync(spec.logFile, 'a') : 'ignore';
const env = { ...process.env, ...(spec.env || {}) };
delete env.GUARD_SPEC;
const child = spawn(spec.command, spec.args || [], {
  cwd: spec.cwd,
  env,
  stdio: ['ignore', out, out],
  uid: spec.uid,
  gid: spec.gid,
});
if (typeof out === 'number') fs.closeSync(out);

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  try {
    child.kill(spec.stopSignal || 'SIGTERM');
  } catch {
    // already gone
  }
  setTimeout(() => {
    try {
      process.kill(-process.pid, 'SIGKILL');
    } catch {
      process.exit(137);
    }
  }, spec.graceMs || 20000).unref();
}

child.on('error', (error) => {
  process.stderr.write(`guard: cannot start ${spec.command}: ${error.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  const number = signal ? os.constants.signals[signal] || 0 : 0;
  process.exit(code !== null ? code : 128 + number);
});
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stop);
process.on('disconnect', stop);
