import type { Server } from 'node:http';

/**
 * Stops `server` accepting connections, closes idle keep-alive connections,
 * lets requests in flight finish for up to `deadlineMs`, then cuts whatever
 * is still open. Resolves to the number of connections cut.
 */
export async function drainServer(server: Server, deadlineMs: number): Promise<number> {
  let cut = 0;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => {
    server.getConnections((_error, count) => {
      cut = count;
      server.closeAllConnections();
    });
  }, deadlineMs);
  await closed;
  clearTimeout(timer);
  return cut;
}
