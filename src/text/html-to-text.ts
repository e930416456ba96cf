/**
 * HTML → plain text, shared by the feed normalizer (display, fingerprints) and the matcher.
 *
 * Contract: tags and comments are removed (block-level tags leave a space so words do not run together;
 * inline tags vanish so "<b>稀土</b>出口" still reads 稀土出口), `<script>`/`<style>` bodies are dropped, and
 * entities are decoded (html-entities.ts). A `<` that does not start a tag ("a < b") is text; an
 * unterminated tag runs to the end (markup cut off by a limit, not prose). The scan is a single forward pass
 * with indexOf, linear in the input whatever its shape: feed bodies are untrusted and may be megabytes of
 * `<<<<` or `&&&&`.
 */
import { decodeHtmlEntities } from './html-entities.js';

// biome-ignore format: a table reads better packed
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'img', 'li', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
const DROPPED_BODIES = new Set(['script', 'style']);
const TAG_NAME = /<(\/?)([A-Za-z][A-Za-z0-9:-]{0,63})/y;

/** Collapses whitespace runs (including NBSP) to one space and trims. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Removes markup only: entities stay encoded, whitespace stays as it was. */
export function stripTags(html: string): string {
  if (!html.includes('<')) return html;
  const out: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out.push(html.slice(i));
      break;
    }
    out.push(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      out.push(' ');
      continue;
    }
    TAG_NAME.lastIndex = lt;
    const tag = TAG_NAME.exec(html);
    const gt = tag || html.startsWith('<!', lt) || html.startsWith('<?', lt) ? html.indexOf('>', lt) : -2;
    if (gt === -2) {
      out.push('<'); // not markup: "a < b"
      i = lt + 1;
      continue;
    }
    if (gt < 0) break; // an unterminated tag runs to the end; no '>' follows, so nothing more to keep
    i = gt + 1;
    const name = tag?.[2]?.toLowerCase() ?? '';
    if (tag && !tag[1] && DROPPED_BODIES.has(name)) {
      const closing = new RegExp(`</${name}`, 'gi');
      closing.lastIndex = i;
      const close = closing.exec(html)?.index ?? -1;
      i = close < 0 ? html.length : close;
    }
    if (BLOCK_TAGS.has(name)) out.push(' ');
  }
  return out.join('');
}

/**
 * Markup to text for matching. Feeds sometimes escape their HTML twice (`&lt;p&gt;` inside CDATA), so
 * markup that appears only after decoding is stripped once more.
 */
export function htmlToText(html: string): string {
  const decoded = decodeHtmlEntities(stripTags(html));
  return decoded.includes('<') ? stripTags(decoded) : decoded;
}

/** Markup to one tidy line, for display and fingerprints. */
export function stripHtml(html: string): string {
  return collapseWhitespace(decodeHtmlEntities(stripTags(html)));
}
