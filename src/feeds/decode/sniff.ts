/**
 * The evidence decodeFeedBody weighs, read without decoding the body: the charset parameter of a
 * Content-Type, what the first bytes say (BOM, the UTF-16/32 shape of `<`), and the `encoding` of an XML
 * declaration. Each reader returns `undefined` when its evidence is absent; none of them throws.
 */

/** The label after `charset=` in a Content-Type, unquoted; `undefined` when absent. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  for (const param of contentType.split(';').slice(1)) {
    const eq = param.indexOf('=');
    // `charset:iso-8859-1` has no `=`: a malformed parameter is no evidence (RFC 9110 §5.6.6).
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    const value = param
      .slice(eq + 1)
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2')
      .trim();
    return value || undefined;
  }
  return undefined;
}

/** What the first bytes prove about the encoding, strongest first. */
export type ByteEvidence =
  | { kind: 'bom'; encoding: string; length: number }
  /** No BOM, but `<` in UTF-16/32 form (XML 1.0 Appendix F): the family and byte order are certain. */
  | { kind: 'pattern'; encoding: string }
  /** The first two bytes are non-NUL, which no UTF-16/32 feed (it starts with `<`, `{` or space) can be. */
  | { kind: 'ascii-compatible' }
  | { kind: 'none' };

const BOMS: ReadonlyArray<{ bytes: number[]; encoding: string }> = [
  // UTF-32LE before UTF-16LE: FF FE 00 00 starts with the UTF-16LE BOM.
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

const PATTERNS: ReadonlyArray<{ bytes: number[]; encoding: string }> = [
  { bytes: [0x3c, 0x00, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x00, 0x00, 0x3c], encoding: 'utf-32be' },
  { bytes: [0x3c, 0x00, 0x3f, 0x00], encoding: 'utf-16le' },
  { bytes: [0x00, 0x3c, 0x00, 0x3f], encoding: 'utf-16be' },
];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

export function sniffBytes(bytes: Uint8Array): ByteEvidence {
  const bom = BOMS.find((b) => startsWith(bytes, b.bytes));
  if (bom) return { kind: 'bom', encoding: bom.encoding, length: bom.bytes.length };
  const pattern = PATTERNS.find((p) => startsWith(bytes, p.bytes));
  if (pattern) return { kind: 'pattern', encoding: pattern.encoding };
  if (bytes.length >= 2 && bytes[0] !== 0 && bytes[1] !== 0) return { kind: 'ascii-compatible' };
  return { kind: 'none' };
}

/**
 * The `encoding` pseudo-attribute of a leading `<?xml …?>`, read as ASCII (the declaration is ASCII in every
 * ASCII-compatible encoding). UTF-16/32 bodies are recognised by sniffBytes instead.
 */
export function xmlDeclaredEncoding(bytes: Uint8Array): string | undefined {
  // The declaration must come first (XML 1.0 §2.8); 512 bytes is room for any real one.
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1');
  const decl = /^(?:\uFEFF|\u00EF\u00BB\u00BF)?\s*<\?xml\s[^>]*?\?>/.exec(head);
  if (!decl) return undefined;
  const enc = /\sencoding\s*=\s*(["'])([A-Za-z0-9._:-]+)\1/.exec(decl[0]);
  return enc?.[2];
}
