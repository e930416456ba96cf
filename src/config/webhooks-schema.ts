/**
 * The schema of config/webhooks.yaml (DESIGN.md "Feeds and webhooks") and the one step that reads the
 * environment: turning each webhook's `secret_env` into the secret it names.
 *
 * Rules beyond the field types, in the order they are checked:
 *   1. `url` has no user:password (it would reach every log line and CLI table that shows the URL) and
 *      is https, unless its host is loopback (127.0.0.0/8, ::1, localhost) or `allow_http: true`: a
 *      signature proves who sent a body, but plain http still shows it to anyone on the path.
 *   2. `secret_env` is required for `format: standard` (receivers verify), optional for `slack` (Slack
 *      incoming webhooks do not verify; their URL is the secret).
 *   3. `headers` may add headers, never replace the ones the signature and the body depend on.
 *   4. (resolveWebhookSecrets) the named variable is set and holds `whsec_` + base64. Problems name the
 *      variable, never its value; the value lives in a non-enumerable property (withSecret), so
 *      JSON.stringify, util.inspect, pino and object spread never carry it.
 * Unknown keys are errors. An absent webhooks.yaml means no webhooks (load.ts).
 */
import { z } from 'zod';
import { ALERT_EVENT_TYPES } from '../alerts/types.js';
import { withHidden } from './hidden.js';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers the request itself owns: the signature covers the body and these, or the HTTP client sets them. */
const RESERVED_HEADERS = new Set([
  'content-type',
  'content-length',
  'host',
  'connection',
  'transfer-encoding',
]);
/**
 * Upper case only: a mixed-case token is far more likely a pasted secret than a variable name, and the
 * "is not set" problem would print it.
 */
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
/** `whsec_` then padded standard base64: what the standardwebhooks library decodes without throwing. */
const WHSEC = /^whsec_((?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)$/;
/** The Standard Webhooks spec asks for 24–64 random bytes; below 16 an HMAC key is too easy to guess. */
const MIN_SECRET_BYTES = 16;

export const DEFAULT_FAILING_AFTER = 3;

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export const retrySchema = z.strictObject({
  attempts: z.int().min(1).max(25).default(8).describe('Attempts in all, the first one included.'),
  base_delay_ms: z
    .int()
    .min(1)
    .max(3_600_000)
    .default(30_000)
    .describe('The wait after the first failed attempt, before jitter; it doubles per attempt.'),
  max_delay_ms: z
    .int()
    .min(1)
    .max(24 * 3_600_000)
    .default(30 * 60_000)
    .describe('No wait between two attempts is longer (a Retry-After may still ask for more, up to 1 h).'),
});

const headerMap = z.record(
  z
    .string()
    .regex(HEADER_NAME, 'not a valid HTTP header name')
    .refine((name) => !name.toLowerCase().startsWith('webhook-'), 'webhook-* headers carry the signature')
    .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), 'this header is set by policy-watch'),
  z.string().refine((value) => !/[\r\n\0]/.test(value), 'header values may not contain line breaks'),
);

export const webhookSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/, 'ids use lower-case letters, digits and hyphens only'),
    url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
    allow_http: z
      .boolean()
      .default(false)
      .describe('Allow a plain http URL on a non-loopback host (a private network receiver).'),
    secret_env: z
      .string()
      .superRefine((name, ctx) => {
        if (ENV_NAME.test(name)) return;
        // Never echo the value: it may be the secret itself, pasted in the wrong place.
        const message = /^whsec_/i.test(name)
          ? 'this is a secret: set it in an environment variable and name the variable here'
          : 'expected the NAME of an environment variable (A-Z, 0-9, _), e.g. PW_WEBHOOK_SECRET';
        ctx.addIssue({ code: 'custom', message });
      })
      .optional()
      .describe('The environment variable holding the whsec_ signing secret; never the secret itself.'),
    events: z
      .array(z.enum(ALERT_EVENT_TYPES))
      .min(1, 'subscribe to at least one event')
      .refine((events) => new Set(events).size === events.length, 'an event is listed twice'),
    claims: z
      .array(z.string())
      .min(1)
      .optional()
      .describe('Only claim events of these claims; all claims when absent. Feed events ignore it.'),
    format: z
      .enum(['standard', 'slack'])
      .default('standard')
      .describe('standard: the DESIGN.md JSON body; slack: an incoming-webhook message.'),
    headers: headerMap.default({}).describe('Extra request headers, e.g. an API gateway key.'),
    timeout_ms: z
      .int()
      .min(100)
      .max(120_000)
      .default(10_000)
      .describe('Total deadline of one POST, body included.'),
    concurrency: z
      .int()
      .min(1)
      .max(64)
      .default(4)
      .describe(
        'Deliveries in flight to this receiver at once, per daemon process; its own queue and worker keep a slow one from delaying the others.',
      ),
    retry: retrySchema.prefault({}),
  })
  .superRefine((webhook, ctx) => {
    const url = URL.canParse(webhook.url) ? new URL(webhook.url) : undefined;
    if (url && (url.username || url.password)) {
      // A URL ends up in too many places (logs, dead letters, the CLI) to hold a password.
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'no credentials in the URL; use headers' });
    }
    if (url?.protocol === 'http:' && !webhook.allow_http && !isLoopbackHost(url.hostname)) {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: 'https is required unless the host is loopback or allow_http is true',
      });
    }
    if (webhook.format === 'standard' && webhook.secret_env === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['secret_env'],
        message: 'required for format standard (receivers verify the signature)',
      });
    }
    if (webhook.retry.max_delay_ms < webhook.retry.base_delay_ms) {
      ctx.addIssue({
        code: 'custom',
        path: ['retry', 'max_delay_ms'],
        message: 'must be at least base_delay_ms',
      });
    }
  });

export const webhooksFileSchema = z.strictObject({
  failing_after: z
    .int()
    .min(1)
    .max(1000)
    .default(DEFAULT_FAILING_AFTER)
    .describe('Consecutive failed polls of a feed before feed.failing is sent.'),
  webhooks: z.array(webhookSchema).default([]),
});

export type WebhookConfig = z.infer<typeof webhookSchema>;
export type WebhooksFile = z.infer<typeof webhooksFileSchema>;
export type RetryOptions = WebhookConfig['retry'];

/**
 * A webhook ready to deliver: its config plus the secret read from `secret_env`. `secret` is a
 * non-enumerable, read-only property: build one with withSecret, and copy one with withSecret again
 * (a spread copy silently drops the secret, so it fails closed rather than leaking).
 */
export interface ResolvedWebhook extends WebhookConfig {
  readonly secret: string | undefined;
}

export function withSecret(webhook: WebhookConfig, secret: string | undefined): ResolvedWebhook {
  const { secret: _dropped, ...plain } = webhook as WebhookConfig & { secret?: unknown };
  return withHidden(plain, 'secret', secret) as ResolvedWebhook;
}

export function isWebhookSecret(value: string): boolean {
  const base64 = WHSEC.exec(value)?.[1];
  return base64 !== undefined && Buffer.from(base64, 'base64').length >= MIN_SECRET_BYTES;
}

export interface SecretProblem {
  /** Index into `webhooks`. */
  index: number;
  message: string;
}

/** Reads each webhook's secret from `env`; problems name the variable and never show its value. */
export function resolveWebhookSecrets(
  webhooks: readonly WebhookConfig[],
  env: Readonly<Record<string, string | undefined>>,
): { webhooks: ResolvedWebhook[]; problems: SecretProblem[] } {
  const problems: SecretProblem[] = [];
  const resolved = webhooks.map((webhook, index) => {
    if (webhook.secret_env === undefined) return withSecret(webhook, undefined);
    const value = env[webhook.secret_env];
    if (value === undefined || value === '') {
      problems.push({ index, message: `environment variable ${webhook.secret_env} is not set` });
    } else if (!isWebhookSecret(value.trim())) {
      problems.push({
        index,
        message: `environment variable ${webhook.secret_env} does not hold a whsec_ secret (whsec_ then base64 of at least ${MIN_SECRET_BYTES} bytes)`,
      });
    }
    return withSecret(webhook, value?.trim());
  });
  return { webhooks: resolved, problems };
}
