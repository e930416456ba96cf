/**
 * The feeds module's one entry for reading a feed: `fetchFeed` gets a feed's bytes politely (fetch/:
 * conditional GET, limits, redirects, back-off hints), `readFeed` turns bytes into a parsed feed (decode/:
 * the charset, and a refusal of what is not a feed; parse/: RSS/Atom/JSON Feed, normalized items). The poll
 * job and the CLI both go through these two, so a feed reads the same in `policy-watch parse` as in the
 * daemon. `parseFeed` is the last step alone, for text already decoded. Beside them: who published an item
 * (source.ts) and the alias syndicated copies of a story share (parse/fingerprint.ts).
 * What is remembered about a feed between polls (health, seen stories) has its own door: state/index.ts.
 */
import { checkFeedBody } from './decode/body-check.js';
import { decodeFeedBody } from './decode/decode.js';
import { parseFeed } from './parse/parse.js';
import type { ParsedFeed } from './types.js';

export { fetchFeed } from './fetch/fetch.js';
export { storyAlias } from './parse/fingerprint.js';
export { parseFeed } from './parse/parse.js';
export { itemSource } from './source.js';
export type { FeedItem, FetchOutcome, ParsedFeed } from './types.js';

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
