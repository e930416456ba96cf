/**
 * The replay's webhook receiver, as a subscriber would run it: a real HTTP server on 127.0.0.1 that
 * verifies every request with `new Webhook(secret).verify(body, headers)` (the standardwebhooks package:
 * HMAC-SHA256 signature and a timestamp within five minutes) before it looks at anything else. A request that does not verify is answered 401 and kept in `requests` as rejected; a
 * verified request in `ok` mode is answered 200 and kept in `deliveries`.
 *
 * Modes (setMode):
 *   - ok     200, the delivery is accepted;
 *   - 500    (or any status ≥ 300) the headers and body are read and recorded, then that status is answered;
 *   - hang   the request is read and recorded, and never answered;
 *   - hold   (a planned answer only) the request is read and recorded, and answered 200 when the test
 *            calls `release()`: a receiver exactly as slow as the test needs, with no clock involved;
 *   - down   the server is closed: connections are refused. Leaving `down` reopens it on the SAME port, so
 *            the configured URL stays valid.
 * `plan(...)` queues answers for the next requests, ahead of the mode: `plan(500, 'hang')` then `ok`.
 *
 * Used by the demo (every mode `ok`) and by the tests (all of them). Also here: a fresh `whsec_` secret.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { readBody } from '../http/body.js';
import { serveLocal } from './local-server.js';

export type ReceiverAnswer = 'ok' | 'hang' | 'hold' | number;
export type ReceiverMode = ReceiverAnswer | 'down';

export interface ReceivedRequest {
  webhookId: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  /** Path and query as requested. */
  url: string;
  body: string;
  verified: boolean;
  /** The verification error, when it failed. */
  rejection?: string;
  /** The status answered, or 'hang' (also while a held request waits for `release()`). */
  answer: number | 'hang';
  /** Wall-clock arrival (ms). */
  at: number;
  /** For a hung request: when the client gave up and closed the connection (ms). */
  closedAt?: number;
}

export interface Delivery {
  webhookId: string;
  body: string;
  /** The body as `verify` returned it. */
  payload: unknown;
}

export interface ReceiverOptions {
  secret: string;
  /** Path and query the receiver is subscribed at. @defaultValue '/hooks/policy-watch' */
  path?: string;
  /** The body of a non-2xx answer. @defaultValue `receiver answered <status>` */
  errorBody?: (request: ReceivedRequest, req: IncomingMessage) => string;
}

export interface WebhookReceiver {
  /** The URL to subscribe: origin, path and query. */
  url: string;
  port: number;
  secret: string;
  mode: ReceiverMode;
  /** Every request that reached the receiver, verified or not, in arrival order. */
  requests: ReceivedRequest[];
  /** Accepted (verified, answered 2xx) deliveries, in arrival order. */
  deliveries: Delivery[];
  setMode(mode: ReceiverMode): Promise<void>;
  plan(...answers: ReceiverAnswer[]): void;
  /** Answers every held request 200 (each becomes a delivery); returns how many there were. */
  release(): number;
  /** The distinct `webhook-id`s of the accepted deliveries: what a receiver that dedupes keeps. */
  distinctIds(): string[];
  /** Resolves once `test` holds (checked every 20 ms); rejects after `timeoutMs`, naming `what`. */
  waitFor(test: () => boolean, timeoutMs: number, what: string): Promise<void>;
  close(): Promise<void>;
}

/** `whsec_` + base64 of 32 random bytes: a secret as `openssl rand -base64 32` would make one. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function headerMap(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export async function startWebhookReceiver(options: ReceiverOptions): Promise<WebhookReceiver> {
  const verifier = new Webhook(options.secret);
  const path = options.path ?? '/hooks/policy-watch';
  const planned: ReceiverAnswer[] = [];
  const hanging = new Set<ServerResponse>();
  const held: Array<() => void> = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const headers = headerMap(req);
    const request: ReceivedRequest = {
      webhookId: headers['webhook-id'],
      timestamp: headers['webhook-timestamp'],
      signature: headers['webhook-signature'],
      url: req.url ?? '',
      // An evidence batch may be larger than the API's limit on its one POST body.
      body: await readBody(req, Number.POSITIVE_INFINITY),
      verified: false,
      answer: 0,
      at: Date.now(),
    };
    receiver.requests.push(request);
    let payload: unknown;
    try {
      payload = verifier.verify(request.body, headers);
      request.verified = true;
    } catch (error) {
      request.rejection = error instanceof Error ? error.message : String(error);
    }
    if (!request.verified) {
      request.answer = 401;
      return res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad signature"}');
    }
    const answer = planned.shift() ?? (receiver.mode === 'down' ? 'ok' : receiver.mode);
    if (answer === 'hold') {
      request.answer = 'hang';
      hanging.add(res);
      res.once('close', () => {
        if (hanging.delete(res)) request.closedAt = Date.now();
      });
      held.push(() => {
        if (!hanging.delete(res)) return;
        request.answer = 200;
        receiver.deliveries.push({ webhookId: request.webhookId ?? '', body: request.body, payload });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
      return;
    }
    if (answer === 'hang') {
      request.answer = 'hang';
      hanging.add(res);
      res.once('close', () => {
        if (hanging.delete(res)) request.closedAt = Date.now();
      });
      return;
    }
    const status = answer === 'ok' ? 200 : answer;
    request.answer = status;
    if (status >= 200 && status <= 299) {
      receiver.deliveries.push({ webhookId: request.webhookId ?? '', body: request.body, payload });
      return res.writeHead(status, { 'content-type': 'application/json' }).end('{"ok":true}');
    }
    const body = options.errorBody?.(request, req) ?? `receiver answered ${status}`;
    res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
  };

  const server = await serveLocal(handle);

  const stop = () => {
    // Cleared first: a connection the receiver drops is not one the client gave up on (closedAt).
    const held = [...hanging];
    hanging.clear();
    for (const res of held) res.destroy();
    return server.close();
  };

  const receiver: WebhookReceiver = {
    url: `${server.origin}${path}`,
    port: server.port,
    secret: options.secret,
    mode: 'ok',
    requests: [],
    deliveries: [],
    setMode: async (mode) => {
      const wasDown = receiver.mode === 'down';
      receiver.mode = mode;
      if (mode === 'down' && !wasDown) await stop();
      // The same port: the subscribed URL stays valid.
      if (mode !== 'down' && wasDown) await server.reopen();
    },
    plan: (...answers) => {
      planned.push(...answers);
    },
    release: () => {
      const waiting = held.splice(0);
      for (const answer of waiting) answer();
      return waiting.length;
    },
    distinctIds: () => [...new Set(receiver.deliveries.map((delivery) => delivery.webhookId))],
    waitFor: async (test, timeoutMs, what) => {
      const deadline = Date.now() + timeoutMs;
      while (!test()) {
        if (Date.now() > deadline)
          throw new Error(`webhook receiver: ${what} not seen within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: async () => {
      if (receiver.mode !== 'down') await stop();
      receiver.mode = 'down';
    },
  };
  return receiver;
}
