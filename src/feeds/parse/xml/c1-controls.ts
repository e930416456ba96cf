/**
 * The text repair for feed XML that HTML-to-text conversion (src/text) does not cover: C1 controls.
 */

// cp1252 meanings of 0x80–0x9F; the five unassigned positions map to themselves.
const CP1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * C1 control characters (U+0080–U+009F) never occur in real text; they are what cp1252 punctuation
 * becomes when a document is labelled ISO-8859-1 but written in cp1252, or uses `&#146;`. Mapping them
 * as cp1252 is what HTML5 does for numeric references (§13.2.5.80) and what feedparser calls demoronizing.
 */
export function fixC1Controls(text: string): string {
  return /[\u0080-\u009f]/.test(text)
    ? text.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80] ?? c)
    : text;
}
