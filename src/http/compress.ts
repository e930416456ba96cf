/**
 * Compression of the server's answers (RFC 9110 §8.4 Content-Encoding, §12.5.3 Accept-Encoding): an
 * answer of at least MIN_BYTES goes gzip-compressed when the request accepts gzip, else as it is. The
 * status page with busy charts is several hundred KB of repetitive markup (each mark carries its headline
 * and link) and travels at about a third of that; small JSON answers are not worth the CPU.
 *
 * Compression runs on libuv's thread pool (zlib's async API), so a large page never blocks the event loop.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** Answers smaller than this are sent as they are. */
export const MIN_BYTES = 1024;

/**
 * Whether an Accept-Encoding value accepts gzip: listed (or `*`) with a q-value above 0. `x-gzip` is
 * gzip's old alias (§8.4.1.3). An absent header means any coding is acceptable, but clients that send none
 * (probes, scripts) are better served plain, as most servers do.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star: boolean | undefined;
  for (const part of header.toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((token) => token.trim());
    const q = params.find((param) => param.startsWith('q='));
    const accepted = q === undefined || Number(q.slice(2)) > 0;
    if (name === 'gzip' || name === 'x-gzip') return accepted;
    if (name === '*') star = accepted;
  }
  return star === true;
}

export interface Encoded {
  body: Buffer;
  /** The Content-Encoding applied, or undefined for none. */
  encoding: 'gzip' | undefined;
}

export async function encodeBody(body: string, acceptEncoding: string | undefined): Promise<Encoded> {
  const raw = Buffer.from(body, 'utf8');
  if (raw.length < MIN_BYTES || !acceptsGzip(acceptEncoding)) return { body: raw, encoding: undefined };
  return { body: await gzipAsync(raw), encoding: 'gzip' };
}
