/**
 * rss-parser, used as the XML parser and format dispatcher: it runs xml2js over the text, recognizes
 * RSS 0.9x/1.0/2.0 and Atom, and finds the channel and the items. We take from it, through `customFields`,
 * the raw ordered element tree of the channel and of each item, and normalize those ourselves
 * (normalize-*.ts), because its own mapping returns objects for marked-up text, drops attributes
 * (xml:base, categories' term, Atom link rel) and loses the order of mixed content.
 *
 * In: text already cleared by guard.ts. Out: `{ channel, items }` trees with canonical names
 * (names.ts). Any failure inside rss-parser/xml2js (not well-formed XML, not a feed) → FEED_INVALID.
 */
import Parser from 'rss-parser';
import { PolicyWatchError } from '../../../errors.js';
import { MAX_ITEMS } from '../limits.js';
import type { XmlProlog } from './guard.js';
import { localName, nameCanonicalizer } from './names.js';
import { parseCompact } from './rss-compact.js';
import { fromXml2jsChildren, type XmlElement } from './tree.js';

export interface FeedTree {
  channel: XmlElement;
  items: XmlElement[];
}

const CHILDREN = 'pwChildren';
const ATTRS = 'pwAttrs';
// keepArray hands back the raw value: `$$` is the ordered child list, `$` the attribute object.
const RAW_FIELDS = [
  ['$$', CHILDREN, { keepArray: true }],
  ['$', ATTRS, { keepArray: true }],
];

type Xml2jsNode = Record<string, unknown>;

const UNSETTLED = Symbol('unsettled');

/**
 * Runs on every element as xml2js closes it. Every element gets `$` and a string `_`, so rss-parser's own
 * mapping never dereferences a missing attribute object (a `<link>` without attributes) and never hands a
 * child-only element to xml2js's Builder (which throws on our `$$` lists). `_` is blanked: we read text
 * from the ordered `$$` lists, and rss-parser's snippet regex is quadratic on long broken markup.
 * An `<rss>` (or RDF) without `<channel>`, which feedparser accepts, is read as its own channel.
 */
function prepareNode(xpath: string, _current: unknown, node: unknown): unknown {
  if (typeof node !== 'object' || node === null) return node;
  const el = node as Xml2jsNode;
  el.$ ??= {};
  el._ = '';
  if ((xpath === '/rss' || xpath === '/rdf:RDF') && el.channel === undefined) {
    el.channel = [{ $: {}, _: '', $$: el.$$, item: xpath === '/rss' ? el.item : undefined }];
  }
  return el;
}

function toElement(name: string, raw: Xml2jsNode): XmlElement {
  const attrs: Record<string, string> = {};
  const rawAttrs = raw[ATTRS];
  if (typeof rawAttrs === 'object' && rawAttrs !== null) {
    for (const [k, v] of Object.entries(rawAttrs)) if (typeof v === 'string') attrs[k] = v;
  }
  return { name, key: name.toLowerCase(), attrs, children: fromXml2jsChildren(raw[CHILDREN]) };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** Runs rss-parser over `text`; any failure (or a promise that does not settle) → FEED_INVALID. */
async function runParser(parser: Parser, text: string): Promise<Xml2jsNode> {
  let output: unknown;
  try {
    // xml2js runs synchronously (no `async` option), so the promise is settled when parseString returns.
    // If it is not, it never will be: racing it against an already-resolved sentinel turns that into an
    // error instead of a hang.
    output = await Promise.race([parser.parseString(text), Promise.resolve(UNSETTLED)]);
  } catch (error) {
    throw new PolicyWatchError(
      'FEED_INVALID',
      `not a well-formed feed: ${firstLine(error)}`,
      {},
      { cause: error },
    );
  }
  if (output === UNSETTLED || typeof output !== 'object' || output === null) {
    throw new PolicyWatchError('FEED_INVALID', 'the XML parser did not produce a feed');
  }
  return output as Xml2jsNode;
}

/** The ordered path: xml2js keeps every element's children and text in document order (`$$`). */
export async function parseOrdered(text: string, rename: (name: string) => string): Promise<FeedTree> {
  const parser = new Parser({
    defaultRSS: 2, // `<rss>` without a version is RSS 2.0 in practice; the default rejects it
    xml2js: {
      explicitChildren: true,
      preserveChildrenOrder: true,
      charsAsChildren: true,
      includeWhiteChars: true,
      tagNameProcessors: [rename],
      attrNameProcessors: [rename],
      validator: prepareNode,
    },
    // rss-parser's typings only allow plain field names; the [from, to, options] form is its documented API.
    customFields: { feed: RAW_FIELDS as never[], item: RAW_FIELDS as never[] },
  });
  const feed = await runParser(parser, text);
  const items = Array.isArray(feed.items) ? (feed.items as Xml2jsNode[]) : [];
  return {
    channel: toElement('channel', feed),
    items: items.slice(0, MAX_ITEMS).map((item) => toElement('item', item)),
  };
}

export async function parseFeedTree(text: string, prolog: XmlProlog): Promise<FeedTree> {
  const rename = nameCanonicalizer(prolog.rootName, prolog.namespaces);
  // Most feeds are plain records (no markup inside fields): the compact shape reads them exactly and at
  // about twice the speed. Anything it cannot read exactly, and any failure, goes the ordered way, whose
  // result and errors are the reference.
  try {
    const tree = await parseCompact(
      text,
      rename,
      localName(prolog.rootName) === 'feed' ? 'entry' : 'item',
      MAX_ITEMS,
    );
    if (tree) return tree;
  } catch {
    // fall through to the ordered parse, which reports the error if there is one
  }
  return parseOrdered(text, rename);
}
