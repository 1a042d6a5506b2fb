import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { closeEventStreams } from './submission-events';
import type { ApiDeps } from './api-deps';

export interface RunningApi {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Listens on HOST:PORT (PORT 0 picks a free port); `close` stops accepting and lets in-flight requests finish. */
export function startApi(deps: ApiDeps, port = deps.config.PORT, host = deps.config.HOST): Promise<RunningApi> {
  const app = createApp(deps);
  if (!deps.config.JUDGE_ADMIN_TOKEN) deps.log.warn('JUDGE_ADMIN_TOKEN is not set: only tokens issued earlier can use the protected routes');
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
      deps.log.info({ url }, 'API listening');
      resolve({
        url,
        server,
        close: () => {
          const closed = new Promise<void>((done) => server.close(() => done()));
          // Event streams end at once; their connections, idle only once they have, are closed as they become so.
          closeEventStreams(app);
          const sweep = setInterval(() => server.closeIdleConnections(), 50);
          return closed.finally(() => clearInterval(sweep));
        },
      });
    });
    server.on('error', reject);
  });
}
