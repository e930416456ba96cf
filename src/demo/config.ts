/**
 * The demo's config, built in memory and never written to disk: the default claims from
 * config/claims.yaml, one feed per replay feed pointing at the local feed server, and one webhook to the
 * local receiver, subscribed to claim.status_changed, whose secret is generated at start and attached with
 * withSecret (it never reaches the environment or a file).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { type ClaimConfig, claimsFileSchema } from '../config/claims-schema.js';
import { ARCHIVE_DEFAULTS, feedDefaultsSchema, feedSchema } from '../config/feeds-schema.js';
import type { Lexicon, PolicyWatchConfig, ResolvedFeed } from '../config/load.js';
import {
  DEFAULT_FAILING_AFTER,
  type ResolvedWebhook,
  webhookSchema,
  withSecret,
} from '../config/webhooks-schema.js';
import type { Replay } from './replay.js';

export const DEMO_WEBHOOK_ID = 'demo-receiver';

export function loadClaims(file: string): ClaimConfig[] {
  const parsed = claimsFileSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file} is not valid; run \`npx policy-watch check-config\` to see every problem`);
  }
  return parsed.data.claims;
}

export function replayFeeds(replay: Replay, origin: string): ResolvedFeed[] {
  const defaults = feedDefaultsSchema.parse({ timeout_ms: 10_000 });
  return replay.feeds.map((feed) => {
    const parsed = feedSchema.parse({
      id: feed.id,
      url: `${origin}${feed.path}`,
      source: feed.source,
      aggregator: feed.aggregator,
      ...(feed.weight === undefined ? {} : { weight: feed.weight }),
    });
    return {
      ...parsed,
      schedule: defaults.schedule,
      timeout_ms: defaults.timeout_ms,
      max_bytes: defaults.max_bytes,
      user_agent: defaults.user_agent,
      source: feed.source,
    };
  });
}

export function demoWebhook(url: string, secret: string): ResolvedWebhook {
  const parsed = webhookSchema.parse({
    id: DEMO_WEBHOOK_ID,
    url,
    // Required by the schema for `standard`; the secret itself is attached below, never read from here.
    secret_env: 'PW_DEMO_WEBHOOK_SECRET',
    events: ['claim.status_changed'],
    timeout_ms: 5_000,
    // A local receiver that hiccups should be retried within the demo's minute, not after 30 s.
    retry: { attempts: 5, base_delay_ms: 200, max_delay_ms: 2_000 },
  });
  return withSecret(parsed, secret);
}

export interface DemoConfigInput {
  claims: ClaimConfig[];
  feeds: ResolvedFeed[];
  webhook: ResolvedWebhook;
  dir: string;
  lexicon: Lexicon;
}

export function demoConfig(input: DemoConfigInput): PolicyWatchConfig {
  return {
    dir: input.dir,
    claims: input.claims,
    feeds: input.feeds,
    webhooks: [input.webhook],
    lexicon: input.lexicon,
    alerts: { failing_after: DEFAULT_FAILING_AFTER },
    archive: { ...ARCHIVE_DEFAULTS },
  };
}
