/**
 * Authors. Feeds name people two ways: Atom/JSON Feed give parts (name, email), RSS gives one string in
 * one of a few customary shapes. Both end as `{ display, name }`, where `display` is feedparser's form
 * ('Name (email)', else whichever part exists) and `name` is the person's name alone.
 *
 * For RSS the display is the string as written (it already is the publisher's chosen form); the name is
 * read from 'Name (email)', 'Name <email>' or 'email (Name)', else the whole string when it is not an email.
 */
import { MAX_SHORT_CHARS, truncate } from './limits.js';

export interface Person {
  display: string;
  name?: string | undefined;
}

const EMAIL = /^[^\s@()<>]{1,200}@[^\s@()<>]{1,200}$/;

export function personFromParts(name: string | undefined, email: string | undefined): Person | undefined {
  if (name && email) return { display: `${name} (${email})`, name };
  if (name) return { display: name, name };
  if (email) return { display: email };
  return undefined;
}

/** Parses an RSS `<author>` / `<dc:creator>` string. */
export function personFromString(text: string | undefined): Person | undefined {
  // Bounded first: the shape regexes below are cheap only on short strings.
  const display = text === undefined ? undefined : truncate(text.trim(), MAX_SHORT_CHARS);
  if (!display) return undefined;
  const paren = /^(.{1,300}?)\s*\(([^()]{1,300})\)$/.exec(display);
  if (paren?.[1] && paren[2]) {
    const [first, second] = [paren[1].trim(), paren[2].trim()];
    return { display, name: EMAIL.test(first) ? second : first };
  }
  const angle = /^(.{1,300}?)\s*<([^<>]{1,300})>$/.exec(display);
  if (angle?.[1]) return { display, name: angle[1].trim() };
  return { display, name: EMAIL.test(display) ? undefined : display };
}
