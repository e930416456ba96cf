/**
 * The HTTP server on 127.0.0.1:0 over a runtime with the repository's config/ and a fresh, empty Redis
 * prefix: for tests about the server's own behaviour, which need no pipeline history. `raw` talks HTTP
 * over a plain socket, for requests fetch refuses to send.
 */
import { connect } from 'node:net';
import path from 'node:path';
import { openRuntime, type Runtime, type RuntimeOptions } from '../../src/app/open.js';
import { loadConfig } from '../../src/config/load.js';
import { type HttpServer, type HttpServerOptions, startHttpServer } from '../../src/http/server.js';
import { createLogger, type Logger } from '../../src/log.js';
import { REPO_ROOT } from '../support/news-replay.js';
import { type TestRedis, testRedis } from '../support/redis.js';

export interface LocalServer {
  redis: TestRedis;
  runtime: Runtime;
  server: HttpServer;
  close(): Promise<void>;
}

export async function startLocalServer(
  label: string,
  options: { logger?: Logger; http?: HttpServerOptions; runtime?: Partial<RuntimeOptions> } = {},
): Promise<LocalServer> {
  const redis = await testRedis(label);
  const runtime = await openRuntime({
    config: loadConfig(path.join(REPO_ROOT, 'config')),
    prefix: redis.prefix,
    logger: options.logger ?? createLogger({ level: 'silent' }),
    ...options.runtime,
  });
  const server = await startHttpServer(runtime, { port: 0, host: '127.0.0.1', ...options.http });
  return {
    redis,
    runtime,
    server,
    close: async () => {
      await server.close();
      await runtime.close();
      await redis.cleanup();
    },
  };
}

export interface RawAnswer {
  status: number;
  head: string;
  body: string;
}

/** Writes `request` as-is on a new connection and reads until the server closes it or `timeoutMs`. */
export function raw(server: HttpServer, request: string | Buffer, timeoutMs = 5_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n', 2);
      resolve({ status: Number(head.split(' ')[1]), head, body });
    });
    socket.write(request);
  });
}
