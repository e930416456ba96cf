/**
 * RFC 9110 §10.2.3 Retry-After, read the same way for feeds we fetch and receivers we deliver to:
 * delta-seconds or an HTTP-date, as milliseconds from `now`; undefined when absent or unreadable.
 */
const DELTA_SECONDS = /^\d+$/;

export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (DELTA_SECONDS.test(trimmed)) return Number(trimmed) * 1000;
  // Date.parse reads bare numbers like "1" as years, so only accept text that names a day or month.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  // A date in the past means "now": the server no longer asks us to wait.
  return Math.max(0, at - now);
}
