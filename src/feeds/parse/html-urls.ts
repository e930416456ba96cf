/**
 * Makes the links inside HTML content absolute. Summaries and content travel on (CLI, webhook bodies),
 * away from the feed whose base gave their relative links a meaning, so `<a href="/story">` becomes
 * `<a href="https://site/story">` here, with the same base rules as item links (urls.ts).
 *
 * Only URL-valued attributes of the HTML 4/5 vocabulary are touched (href, src, cite, …), everything else
 * is left byte for byte. Tags longer than MAX_TAG_CHARS are skipped rather than scanned, which keeps the
 * work linear on hostile input.
 */
import { resolveUrl } from './urls.js';

const MAX_TAG_CHARS = 4_096;

// biome-ignore format: a table reads better packed
const URL_ATTRIBUTES = new Set([
  'href', 'src', 'cite', 'action', 'background', 'longdesc', 'usemap', 'codebase', 'poster', 'data',
  'formaction', 'profile', 'classid',
]);

const TAG = new RegExp(`<[A-Za-z][^<>]{0,${MAX_TAG_CHARS}}>`, 'g');
const ATTRIBUTE = /(\s)([A-Za-z:-]{1,32})(\s{0,8}=\s{0,8})("[^"]*"|'[^']*'|[^\s"'>]+)/g;

function rewriteAttribute(base: string, whole: string, space: string, name: string, eq: string, raw: string) {
  if (!URL_ATTRIBUTES.has(name.toLowerCase())) return whole;
  const quote = raw.startsWith('"') || raw.startsWith("'") ? raw[0] : '';
  const value = quote ? raw.slice(1, -1) : raw;
  const resolved = resolveUrl(value, base);
  if (resolved === undefined || resolved === value) return whole;
  const q = quote || '"';
  return `${space}${name}${eq}${q}${resolved.replaceAll(q, q === '"' ? '%22' : '%27')}${q}`;
}

/** Returns `html` with relative URLs in URL attributes resolved against `base`. */
export function absolutizeHtmlUrls(html: string, base: string | undefined): string {
  if (base === undefined || !html.includes('<')) return html;
  return html.replace(TAG, (tag) =>
    tag.replace(ATTRIBUTE, (whole, space: string, name: string, eq: string, raw: string) =>
      rewriteAttribute(base, whole, space, name, eq, raw),
    ),
  );
}
