/**
 * Conformance against the feedparser corpus (shared/feed-corpus/feedparser, beside the repository):
 * every file is decoded as a fetcher would (decodeFeedBody with the manifest's Content-type), parsed with
 * the document URL as base, and each translated check compared to our normalized output.
 *
 * - Only `checks` count toward the rate; `encoding` expectations are reported beside it (they belong to
 *   the decoder and use Python codec names, compared here as WHATWG encodings).
 * - Every file must give a feed or a typed PolicyWatchError other than INTERNAL, within PER_FILE_LIMIT_MS.
 * - feedparser's harness serves every file at http://127.0.0.1:8097/tests/<path>, with the manifest's
 *   headers; the document URL and Content-Location base come from there, as a fetch would give them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PolicyWatchError } from '../../src/errors.js';
import { decodeFeedBody } from '../../src/feeds/decode/decode.js';
import { parseFeed } from '../../src/feeds/parse/parse.js';
import { documentBaseUrl } from '../../src/feeds/parse/urls.js';
import type { FeedItem, ParsedFeed } from '../../src/feeds/types.js';
import { FEED_CORPUS_DIR as CORPUS, manifestHeader as header, readManifest } from '../support/feed-corpus.js';

const TOTAL_CHECKS = 613;
const REQUIRED_CHECKS = 552; // 90 %
const PER_FILE_LIMIT_MS = 2_000;
const HARNESS_ORIGIN = 'http://127.0.0.1:8097/tests/';

const FIELD = /^(?:feed\.(title|link)|entries\[(\d+)\]\.(\w+)(?:\[(\d+)\])?)$/;

/** Reads a manifest field ('feed.title', 'entries[0].categories[1]', 'entries[0].author_name') from our feed. */
function actualValue(feed: ParsedFeed, field: string): unknown {
  const m = FIELD.exec(field);
  if (!m) throw new Error(`unknown manifest field ${field}`);
  if (m[1]) return feed[m[1] as 'title' | 'link'];
  const item = feed.items[Number(m[2])];
  if (!item) return undefined;
  const key = (m[3] === 'author_name' ? 'authorName' : m[3]) as keyof FeedItem;
  const value = item[key];
  return m[4] === undefined ? value : (value as string[] | undefined)?.[Number(m[4])];
}

/** The WHATWG encoding a label names ('us-ascii' and 'iso-8859-1' are windows-1252), else the label. */
function encodingName(label: string): string {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return label.toLowerCase();
  }
}

/** Rejects when `promise` takes longer than `ms` (an async hang); a sync hang shows up as the file's time. */
function guarded<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('feedparser corpus conformance', () => {
  it(`passes at least ${REQUIRED_CHECKS} of ${TOTAL_CHECKS} checks, typed errors only`, async () => {
    const manifest = readManifest();

    let passed = 0;
    let checks = 0;
    let parsed = 0;
    let encodingPassed = 0;
    let encodingChecks = 0;
    const errorCodes: Record<string, number> = {};
    const failingFields: Record<string, number> = {};
    const problems: string[] = [];
    const started = performance.now();

    for (const entry of manifest) {
      const bytes = new Uint8Array(readFileSync(`${CORPUS}${entry.path}`));
      const decoded = decodeFeedBody(bytes, header(entry, 'content-type'));
      const url = documentBaseUrl(
        entry.documentUrl ?? `${HARNESS_ORIGIN}${entry.path}`,
        header(entry, 'content-location'),
      );
      const fileStart = performance.now();
      let feed: ParsedFeed | undefined;
      try {
        feed = await guarded(parseFeed(decoded.text, { url }), PER_FILE_LIMIT_MS);
        parsed += 1;
      } catch (error) {
        if (!(error instanceof PolicyWatchError) || error.code === 'INTERNAL') {
          problems.push(`${entry.path}: ${String(error)}`);
        } else {
          errorCodes[error.code] = (errorCodes[error.code] ?? 0) + 1;
        }
      }
      const ms = performance.now() - fileStart;
      if (ms > PER_FILE_LIMIT_MS) problems.push(`${entry.path}: took ${Math.round(ms)} ms`);

      for (const check of entry.checks) {
        checks += 1;
        if (feed && actualValue(feed, check.field) === check.equals) passed += 1;
        else {
          const field = check.field.replace(/\[\d+\]/g, '[]');
          failingFields[field] = (failingFields[field] ?? 0) + 1;
        }
      }
      if (entry.encoding) {
        encodingChecks += 1;
        if (encodingName(entry.encoding) === encodingName(decoded.encoding)) encodingPassed += 1;
      }
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const typed = Object.values(errorCodes).reduce((a, b) => a + b, 0);
    console.log(
      `conformance: ${passed}/${checks} checks (${((100 * passed) / checks).toFixed(1)}%), ` +
        `${parsed} files parsed, ${typed} typed errors ${JSON.stringify(errorCodes)}, ` +
        `encoding ${encodingPassed}/${encodingChecks}, ${seconds} s`,
    );
    console.log(`conformance failures by field: ${JSON.stringify(failingFields)}`);

    expect(problems).toEqual([]);
    expect(checks).toBe(TOTAL_CHECKS);
    expect(parsed + typed).toBe(manifest.length);
    expect(passed).toBeGreaterThanOrEqual(REQUIRED_CHECKS);
  }, 120_000);
});
