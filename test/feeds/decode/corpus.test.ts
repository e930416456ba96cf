import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFeedBody } from '../../../src/feeds/decode/decode.js';
import { FEED_CORPUS_DIR, manifestHeader, readManifest } from '../../support/feed-corpus.js';

// The feedparser test documents (BSD-2, see its README): real-world encodings, served as its manifest says.
const CORPUS = join(FEED_CORPUS_DIR, 'encoding');

// Served with the Content-Type the corpus manifest gives each file; the bozo_ files are broken on purpose.
const files = readManifest()
  .filter((entry) => entry.path.startsWith('encoding/') && !entry.path.includes('/bozo_'))
  .map((entry) => ({
    name: entry.path.slice('encoding/'.length),
    contentType: manifestHeader(entry, 'content-type'),
  }));

describe('decodeFeedBody on the feedparser encoding corpus', () => {
  it('covers the whole encoding folder', () => {
    expect(files.length).toBe(readdirSync(CORPUS).filter((name) => !name.startsWith('bozo_')).length);
  });

  it.each(files)('decodes $name without replacement characters or NULs', ({ name, contentType }) => {
    const { text } = decodeFeedBody(readFileSync(join(CORPUS, name)), contentType);
    expect(text).not.toMatch(/[\uFFFD\0]/);
    expect(text.trimStart().startsWith('<')).toBe(true);
  });

  it.each([
    { file: 'big5.xml', contentType: undefined, encoding: 'big5', source: 'xml-declaration' },
    { file: 'euc-kr.xml', contentType: undefined, encoding: 'euc-kr', source: 'xml-declaration' },
    {
      file: 'utf-32le-autodetect.xml',
      contentType: undefined,
      encoding: 'utf-32le',
      source: 'xml-declaration',
    },
    { file: 'utf-32be-bom.xml', contentType: undefined, encoding: 'utf-32be', source: 'bom' },
    { file: 'u16.xml', contentType: undefined, encoding: 'utf-16be', source: 'xml-declaration' },
    {
      file: 'http_application_atom_xml_gb2312_charset_overrides_encoding.xml',
      contentType: "application/atom+xml; charset='gb2312'",
      encoding: 'gb18030',
      source: 'http',
    },
    {
      file: 'http_text_xml_charset_2.xml',
      contentType: 'text/xml; charset=windows-1252',
      encoding: 'windows-1252',
      source: 'http',
    },
  ])('reads $file as $encoding from $source', ({ file, contentType, encoding, source }) => {
    expect(decodeFeedBody(readFileSync(join(CORPUS, file)), contentType)).toMatchObject({
      encoding,
      encodingSource: source,
    });
  });

  it('decodes the windows-1252 curly quotes and pound sign', () => {
    const { text } = decodeFeedBody(
      readFileSync(join(CORPUS, 'http_text_xml_charset_2.xml')),
      'text/xml; charset=windows-1252',
    );
    expect(text).toContain('This is a £“test.”');
  });
});
