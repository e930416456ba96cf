/**
 * Text made safe for HTML and XML, as character data or inside a quoted attribute (either quote): the
 * status page and the charts write every string from a feed through here. Characters XML 1.0 does not allow
 * (C0 controls other than tab, LF and CR, unpaired surrogates, U+FFFE, U+FFFF) are dropped, or a standalone
 * SVG holding one would not open at all.
 */

// XML 1.0 §2.2 "Characters".
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding the control characters XML forbids is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeMarkup(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
