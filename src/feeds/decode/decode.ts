/**
 * decodeFeedBody: feed bytes (+ the response Content-Type) → text, the encoding used and where it came from.
 * Never throws: unknown labels are ignored and invalid byte sequences become U+FFFD.
 *
 * Order (the product contract is "HTTP charset > BOM > XML declaration > UTF-8"):
 *   1. The HTTP charset, unless the bytes contradict it.
 *   2. The BOM.
 *   3. The XML declaration: `<?xml … encoding="…"?>` in ASCII-compatible bodies; in UTF-16/32 bodies without
 *      a BOM the `<\0?\0`-style byte pattern itself (XML 1.0 Appendix F) names the encoding.
 *   4. UTF-8.
 * "Contradict" is the one refinement of that order: a BOM, or a UTF-16/32 byte pattern, is proof of the
 * Unicode family, while a header or a declaration is only a claim (servers often send a stale charset for
 * re-encoded files). So a label whose family (UTF-8 / UTF-16 / UTF-32 / legacy) disagrees with that proof
 * is skipped, and a UTF-16/32 label on a body whose first bytes carry no NULs is skipped too. When the label
 * and the proof agree on the family, the bytes pick the byte order and the label keeps the credit. WHATWG
 * Encoding's decode() lets a BOM win the same way; the corpus README's "BOM first" is the same result.
 *
 * Labels: WHATWG names via TextDecoder (full ICU in Node 20), except gbk/gb2312 → gb18030 (its superset,
 * which decodes both), UTF-32, which TextDecoder lacks, and windows-1252, which Node 20 decodes wrongly
 * (windows-1252.ts). The returned `encoding` is the name actually used,
 * so 'iso-8859-1' and 'us-ascii' come back as 'windows-1252', as WHATWG defines them. RFC 3023's
 * "text/xml without charset is US-ASCII" is deliberately not applied (RFC 7303 §3 dropped it).
 */

import type { DecodedBody } from '../types.js';
import { type ByteEvidence, charsetFromContentType, sniffBytes, xmlDeclaredEncoding } from './sniff.js';
import { decodeUtf32, UTF32_ENCODINGS, type Utf32Encoding } from './utf32.js';
import { decodeWindows1252 } from './windows-1252.js';

const UTF32_LABELS: Record<string, Utf32Encoding> = {
  'utf-32le': 'utf-32le',
  'utf-32be': 'utf-32be',
  // Without a BOM, UTF-32 is big-endian (Unicode §3.10, D101); bytes that show otherwise still win.
  'utf-32': 'utf-32be',
  utf32: 'utf-32be',
  'ucs-4': 'utf-32be',
  ucs4: 'utf-32be',
};

/** A label → the canonical encoding name we decode with, or `undefined` when nothing can decode it. */
export function resolveEncodingLabel(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const utf32 = UTF32_LABELS[label.trim().toLowerCase()];
  if (utf32) return utf32;
  try {
    const name = new TextDecoder(label).encoding;
    return name === 'gbk' ? 'gb18030' : name;
  } catch {
    // RangeError for unknown labels and for WHATWG's "replacement" encodings (iso-2022-kr, hz-gb-2312…).
    return undefined;
  }
}

type Family = 'utf-8' | 'utf-16' | 'utf-32' | 'legacy';

function familyOf(encoding: string): Family {
  if (encoding === 'utf-8') return 'utf-8';
  if (encoding.startsWith('utf-16')) return 'utf-16';
  if (encoding.startsWith('utf-32')) return 'utf-32';
  return 'legacy';
}

function agrees(encoding: string, evidence: ByteEvidence): boolean {
  const family = familyOf(encoding);
  switch (evidence.kind) {
    case 'bom':
    case 'pattern':
      return family === familyOf(evidence.encoding);
    case 'ascii-compatible':
      return family !== 'utf-16' && family !== 'utf-32';
    case 'none':
      return true;
  }
}

function decodeAs(bytes: Uint8Array, encoding: string): string {
  if ((UTF32_ENCODINGS as readonly string[]).includes(encoding)) {
    return decodeUtf32(bytes, encoding as Utf32Encoding);
  }
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
}

function decodeWith(
  bytes: Uint8Array,
  encoding: string,
  source: DecodedBody['encodingSource'],
  evidence: ByteEvidence,
): DecodedBody {
  // Whenever a BOM is present the chosen encoding is the BOM's (see agrees), so stripping it is always right.
  const body = evidence.kind === 'bom' ? bytes.subarray(evidence.length) : bytes;
  return { text: decodeAs(body, encoding), encoding, encodingSource: source };
}

export function decodeFeedBody(bytes: Uint8Array, contentType?: string): DecodedBody {
  const evidence = sniffBytes(bytes);
  const proven = evidence.kind === 'bom' || evidence.kind === 'pattern' ? evidence.encoding : undefined;

  const http = resolveEncodingLabel(charsetFromContentType(contentType));
  if (http && agrees(http, evidence)) return decodeWith(bytes, proven ?? http, 'http', evidence);
  if (evidence.kind === 'bom') return decodeWith(bytes, evidence.encoding, 'bom', evidence);
  if (evidence.kind === 'pattern') return decodeWith(bytes, evidence.encoding, 'xml-declaration', evidence);

  const declared = resolveEncodingLabel(xmlDeclaredEncoding(bytes));
  if (declared && agrees(declared, evidence)) return decodeWith(bytes, declared, 'xml-declaration', evidence);
  return decodeWith(bytes, 'utf-8', 'default', evidence);
}
