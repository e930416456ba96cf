/**
 * postEvent: one signed POST of one event to one webhook → a DeliveryAttempt. It never throws for network
 * or HTTP problems; classify.ts says what the answer means, post.ts does the HTTP.
 *
 *   1. Body: standardBody, or slackBody for `format: slack`; the same bytes on every attempt.
 *   2. Headers: content-type and user-agent, the webhook's extra headers, then the Standard Webhooks
 *      headers signed with `now` (when the webhook has a secret; for Slack they are harmless).
 *   3. One deadline (timeout_ms) covers connect, headers and body, and really aborts: the socket closes,
 *      so a receiver that hangs or trickles cannot hold a worker. The caller's signal aborts the same way.
 *   4. A 3xx is an answer (dead), never followed with our signature.
 *   5. At most RESPONSE_BODY_CAP bytes of the answer are read; the rest is dropped with the connection.
 */
import type { ResolvedWebhook } from '../config/webhooks-schema.js';
import { bodyStartOf, classifyAnswer, classifyThrown } from './classify.js';
import { standardBody } from './payload.js';
import { postOnce } from './post.js';
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

/** Shorter parts are too common to cut out of an answer (`?v=1` would blank every "1"). */
const MIN_HIDDEN_PART = 6;
/** A path segment this long is a token (Slack's `/services/T…/B…/<24 characters>`), not a route name. */
const MIN_TOKEN_SEGMENT = 16;

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

/** The URL's query and its values, and its token-like path segments, as sent and decoded. */
function urlSecrets(raw: string): string[] {
  if (!URL.canParse(raw)) return [];
  const url = new URL(raw);
  const parts: string[] = [];
  if (url.search.length > 1) parts.push(`${url.pathname}${url.search}`, url.search.slice(1));
  for (const pair of url.search.slice(1).split('&')) {
    const value = pair.slice(pair.indexOf('=') + 1);
    if (pair.includes('=') && value.length >= MIN_HIDDEN_PART) parts.push(value, decoded(value));
  }
  for (const segment of url.pathname.split('/')) {
    if (segment.length >= MIN_TOKEN_SEGMENT) parts.push(segment, decoded(segment));
  }
  return parts;
}

/**
 * What must never come back to us in an answer's first bytes, which reach the dead letter and the CLI: the
 * base64 key of the secret, this attempt's signature, the URL's query and path tokens (a receiver echoing
 * its request line is common), and the extra headers' values (an API gateway key). Longest first, so a
 * part inside a longer one goes with it.
 */
function secretsIn(webhook: PostableWebhook, headers: Record<string, string>): string[] {
  const key = webhook.secret?.replace(/^whsec_/, '') ?? '';
  const signature = headers['webhook-signature']?.replace(/^v1,/, '') ?? '';
  const extra = Object.values(webhook.headers ?? {}).filter((value) => value.length >= MIN_HIDDEN_PART);
  const parts = [key, signature, ...urlSecrets(webhook.url), ...extra].filter((value) => value.length > 0);
  return [...new Set(parts)].sort((a, b) => b.length - a.length);
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
    const answer = await postOnce(webhook.url, headers, body, {
      signal: controller.signal,
      cap: RESPONSE_BODY_CAP,
    });
    return classifyAnswer(answer.status, answer.statusText, {
      target,
      durationMs: elapsed(),
      retryAfter: answer.retryAfter,
      bodyStart: bodyStartOf(answer.bytes, secretsIn(webhook, headers)),
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
    // postOnce settles only once nothing of the exchange is left open: no abort is needed here.
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}
