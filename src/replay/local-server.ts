/**
 * A real node:http server on 127.0.0.1 for the replay's feed server and webhook receiver, and for tests that
 * need one (no fetch stubs: redirects, aborts and socket closes are the real thing). Port 0 lets the system
 * pick a free port. Every request's URL and headers are recorded in arrival order. A handler that throws
 * or rejects destroys its response (the client sees the socket close) instead of taking the process down.
 * `close()` then `reopen()` listens again on the same port, so a receiver can go down and come back at the
 * URL it was subscribed at.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  url: string;
  headers: IncomingHttpHeaders;
}

export interface LocalServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  origin: string;
  port: number;
  /** Every request, in arrival order. */
  requests: RecordedRequest[];
  close(): Promise<void>;
  /** Listens again on the same port after `close()`. */
  reopen(): Promise<void>;
}

// `unknown` so terse handlers may `return res.end()`; a returned promise that rejects destroys the response.
export type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** How long `reopen` keeps trying while the port is still held (a TIME_WAIT, a slow close). */
const REOPEN_ATTEMPTS = 20;
const REOPEN_PAUSE_MS = 50;

function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function serveLocal(handler: Handler): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    // The executor runs the handler at once and turns a throw into a rejection.
    new Promise((resolve) => resolve(handler(req, res))).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  const port = await listen(server, 0);
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // Keep-alive sockets from fetch's pool would otherwise hold close() open.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    reopen: async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          await listen(server, port);
          return;
        } catch (error) {
          if (attempt >= REOPEN_ATTEMPTS) throw error;
          await new Promise((resolve) => setTimeout(resolve, REOPEN_PAUSE_MS));
        }
      }
    },
  };
}

/** A port with nothing listening: bind one, then release it. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe, 0);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
