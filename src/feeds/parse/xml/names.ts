/**
 * Canonical element names. Feeds bind namespaces to any prefix they like (`<r:rss>`, `<rss:channel>`,
 * `<foo:creator xmlns:foo="http://purl.org/dc/elements/1.1/">`), but rss-parser and our normalizers look
 * elements up by name. So every prefixed name is rewritten by its namespace URI:
 *
 * - the document format's own namespace (RSS 0.9/1.0/2.0 in an rss/RDF document, Atom in an Atom document)
 *   loses its prefix: `r:channel` → `channel`;
 * - a well-known namespace gets its usual prefix: `foo:creator` → `dc:creator`, `a:link` → `atom:link`;
 * - anything else (unknown or unbound prefixes) stays as written.
 *
 * Bindings are document-wide (first binding of a prefix wins), which is what every real feed does.
 */

const KNOWN_NAMESPACES: Record<string, string> = {
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://www.w3.org/2005/atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/rss/1.0/': 'rss',
  'http://my.netscape.com/rdf/simple/0.9/': 'rss',
  'http://backend.userland.com/rss2': 'rss',
  'http://backend.userland.com/rss': 'rss',
  'http://blogs.law.harvard.edu/tech/rss': 'rss',
};

/**
 * The structural names rss-parser navigates by, lower-cased whatever case the feed used (`<Channel>`,
 * `<ITEM>`), so that it finds them; other names keep their case (lookups are case-insensitive anyway).
 */
const STRUCTURE = new Map(['rss', 'channel', 'item', 'feed', 'entry'].map((n) => [n, n]));
STRUCTURE.set('rdf:rdf', 'rdf:RDF');

/** Which canonical prefix is the document's own vocabulary, by root element. */
const HOME_PREFIX: Record<string, string> = { rss: 'rss', rdf: 'rss', feed: 'atom' };

/** The lower-cased local part of a qualified name: 'rdf:RDF' → 'rdf'. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return (colon < 0 ? name : name.slice(colon + 1)).toLowerCase();
}

/** Known namespace URIs compare case-insensitively (feeds write the iTunes one in several cases). */
export function canonicalPrefix(uri: string | undefined): string | undefined {
  return uri === undefined ? undefined : KNOWN_NAMESPACES[uri.trim().toLowerCase()];
}

/**
 * Returns the renaming function for one document. The root name itself keeps `rdf:` (rss-parser looks for
 * `rdf:RDF`), which falls out of the rule because the RDF namespace is not a feed vocabulary.
 */
export function nameCanonicalizer(
  rootName: string,
  namespaces: Map<string, string>,
): (name: string) => string {
  const home = HOME_PREFIX[localName(rootName)];
  const cache = new Map<string, string>();
  const rename = (name: string): string => {
    const colon = name.indexOf(':');
    if (colon < 0) return name;
    const prefix = name.slice(0, colon);
    const local = name.slice(colon + 1);
    const canonical =
      prefix === 'xml' || prefix === 'xmlns' ? prefix : canonicalPrefix(namespaces.get(prefix));
    let result = name;
    if (canonical === home) result = local;
    else if (canonical !== undefined) result = `${canonical}:${local}`;
    return result;
  };
  return (name) => {
    const cached = cache.get(name);
    if (cached !== undefined) return cached;
    const renamed = rename(name);
    const result = STRUCTURE.get(renamed.toLowerCase()) ?? renamed;
    if (cache.size < 4096) cache.set(name, result); // bounded: a hostile document can invent names
    return result;
  };
}
