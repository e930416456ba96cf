/**
 * The daemon's HTTP server (node:http): the status page, the probes, /metrics and the JSON API (routes.ts).
 *
 * It never throws on input: a target that will not decode is a 404, an unknown method a 405, a request
 * the parser rejects (a header block past Node's 16 KiB limit, garbage) a JSON 400/431 written on the
 * socket, and a handler that throws a JSON 500 (or 503 when Redis is away) with the error logged once as
 * `http.error`. Answers of 1 KiB or more are gzip-compressed for a client that accepts it (compress.ts).
 * `close()` stops accepting at once, lets in-flight answers finish, and after `graceMs` drops whatever
 * connection is left.
 */

import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { readEnv } from '../config/env.js';
import { errOf } from '../errors.js';
import { LOG_EVENTS } from '../log.js';
import { authorized } from './access.js';
import { readBody } from './body.js';
import { encodeBody } from './compress.js';
import { redisNotReady, withDeadline } from './deadline.js';
import { errorReply, notFound, type Reply, thrownReply } from './reply.js';
import { type HttpDeps, matchRoute, pathSegments, queryOf, READ_METHODS } from './routes.js';
import { runtimeScrapeSource } from './scrape-source.js';

export type { HttpDeps } from './routes.js';

export interface HttpServerOptions {
  /** 0 picks a free port. @defaultValue PW_HTTP_PORT, else 8080 */
  port?: number;
  /** The address to bind. @defaultValue PW_HTTP_HOST, else 127.0.0.1 (access.ts) */
  host?: string;
  /** Bearer token every path but the probes and /metrics needs. @defaultValue PW_HTTP_TOKEN, else none */
  token?: string;
  /** Why the workers cannot take jobs, or undefined when they run; absent for a role without workers. */
  workers?: () => string | undefined;
  /** Why the scheduler is not ticking, or undefined when it is; absent for a role without one. */
  scheduler?: () => string | undefined;
  /** Deadline of each Redis read a request needs. @defaultValue 2_000 */
  redisTimeoutMs?: number;
  /** How long `close()` waits for in-flight answers before dropping their connections. @defaultValue 5_000 */
  graceMs?: number;
}

export interface HttpServer {
  port: number;
  /** `http://<host>:<port>`, with 127.0.0.1 for a server on every interface. */
  url: string;
  close(): Promise<void>;
}

const COMMON_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/** HEAD gets the headers GET would: the same encoding and length, no body. */
async function write(req: IncomingMessage, res: ServerResponse, reply: Reply): Promise<void> {
  const { body, encoding } = await encodeBody(reply.body, req.headers['accept-encoding']);
  res.writeHead(reply.status, {
    ...COMMON_HEADERS,
    'content-type': reply.contentType,
    'content-length': body.length,
    vary: 'accept-encoding',
    ...(encoding ? { 'content-encoding': encoding } : {}),
    ...reply.headers,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** A request the parser refused never reaches a handler: answer on the raw socket and close it. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const reply =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? errorReply('HEADERS_TOO_LARGE', 'the request line and headers are larger than 16 KiB')
      : errorReply('BAD_REQUEST', 'the request could not be parsed as HTTP/1.1');
  const head = [
    `HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status]}`,
    `content-type: ${reply.contentType}`,
    `content-length: ${Buffer.byteLength(reply.body)}`,
    'connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${reply.body}`);
}

export async function startHttpServer(deps: HttpDeps, options: HttpServerOptions = {}): Promise<HttpServer> {
  const redisTimeoutMs = options.redisTimeoutMs ?? 2_000;
  deps.metrics.observe(runtimeScrapeSource(deps, redisTimeoutMs));

  const token = 'token' in options ? options.token : readEnv('PW_HTTP_TOKEN');
  const answer = async (req: IncomingMessage): Promise<Reply> => {
    const segments = pathSegments(req.url ?? '/');
    if (segments && !authorized(token, segments, req.headers)) {
      return errorReply('UNAUTHORIZED', 'this server needs Authorization: Bearer <PW_HTTP_TOKEN>', {
        'www-authenticate': 'Bearer realm="policy-watch"',
      });
    }
    const found = segments && matchRoute(segments);
    if (!found) return notFound('no such endpoint; see /api/claims, /api/feeds, /healthz, /readyz, /metrics');
    const methods: readonly string[] = found.route.methods ?? READ_METHODS;
    if (!methods.includes(req.method ?? '')) {
      return errorReply('METHOD_NOT_ALLOWED', `only ${methods.join(' and ')} here`, {
        allow: methods.join(', '),
      });
    }
    const context = {
      deps,
      params: found.params,
      workers: options.workers,
      scheduler: options.scheduler,
      redisTimeoutMs,
      tokenSet: token !== undefined,
      body: () => readBody(req),
      query: queryOf(req.url ?? '/'),
      headers: req.headers,
    };
    if (!found.route.readsRedis) return found.route.handle(context);
    const why = redisNotReady(deps.redis);
    if (why) return errorReply('REDIS_UNAVAILABLE', why);
    return withDeadline(Promise.resolve(found.route.handle(context)), redisTimeoutMs, 'reading the ledger');
  };

  const server = createServer((req, res) => {
    answer(req)
      .catch((thrown: unknown) => {
        deps.logger.error(
          {
            event: LOG_EVENTS.httpError,
            method: req.method,
            path: req.url?.slice(0, 200),
            err: errOf(thrown),
          },
          'http request failed',
        );
        return thrownReply(thrown);
      })
      .then((reply) => write(req, res, reply))
      .catch(() => res.destroy());
  });
  server.on('clientError', answerClientError);

  const port = options.port ?? readEnv('PW_HTTP_PORT');
  const bind = options.host ?? readEnv('PW_HTTP_HOST');
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, bind, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: Error) => {
    throw new Error(`cannot serve HTTP on ${bind} port ${port}: ${error.message}`, { cause: error });
  });
  // After listening, a server error (an accept failing under EMFILE) is logged, never an uncaught throw.
  server.on('error', (error) =>
    deps.logger.error({ event: LOG_EVENTS.httpError, err: errOf(error) }, 'http server error'),
  );
  // The address actually bound, as the system reports it: what the log line and `url` say.
  const address = server.address() as AddressInfo;
  const everywhere = address.address === '0.0.0.0' || address.address === '::';
  const reachable = everywhere ? '127.0.0.1' : address.address;
  const url = `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${address.port}`;
  deps.logger.info(
    {
      event: LOG_EVENTS.httpListening,
      port: address.port,
      host: address.address,
      url,
      token: token !== undefined,
    },
    `serving HTTP on ${address.address}:${address.port}${everywhere ? ' (every interface)' : ''}${token === undefined ? '' : ', API behind a bearer token'}`,
  );

  let closing: Promise<void> | undefined;
  return {
    port: address.port,
    url,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), options.graceMs ?? 5_000);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
