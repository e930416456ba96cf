/**
 * postEvent: one signed POST of one event to one webhook → a DeliveryAttempt. It never throws for network
 * or HTTP problems; classify.ts says what the answer means. The only HTTP in src/alerts.
 *
 *   1. Body: standardBody, or slackBody for `format: slack`; the same bytes on every attempt.
 *   2. Headers: content-type and user-agent, the webhook's extra headers, then the Standard Webhooks
 *      headers signed with `now` (when the webhook has a secret; for Slack they are harmless).
 *   3. One deadline (timeout_ms) covers connect, headers and body, and really aborts: the socket closes,
 *      so a receiver that hangs or trickles cannot hold a worker. The caller's signal aborts the same way.
 *   4. redirect: 'manual': a 3xx is an answer (dead), never followed with our signature.
 *   5. At most RESPONSE_BODY_CAP bytes of the answer are read; the rest is dropped with the connection.
 */
import type { ResolvedWebhook } from '../config/webhooks-schema.js';
import { bodyStartOf, classifyAnswer, classifyThrown } from './classify.js';
import { standardBody } from './payload.js';
import { signatureHeaders } from './sign.js';
import { slackBody } from './slack.js';
import type { AlertEvent, DeliveryAttempt } from './types.js';

/** Enough for any error page's first lines; a receiver cannot make us buffer more. */
export const RESPONSE_BODY_CAP = 4096;
// Kept in step with package.json by hand: reading package.json at run time breaks once compiled to dist/.
export const ALERT_USER_AGENT = 'policy-watch/0.1.0 (+webhooks)';

export interface PostOptions {
  /** The attempt's time, signed into `webhook-timestamp`. @defaultValue new Date() */
  now?: Date | undefined;
  /** Aborts the request (shutdown); the attempt comes back as `retry`. */
  signal?: AbortSignal | undefined;
}

export type PostableWebhook = Pick<
  ResolvedWebhook,
  'id' | 'url' | 'secret' | 'format' | 'headers' | 'timeout_ms'
>;

export function eventBody(event: AlertEvent, format: ResolvedWebhook['format']): string {
  return format === 'slack' ? slackBody(event) : standardBody(event);
}

export function requestHeaders(
  webhook: PostableWebhook,
  event: AlertEvent,
  body: string,
  now: Date,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': ALERT_USER_AGENT,
    ...webhook.headers,
    ...(webhook.secret ? signatureHeaders(webhook.secret, event.id, now, body) : {}),
  };
}

/** The base64 parts of the secret and of this attempt's signature: what must never be echoed back to us. */
function secretsIn(webhook: PostableWebhook, headers: Record<string, string>): string[] {
  const key = webhook.secret?.replace(/^whsec_/, '') ?? '';
  const signature = headers['webhook-signature']?.replace(/^v1,/, '') ?? '';
  return [key, signature].filter((value) => value.length > 0);
}

async function readCapped(body: ReadableStream<Uint8Array> | null, cap: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < cap) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
  } catch {
    // Cut off by the deadline mid-body: the status already decided; keep what arrived.
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(Math.min(total, cap));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - offset);
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

export async function postEvent(
  webhook: PostableWebhook,
  event: AlertEvent,
  options: PostOptions = {},
): Promise<DeliveryAttempt> {
  const now = options.now ?? new Date();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const host = URL.canParse(webhook.url) ? new URL(webhook.url).host : 'an invalid URL';
  const target = `webhook ${webhook.id} at ${host}`;
  const body = eventBody(event, webhook.format);
  const headers = requestHeaders(webhook, event, body, now);

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, webhook.timeout_ms);
  const onCallerAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  if (options.signal?.aborted) controller.abort();

  try {
    const response = await fetch(webhook.url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: controller.signal,
    });
    const bytes = await readCapped(response.body, RESPONSE_BODY_CAP);
    return classifyAnswer(response.status, response.statusText, {
      target,
      durationMs: elapsed(),
      retryAfter: response.headers.get('retry-after'),
      bodyStart: bodyStartOf(bytes, secretsIn(webhook, headers)),
      now: now.getTime(),
    });
  } catch (thrown) {
    const aborted = options.signal?.aborted ?? false;
    return classifyThrown(thrown, {
      target,
      durationMs: elapsed(),
      timeoutMs: webhook.timeout_ms,
      timedOut,
      aborted,
    });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
    // Whatever is still open (an unread rest of the body) closes now, not at the receiver's pace.
    controller.abort();
  }
}
