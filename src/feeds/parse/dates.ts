/**
 * Feed dates → ISO-8601 UTC with second precision ('2004-01-01T19:48:21Z'), or undefined.
 *
 * Accepted, in this order:
 * 1. W3C-DTF / ISO 8601 (Atom, dc:date): '2003-12-31', '2003-12-31T10:14:55Z', '...T10:14:55.123+01:00',
 *    a space instead of 'T', lower-case 't'/'z', offsets written '+0100' or '+01', compact '20031231T101455Z'.
 *    A missing time is midnight; a missing offset is UTC.
 * 2. RFC 822 / RFC 1123 / RFC 2822 (RSS pubDate), tolerating what real feeds do: no weekday, full month and
 *    day names, two-digit years (RFC 2822 §4.3: <50 → 20xx), no seconds, a missing zone (UTC), zones as
 *    names (GMT, UT, EST, PDT…, military letters), '+0100' or '+01:00', and trailing junk such as '(PST)'.
 * 3. asctime ('Sun Jan  4 16:29:06 PST 2004').
 *
 * Anything else, or an impossible calendar value (month 13, Feb 30), gives undefined: a bad date loses
 * the date, never the item. Future dates are kept as they are; the pipeline decides what they mean.
 * Date.parse is not used: its fallback grammar is implementation-defined and reads '2' as 2001.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** RFC 822 §5.1 zone names (plus the few others feeds use), as minutes east of UTC. */
// biome-ignore format: a table reads better packed
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0, bst: 60, cet: 60, cest: 120, eet: 120, eest: 180,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600, ist: 330, jst: 540, kst: 540, aest: 600, aedt: 660,
};

// Every pattern is anchored and built from bounded, non-nested quantifiers: no backtracking blow-up.
const ISO =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2})(?:[Tt ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d{1,9})?)?)?)?)?\s{0,4}([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const RFC822 =
  /^(?:[A-Za-z]{2,9},?\s{1,4})?(\d{1,2})[\s-]{1,4}([A-Za-z]{3,9})\.?[\s-]{1,4}(\d{2}|\d{4}),?(?:\s{1,4}(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s{0,4}([A-Za-z]{1,5}|[+-]\d{2}:?\d{2}|[+-]\d{2})?(?:\s.{0,40})?$/;
const ASCTIME =
  /^[A-Za-z]{3}\s{1,4}([A-Za-z]{3})\s{1,4}(\d{1,2})\s{1,4}(\d{1,2}):(\d{2}):(\d{2})\s{1,4}(?:([A-Za-z]{1,5})\s{1,4})?(\d{4})$/;

function num(value: string | undefined, fallback = 0): number {
  return value === undefined || value === '' ? fallback : Number(value);
}

/** Offset in minutes east of UTC, or undefined for an unknown zone name. */
function zoneOffset(zone: string | undefined): number | undefined {
  if (!zone) return 0;
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (numeric) {
    const minutes = num(numeric[2]) * 60 + num(numeric[3]);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  const lower = zone.toLowerCase();
  if (lower in ZONES) return ZONES[lower];
  // RFC 822 military zones; their signs were specified backwards, so RFC 2822 §4.3 says treat them as UTC.
  if (/^[a-ik-z]$/.test(lower)) return 0;
  return undefined;
}

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase());
}

function daysInMonth(year: number, month: number): number {
  if (month !== 1) return DAYS_IN_MONTH[month] ?? 0;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * 'YYYY-MM-DDThh:mm:ssZ' for a UTC instant. Written out by hand because Date#toISOString plus a regex to
 * drop the milliseconds was most of the cost of reading a date, and feeds carry one or two per item.
 */
function formatUtc(ms: number): string {
  const at = new Date(ms);
  const year = at.getUTCFullYear();
  // Outside four-digit years toISOString writes an extended year ('+010000-…'); keep its form there.
  if (year < 1000 || year > 9999) return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const date = `${year}-${pad2(at.getUTCMonth() + 1)}-${pad2(at.getUTCDate())}`;
  return `${date}T${pad2(at.getUTCHours())}:${pad2(at.getUTCMinutes())}:${pad2(at.getUTCSeconds())}Z`;
}

function build(year: number, month: number, day: number, h: number, m: number, s: number, offset: number) {
  if (year < 1000 || year > 9999 || month < 0 || month > 11 || day < 1 || h > 24 || m > 59 || s > 60) {
    return undefined;
  }
  // Date.UTC would roll Feb 30 over to Mar 2; a rolled-over day is an impossible date, not a different one.
  if (day > daysInMonth(year, month)) return undefined;
  return formatUtc(Date.UTC(year, month, day, h, m, Math.min(s, 59)) - offset * 60_000);
}

function fromIso(text: string): string | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const offset = zoneOffset(m[7]);
  if (offset === undefined) return undefined;
  return build(num(m[1]), num(m[2], 1) - 1, num(m[3], 1), num(m[4]), num(m[5]), num(m[6]), offset);
}

function fromRfc822(text: string): string | undefined {
  const m = RFC822.exec(text);
  if (!m?.[2] || !m[3]) return undefined;
  const offset = zoneOffset(m[7]);
  if (offset === undefined) return undefined;
  let year = num(m[3]);
  if (m[3].length === 2) year += year < 50 ? 2000 : 1900;
  return build(year, monthIndex(m[2]), num(m[1]), num(m[4]), num(m[5]), num(m[6]), offset);
}

function fromAsctime(text: string): string | undefined {
  const m = ASCTIME.exec(text);
  if (!m?.[1]) return undefined;
  const offset = zoneOffset(m[6]);
  if (offset === undefined) return undefined;
  return build(num(m[7]), monthIndex(m[1]), num(m[2]), num(m[3]), num(m[4]), num(m[5]), offset);
}

/** Parses one feed date; undefined when absent or not understood. */
export function parseFeedDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  // A date is short; anything long is not one, and bounding the length bounds the regex work.
  if (trimmed === '' || trimmed.length > 120) return undefined;
  // Most dates are already single-spaced; only rebuild the string when they are not.
  const text = /\s\s|[^\S ]/.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
  return fromIso(text) ?? fromRfc822(text) ?? fromAsctime(text);
}
