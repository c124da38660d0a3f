import { createServer } from 'node:net';

/**
 * A TCP port free right now on 127.0.0.1: the kernel picks one for a listener that is closed at
 * once. Another program may take it before the test binds it; tests use it for the port a program
 * under test will listen on.
 */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}
