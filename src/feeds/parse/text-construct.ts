/**
 * Reads a text-bearing element (Atom text constructs, RSS title/description/content) into one string,
 * with the conventions feedparser established and readers expect:
 *
 * - Kind comes from `type` (Atom 1.0: text | html | xhtml | a MIME type; Atom 0.3: a MIME type plus
 *   `mode` = xml | escaped | base64), else from the element's default (RSS description is HTML).
 * - base64 (Atom 0.3 `mode="base64"`, or Atom 1.0 with a non-text, non-XML MIME type) is decoded as UTF-8.
 * - Child elements (xhtml, or "naked" markup in RSS/Atom 0.3) are serialized back to markup, in document
 *   order. For xhtml, text is re-escaped (it is XML); for html/text, text is emitted as written (it is
 *   already HTML source). In Atom 1.0 the required wrapper `<div>` is removed (RFC 4287 §3.1.1.3).
 * - HTML and xhtml values get their relative links made absolute (html-urls.ts), and in HTML a bare '&'
 *   is written '&amp;' (same meaning, as feedparser normalizes it); plain text is untouched.
 * - The result is trimmed; blank gives undefined.
 */
import { absolutizeHtmlUrls } from './html-urls.js';
import { MAX_TEXT_CHARS, truncate } from './limits.js';
import { isElement, textContent, type XmlElement, type XmlNode } from './xml/tree.js';

export type TextKind = 'text' | 'html' | 'xhtml';

export interface TextContext {
  /** Atom 1.0 rules (div unwrapping, base64 by MIME type). */
  atom10: boolean;
  /** The effective base URL for links inside HTML. */
  base: string | undefined;
  /** The kind when the element does not say (Atom: text; RSS description: html). */
  defaultKind: TextKind;
}

const XHTML_NS = 'http://www.w3.org/1999/xhtml';
// biome-ignore format: a table reads better packed
const VOID_ELEMENTS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track',
  'wbr',
]);

function kindOf(type: string, fallback: TextKind): TextKind | 'binary' {
  if (type === '') return fallback;
  if (type === 'text' || type === 'text/plain') return 'text';
  if (type === 'html' || type === 'text/html') return 'html';
  if (type === 'xhtml' || type.endsWith('+xml') || type.endsWith('/xml')) return 'xhtml';
  if (type.startsWith('text/')) return 'text';
  // Atom 1.0 §4.1.3.3: any other MIME type is base64-encoded content.
  return type.includes('/') ? 'binary' : fallback;
}

function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function escapeAttribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');
}

/** HTML element names lose the xhtml prefix; namespace declarations of XHTML itself are dropped. */
function openTag(el: XmlElement): { name: string; attrs: string } {
  const name = el.name.startsWith('xhtml:') ? el.name.slice(6) : el.name;
  let attrs = '';
  for (const [key, value] of Object.entries(el.attrs)) {
    if ((key === 'xmlns' || key.startsWith('xmlns:')) && value === XHTML_NS) continue;
    attrs += ` ${key}="${escapeAttribute(value)}"`;
  }
  return { name, attrs };
}

function serialize(nodes: XmlNode[], escapeTexts: boolean, out: string[]): void {
  for (const node of nodes) {
    if (typeof node === 'string') {
      out.push(escapeTexts ? escapeText(node) : node);
      continue;
    }
    const { name, attrs } = openTag(node);
    if (node.children.length === 0 && VOID_ELEMENTS.has(name.toLowerCase())) {
      out.push(`<${name}${attrs} />`);
      continue;
    }
    out.push(`<${name}${attrs}>`);
    serialize(node.children, escapeTexts, out);
    out.push(`</${name}>`);
  }
}

/** The children of a lone wrapper `<div>` (whitespace around it allowed), else the nodes unchanged. */
function unwrapDiv(nodes: XmlNode[]): XmlNode[] {
  const significant = nodes.filter((n) => isElement(n) || n.trim() !== '');
  const only = significant[0];
  if (significant.length === 1 && only !== undefined && isElement(only)) {
    if (only.key === 'div' || only.key === 'xhtml:div') return only.children;
  }
  return nodes;
}

function decodeBase64(text: string): string {
  return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
}

export function readTextConstruct(el: XmlElement | undefined, ctx: TextContext): string | undefined {
  if (!el) return undefined;
  const type = (el.attrs.type ?? '').trim().toLowerCase();
  const mode = (el.attrs.mode ?? '').trim().toLowerCase();
  const detected = kindOf(type, ctx.defaultKind);
  let kind: TextKind = detected === 'binary' ? 'text' : detected;
  let value: string;
  if (mode === 'base64' || (ctx.atom10 && detected === 'binary')) {
    value = decodeBase64(textContent(el));
  } else if (mode === 'escaped') {
    value = textContent(el); // Atom 0.3: the markup arrives as escaped text
    if (kind === 'xhtml') kind = 'html';
  } else if (kind === 'xhtml' || el.children.some(isElement)) {
    const out: string[] = [];
    serialize(ctx.atom10 ? unwrapDiv(el.children) : el.children, kind === 'xhtml', out);
    value = out.join('');
    if (kind === 'text') kind = 'html'; // markup inside a "text" element is markup all the same
  } else {
    value = textContent(el);
  }
  // Cut early to the largest field limit, so the HTML passes below never run over megabytes; the caller
  // applies its own, smaller limit (limits.ts).
  value = truncate(value.trim(), MAX_TEXT_CHARS);
  if (value === '') return undefined;
  if (kind === 'text') return value;
  return absolutizeHtmlUrls(kind === 'html' ? escapeStrayAmpersands(value) : value, ctx.base);
}

/** In HTML, '&' that starts no reference means itself; writing it '&amp;' is the same text, made explicit. */
function escapeStrayAmpersands(html: string): string {
  if (!html.includes('&')) return html;
  return html.replace(/&(?!#\d{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)/g, '&amp;');
}
