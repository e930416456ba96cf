/**
 * Hostile and broken feeds, end to end through `policy-watch parse --json` against a real HTTP server:
 * each gives a typed error or bounded, correct output within the limits, and the process carries on to
 * the next input.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { type Handler, type LocalServer, serveLocal } from '../../src/replay/local-server.js';
import { captureIo } from '../support/capture-io.js';

const rss = (title: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>${title}</title><guid>a</guid></item></channel></rss>`;

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>`;

const EXTERNAL_ENTITY = `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&xxe;</title><item><title>&xxe;</title></item></channel></rss>`;

const MiB = 1024 * 1024;

const routes: Record<string, Handler> = {
  '/bomb.xml': (_req, res) => res.end(BILLION_LAUGHS),
  '/xxe.xml': (_req, res) => res.end(EXTERNAL_ENTITY),
  '/sixty-mb.xml': async (_req, res) => {
    // Streamed without Content-Length, so only the streaming cap can stop it.
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const chunk = Buffer.alloc(MiB, 'a');
    for (let sent = 0; sent < 60 && !res.destroyed; sent++) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  },
  '/gzip-bomb.xml': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
    res.end(gzipSync(Buffer.alloc(100 * MiB, ' ')));
  },
  '/five-mb-title.xml': (_req, res) => res.end(rss(`Rare earths ${'x'.repeat(5_000_000)}`)),
  '/invalid-utf8.xml': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    const [before = '', after = ''] = rss('@').split('@');
    res.end(
      Buffer.concat([Buffer.from(`${before}caf`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(after)]),
    );
  },
  '/never-ends.xml': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.write('<rss version="2.0"><channel>');
    const timer = setInterval(() => res.write('<!-- still here -->'), 100);
    res.on('close', () => clearInterval(timer));
  },
  '/fine.xml': (_req, res) => res.end(rss('Rare earth shipments resume')),
};

let server: LocalServer;
beforeAll(async () => {
  server = await serveLocal((req, res) => {
    const route = routes[req.url ?? ''];
    return route ? route(req, res) : res.writeHead(404).end();
  });
});
afterAll(() => server.close());

interface ParseLine {
  input: string;
  items?: Array<{ title: string | null }>;
  error?: { code: string; message: string };
}

async function parseAll(paths: string[]): Promise<{ code: number; lines: ParseLine[] }> {
  const io = captureIo();
  const args = ['parse', '--json', '--timeout', '1500', ...paths.map((p) => `${server.origin}${p}`)];
  const code = await runCli(args, io);
  return { code, lines: io.json() as ParseLine[] };
}

describe('policy-watch parse on adversarial input', () => {
  it('answers every hostile input with a typed error and still parses the good one after them', async () => {
    const { code, lines } = await parseAll([
      '/bomb.xml',
      '/xxe.xml',
      '/sixty-mb.xml',
      '/gzip-bomb.xml',
      '/never-ends.xml',
      '/fine.xml',
    ]);
    expect(code).toBe(1);
    expect(lines.map((line) => line.error?.code ?? 'ok')).toEqual([
      'FEED_UNSAFE',
      'FEED_UNSAFE',
      'FETCH_TOO_LARGE',
      'FETCH_TOO_LARGE',
      'FETCH_TIMEOUT',
      'ok',
    ]);
    expect(JSON.stringify(lines)).not.toContain('root:');
    expect(lines[5]?.items?.[0]?.title).toBe('Rare earth shipments resume');
  });

  it('bounds a 5 MB title instead of failing the feed', async () => {
    const { code, lines } = await parseAll(['/five-mb-title.xml']);
    expect(code).toBe(0);
    const title = lines[0]?.items?.[0]?.title ?? '';
    expect(title.startsWith('Rare earths xxx')).toBe(true);
    expect(title.length).toBeLessThanOrEqual(1_000);
  });

  it('reads invalid UTF-8 with replacement characters and keeps the items', async () => {
    const { code, lines } = await parseAll(['/invalid-utf8.xml']);
    expect(code).toBe(0);
    expect(lines[0]?.items?.[0]?.title).toContain('\uFFFD');
  });
});
