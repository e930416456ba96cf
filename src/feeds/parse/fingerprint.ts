/**
 * Story identity across feeds (DESIGN.md: "The same story syndicated in several feeds is one story").
 * Pure functions, no I/O.
 *
 * - `canonicalUrl(url)`: the URL as an identity, not as something to fetch. http(s) only. Lower-case host
 *   without a leading 'www.', https for http (the same article is served on both, and feeds disagree),
 *   no credentials, no default port, no fragment, no trailing slash, tracking parameters removed
 *   (TRACKING_PARAMS and the utm_ / at_ / WT. families), the rest sorted.
 * - `titleFingerprint(title, publisher?)`: HTML stripped, NFKC, case-folded, dashes unified, a trailing
 *   ' - Publisher' (as Google News appends) removed, punctuation and whitespace collapsed to single spaces.
 * - `storyKey(...)`: 'url:' + canonical URL when the item has a usable link, else 'title:' + fingerprint,
 *   else 'id:' + item id. The URL wins because titles get edited and collide ("Live updates"); the title
 *   only decides for link-less items, so two copies without links and with the same headline are one story.
 */
import { stripHtml } from '../../text/html-to-text.js';

// biome-ignore format: a table reads better packed
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'msclkid', 'yclid', 'igshid', 'mc_cid', 'mc_eid', 'ref', 'ref_src',
  'ref_url', 'cmpid', 'ocid', 'oc', 'icid', 'ito', 'smid', 'sr_share', 'spm', 'ncid', 'soc_src', 'soc_trk',
  '_ga', '_gl', '_hsenc', '_hsmi', 'mkt_tok', 'guccounter', 'guce_referrer', 'guce_referrer_sig', 'cmp',
]);
const TRACKING_PREFIXES = ['utm_', 'at_', 'wt.'];

function isTracking(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

export function canonicalUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const host = parsed.hostname.replace(/^www\./, '');
  const port = parsed.port && parsed.port !== '80' && parsed.port !== '443' ? `:${parsed.port}` : '';
  let path = parsed.pathname;
  while (path.endsWith('/')) path = path.slice(0, -1);
  return `https://${host}${port}${path}${parsed.search === '' ? '' : canonicalQuery(parsed)}`;
}

/** '?' + the non-tracking parameters, sorted; '' when none is left. */
function canonicalQuery(parsed: URL): string {
  const params = [...parsed.searchParams].filter(([name]) => !isTracking(name));
  params.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  return params.length > 0 ? `?${new URLSearchParams(params).toString()}` : '';
}

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
/** ' - X' at the end, X short: the shape of an aggregator's publisher suffix. */
const PUBLISHER_SUFFIX = /\s-\s([^-]{1,60})$/;

function fold(text: string): string {
  return stripHtml(text).normalize('NFKC').toLowerCase().replaceAll('ß', 'ss').replace(DASHES, '-');
}

function squash(text: string): string {
  return text.replace(/[\p{P}\p{S}\s]+/gu, ' ').trim();
}

/**
 * With `publisher`, exactly that suffix is removed. Without it, a suffix of at most four words is removed
 * when at least three words remain, which is Google News' shape and rarely a real part of a headline.
 */
export function titleFingerprint(title: string, publisher?: string): string {
  let text = fold(title).trim();
  const suffix = publisher ? fold(publisher).trim() : undefined;
  if (suffix && text.endsWith(` - ${suffix}`)) {
    text = text.slice(0, -(suffix.length + 3));
  } else if (!suffix) {
    const match = PUBLISHER_SUFFIX.exec(text);
    const words = (s: string) => s.trim().split(/\s+/).length;
    if (match?.[1] && words(match[1]) <= 4 && words(text.slice(0, match.index)) >= 3) {
      text = text.slice(0, match.index);
    }
  }
  return squash(text);
}

export function storyKey(item: { id: string; link?: string; title?: string; publisher?: string }): string {
  const url = item.link ? canonicalUrl(item.link) : undefined;
  if (url) return `url:${url}`;
  const title = item.title ? titleFingerprint(item.title, item.publisher) : '';
  if (title) return `title:${title}`;
  return `id:${item.id}`;
}

/** Shorter fingerprints ("live updates", "briefing") name a column, not a story. */
const MIN_ALIAS_LENGTH = 12;

/**
 * A story's second identity (DESIGN.md: "a story whose link changes on every poll but whose title and
 * source do not is still one story"): 'title:' + the source, case-folded, + '|' + the title fingerprint.
 * Undefined when the title is missing or too short to tell stories apart.
 */
export function storyAlias(
  title: string | undefined,
  source: string,
  publisher?: string,
): string | undefined {
  const fingerprint = title ? titleFingerprint(title, publisher) : '';
  if (fingerprint.length < MIN_ALIAS_LENGTH) return undefined;
  return `title:${fold(source).trim()}|${fingerprint}`;
}
