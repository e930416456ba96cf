/**
 * URLs as they may be shown: in a log line, a feed's health record, the API, the status page, the CLI.
 * A URL's user and password, and the values of query parameters whose names say they are secrets
 * (`token`, `key`, `api_key`, `signature`, `password` …), become `***`; the rest stays, so the URL still
 * says which feed it is. Pure; never throws.
 */

const SECRET_PARAM = /token|key|secret|passw|pwd|sig|auth|credential|session/i;
/** An http(s) URL inside running text, up to the first space, quote or angle bracket. */
const URL_IN_TEXT = /https?:\/\/[^\s"'<>]+/gi;
const MASK = '***';

export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not parseable: still hide what looks like user:password@.
    return url.replace(/\/\/[^/@\s]*@/, `//${MASK}@`);
  }
  let changed = false;
  if (parsed.username || parsed.password) {
    parsed.username = MASK;
    parsed.password = '';
    changed = true;
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) {
      parsed.searchParams.set(name, MASK);
      changed = true;
    }
  }
  return changed ? parsed.toString().replaceAll('%2A%2A%2A', MASK) : url;
}

/** Every http(s) URL in `text` redacted (error messages quote the URL they failed on). */
export function redactUrlsIn(text: string): string {
  return text.includes('://') ? text.replace(URL_IN_TEXT, (url) => redactUrl(url)) : text;
}
