/**
 * Readers shared by the RSS and Atom normalizers: dates, Atom-style links, ids, and the per-element text
 * context (each element may carry its own xml:base).
 */
import { parseFeedDate } from './dates.js';
import type { TextContext, TextKind } from './text-construct.js';
import { innerBase, resolveUrl } from './urls.js';
import { childElements, textContent, type XmlElement } from './xml/tree.js';

/**
 * The date from the first of `names` (in order of preference) that yields one. When an element repeats,
 * the last parseable one wins, as in feedparser, where later values overwrite earlier ones.
 */
export function dateFrom(parent: XmlElement, ...names: string[]): string | undefined {
  for (const name of names) {
    const key = name.toLowerCase();
    let found: string | undefined;
    for (const child of parent.children) {
      if (typeof child !== 'string' && child.key === key) found = parseFeedDate(textContent(child)) ?? found;
    }
    if (found) return found;
  }
  return undefined;
}

const NOT_THE_PAGE = new Set(['self', 'edit', 'enclosure', 'replies', 'license', 'hub', 'next', 'previous']);

/** An Atom link's target: its href, or for the broken-but-seen `<link>url</link>`, its text. */
function target(link: XmlElement): string {
  return (link.attrs.href ?? textContent(link)).trim();
}

/**
 * The page an Atom-style `<link>` list points to: the first rel="alternate" (the default rel, RFC 4287
 * §4.2.7.2) that has a target; failing that, the first link whose rel is not about the feed machinery.
 */
export function alternateLink(
  parent: XmlElement,
  name: string,
  base: string | undefined,
): string | undefined {
  const links = childElements(parent, name).filter((l) => target(l) !== '');
  const rel = (l: XmlElement) => (l.attrs.rel ?? 'alternate').trim().toLowerCase();
  const chosen = links.find((l) => rel(l) === 'alternate') ?? links.find((l) => !NOT_THE_PAGE.has(rel(l)));
  return chosen ? resolveUrl(target(chosen), innerBase(chosen.attrs['xml:base'], base)) : undefined;
}

/**
 * Ids are kept as written (Atom §4.2.6 forbids normalizing them), except that a path-relative reference
 * ('/2024/story') is resolved like a link: as written it would not identify anything across sites.
 */
export function idFrom(el: XmlElement | undefined, base: string | undefined): string | undefined {
  const text = el ? textContent(el).trim() : '';
  if (text === '') return undefined;
  return /^\.{0,2}\//.test(text) ? resolveUrl(text, innerBase(el?.attrs['xml:base'], base)) : text;
}

export function textContext(
  el: XmlElement | undefined,
  base: string | undefined,
  defaultKind: TextKind,
  atom10 = false,
): TextContext {
  return { atom10, base: innerBase(el?.attrs['xml:base'], base), defaultKind };
}
