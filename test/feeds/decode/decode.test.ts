import { describe, expect, it } from 'vitest';
import { decodeFeedBody, resolveEncodingLabel } from '../../../src/feeds/decode/decode.js';

const ascii = (text: string): number[] => [...Buffer.from(text, 'latin1')];
const bytes = (...parts: Array<number[] | string>): Uint8Array =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? ascii(part) : part)));
const utf16 = (text: string, order: 'le' | 'be'): number[] => {
  const le = [...Buffer.from(text, 'utf16le')];
  if (order === 'le') return le;
  const be: number[] = [];
  for (let i = 0; i < le.length; i += 2) be.push(le[i + 1] ?? 0, le[i] ?? 0);
  return be;
};
const utf32 = (text: string, order: 'le' | 'be'): number[] =>
  [...text].flatMap((ch) => {
    const cp = ch.codePointAt(0) ?? 0;
    const be = [(cp >>> 24) & 0xff, (cp >>> 16) & 0xff, (cp >>> 8) & 0xff, cp & 0xff];
    return order === 'be' ? be : be.reverse();
  });

// 稀土出口 ("rare earth exports") in GBK, and 中國 in Big5, from the two standards' tables.
const GBK_RARE_EARTH_EXPORTS = [0xcf, 0xa1, 0xcd, 0xc1, 0xb3, 0xf6, 0xbf, 0xda];
const BIG5_CHINA = [0xa4, 0xa4, 0xb0, 0xea];
const DOC = '<rss><title>稀土 ok 😀</title></rss>';

describe('decodeFeedBody', () => {
  describe('when one source of evidence names the encoding', () => {
    it.each([
      {
        name: 'GBK from the HTTP charset',
        body: bytes('<title>', GBK_RARE_EARTH_EXPORTS, '</title>'),
        contentType: 'application/rss+xml; charset=gbk',
        text: '<title>稀土出口</title>',
        encoding: 'gb18030',
        source: 'http',
      },
      {
        name: 'gb2312 from the XML declaration, decoded as gb18030',
        body: bytes('<?xml version="1.0" encoding="GB2312"?><t>', GBK_RARE_EARTH_EXPORTS, '</t>'),
        contentType: 'text/xml',
        text: '<?xml version="1.0" encoding="GB2312"?><t>稀土出口</t>',
        encoding: 'gb18030',
        source: 'xml-declaration',
      },
      {
        name: 'Big5 from the XML declaration',
        body: bytes("<?xml version='1.0' encoding='big5'?><t>", BIG5_CHINA, '</t>'),
        contentType: undefined,
        text: "<?xml version='1.0' encoding='big5'?><t>中國</t>",
        encoding: 'big5',
        source: 'xml-declaration',
      },
      {
        name: 'iso-8859-1 from the XML declaration (WHATWG decodes it as windows-1252)',
        body: bytes('<?xml version="1.0" encoding="iso-8859-1"?><t>caf', [0xe9], '</t>'),
        contentType: 'application/xml',
        text: '<?xml version="1.0" encoding="iso-8859-1"?><t>café</t>',
        encoding: 'windows-1252',
        source: 'xml-declaration',
      },
      {
        name: 'UTF-16LE from its BOM',
        body: bytes([0xff, 0xfe], utf16(DOC, 'le')),
        contentType: undefined,
        text: DOC,
        encoding: 'utf-16le',
        source: 'bom',
      },
      {
        name: 'UTF-16BE from its BOM',
        body: bytes([0xfe, 0xff], utf16(DOC, 'be')),
        contentType: undefined,
        text: DOC,
        encoding: 'utf-16be',
        source: 'bom',
      },
      {
        name: 'UTF-16LE without a BOM, from the <?xml byte pattern',
        body: bytes(utf16(`<?xml version="1.0"?>${DOC}`, 'le')),
        contentType: undefined,
        text: `<?xml version="1.0"?>${DOC}`,
        encoding: 'utf-16le',
        source: 'xml-declaration',
      },
      {
        name: 'UTF-16BE without a BOM, from the <?xml byte pattern',
        body: bytes(utf16(`<?xml version="1.0"?>${DOC}`, 'be')),
        contentType: undefined,
        text: `<?xml version="1.0"?>${DOC}`,
        encoding: 'utf-16be',
        source: 'xml-declaration',
      },
      {
        name: 'UTF-32LE from its BOM',
        body: bytes([0xff, 0xfe, 0, 0], utf32(DOC, 'le')),
        contentType: undefined,
        text: DOC,
        encoding: 'utf-32le',
        source: 'bom',
      },
      {
        name: 'UTF-32BE without a BOM, from the < byte pattern',
        body: bytes(utf32(DOC, 'be')),
        contentType: undefined,
        text: DOC,
        encoding: 'utf-32be',
        source: 'xml-declaration',
      },
      {
        name: 'UTF-8 from its BOM, which is stripped',
        body: bytes([0xef, 0xbb, 0xbf], [...Buffer.from(DOC)]),
        contentType: undefined,
        text: DOC,
        encoding: 'utf-8',
        source: 'bom',
      },
      {
        name: 'nothing at all: UTF-8 by default',
        body: bytes([...Buffer.from(DOC)]),
        contentType: 'application/rss+xml',
        text: DOC,
        encoding: 'utf-8',
        source: 'default',
      },
    ])('decodes $name', ({ body, contentType, text, encoding, source }) => {
      expect(decodeFeedBody(body, contentType)).toEqual({ text, encoding, encodingSource: source });
    });
  });

  describe('when the HTTP charset and the document disagree', () => {
    it('lets the HTTP charset override the XML declaration', () => {
      const body = bytes('<?xml version="1.0" encoding="iso-8859-1"?><t>', [...Buffer.from('café')], '</t>');
      const decoded = decodeFeedBody(body, 'text/xml; charset=utf-8');
      expect(decoded).toMatchObject({ encoding: 'utf-8', encodingSource: 'http' });
      expect(decoded.text).toContain('<t>café</t>');
    });

    it('lets a BOM of another Unicode family override the HTTP charset', () => {
      const body = bytes([0xff, 0xfe], utf16(DOC, 'le'));
      expect(decodeFeedBody(body, 'application/rss+xml; charset=utf-8')).toEqual({
        text: DOC,
        encoding: 'utf-16le',
        encodingSource: 'bom',
      });
    });

    it('lets a UTF-8 BOM override a legacy HTTP charset instead of producing mojibake', () => {
      const body = bytes([0xef, 0xbb, 0xbf], [...Buffer.from(DOC)]);
      expect(decodeFeedBody(body, 'text/xml; charset=gbk')).toEqual({
        text: DOC,
        encoding: 'utf-8',
        encodingSource: 'bom',
      });
    });

    it('keeps the HTTP credit but takes the byte order from a BOM of the same family', () => {
      const body = bytes([0xfe, 0xff], utf16(DOC, 'be'));
      expect(decodeFeedBody(body, 'text/xml; charset=utf-16')).toEqual({
        text: DOC,
        encoding: 'utf-16be',
        encodingSource: 'http',
      });
    });

    it('ignores a UTF-16 HTTP charset on a body whose bytes are plainly ASCII-compatible', () => {
      const body = bytes('<?xml version="1.0" encoding="windows-1252"?><t>caf', [0xe9], '</t>');
      expect(decodeFeedBody(body, 'text/xml; charset=utf-16')).toMatchObject({
        encoding: 'windows-1252',
        encodingSource: 'xml-declaration',
      });
    });

    it('lets UTF-16 bytes without a BOM override a UTF-8 HTTP charset', () => {
      const body = bytes(utf16(`<?xml version="1.0"?>${DOC}`, 'le'));
      expect(decodeFeedBody(body, 'text/xml; charset=utf-8')).toMatchObject({
        text: `<?xml version="1.0"?>${DOC}`,
        encoding: 'utf-16le',
      });
    });
  });

  describe('when a label is unknown or impossible', () => {
    it.each([
      { name: 'a bogus HTTP charset', body: bytes('<rss/>'), contentType: 'text/xml; charset=klingon' },
      {
        name: 'a bogus declaration',
        body: bytes('<?xml version="1.0" encoding="x-bogus"?><rss/>'),
        contentType: undefined,
      },
      { name: 'a "replacement" label', body: bytes('<rss/>'), contentType: 'text/xml; charset=iso-2022-kr' },
      {
        name: 'a malformed charset parameter',
        body: bytes('<rss/>'),
        contentType: 'text/xml; charset:iso-8859-1',
      },
      {
        name: 'a UTF-16 declaration in ASCII bytes',
        body: bytes('<?xml version="1.0" encoding="utf-16"?><rss/>'),
        contentType: undefined,
      },
    ])('falls back to UTF-8 for $name', ({ body, contentType }) => {
      expect(decodeFeedBody(body, contentType)).toMatchObject({
        encoding: 'utf-8',
        encodingSource: 'default',
      });
    });

    it('uses the declaration when only the HTTP charset is bogus', () => {
      const body = bytes('<?xml version="1.0" encoding="iso-8859-1"?><t>', [0xe9], '</t>');
      const decoded = decodeFeedBody(body, 'text/xml; charset=klingon');
      expect(decoded).toMatchObject({ encoding: 'windows-1252', encodingSource: 'xml-declaration' });
      expect(decoded.text).toContain('<t>é</t>');
    });
  });

  describe('when a windows-1252 body uses 0x80-0x9F', () => {
    it.each(['windows-1252', 'iso-8859-1', 'us-ascii'])(
      'decodes them as curly quotes and the euro sign under %s',
      (label) => {
        const decoded = decodeFeedBody(
          bytes('<t>', [0x93, 0x80, 0x39, 0x94, 0xe9, 0x81], '</t>'),
          `text/xml; charset=${label}`,
        );
        expect(decoded.text).toBe('<t>“€9”é\u0081</t>');
      },
    );
  });

  describe('when the bytes are invalid for the chosen encoding', () => {
    it('replaces invalid UTF-8 with U+FFFD instead of throwing', () => {
      const decoded = decodeFeedBody(bytes('<t>a', [0xff, 0xc3], 'b</t>'));
      expect(decoded.text).toBe('<t>a\uFFFD\uFFFDb</t>');
    });

    it('replaces a truncated UTF-32 unit with U+FFFD', () => {
      const decoded = decodeFeedBody(bytes([0xff, 0xfe, 0, 0], utf32('<a/>', 'le'), [0x41, 0x00]));
      expect(decoded.text).toBe('<a/>\uFFFD');
    });
  });
});

describe('resolveEncodingLabel', () => {
  it.each([
    ['GBK', 'gb18030'],
    ['gb2312', 'gb18030'],
    ['GB18030', 'gb18030'],
    ['Big5', 'big5'],
    ['Shift_JIS', 'shift_jis'],
    ['EUC-JP', 'euc-jp'],
    ['koi8-r', 'koi8-r'],
    ['latin1', 'windows-1252'],
    ['utf-16', 'utf-16le'],
    ['UTF-32', 'utf-32be'],
    ['utf-32le', 'utf-32le'],
    [' utf-8 ', 'utf-8'],
  ])('maps %s to %s', (label, encoding) => {
    expect(resolveEncodingLabel(label)).toBe(encoding);
  });

  it.each(['klingon', 'iso-2022-kr', ''])('returns undefined for %j', (label) => {
    expect(resolveEncodingLabel(label)).toBeUndefined();
  });
});
