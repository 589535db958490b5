/**
 * How a long-running process of the product learns it should stop: SIGINT,
 * SIGTERM, or — under the supervisor (`npm start`) — its IPC channel closing
 * because the supervisor died, even by SIGKILL. `stop` runs once; the process
 * exits 0 when it resolves, 1 when it fails, and is forced out after
 * `deadlineMs` if it hangs.
 */
export function onShutdownRequest(stop: (reason: string) => Promise<void>, deadlineMs = 25_000): void {
  let started = false;
  const begin = (reason: string) => {
    if (started) return;
    started = true;
    setTimeout(() => {
      process.stderr.write(`shutdown took longer than ${deadlineMs} ms: exiting\n`);
      process.exit(1);
    }, deadlineMs).unref();
    stop(reason).then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`shutdown failed: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => begin('SIGINT'));
  process.once('SIGTERM', () => begin('SIGTERM'));
  if (process.send) process.once('disconnect', () => begin('the supervisor is gone'));
}
