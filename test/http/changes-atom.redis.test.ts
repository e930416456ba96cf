/**
 * `GET /changes.atom`: the status changes as Atom 1.0. The document parses with the project's own feed
 * parser, carries every element RFC 4287 requires (feed and entry id, title, updated; an author), keeps
 * hostile headlines inert, and a reader polling with If-None-Match gets a 304 while nothing changed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../src/claims/index.js';
import { parseFeed } from '../../src/feeds/index.js';
import { changesFeed } from '../../src/http/changes-atom.js';
import { evidence, recentProgress } from '../claims/evidence-factory.js';
import { type LocalServer, startLocalServer } from './local-server.js';

const change = (seq: number, at: string, overrides: Partial<ChangeRecord> = {}): ChangeRecord => ({
  claim: 'rare-earths',
  seq,
  from: 'open',
  to: 'advancing',
  at,
  trigger: 'evidence',
  tally: { progress: 2, setback: 0, sources: 2 },
  evidence: [],
  note: 'two sources report progress',
  ...overrides,
});

describe('the changes feed document', () => {
  const hostile = evidence('progress', 'reuters', 1, {
    title: 'Exports <script>alert(1)</script> & "resume"',
    link: 'javascript:alert(1)',
  });
  const xml = changesFeed({
    changes: [
      {
        change: change(2, '2025-07-02T10:00:00.000Z', { evidence: [hostile.id] }),
        claimTitle: 'Rare <earths>',
        evidence: [hostile],
      },
      { change: change(1, '2025-07-01T10:00:00.000Z'), claimTitle: 'Rare <earths>', evidence: [] },
    ],
    pageUrl: 'http://example.test/',
    selfUrl: 'http://example.test/changes.atom',
    prefix: 'pw',
  });

  it('carries what RFC 4287 requires of a feed and of each entry', () => {
    const feedHead = xml.slice(0, xml.indexOf('<entry>'));
    for (const element of ['<id>', '<title>', '<updated>', '<author><name>'])
      expect(feedHead).toContain(element);
    const entries = xml.split('<entry>').slice(1);
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect(entry).toMatch(/<id>tag:policy-watch,2025:pw:change:rare-earths:\d<\/id>/);
      expect(entry).toMatch(/<title>Rare &lt;earths&gt;: open → advancing<\/title>/);
      expect(entry).toMatch(/<updated>2025-07-0\dT10:00:00.000Z<\/updated>/);
    }
    expect(feedHead).toContain('<updated>2025-07-02T10:00:00.000Z</updated>');
  });

  it('parses with our own parser, entries newest first, links to the claim on the status page', async () => {
    const parsed = await parseFeed(xml);
    expect(parsed.format).toBe('atom');
    expect(parsed.title).toBe('policy-watch: status changes');
    expect(parsed.items.map((item) => [item.id, item.link, item.updated])).toEqual([
      [
        'tag:policy-watch,2025:pw:change:rare-earths:2',
        'http://example.test/#claim-rare-earths',
        '2025-07-02T10:00:00Z',
      ],
      [
        'tag:policy-watch,2025:pw:change:rare-earths:1',
        'http://example.test/#claim-rare-earths',
        '2025-07-01T10:00:00Z',
      ],
    ]);
    const content = parsed.items[0]?.content ?? '';
    expect(content).toContain('two sources report progress');
    expect(content).toContain('Exports &lt;script&gt;');
    expect(content).not.toContain('<script>');
    expect(content).not.toContain('javascript:');
  });
});

describe('GET /changes.atom', () => {
  let local: LocalServer | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('serves the changes, filters by claim, and answers 304 to a reader that already has them', async () => {
    local = await startLocalServer('changes-atom', { http: { token: undefined } });
    const claim = local.runtime.config.claims.find((candidate) => candidate.id === 'rare-earths');
    if (!claim) throw new Error('no rare-earths claim');
    for (const [source, hours] of [
      ['reuters', 2],
      ['caixin', 1],
    ] as const) {
      await local.runtime.ledger.recordEvidence(claim, recentProgress(source, hours));
    }
    const other = local.runtime.config.claims.find((candidate) => candidate.id === 'trade-talks');
    if (!other) throw new Error('no trade-talks claim');
    await local.runtime.ledger.resolve(other, 'stalled', 'talks postponed');
    const url = `${local.server.url}/changes.atom`;

    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const parsed = await parseFeed(await first.text(), { url });
    expect(parsed.items.map((item) => item.title)).toEqual([
      `${other.title}: open → stalled`,
      `${claim.title}: open → advancing`,
    ]);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);

    const again = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    const one = await parseFeed(await (await fetch(`${url}?claim=rare-earths`)).text());
    expect(one.items).toHaveLength(1);
    expect(one.title).toBe(`policy-watch: ${claim.title}`);
    expect((await fetch(`${url}?claim=nope`)).status).toBe(404);
    const unknownParameter = await fetch(`${url}?since=yesterday`);
    expect(unknownParameter.status).toBe(400);
    expect(await unknownParameter.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });
});
