/**
 * Loads and validates the config directory: claims.yaml and feeds.yaml (webhooks.yaml joins with the alert
 * issue). Returns the typed config with every default applied, or throws one ConfigError that lists every
 * problem of every file: YAML syntax, schema violations, unknown keys, and cross-file references.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type ClaimConfig, claimsFileSchema } from './claims-schema.js';
import { type FeedConfig, feedsFileSchema } from './feeds-schema.js';
import {
  ConfigError,
  type ConfigProblem,
  type LocatedDocument,
  lineOf,
  problemsFromZod,
} from './problems.js';

/** A feed with the file's defaults applied and its source resolved. */
export interface ResolvedFeed extends Omit<FeedConfig, 'schedule' | 'timeout_ms' | 'max_bytes' | 'source'> {
  schedule: string;
  timeout_ms: number;
  max_bytes: number;
  user_agent: string;
  source: string;
}

export interface PolicyWatchConfig {
  dir: string;
  claims: ClaimConfig[];
  feeds: ResolvedFeed[];
}

export const CLAIMS_FILE = 'claims.yaml';
export const FEEDS_FILE = 'feeds.yaml';

interface FileResult<T> {
  located?: LocatedDocument;
  value?: T;
}

function readYaml<T>(
  dir: string,
  name: string,
  schema: z.ZodType<T>,
  problems: ConfigProblem[],
): FileResult<T> {
  const file = path.join(dir, name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    problems.push({ file, path: '', message: reason });
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
  const parsed = schema.safeParse(document.toJS());
  if (!parsed.success) {
    problems.push(...problemsFromZod(located, parsed.error.issues));
    return { located };
  }
  return { located, value: parsed.data };
}

function duplicateIds(items: ReadonlyArray<{ id: string }>): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  for (const [index, item] of items.entries())
    positions.set(item.id, [...(positions.get(item.id) ?? []), index]);
  return new Map([...positions].filter(([, at]) => at.length > 1));
}

function checkUniqueIds(
  located: LocatedDocument,
  key: 'claims' | 'feeds',
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

function resolveFeeds(file: z.infer<typeof feedsFileSchema>): ResolvedFeed[] {
  return file.feeds.map((feed) => ({
    ...feed,
    schedule: feed.schedule ?? file.defaults.schedule,
    timeout_ms: feed.timeout_ms ?? file.defaults.timeout_ms,
    max_bytes: feed.max_bytes ?? file.defaults.max_bytes,
    user_agent: file.defaults.user_agent,
    source: feed.source ?? new URL(feed.url).host,
  }));
}

export function loadConfig(dir: string): PolicyWatchConfig {
  const problems: ConfigProblem[] = [];
  const claims = readYaml(dir, CLAIMS_FILE, claimsFileSchema, problems);
  const feeds = readYaml(dir, FEEDS_FILE, feedsFileSchema, problems);

  if (claims.located && claims.value) checkUniqueIds(claims.located, 'claims', claims.value.claims, problems);
  if (feeds.located && feeds.value) {
    checkUniqueIds(feeds.located, 'feeds', feeds.value.feeds, problems);
    if (claims.value) {
      const known = new Set(claims.value.claims.map((claim) => claim.id));
      for (const [index, feed] of feeds.value.feeds.entries()) {
        for (const [position, claimId] of (feed.claims ?? []).entries()) {
          if (known.has(claimId)) continue;
          problems.push({
            file: feeds.located.file,
            path: `feeds[${index}].claims[${position}]`,
            line: lineOf(feeds.located, ['feeds', index, 'claims', position]),
            message: `unknown claim id "${claimId}" (not in ${CLAIMS_FILE})`,
          });
        }
      }
    }
  }

  if (problems.length > 0 || !claims.value || !feeds.value) throw new ConfigError(problems);
  return { dir, claims: claims.value.claims, feeds: resolveFeeds(feeds.value) };
}

/** `--config DIR` wins, then PW_CONFIG_DIR, then ./config. */
export function resolveConfigDir(flag?: string): string {
  return path.resolve(flag ?? process.env.PW_CONFIG_DIR ?? 'config');
}
