/**
 * The fast way through rss-parser, for the common feed whose fields are plain text (with attributes).
 * rss-parser runs with xml2js's default, compact shape — children grouped by name, text in `_` — which
 * costs about half of the ordered shape (`$$` lists, one object per text run) that rss-tree.ts asks for.
 *
 * Two things make the compact shape exact for those feeds:
 * - Names: every element name other than the structural ones (rss, RDF, channel, item, feed, entry) is
 *   handed to xml2js with a HIDDEN prefix. rss-parser then still finds the channel and the items, but its
 *   own field mapping (snippets, Builder, date parsing) finds nothing to do; the prefixed names are
 *   registered as rss-parser `customFields` as they are met, so the raw children come back to us.
 * - Order: the tag-name processor sees every start tag in document order; that sequence puts each item's
 *   children, grouped by name, back in document order (categoriesOf and the description / summary choice
 *   depend on it).
 *
 * What the compact shape cannot represent exactly makes `read` throw, and rss-tree.ts takes the ordered
 * path: text mixed with elements, an element with element children other than the known
 * record-like containers (whitespace between elements is dropped here, and HTML/xhtml needs it), items
 * the sequence does not account for (nested or stray `<item>`), too many distinct names.
 */
import type Parser from 'rss-parser';
import { MAX_ITEMS } from '../limits.js';
import { fixC1Controls } from './c1-controls.js';
import type { FeedTree, XmlElement, XmlNode } from './tree.js';

/** An xml2js node, and rss-parser's output built from them. */
export type Raw = Record<string, unknown>;
export type ShapeOptions = ConstructorParameters<typeof Parser>[0];

const HIDDEN = '\u0001';
const ATTR_KEY = '$';
const TEXT_KEY = '_';
/** Distinct element names beyond which a document takes the ordered path (rss-parser scans them per item). */
const MAX_NAMES = 256;
/** Names rss-parser navigates by (as names.ts canonicalizes them); they stay visible to it. */
const STRUCTURAL = new Set(['rss', 'rdf:RDF', 'channel', 'item', 'feed', 'entry']);
/**
 * Elements that may hold child elements here: records whose text is never read, only their children
 * by name (or attributes). Anything else with child elements is markup and takes the ordered path.
 */
const CONTAINERS = new Set([
  'image',
  'textinput',
  'itunes:owner',
  'itunes:category',
  'media:group',
  'media:content',
]);

/** Thrown inside the conversion when the compact shape cannot represent the document exactly. */
class NotCompact extends Error {}

interface Cursor {
  seq: string[];
  at: number;
}

/** An xml2js attribute object (`$`) → our attributes (both shapes use it). */
export function attrsOf(value: unknown): Record<string, string> {
  const attrs: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return attrs;
  for (const key in value) {
    const v = (value as Raw)[key];
    if (typeof v === 'string') attrs[key] = v;
  }
  return attrs;
}

function visibleName(key: string): string {
  return key.charCodeAt(0) === 1 ? key.slice(1) : key;
}

function leaf(name: string, attrs: Record<string, string>, text: unknown): XmlElement {
  const children: XmlNode[] = typeof text === 'string' && text !== '' ? [fixC1Controls(text)] : [];
  return { name, key: name.toLowerCase(), attrs, children };
}

/** The child-group keys of an xml2js object (everything but attributes and text). */
function groupKeys(raw: Raw): string[] {
  const keys: string[] = [];
  for (const key in raw) if (key !== ATTR_KEY && key !== TEXT_KEY) keys.push(key);
  return keys;
}

/**
 * Children in document order: `cursor.seq[cursor.at]` names the next child (its subtree follows it).
 * Without a cursor, grouped order (used only where order is never read).
 */
function orderedChildren(raw: Raw, keys: string[], cursor: Cursor | undefined): XmlNode[] {
  const out: XmlNode[] = [];
  if (cursor === undefined) {
    for (const key of keys) {
      const group = raw[key];
      if (!Array.isArray(group)) throw new NotCompact();
      for (const child of group) out.push(convert(key, child, undefined));
    }
    return out;
  }
  let remaining = 0;
  const used = new Map<string, number>();
  for (const key of keys) {
    const group = raw[key];
    if (!Array.isArray(group)) throw new NotCompact();
    remaining += group.length;
    used.set(key, 0);
  }
  for (; remaining > 0; remaining -= 1) {
    const key = cursor.seq[cursor.at];
    const index = key === undefined ? undefined : used.get(key);
    if (key === undefined || index === undefined) throw new NotCompact();
    const group = raw[key] as unknown[];
    if (index >= group.length) throw new NotCompact();
    used.set(key, index + 1);
    out.push(convert(key, group[index], cursor));
  }
  return out;
}

/** One xml2js value (a string, or an object with `$`, `_` and child groups) → XmlElement. */
function convert(key: string, raw: unknown, cursor: Cursor | undefined): XmlElement {
  const name = visibleName(key);
  if (cursor !== undefined) {
    if (cursor.seq[cursor.at] !== key) throw new NotCompact();
    cursor.at += 1;
  }
  if (typeof raw !== 'object' || raw === null) return leaf(name, {}, raw);
  const obj = raw as Raw;
  const attrs = attrsOf(obj[ATTR_KEY]);
  const keys = groupKeys(obj);
  if (keys.length === 0) return leaf(name, attrs, obj[TEXT_KEY]);
  // Element children: exact only for record-like containers without text of their own.
  if (obj[TEXT_KEY] !== undefined || !CONTAINERS.has(name.toLowerCase())) throw new NotCompact();
  return { name, key: name.toLowerCase(), attrs, children: orderedChildren(obj, keys, cursor) };
}

function hiddenKeys(raw: Raw): string[] {
  const keys: string[] = [];
  for (const key in raw) if (key.charCodeAt(0) === 1) keys.push(key);
  return keys;
}

/**
 * The parser options of the compact shape for one document, and `read`, which turns rss-parser's output
 * into our tree. `read` throws when the document needs the ordered shape.
 */
export function compactShape(
  rename: (name: string) => string,
  itemName: 'item' | 'entry',
): { options: ShapeOptions; read: (output: Raw) => FeedTree } {
  const seq: string[] = [];
  const itemStarts: number[] = [];
  const fields: unknown[] = [[ATTR_KEY, ATTR_KEY, { keepArray: true }]];
  const known = new Set<string>();
  // The root and at most one channel; more means structure nested where rss-parser does not look.
  let otherStructural = 0;
  const tagName = (raw: string): string => {
    const name = rename(raw);
    if (STRUCTURAL.has(name)) {
      if (name === itemName) itemStarts.push(seq.length);
      else otherStructural += 1;
      seq.push(name);
      return name;
    }
    const key = HIDDEN + name;
    if (!known.has(key)) {
      if (known.size >= MAX_NAMES) throw new NotCompact('too many distinct names');
      known.add(key);
      fields.push([key, key, { keepArray: true }]);
    }
    seq.push(key);
    return key;
  };
  const options: ShapeOptions = {
    defaultRSS: 2,
    xml2js: { tagNameProcessors: [tagName], attrNameProcessors: [rename] },
    // rss-parser reads customFields when it maps the parsed document, after tagName has filled them in.
    customFields: { feed: fields as never[], item: fields as never[] },
  };
  const read = (feed: Raw): FeedTree => {
    const items = Array.isArray(feed.items) ? (feed.items as Raw[]) : [];
    if (items.length !== itemStarts.length || otherStructural > 2) throw new NotCompact();
    const channel: XmlElement = {
      name: 'channel',
      key: 'channel',
      attrs: attrsOf(feed[ATTR_KEY]),
      children: orderedChildren(feed, hiddenKeys(feed), undefined),
    };
    const cursor: Cursor = { seq, at: 0 };
    const converted: XmlElement[] = [];
    const count = Math.min(items.length, MAX_ITEMS);
    for (let i = 0; i < count; i += 1) {
      const item = items[i] as Raw;
      cursor.at = (itemStarts[i] as number) + 1;
      converted.push({
        name: 'item',
        key: 'item',
        attrs: attrsOf(item[ATTR_KEY]),
        children: orderedChildren(item, hiddenKeys(item), cursor),
      });
    }
    return { channel, items: converted };
  };
  return { options, read };
}
