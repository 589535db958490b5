import type { ChildProcess } from 'node:child_process';

/** `kill()` (SIGKILL: a crash) and `stop()` (SIGTERM: a graceful stop) for a test's child process; both resolve once it has exited. */
export function signalControls(child: ChildProcess, exited: Promise<void>): { kill(): Promise<void>; stop(): Promise<void> } {
  const send = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { kill: () => send('SIGKILL'), stop: () => send('SIGTERM') };
}
