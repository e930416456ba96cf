/**
 * A small, ordered element tree: what the normalizers read. rss-tree.ts builds it from the xml2js nodes
 * that rss-parser hands back, children and text in document order.
 * Order matters: xhtml content is mixed text and markup, and xml2js's default shape loses it.
 * Walks recurse; guard.ts has already refused documents nested deeper than MAX_NESTING.
 * Text is stored with C1 control characters mapped as cp1252 (see fixC1Controls).
 */

export interface XmlElement {
  /** Canonical qualified name (see names.ts), e.g. 'title', 'dc:creator', 'atom:link'. */
  name: string;
  /**
   * `name` lower-cased: lookups compare on this, because feeds write `<PubDate>` and `<TiTlE>` and every
   * reader (feedparser, iTunes) accepts them. Serialization keeps `name` (SVG has camelCase elements).
   */
  key: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}

/** A child is an element or a run of character data (text and CDATA alike). */
export type XmlNode = XmlElement | string;

/** A feed document as the normalizers read it: the channel (or Atom feed) and its items (or entries). */
export interface FeedTree {
  channel: XmlElement;
  items: XmlElement[];
}

export function isElement(node: XmlNode): node is XmlElement {
  return typeof node !== 'string';
}

/** Direct child elements, optionally only those named one of `names` (case-insensitive). */
export function childElements(parent: XmlElement, ...names: string[]): XmlElement[] {
  const keys = names.map((n) => n.toLowerCase());
  const out: XmlElement[] = [];
  for (const child of parent.children) {
    if (isElement(child) && (keys.length === 0 || keys.includes(child.key))) out.push(child);
  }
  return out;
}

/** The first direct child with the first of `names` that occurs (names are in order of preference). */
export function firstChild(parent: XmlElement, ...names: string[]): XmlElement | undefined {
  for (const name of names) {
    const key = name.toLowerCase();
    const found = parent.children.find((c): c is XmlElement => isElement(c) && c.key === key);
    if (found) return found;
  }
  return undefined;
}

function collectText(el: XmlElement, parts: string[]): void {
  for (const child of el.children) {
    if (typeof child === 'string') parts.push(child);
    else collectText(child, parts);
  }
}

/** All character data below `el`, in document order (element markup dropped). */
export function textContent(el: XmlElement): string {
  const { children } = el;
  // The common case, a text-only element, needs no walk.
  if (children.length === 0) return '';
  const only = children[0];
  if (children.length === 1 && typeof only === 'string') return only;
  const parts: string[] = [];
  collectText(el, parts);
  return parts.join('');
}

/** Trimmed text of the first matching child, or undefined when absent or blank. */
export function childText(parent: XmlElement, ...names: string[]): string | undefined {
  const el = firstChild(parent, ...names);
  const text = el ? textContent(el).trim() : '';
  return text === '' ? undefined : text;
}
