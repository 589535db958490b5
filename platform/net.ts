import net from 'node:net';

/** Asks the OS for a free TCP port on loopback (`port` 0), or checks that `port` is free. */
export function freePort(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A free loopback port in [low, high): for programs that store a port in a
 * signed 16-bit column (Temporal's cluster membership), which the OS's
 * ephemeral ports (32768 and up) overflow.
 */
export async function freePortBetween(low: number, high: number): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await freePort(port).then(() => true, () => false)) return port;
  }
  throw new Error(`no free port between ${low} and ${high}`);
}

/** True when something accepts TCP connections on host:port. */
export function isListening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
