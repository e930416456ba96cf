/**
 * The gate in front of the XML parser: it decides whether a document may be parsed at all. It reads the
 * prolog and the root start tag, then makes two linear passes over the rest (tag depth, namespace
 * declarations); nothing here can blow up on hostile input.
 *
 * Rules, in order:
 * 1. Nothing but whitespace → FEED_EMPTY.
 * 2. A DOCTYPE with an internal subset (`[...]`, where ENTITY declarations live) → FEED_UNSAFE. That is
 *    where billion-laughs bombs and external entities (XXE) come from, and no honest feed needs one. A
 *    plain `<!DOCTYPE rss PUBLIC "..." "...">`, as RSS 0.91 feeds carry, passes: we never fetch DTDs.
 * 3. An HTML page (an `<html>`, `<head>` or `<body>` root) → FEED_HTML. The root decides, not the DOCTYPE:
 *    feeds exist that carry an XHTML DOCTYPE in front of `<rss>`.
 * 4. Anything else that is not markup, or whose root is not rss / RDF / feed → FEED_INVALID.
 * 5. Elements nested deeper than MAX_NESTING → FEED_INVALID. Real feeds are a dozen levels deep; the
 *    parser's per-node work grows with depth, so a hostile deep nesting would otherwise cost O(n²).
 *
 * It also returns the root element and the document's namespace bindings, which the parser uses to put
 * prefixed names in a canonical form (see names.ts).
 */
import { PolicyWatchError } from '../../../errors.js';
import { nestsDeeperThan } from './scan.js';

export interface XmlProlog {
  /** The root element's name as written, e.g. 'rss', 'rdf:RDF', 'r:rss', 'feed'. */
  rootName: string;
  /** The root element's attributes (version, xmlns, xml:base…). */
  rootAttrs: Record<string, string>;
  /** prefix → namespace URI, for every `xmlns:prefix` in the document (the first binding wins). */
  namespaces: Map<string, string>;
}

const FEED_ROOTS = new Set(['rss', 'rdf', 'feed']);
const HTML_ROOTS = new Set(['html', 'head', 'body']);

// The value is bounded so that a run of unterminated declarations cannot make the scan quadratic.
const NS_DECLARATION =
  /\bxmlns:([A-Za-z_][\w.-]{0,63})\s{0,16}=\s{0,16}(?:"([^"<]{0,2048})"|'([^'<]{0,2048})')/g;

/** Deepest element nesting we accept (rule 5). */
export const MAX_NESTING = 256;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function invalid(message: string): PolicyWatchError {
  return new PolicyWatchError('FEED_INVALID', message);
}

/** Index just past the end of the construct that starts at `from`, or throws when it never ends. */
function skipPast(text: string, from: number, terminator: string, what: string): number {
  const end = text.indexOf(terminator, from);
  if (end < 0) throw invalid(`the document ends inside ${what}`);
  return end + terminator.length;
}

/** Skips a DOCTYPE starting at `from` ('<!DOCTYPE'); refuses an internal subset. Returns the index after it. */
function skipDoctype(text: string, from: number): number {
  let quote = 0;
  for (let i = from + 9; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === 0x22 || code === 0x27) {
      quote = code;
    } else if (code === 0x5b /* [ */) {
      throw new PolicyWatchError('FEED_UNSAFE', 'the document declares a DTD internal subset (entities)');
    } else if (code === 0x3e /* > */) {
      return i + 1;
    }
  }
  throw invalid('the document ends inside its DOCTYPE');
}

/** Reads `<name attr="v" ...>` at `from`. */
function readStartTag(text: string, from: number): { name: string; attrs: Record<string, string> } {
  const tag = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(from, from + 256));
  if (!tag?.[1]) throw invalid('the document does not start with an XML element');
  const end = text.indexOf('>', from);
  const attrs: Record<string, string> = {};
  // A root start tag is short; bounding the slice keeps the attribute regex cheap.
  const source = text.slice(from + tag[0].length, end < 0 ? from + 4096 : Math.min(end, from + 4096));
  for (const m of source.matchAll(/([A-Za-z_][\w.:-]{0,63})\s*=\s*(?:"([^"]{0,2048})"|'([^']{0,2048})')/g)) {
    if (m[1]) attrs[m[1]] = m[2] ?? m[3] ?? '';
  }
  return { name: tag[1], attrs };
}

/** Rule 5: one linear pass over the tags (scan.ts). */
function assertShallow(text: string, from: number): void {
  if (nestsDeeperThan(text, from, MAX_NESTING)) {
    throw invalid(`elements are nested more than ${MAX_NESTING} deep`);
  }
}

function collectNamespaces(text: string): Map<string, string> {
  const namespaces = new Map<string, string>();
  for (const m of text.matchAll(NS_DECLARATION)) {
    const prefix = m[1];
    if (prefix && !namespaces.has(prefix)) namespaces.set(prefix, (m[2] ?? m[3] ?? '').trim());
  }
  return namespaces;
}

export function inspectXml(text: string): XmlProlog {
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isSpace(code) || code === 0xfeff) {
      i += 1;
    } else if (text.startsWith('<?', i)) {
      i = skipPast(text, i, '?>', 'a processing instruction');
    } else if (text.startsWith('<!--', i)) {
      i = skipPast(text, i, '-->', 'a comment');
    } else if (text.startsWith('<!', i) && text.slice(i + 2, i + 8).toUpperCase() === 'ENTITY') {
      throw new PolicyWatchError('FEED_UNSAFE', 'the document declares an entity');
    } else if (text.startsWith('<!', i) && text.slice(i + 2, i + 9).toUpperCase() === 'DOCTYPE') {
      i = skipDoctype(text, i);
    } else if (code === 0x3c /* < */) {
      const { name, attrs } = readStartTag(text, i);
      const local = (name.split(':').pop() ?? name).toLowerCase();
      if (HTML_ROOTS.has(local))
        throw new PolicyWatchError('FEED_HTML', 'the document is an HTML page, not a feed');
      if (!FEED_ROOTS.has(local)) throw invalid(`the root element <${name}> is not rss, RDF or feed`);
      assertShallow(text, i);
      return { rootName: name, rootAttrs: attrs, namespaces: collectNamespaces(text) };
    } else {
      break;
    }
  }
  if (i >= text.length) {
    if (text.trim() === '') throw new PolicyWatchError('FEED_EMPTY', 'the document is empty');
    throw invalid('the document has no root element');
  }
  throw invalid('the document is not XML');
}
