/**
 * rss-parser, used as the XML parser and format dispatcher: it runs xml2js over the text, recognizes
 * RSS 0.9x/1.0/2.0 and Atom, and finds the channel and the items. We take from it, through `customFields`,
 * the raw xml2js nodes of the channel and of each item, and build our own tree from them (tree.ts), because
 * its own mapping returns objects for marked-up text, drops attributes (xml:base, categories' term, Atom
 * link rel) and loses the order of mixed content.
 *
 * Two shapes, one answer: the compact one (rss-compact.ts) for the documents it reads exactly, else the
 * ordered one below (`$$` lists keep children and text in document order), whose result and errors are the
 * reference. The compact shape is kept for speed alone: the ordered one runs at about half its rate
 * (docs/benchmarks.md, "Parsing and matching").
 *
 * In: text already cleared by guard.ts. Out: `{ channel, items }` with canonical names (names.ts), at most
 * MAX_ITEMS items. Any failure inside rss-parser/xml2js (not well-formed XML, not a feed) → FEED_INVALID.
 */
import Parser from 'rss-parser';
import { PolicyWatchError } from '../../../errors.js';
import { MAX_ITEMS } from '../limits.js';
import { fixC1Controls } from './c1-controls.js';
import type { XmlProlog } from './guard.js';
import { localName, nameCanonicalizer } from './names.js';
import { attrsOf, compactShape, type Raw, type ShapeOptions } from './rss-compact.js';
import type { FeedTree, XmlElement, XmlNode } from './tree.js';

// keepArray hands back the raw value: `$$` is the ordered child list, `$` the attribute object.
const RAW_FIELDS = [
  ['$$', '$$', { keepArray: true }],
  ['$', '$', { keepArray: true }],
];
/** The name xml2js gives to text children when `charsAsChildren` is on. */
const TEXT_NODE = '__text__';
const UNSETTLED = Symbol('unsettled');

function isRaw(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null;
}

/**
 * Runs on every element as xml2js closes it. Every element gets `$` and a string `_`, so rss-parser's own
 * mapping never dereferences a missing attribute object (a `<link>` without attributes) and never hands a
 * child-only element to xml2js's Builder (which throws on our `$$` lists). `_` is blanked: we read text
 * from the ordered `$$` lists, and rss-parser's snippet regex is quadratic on long broken markup.
 * An `<rss>` (or RDF) without `<channel>`, which feedparser accepts, is read as its own channel.
 */
function prepareNode(xpath: string, _current: unknown, node: unknown): unknown {
  if (!isRaw(node)) return node;
  node.$ ??= {};
  node._ = '';
  if ((xpath === '/rss' || xpath === '/rdf:RDF') && node.channel === undefined) {
    node.channel = [{ $: {}, _: '', $$: node.$$, item: xpath === '/rss' ? node.item : undefined }];
  }
  return node;
}

function orderedOptions(rename: (name: string) => string): ShapeOptions {
  return {
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
  };
}

/** An xml2js node of the ordered shape → XmlElement; anything unexpected among its children is skipped. */
function orderedElement(name: string, node: Raw): XmlElement {
  const children: XmlNode[] = [];
  const list = node.$$;
  for (const child of Array.isArray(list) ? list : []) {
    if (!isRaw(child)) continue;
    const childName = child['#name'];
    if (childName === TEXT_NODE) {
      if (typeof child._ === 'string') children.push(fixC1Controls(child._));
    } else if (typeof childName === 'string') {
      children.push(orderedElement(childName, child));
    }
  }
  return { name, key: name.toLowerCase(), attrs: attrsOf(node.$), children };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** Runs rss-parser over `text`; any failure (or a promise that does not settle) → FEED_INVALID. */
async function runParser(options: ShapeOptions, text: string): Promise<Raw> {
  let output: unknown;
  try {
    // xml2js runs synchronously (no `async` option), so the promise is settled when parseString returns.
    // If it is not, it never will be: racing it against an already-resolved sentinel turns that into an
    // error instead of a hang.
    output = await Promise.race([new Parser(options).parseString(text), Promise.resolve(UNSETTLED)]);
  } catch (error) {
    throw new PolicyWatchError(
      'FEED_INVALID',
      `not a well-formed feed: ${firstLine(error)}`,
      {},
      { cause: error },
    );
  }
  if (output === UNSETTLED || !isRaw(output)) {
    throw new PolicyWatchError('FEED_INVALID', 'the XML parser did not produce a feed');
  }
  return output;
}

export async function parseFeedTree(text: string, prolog: XmlProlog): Promise<FeedTree> {
  const rename = nameCanonicalizer(prolog.rootName, prolog.namespaces);
  const compact = compactShape(rename, localName(prolog.rootName) === 'feed' ? 'entry' : 'item');
  try {
    return compact.read(await runParser(compact.options, text));
  } catch {
    // Not representable in the compact shape, or not parseable at all: the ordered parse decides.
  }
  const feed = await runParser(orderedOptions(rename), text);
  const items = Array.isArray(feed.items) ? (feed.items as Raw[]) : [];
  return {
    channel: orderedElement('channel', feed),
    items: items.slice(0, MAX_ITEMS).map((item) => orderedElement('item', item)),
  };
}
