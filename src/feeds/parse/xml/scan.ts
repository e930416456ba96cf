/**
 * A forward-only scan over the markup of an XML document, for the checks and repairs that must run
 * before (or instead of) a real parse: nesting depth (guard.ts) and closing a truncated document
 * (repair.ts). It is not a parser: it reports start and end tags with their names and positions and
 * skips comments, CDATA sections, processing instructions and declarations. Linear in the input: every
 * step moves past the construct it looked at.
 */

export type TagEvent =
  | { kind: 'start'; name: string; selfClosing: boolean; start: number; end: number }
  | { kind: 'end'; name: string; start: number; end: number }
  /** A construct that runs to the end of the input without being closed. */
  | { kind: 'unterminated'; start: number };

const NAME = /[^\s/>]{1,256}/y;

function readName(text: string, from: number): string {
  NAME.lastIndex = from;
  return NAME.exec(text)?.[0] ?? '';
}

/** Index of the '>' that ends the tag opened at `from`, skipping quoted attribute values; -1 if none. */
function tagEnd(text: string, from: number): number {
  let quote = 0;
  for (let i = from + 1; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === 0x22 || code === 0x27) {
      quote = code;
    } else if (code === 0x3e) {
      return i;
    }
  }
  return -1;
}

/** Calls `visit` for each tag from `from` on; stops early when `visit` returns false. */
export function scanTags(text: string, from: number, visit: (event: TagEvent) => boolean | undefined): void {
  let i = text.indexOf('<', from);
  while (i >= 0) {
    let next: number;
    let event: TagEvent | undefined;
    if (text.startsWith('<!--', i)) next = text.indexOf('-->', i + 4);
    else if (text.startsWith('<![CDATA[', i)) next = text.indexOf(']]>', i + 9);
    else if (text.startsWith('<?', i) || text.startsWith('<!', i)) next = text.indexOf('>', i + 2);
    else if (text.startsWith('</', i)) {
      next = text.indexOf('>', i + 2);
      if (next >= 0) event = { kind: 'end', name: readName(text, i + 2), start: i, end: next + 1 };
    } else {
      next = tagEnd(text, i);
      if (next >= 0) {
        const selfClosing = text.charCodeAt(next - 1) === 0x2f; /* / */
        event = { kind: 'start', name: readName(text, i + 1), selfClosing, start: i, end: next + 1 };
      }
    }
    if (next < 0) {
      visit({ kind: 'unterminated', start: i });
      return;
    }
    if (event && visit(event) === false) return;
    i = text.indexOf('<', next + 1);
  }
}

/**
 * Whether elements nest deeper than `limit` from `from` on: the depth scanTags' events give (start tags
 * that are not self-closing open a level, end tags close one), without building the events.
 */
export function nestsDeeperThan(text: string, from: number, limit: number): boolean {
  let depth = 0;
  let i = text.indexOf('<', from);
  while (i >= 0) {
    let next: number;
    const second = text.charCodeAt(i + 1);
    if (second === 0x21 /* ! */) {
      if (text.startsWith('<!--', i)) next = text.indexOf('-->', i + 4);
      else if (text.startsWith('<![CDATA[', i)) next = text.indexOf(']]>', i + 9);
      else next = text.indexOf('>', i + 2);
    } else if (second === 0x3f /* ? */) {
      next = text.indexOf('>', i + 2);
    } else if (second === 0x2f /* / */) {
      next = text.indexOf('>', i + 2);
      if (next >= 0) depth -= 1;
    } else {
      next = tagEnd(text, i);
      if (next >= 0 && text.charCodeAt(next - 1) !== 0x2f /* / */) {
        depth += 1;
        if (depth > limit) return true;
      }
    }
    if (next < 0) return false;
    i = text.indexOf('<', next + 1);
  }
  return false;
}
