/**
 * Loads and validates the config directory: claims.yaml, feeds.yaml and the optional webhooks.yaml (absent
 * = no webhooks; a file of comments only counts as empty). Returns the typed config with every default
 * applied, or throws one ConfigError that lists every problem of every file: YAML syntax, schema
 * violations, unknown keys, cross-file references, and webhook secrets missing from the environment
 * (named by variable, never shown).
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type ClaimConfig, claimsFileSchema } from './claims-schema.js';
import { readEnv } from './env.js';
import { authorizationOf, withAuthorization } from './feed-credentials.js';
import { type FeedConfig, feedsFileSchema } from './feeds-schema.js';
import { type LexiconFile, lexiconFileSchema } from './lexicon-schema.js';
import { packageRoot } from './package-root.js';
import {
  ConfigError,
  type ConfigProblem,
  type LocatedDocument,
  lineOf,
  problemsFromZod,
} from './problems.js';
import {
  type ResolvedWebhook,
  resolveWebhookSecrets,
  type WebhooksFile,
  webhooksFileSchema,
} from './webhooks-schema.js';

/** A feed with the file's defaults applied and its source resolved. */
export interface ResolvedFeed extends Omit<FeedConfig, 'schedule' | 'timeout_ms' | 'max_bytes' | 'source'> {
  schedule: string;
  timeout_ms: number;
  max_bytes: number;
  user_agent: string;
  source: string;
  /** From `auth_env` (feed-credentials.ts), non-enumerable; absent without auth_env. */
  readonly authorization?: string;
}

export interface PolicyWatchConfig {
  dir: string;
  claims: ClaimConfig[];
  feeds: ResolvedFeed[];
  /** Each carries its secret in a non-enumerable `secret`; empty without webhooks.yaml. */
  webhooks: ResolvedWebhook[];
  /** The change words of lexicon.yaml (the packaged one when the directory has none). */
  lexicon: Lexicon;
  /** File-level alert settings of webhooks.yaml (defaults when the file is absent). */
  alerts: Pick<WebhooksFile, 'failing_after'>;
  /** The recent items archive (feeds.yaml `archive_days`, `archive_max_items`), for `backtest`. */
  archive: ArchiveSettings;
}

export interface ArchiveSettings {
  days: number;
  maxItems: number;
}

export const CLAIMS_FILE = 'claims.yaml';
export const FEEDS_FILE = 'feeds.yaml';
export const WEBHOOKS_FILE = 'webhooks.yaml';
export const LEXICON_FILE = 'lexicon.yaml';

export type Lexicon = LexiconFile['change'];

interface FileResult<T> {
  located?: LocatedDocument;
  value?: T;
}

function readYaml<T>(
  dir: string,
  name: string,
  schema: z.ZodType<T>,
  problems: ConfigProblem[],
  optional = false,
): FileResult<T> {
  const file = path.join(dir, name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (missing && optional) return { value: schema.parse({}) };
    problems.push({ file, path: '', message: missing ? 'file not found' : String(error) });
    return {};
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const located: LocatedDocument = { file, document, lineCounter };
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const line = lineCounter.linePos(error.pos[0]).line;
      problems.push({ file, path: '', line, message: `YAML syntax: ${error.message.split('\n')[0]}` });
    }
    return { located };
  }
  // An optional file may be all comments (every example commented out): that is an empty file, not `null`.
  const parsed = schema.safeParse(document.toJS() ?? (optional ? {} : null));
  if (!parsed.success) {
    problems.push(...problemsFromZod(located, parsed.error.issues));
    return { located };
  }
  return { located, value: parsed.data };
}

/**
 * The claim ids claims.yaml names even when it has schema problems elsewhere, so the feeds' and webhooks'
 * references are checked in the same run instead of only after claims.yaml is fixed. Undefined when the
 * file could not be read or parsed as YAML.
 */
function rawClaimIds(located: LocatedDocument | undefined): Set<string> | undefined {
  if (!located || located.document.errors.length > 0) return undefined;
  const raw = located.document.toJS() as { claims?: unknown } | null;
  if (!raw || !Array.isArray(raw.claims)) return undefined;
  const ids = raw.claims
    .map((claim: unknown) =>
      claim && typeof claim === 'object' ? (claim as { id?: unknown }).id : undefined,
    )
    .filter((id): id is string => typeof id === 'string');
  return new Set(ids);
}

function duplicateIds(items: ReadonlyArray<{ id: string }>): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  for (const [index, item] of items.entries())
    positions.set(item.id, [...(positions.get(item.id) ?? []), index]);
  return new Map([...positions].filter(([, at]) => at.length > 1));
}

function checkUniqueIds(
  located: LocatedDocument,
  key: 'claims' | 'feeds' | 'webhooks',
  items: ReadonlyArray<{ id: string }>,
  problems: ConfigProblem[],
): void {
  for (const [id, at] of duplicateIds(items)) {
    for (const index of at.slice(1)) {
      problems.push({
        file: located.file,
        path: `${key}[${index}].id`,
        line: lineOf(located, [key, index, 'id']),
        message: `duplicate id "${id}" (first used at ${key}[${at[0]}])`,
      });
    }
  }
}

function resolveFeeds(
  file: z.infer<typeof feedsFileSchema>,
  env: Readonly<Record<string, string | undefined>>,
  located: LocatedDocument | undefined,
  problems: ConfigProblem[],
): ResolvedFeed[] {
  return file.feeds.map((feed, index) => {
    const resolved: ResolvedFeed = {
      ...feed,
      schedule: feed.schedule ?? file.defaults.schedule,
      timeout_ms: feed.timeout_ms ?? file.defaults.timeout_ms,
      max_bytes: feed.max_bytes ?? file.defaults.max_bytes,
      user_agent: file.defaults.user_agent,
      source: feed.source ?? new URL(feed.url).host,
    };
    if (!feed.auth_env) return resolved;
    const authorization = authorizationOf(feed.auth_env, env[feed.auth_env]);
    if (typeof authorization === 'string') return withAuthorization(resolved, authorization);
    const at = ['feeds', index, 'auth_env'];
    problems.push({
      file: located?.file ?? FEEDS_FILE,
      path: `feeds[${index}].auth_env`,
      line: located ? lineOf(located, at) : undefined,
      message: authorization.problem,
    });
    return resolved;
  });
}

function checkClaimRefs(
  located: LocatedDocument,
  key: 'feeds' | 'webhooks',
  items: ReadonlyArray<{ claims?: string[] | undefined }>,
  known: ReadonlySet<string>,
  problems: ConfigProblem[],
): void {
  for (const [index, item] of items.entries()) {
    for (const [position, claimId] of (item.claims ?? []).entries()) {
      if (known.has(claimId)) continue;
      problems.push({
        file: located.file,
        path: `${key}[${index}].claims[${position}]`,
        line: lineOf(located, [key, index, 'claims', position]),
        message: `unknown claim id "${claimId}" (not in ${CLAIMS_FILE})`,
      });
    }
  }
}

function loadWebhooks(
  dir: string,
  env: Readonly<Record<string, string | undefined>>,
  claimIds: ReadonlySet<string> | undefined,
  problems: ConfigProblem[],
): { webhooks: ResolvedWebhook[]; alerts: Pick<WebhooksFile, 'failing_after'> } | undefined {
  const file = readYaml(dir, WEBHOOKS_FILE, webhooksFileSchema, problems, true);
  if (!file.value) return undefined;
  const { located, value } = file;
  const resolved = resolveWebhookSecrets(value.webhooks, env);
  if (located) {
    checkUniqueIds(located, 'webhooks', value.webhooks, problems);
    if (claimIds) checkClaimRefs(located, 'webhooks', value.webhooks, claimIds, problems);
    for (const { index, message } of resolved.problems) {
      const at = ['webhooks', index, 'secret_env'];
      problems.push({
        file: located.file,
        path: `webhooks[${index}].secret_env`,
        line: lineOf(located, at),
        message,
      });
    }
  }
  return { webhooks: resolved.webhooks, alerts: { failing_after: value.failing_after } };
}

/** The directory's lexicon.yaml, else the one shipped with the package: a lexicon is product data. */
function loadLexicon(dir: string, problems: ConfigProblem[]): Lexicon | undefined {
  const own = existsSync(path.join(dir, LEXICON_FILE));
  const file = readYaml(
    own ? dir : path.join(packageRoot(), 'config'),
    LEXICON_FILE,
    lexiconFileSchema,
    problems,
  );
  return file.value?.change;
}

/** The lexicon alone (the demo and tools that build their config in memory); throws ConfigError. */
export function loadLexiconOf(dir: string): Lexicon {
  const problems: ConfigProblem[] = [];
  const lexicon = loadLexicon(dir, problems);
  if (!lexicon) throw new ConfigError(problems);
  return lexicon;
}

/**
 * @param env - where webhook secrets and feed credentials (`auth_env`) are read from. @defaultValue process.env
 */
export function loadConfig(
  dir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): PolicyWatchConfig {
  const problems: ConfigProblem[] = [];
  const claims = readYaml(dir, CLAIMS_FILE, claimsFileSchema, problems);
  const feeds = readYaml(dir, FEEDS_FILE, feedsFileSchema, problems);
  const claimIds = claims.value
    ? new Set(claims.value.claims.map((claim) => claim.id))
    : rawClaimIds(claims.located);

  if (claims.located && claims.value) checkUniqueIds(claims.located, 'claims', claims.value.claims, problems);
  if (feeds.located && feeds.value) {
    checkUniqueIds(feeds.located, 'feeds', feeds.value.feeds, problems);
    if (claimIds) checkClaimRefs(feeds.located, 'feeds', feeds.value.feeds, claimIds, problems);
  }
  const webhooks = loadWebhooks(dir, env, claimIds, problems);
  const lexicon = loadLexicon(dir, problems);
  const resolvedFeeds = feeds.value && resolveFeeds(feeds.value, env, feeds.located, problems);

  if (problems.length > 0 || !claims.value || !feeds.value || !resolvedFeeds || !webhooks || !lexicon) {
    throw new ConfigError(problems);
  }
  const archive = { days: feeds.value.archive_days, maxItems: feeds.value.archive_max_items };
  return { dir, claims: claims.value.claims, feeds: resolvedFeeds, lexicon, archive, ...webhooks };
}

/** `--config DIR` wins, then PW_CONFIG_DIR, then ./config. */
export function resolveConfigDir(flag?: string): string {
  return path.resolve(flag ?? readEnv('PW_CONFIG_DIR'));
}
