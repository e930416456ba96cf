/**
 * `check-config --dump`: the settings a daemon started now would run with — every environment variable of
 * the schema (set or default) and the config with every default applied — with secrets left out. Webhook
 * secrets and feed credentials are non-enumerable (hidden.ts), so they never reach this object; URLs are
 * shown as redact-url.ts shows them everywhere else; the lexicon is summarised (hundreds of words).
 */
import { redactUrl } from '../text/redact-url.js';
import { type EffectiveSetting, effectiveEnvironment } from './env.js';
import type { PolicyWatchConfig } from './load.js';

export interface SettingsDump {
  environment: EffectiveSetting[];
  config: {
    dir: string;
    claims: PolicyWatchConfig['claims'];
    feeds: Array<Omit<PolicyWatchConfig['feeds'][number], 'authorization'>>;
    webhooks: PolicyWatchConfig['webhooks'];
    alerts: PolicyWatchConfig['alerts'];
    /** Words per kind of change. */
    lexicon: Record<string, number>;
  };
}

export function dumpSettings(config: PolicyWatchConfig, env: NodeJS.ProcessEnv = process.env): SettingsDump {
  const lexicon = Object.fromEntries(
    Object.entries(config.lexicon).map(([kind, words]) => [kind, words.length]),
  );
  return {
    environment: effectiveEnvironment(env),
    config: {
      dir: config.dir,
      claims: config.claims,
      feeds: config.feeds.map((feed) => ({ ...feed, url: redactUrl(feed.url) })),
      webhooks: config.webhooks.map((webhook) => ({ ...webhook, url: redactUrl(webhook.url) })),
      alerts: config.alerts,
      lexicon,
    },
  };
}
