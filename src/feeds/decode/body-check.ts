/**
 * The two "this is not a feed at all" verdicts, given the decoded text, before any parser sees it.
 * `feedBodyProblem` returns the error as a value (`undefined` when the body may be a feed);
 * `checkFeedBody` throws it, for callers that sequence stages with exceptions (the CLI's load-input).
 *   - FEED_EMPTY: no text, or only whitespace (a BOM is already stripped by decodeFeedBody).
 *   - FEED_HTML: the document starts (after whitespace, an XML declaration and comments) with
 *     `<!doctype html` or `<html`: a login wall, an error page or a site's front page.
 * It lives after decoding rather than in fetchFeed because `parse` and `match` read local files too, and
 * because only decoded text can be inspected reliably (UTF-16 bodies included). The Content-Type does not
 * decide: feeds are often served as text/html and HTML pages as text/xml, so the document's start decides
 * and the Content-Type only appears in the message.
 */
import { PolicyWatchError } from '../../errors.js';
import type { DecodedBody } from '../types.js';

// Leading noise that may precede the root element of either kind of document.
const PROLOG = /^(?:\s+|<\?xml[^>]*\?>|<!--[\s\S]*?-->)*/;
const HTML_START = /^<(?:!doctype\s+html|html)[\s>]/i;

/**
 * @param contentType - the response Content-Type, shown in the FEED_HTML message when present.
 * @param origin - where the body came from, for messages: a host name or a file name, never a full URL.
 */
export function feedBodyProblem(
  decoded: DecodedBody,
  contentType?: string,
  origin?: string,
): PolicyWatchError | undefined {
  const from = origin ? ` from ${origin}` : '';
  const details = { origin, contentType };
  if (decoded.text.trim() === '') {
    return new PolicyWatchError('FEED_EMPTY', `The feed${from} has an empty body.`, details);
  }
  const start = decoded.text.slice(0, 4096).replace(PROLOG, '');
  if (HTML_START.test(start)) {
    const served = contentType ? ` (served as ${contentType.split(';')[0]?.trim()})` : '';
    return new PolicyWatchError(
      'FEED_HTML',
      `The document${from} is an HTML page${served}, not a feed; check the feed URL.`,
      details,
    );
  }
  return undefined;
}

/** Throws feedBodyProblem's error, if any. */
export function checkFeedBody(decoded: DecodedBody, contentType?: string, origin?: string): void {
  const problem = feedBodyProblem(decoded, contentType, origin);
  if (problem) throw problem;
}
