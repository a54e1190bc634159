import type { Server } from 'node:http';
import type { Express } from 'express';
import { ConfigError } from '../config/configError';

const KEEP_ALIVE_MS = 65_000;

/** Listens and resolves with the bound port; a taken port is a configuration error with a clear message. */
export function listen(app: Express, host: string, port: number, source: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    // Idle keep-alive connections are kept longer than the peers' polling intervals (5–30 s): with Node's default
    // of 5 s a client reusing a connection just as the server closes it gets "fetch failed" (seen at 77 nodes).
    server.keepAliveTimeout = KEEP_ALIVE_MS;
    server.headersTimeout = KEEP_ALIVE_MS + 1_000;
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE')
        reject(new ConfigError(source, [`port：端口 ${port} 已被占用（${host}），请换一个端口或停止占用它的程序`]));
      else if (e.code === 'EACCES') reject(new ConfigError(source, [`port：无权监听端口 ${port}`]));
      else reject(e);
    });
    server.once('listening', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : port });
    });
  });
}

/** Closes a server, ending idle keep-alive connections so shutdown does not wait for them. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
  });
}
