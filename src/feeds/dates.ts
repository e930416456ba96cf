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

function build(year: number, month: number, day: number, h: number, m: number, s: number, offset: number) {
  if (year < 1000 || year > 9999 || month < 0 || month > 11 || day < 1 || h > 24 || m > 59 || s > 60) {
    return undefined;
  }
  const ms = Date.UTC(year, month, day, h, m, Math.min(s, 59)) - offset * 60_000;
  const check = new Date(Date.UTC(year, month, day));
  // Date.UTC rolls Feb 30 over to Mar 2; a rolled-over day is an impossible date, not a different one.
  if (check.getUTCMonth() !== month || check.getUTCDate() !== day) return undefined;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
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
  const text = trimmed.replace(/\s+/g, ' ');
  return fromIso(text) ?? fromRfc822(text) ?? fromAsctime(text);
}
