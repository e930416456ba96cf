/**
 * The shapes that flow through src/feeds: what a fetch returns, and the normalized feed and items that
 * parseFeed returns. Every text field is a plain string (never an object); absent values are `undefined`
 * (or `[]` for lists), never placeholders.
 */
import type { PolicyWatchError } from '../errors.js';

export interface FetchRequest {
  url: string;
  /** ETag stored from the previous successful fetch (sent as If-None-Match). */
  etag?: string | undefined;
  /** Last-Modified stored from the previous successful fetch (sent as If-Modified-Since). */
  lastModified?: string | undefined;
  /** Total deadline for the whole exchange, redirects and body included. @defaultValue 15000 */
  timeoutMs?: number;
  /** Cap on the decoded (decompressed) body, enforced while streaming. @defaultValue 5 MiB */
  maxBytes?: number;
  /** @defaultValue 'policy-watch/<version> (+feed monitor)' */
  userAgent?: string;
  /** Aborts the fetch from outside (shutdown). */
  signal?: AbortSignal;
  /** The Authorization header value (feed `auth_env`); never sent to another origin after a redirect. */
  authorization?: string | undefined;
}

/** Caching hints read from the response; they feed the next-poll computation. */
export interface CacheHints {
  /** From Retry-After (seconds or HTTP date), in ms from now. */
  retryAfterMs?: number | undefined;
  /** From Cache-Control max-age (or s-maxage), in seconds. */
  maxAgeSeconds?: number | undefined;
}

export interface FetchedFeed extends CacheHints {
  kind: 'fetched';
  /** The URL after redirects. */
  url: string;
  status: number;
  /** The raw body bytes, decompressed, at most maxBytes. */
  body: Uint8Array;
  contentType?: string | undefined;
  etag?: string | undefined;
  lastModified?: string | undefined;
  durationMs: number;
}

export interface NotModifiedFeed extends CacheHints {
  kind: 'not-modified';
  url: string;
  etag?: string | undefined;
  lastModified?: string | undefined;
  durationMs: number;
}

export interface FailedFetch extends CacheHints {
  kind: 'failed';
  url: string;
  error: PolicyWatchError;
  /** The HTTP status, when the server answered. */
  status?: number | undefined;
  durationMs: number;
}

export type FetchOutcome = FetchedFeed | NotModifiedFeed | FailedFetch;

export interface DecodedBody {
  text: string;
  /** The WHATWG encoding label that was used, e.g. 'utf-8', 'gbk', 'utf-16le'. */
  encoding: string;
  /** Where the encoding came from. */
  encodingSource: 'bom' | 'http' | 'xml-declaration' | 'default';
}

export type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json';

export interface FeedItem {
  /** Stable id: guid / Atom id / JSON Feed id, else the canonical link, else a hash of title and date. */
  id: string;
  title?: string | undefined;
  /** Absolute URL (resolved against xml:base and the feed URL). */
  link?: string | undefined;
  /** ISO-8601 UTC; undefined when absent or unparseable (a bad date loses the date, never the item). */
  published?: string | undefined;
  updated?: string | undefined;
  /** Description / summary as published (may contain HTML). */
  summary?: string | undefined;
  /** Full content as published (may contain HTML). */
  content?: string | undefined;
  /** Display form, e.g. 'Name (email)' or 'Name'. */
  author?: string | undefined;
  /** The author's name alone, without the email (feedparser's `author_detail.name`). */
  authorName?: string | undefined;
  categories: string[];
  /** The item's own publisher where the feed names one (e.g. Google News `<source>`), else undefined. */
  publisher?: string | undefined;
  /** Syndicated copies of one story share this: see parse/fingerprint.ts. */
  storyKey: string;
}

export interface ParsedFeed {
  format: FeedFormat;
  title?: string | undefined;
  link?: string | undefined;
  items: FeedItem[];
}

export interface ParseOptions {
  /** The document's URL, for resolving relative links (after xml:base). */
  url?: string | undefined;
}
