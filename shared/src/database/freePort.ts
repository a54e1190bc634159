import { createServer } from 'node:net';

/** Ports this process has handed out: the system may offer a just-released port again, to the next probe. */
const handedOut = new Set<number>();

/** A TCP port free on `host` now, never one this process was given before (callers bind it later). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (;;) {
    const port = await probe(host);
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

function probe(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
