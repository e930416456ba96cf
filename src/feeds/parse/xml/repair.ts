/**
 * Second chance for a document the XML parser rejected. Feeds are often not quite well-formed, and the
 * two breakages that are both common and safely repairable are fixed here; anything else stays an error.
 *
 * 1. Stray ampersands: an '&' that does not start a character reference or a known entity (the XML five
 *    and HTML 4's names) is a literal '&' (`?a=1&b=2`, `AT&T`, `&doesnotexist;`), as an HTML parser
 *    would read it. CDATA sections and comments are left alone; '&' is literal there already.
 * 2. Truncation: a document that stops before closing its elements (a cut transfer, a missing final '>')
 *    loses the partial tag at its end and gets the missing end tags appended.
 *
 * Returns the repaired text, or undefined when neither repair applies. Runs only after a failed parse,
 * so a well-formed document is never altered. Linear in the input.
 */
import { isKnownEntity } from '../../../text/html-entities.js';
import { scanTags } from './scan.js';

const AMPERSAND = /&(#\d{1,7};|#[xX][0-9a-fA-F]{1,6};|([A-Za-z][A-Za-z0-9]{0,31});)?/g;

function escapeStrayAmpersands(segment: string): string {
  return segment.replace(AMPERSAND, (whole, reference: string | undefined, name: string | undefined) => {
    if (reference === undefined) return '&amp;';
    if (name !== undefined && !isKnownEntity(name)) return `&amp;${reference}`;
    return whole;
  });
}

function repairAmpersands(text: string): string {
  const out: string[] = [];
  // Next CDATA / comment start; each is searched again only once the scan has passed it (linear overall).
  let cdata = -1;
  let comment = -1;
  let i = 0;
  while (i < text.length) {
    if (cdata !== Number.POSITIVE_INFINITY && cdata < i) cdata = text.indexOf('<![CDATA[', i);
    if (comment !== Number.POSITIVE_INFINITY && comment < i) comment = text.indexOf('<!--', i);
    if (cdata < 0) cdata = Number.POSITIVE_INFINITY;
    if (comment < 0) comment = Number.POSITIVE_INFINITY;
    const start = Math.min(cdata, comment);
    if (start === Number.POSITIVE_INFINITY) {
      out.push(escapeStrayAmpersands(text.slice(i)));
      break;
    }
    const closer = start === cdata ? ']]>' : '-->';
    const end = text.indexOf(closer, start);
    out.push(escapeStrayAmpersands(text.slice(i, start)));
    i = end < 0 ? text.length : end + closer.length;
    out.push(text.slice(start, i));
  }
  return out.join('');
}

function closeOpenElements(text: string): string {
  const open: string[] = [];
  let cut = text.length;
  scanTags(text, 0, (event) => {
    if (event.kind === 'start' && !event.selfClosing) open.push(event.name);
    else if (event.kind === 'end') {
      const at = open.lastIndexOf(event.name);
      if (at >= 0) open.length = at;
    } else if (event.kind === 'unterminated') cut = event.start;
    return true;
  });
  if (open.length === 0 && cut === text.length) return text;
  return (
    text.slice(0, cut) +
    open
      .reverse()
      .map((name) => `</${name}>`)
      .join('')
  );
}

export function repairXml(text: string): string | undefined {
  const repaired = closeOpenElements(repairAmpersands(text));
  return repaired === text ? undefined : repaired;
}
