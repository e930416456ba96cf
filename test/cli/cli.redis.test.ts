import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { type LocalServer, serveLocal } from '../../src/replay/local-server.js';
import { captureIo } from '../support/capture-io.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const HEADLINES = path.join(ROOT, 'test/fixtures/match/headlines-2025.xml');
const CONFIG = ['--config', path.join(ROOT, 'config')];

interface ParseLine {
  input: string;
  feed?: { title: string | null };
  items?: Array<{ id: string; title: string | null; published: string | null }>;
  error?: { code: string; message: string };
}

let server: LocalServer;
const url = (pathname: string) => `${server.origin}${pathname}`;
beforeAll(async () => {
  const feed = readFileSync(HEADLINES);
  server = await serveLocal((request, response) => {
    if (request.url === '/feed.xml') {
      response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(feed);
    } else if (request.url === '/page.html') {
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><html><body>hi</body></html>');
    } else {
      response.writeHead(500).end('boom');
    }
  });
});
afterAll(() => server.close());

describe('policy-watch parse', () => {
  describe('when given a file and a URL with --json', () => {
    it('prints one line per input with every normalized item', async () => {
      const io = captureIo();
      const code = await runCli(['parse', '--json', HEADLINES, url('/feed.xml')], io);
      expect(code).toBe(0);
      const [fromFile, fromUrl] = io.json() as ParseLine[];
      expect(fromFile?.feed?.title).toBe('US–China follow-up headlines (test fixture)');
      expect(fromFile?.items).toHaveLength(38);
      expect(fromFile?.items?.[0]).toMatchObject({ id: 'hl-01', published: '2025-06-06T12:00:00Z' });
      expect(fromUrl?.items).toEqual(fromFile?.items);
    });
  });

  describe('when some inputs fail', () => {
    it('prints an error line for each failure, keeps the others and exits 1', async () => {
      const io = captureIo();
      const inputs = ['no/such/feed.xml', url('/page.html'), url('/broken'), HEADLINES];
      const code = await runCli(['parse', '--json', ...inputs], io);
      expect(code).toBe(1);
      const lines = io.json() as ParseLine[];
      expect(lines.map((line) => line.error?.code ?? 'ok')).toEqual([
        'INPUT_NOT_FOUND',
        'FEED_HTML',
        'FETCH_HTTP_ERROR',
        'ok',
      ]);
      expect(lines[2]?.error?.message).toContain('500');
    });

    it('without --json, writes one readable line per failure to stderr', async () => {
      const io = captureIo();
      const code = await runCli(['parse', 'no/such/feed.xml'], io);
      expect(code).toBe(1);
      expect(io.stderr).toEqual(['policy-watch: no/such/feed.xml: no such file [INPUT_NOT_FOUND]']);
    });
  });
});

describe('policy-watch check-config', () => {
  it('accepts the shipped config', async () => {
    const io = captureIo();
    expect(await runCli([...CONFIG, 'check-config'], io)).toBe(0);
    expect(io.stdout[0]).toMatch(/^config OK: 6 claims, \d+ feeds/);
  });

  it('exits 2 and lists the problems for a bad directory', async () => {
    const io = captureIo();
    expect(await runCli(['--config', path.join(ROOT, 'test/fixtures'), 'check-config'], io)).toBe(2);
    expect(io.stderr.at(-1)).toBe('policy-watch: config has 2 problem(s); nothing was started');
  });
});

describe('policy-watch usage', () => {
  it('exits 2 on an unknown command or a missing argument', async () => {
    expect(await runCli(['frobnicate'], captureIo())).toBe(2);
    expect(await runCli(['parse'], captureIo())).toBe(2);
  });

  describe('when run as a process', () => {
    it('prints one line and no stack trace for a bad input', async () => {
      const run = promisify(execFile);
      const cli = path.join(ROOT, 'src/cli/main.ts');
      const result = await run(process.execPath, ['--import', 'tsx', cli, 'parse', 'missing.xml'], {
        cwd: ROOT,
      }).catch((error: { code: number; stdout: string; stderr: string }) => error);
      expect('code' in result ? result.code : 0).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([
        'policy-watch: missing.xml: no such file [INPUT_NOT_FOUND]',
      ]);
    });
  });
});
