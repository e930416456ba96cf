/**
 * A real HTTP server on 127.0.0.1:0 for fetch tests: no fetch stubs, so redirects, aborts and socket closes
 * are the real thing. `requests` records every request's method, URL and headers, in arrival order.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  url: string;
  headers: IncomingHttpHeaders;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  origin: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

// `unknown` so terse handlers may `return res.end()`; a returned promise that rejects destroys the response.
export type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

export async function serve(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // Keep-alive sockets from fetch's pool would otherwise hold close() open.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port with nothing listening: bind one, then release it. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Resolves `true` when the request's socket closes, or `false` if it is still open after `withinMs`. */
export function socketClosed(req: IncomingMessage, withinMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (req.socket.destroyed) return resolve(true);
    const timer = setTimeout(() => resolve(false), withinMs);
    req.socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
