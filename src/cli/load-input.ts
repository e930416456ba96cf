/**
 * Turns a CLI INPUT (a file path or an http(s) URL) into a parsed feed, through the same fetch → decode →
 * parse stages the daemon uses. Throws only PolicyWatchError, whose message names the input and the reason.
 */
import { readFile, stat } from 'node:fs/promises';
import { PolicyWatchError, toPolicyWatchError } from '../errors.js';
import { fetchFeed, type ParsedFeed, readFeed } from '../feeds/index.js';

export interface InputLimits {
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
}

export interface LoadedInput {
  feed: ParsedFeed;
  /** The URL the feed was read from, after redirects; undefined for files. */
  url?: string | undefined;
}

export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

async function readLocalFile(input: string, maxBytes: number): Promise<Uint8Array> {
  try {
    const info = await stat(input);
    if (!info.isFile()) throw new PolicyWatchError('INPUT_NOT_FOUND', 'not a regular file');
    if (info.size > maxBytes) {
      throw new PolicyWatchError(
        'FETCH_TOO_LARGE',
        `the file is ${info.size} bytes, over the ${maxBytes}-byte limit`,
      );
    }
    return await readFile(input);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new PolicyWatchError('INPUT_NOT_FOUND', 'no such file');
    if (code === 'EACCES') throw new PolicyWatchError('INPUT_NOT_FOUND', 'permission denied');
    throw toPolicyWatchError(error);
  }
}

export async function loadInput(input: string, limits: InputLimits): Promise<LoadedInput> {
  if (isUrl(input)) {
    const outcome = await fetchFeed({ url: input, ...limits });
    if (outcome.kind === 'failed') throw outcome.error;
    if (outcome.kind === 'not-modified') {
      throw new PolicyWatchError(
        'FEED_EMPTY',
        'the server answered 304 Not Modified to an unconditional request',
      );
    }
    const feed = await readFeed(outcome.body, { contentType: outcome.contentType, url: outcome.url });
    return { feed, url: outcome.url };
  }
  return { feed: await readFeed(await readLocalFile(input, limits.maxBytes)) };
}
