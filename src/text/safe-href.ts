/**
 * A link fit for an href on a page we serve: the URL normalised (WHATWG URL, so quotes and angle brackets
 * come out percent-encoded) when it is http or https; anything else — javascript:, data:, a relative or
 * unparseable string — is no link at all, and the caller shows the text alone.
 */
export function safeHref(link: string | null | undefined): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
