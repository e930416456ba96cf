/**
 * The small vocabulary every chart file writes SVG with: escaped text and attributes, numbers with one
 * decimal (so the output is byte-stable), links limited to http(s), and a width estimate for labels.
 *
 * Escaping (text/escape-markup.ts) covers both places the chart lands in: an SVG document and an HTML page.
 */
import { escapeMarkup } from '../text/escape-markup.js';

export { safeHref } from '../text/safe-href.js';

/** Text safe as character data and inside a quoted attribute, in SVG and in HTML. */
export const esc = escapeMarkup;

/** A coordinate with at most one decimal, never `-0`. */
export function num(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return String(rounded === 0 ? 0 : rounded);
}

/** The chart's font size, in viewBox units. */
export const FONT_PX = 11;

/**
 * An upper estimate of a label's width at FONT_PX: labels are only placed where this fits, so they never
 * run into each other. Wide (CJK, fullwidth) characters count a full em, others 0.62 em, which is wider
 * than the average Latin letter in the sans-serif faces the stylesheet asks for.
 */
export function textWidth(text: string, fontPx = FONT_PX): number {
  let ems = 0;
  for (const char of text) ems += (char.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.62;
  return ems * fontPx;
}

/** `2025-06-05` from an instant, in UTC as every time the product shows. */
export function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}
