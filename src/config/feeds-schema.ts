/**
 * The schema of config/feeds.yaml. `defaults` apply to every feed that does not set its own value;
 * the values below are the product's defaults. Unknown keys are errors.
 */
import { z } from 'zod';
import { cronProblem } from '../schedule/cron.js';

/**
 * The fetch defaults, the one source for the schema below and for fetchFeed's fallbacks.
 * The version is kept in step with package.json by hand: reading package.json at run time breaks in dist/.
 */
export const FETCH_DEFAULTS = {
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  userAgent: 'policy-watch/0.1.0 (feed monitor)',
} as const;

/** A cron expression the scheduler can run: five fields, or six with seconds first (schedule/cron.ts). */
const cronSchema = z.string().superRefine((expression, context) => {
  const problem = cronProblem(expression);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

export const feedDefaultsSchema = z.strictObject({
  schedule: cronSchema.default('*/15 * * * *').describe('When to poll, as a node-cron expression.'),
  timeout_ms: z
    .int()
    .min(100)
    .max(120_000)
    .default(FETCH_DEFAULTS.timeoutMs)
    .describe('Total deadline for one fetch.'),
  max_bytes: z
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(FETCH_DEFAULTS.maxBytes)
    .describe('Cap on a decompressed body; a larger feed fails with FETCH_TOO_LARGE.'),
  user_agent: z.string().min(1).default(FETCH_DEFAULTS.userAgent),
});

/** Upper case only: a mixed-case value is more likely a pasted secret than a variable name. */
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** A feed URL never carries credentials: they would show wherever the URL does. */
const feedUrl = httpUrl.refine((url) => {
  const parsed = new URL(url);
  return parsed.username === '' && parsed.password === '';
}, 'a feed URL may not carry a user or password: put them in an environment variable and name it in auth_env');

export const feedSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'ids use lower-case letters, digits and hyphens only'),
  url: feedUrl,
  auth_env: z
    .string()
    .regex(ENV_NAME, 'expected the name of an environment variable (upper case, digits, _)')
    .optional()
    .describe('The variable holding the feed\'s credentials: "user:password" (Basic) or "Bearer <token>".'),
  schedule: cronSchema.optional().describe('Overrides defaults.schedule.'),
  timeout_ms: z.int().min(100).max(120_000).optional(),
  max_bytes: z
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .optional(),
  claims: z.array(z.string()).min(1).optional().describe('Claim ids this feed speaks to; all when absent.'),
  source: z.string().min(1).optional().describe("The publisher's name; the URL's host when absent."),
  weight: z.number().positive().max(10).default(1).describe('How much one item of this source weighs.'),
  aggregator: z
    .boolean()
    .default(false)
    .describe("Google News, GDELT…: each item's own publisher is its source."),
});

export const ARCHIVE_DEFAULTS = { days: 30, maxItems: 100_000 } as const;

export const feedsFileSchema = z.strictObject({
  defaults: feedDefaultsSchema.prefault({}),
  archive_days: z
    .number()
    .int()
    .min(1)
    .max(365)
    .default(ARCHIVE_DEFAULTS.days)
    .describe('How long every new story is kept for `backtest` (days).'),
  archive_max_items: z
    .number()
    .int()
    .min(0)
    .max(10_000_000)
    .default(ARCHIVE_DEFAULTS.maxItems)
    .describe('At most this many stories are kept, the oldest dropped first; 0 keeps none.'),
  feeds: z.array(feedSchema).min(1, 'at least one feed is needed'),
});

export type FeedConfig = z.infer<typeof feedSchema>;
export type FeedsFile = z.infer<typeof feedsFileSchema>;
