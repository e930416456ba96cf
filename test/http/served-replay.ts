/**
 * The HTTP server on 127.0.0.1:0 over a news-day replay (test/support/news-replay-run.ts): a real Redis
 * prefix filled by the real pipeline, served by the real server. `get` sends a real request.
 */
import { type HttpServer, type HttpServerOptions, startHttpServer } from '../../src/http/server.js';
import { openReplay, type Replay, type ReplayOptions } from '../support/news-replay-run.js';

export interface ServedReplay {
  replay: Replay;
  server: HttpServer;
  get(path: string, init?: RequestInit): Promise<Response>;
  /** GET and parse a JSON answer; fails the test on another content type. */
  json(path: string): Promise<{ status: number; body: unknown; response: Response }>;
  close(): Promise<void>;
}

export async function serveReplay(
  label: string,
  options: { replay?: ReplayOptions; http?: HttpServerOptions } = {},
): Promise<ServedReplay> {
  const replay = await openReplay(label, {}, options.replay);
  const server = await startHttpServer(replay.runtime, { port: 0, host: '127.0.0.1', ...options.http });
  const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
  return {
    replay,
    server,
    get,
    json: async (path) => {
      const response = await get(path);
      const type = response.headers.get('content-type') ?? '';
      if (!type.startsWith('application/json')) throw new Error(`${path}: content-type ${type}`);
      return { status: response.status, body: (await response.json()) as unknown, response };
    },
    close: async () => {
      await server.close();
      await replay.close();
    },
  };
}
