/**
 * The feeds module's one entry: `fetchFeed` gets a feed's bytes politely (conditional GET, limits,
 * redirects, back-off hints), `readFeed` turns bytes into a parsed feed (decode the charset, refuse what is
 * not a feed, parse RSS/Atom/JSON Feed and normalize its items). The poll job and the CLI both go through
 * these two, so a feed reads the same in `policy-watch parse` as in the daemon.
 */
import { checkFeedBody } from './decode/body-check.js';
import { decodeFeedBody } from './decode/decode.js';
import { parseFeed } from './parse/parse.js';
import type { ParsedFeed } from './types.js';

export { fetchFeed } from './fetch/fetch.js';
export type { FeedItem, ParsedFeed } from './types.js';

export interface ReadFeedOptions {
  /** The Content-Type the server sent (its charset wins over a sniffed one); none for a file. */
  contentType?: string | undefined;
  /** Where the bytes came from, for resolving relative links; none for a file. */
  url?: string | undefined;
}

/** Decodes, checks and parses a feed's bytes; throws a PolicyWatchError naming what is wrong. */
export async function readFeed(bytes: Uint8Array, options: ReadFeedOptions = {}): Promise<ParsedFeed> {
  const decoded = decodeFeedBody(bytes, options.contentType);
  checkFeedBody(decoded, options.contentType);
  return parseFeed(decoded.text, { url: options.url });
}
