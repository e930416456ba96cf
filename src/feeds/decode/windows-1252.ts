/**
 * windows-1252 to string, per the WHATWG index. Needed because Node ≥ 20.18.3 / 22.13 decodes windows-1252
 * (and so every latin1 / iso-8859-1 / us-ascii label, which WHATWG maps to it) as ISO-8859-1, turning
 * 0x80–0x9F (€ ‚ „ … “ ” – — ™ …) into C1 controls (nodejs/node#56542, #60888). Feeds that declare
 * iso-8859-1 routinely contain those bytes, so we decode these labels ourselves. Never throws.
 */

// index-windows-1252 for 0x80–0x9F; the five undefined bytes map to the C1 code point itself.
const HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
  0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122,
  0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
].map((cp) => String.fromCharCode(cp));

export function decodeWindows1252(bytes: Uint8Array): string {
  // latin1 is byte → same code point, so only the 0x80–0x9F range needs the table.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (ch) => HIGH[ch.charCodeAt(0) - 0x80] ?? ch);
}
