/**
 * The demo's webhook receiver, written as a subscriber would write one: every POST is verified with
 * `new Webhook(secret).verify(body, headers)` (the standardwebhooks package: HMAC-SHA256 signature and a
 * timestamp within five minutes) before anything else is read. A delivery that verifies is answered 200 and
 * kept; one that does not is answered 401 and counted as rejected.
 */
import { Webhook } from 'standardwebhooks';
import type { StatusChangedData } from '../alerts/index.js';
import { readBody } from '../http/body.js';
import { type LocalServer, serveLocal } from '../replay/local-server.js';

export const RECEIVER_PATH = '/hooks/policy-watch';

export interface VerifiedDelivery {
  webhookId: string;
  type: string;
  data: StatusChangedData;
}

export interface Receiver extends LocalServer {
  /** The URL to subscribe. */
  url: string;
  /** Verified deliveries, in arrival order (a retried delivery appears once per accepted attempt). */
  deliveries: VerifiedDelivery[];
  rejected: number;
  /** Distinct `webhook-id`s among the verified deliveries: what a receiver that drops duplicates keeps. */
  uniqueIds(): number;
}

export async function startReceiver(secret: string): Promise<Receiver> {
  const verifier = new Webhook(secret);
  const deliveries: VerifiedDelivery[] = [];
  let rejected = 0;
  const server = await serveLocal(async (req, res) => {
    if (req.method !== 'POST' || req.url !== RECEIVER_PATH) {
      res.writeHead(404).end();
      return;
    }
    const body = await readBody(req, Number.POSITIVE_INFINITY);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers[name] = value;
    }
    let payload: { type: string; data: StatusChangedData };
    try {
      payload = verifier.verify(body, headers) as { type: string; data: StatusChangedData };
    } catch {
      rejected += 1;
      res.writeHead(401, { 'content-type': 'text/plain' }).end('signature did not verify\n');
      return;
    }
    deliveries.push({ webhookId: headers['webhook-id'] ?? '', type: payload.type, data: payload.data });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
  });
  return {
    ...server,
    url: `${server.origin}${RECEIVER_PATH}`,
    deliveries,
    get rejected() {
      return rejected;
    },
    uniqueIds: () => new Set(deliveries.map((delivery) => delivery.webhookId)).size,
  };
}
