/**
 * URL resolution for feed links (RFC 3986 §5, via WHATWG URL).
 *
 * - A reference that already has a scheme is returned as written (trimmed): resolving would also normalize
 *   it (case, trailing slash, percent-encoding), and ids and links must stay as the publisher wrote them.
 * - A relative reference is resolved against the effective base: the innermost `xml:base`, each one itself
 *   resolved against the one around it, then the document URL (XML Base, W3C, §4.2).
 * - Only http(s) bases count. A `javascript:` or `data:` base (seen in hostile feeds and Content-Location
 *   headers) is ignored, so it can never end up in a link.
 * - With no usable base, a relative reference is kept as is; there is nothing to resolve it against.
 */

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]{0,31}:/;

function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/** Resolves `ref` against `base`; undefined when `ref` is blank. */
export function resolveUrl(ref: string | undefined, base: string | undefined): string | undefined {
  const trimmed = ref?.trim();
  if (!trimmed) return undefined;
  if (SCHEME.test(trimmed) || base === undefined) return trimmed;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return trimmed;
  }
}

/** The base in force inside an element with `xmlBase`, given the base around it. */
export function innerBase(xmlBase: string | undefined, outer: string | undefined): string | undefined {
  const resolved = resolveUrl(xmlBase, outer);
  return resolved !== undefined && isHttpUrl(resolved) ? resolved : outer;
}

/**
 * The document's own base: its URL, or the Content-Location header resolved against it, which is how
 * feedparser and older HTTP (RFC 2616 §14.14) treat it. Only an http(s) result counts.
 */
export function documentBaseUrl(url: string | undefined, contentLocation?: string): string | undefined {
  const own = url !== undefined && isHttpUrl(url.trim()) ? url.trim() : undefined;
  return innerBase(contentLocation, own);
}
