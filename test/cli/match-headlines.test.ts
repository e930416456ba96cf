import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../support/capture-io.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/match');
const HEADLINES = path.join(FIXTURES, 'headlines-2025.xml');

type Expected = Record<string, { claim: string; direction: string } | null>;
interface MatchLine {
  item: { id: string; title: string; source: string };
  matches: Array<{ claim: string; direction: string; score: number; terms: string[] }>;
}

const expected = JSON.parse(
  readFileSync(path.join(FIXTURES, 'headlines-2025.expected.json'), 'utf8'),
) as Expected;

async function matchHeadlines(): Promise<Map<string, MatchLine>> {
  const io = captureIo();
  const code = await runCli(['--config', path.join(ROOT, 'config'), 'match', '--json', HEADLINES], io);
  expect(code).toBe(0);
  return new Map((io.json() as MatchLine[]).map((line) => [line.item.id, line]));
}

describe('policy-watch match on real-world headlines', () => {
  it('assigns the right claim and direction to at least 85 % of the on-topic items', async () => {
    const lines = await matchHeadlines();
    const onTopic = Object.entries(expected).filter(([, want]) => want !== null);
    const misses = onTopic.filter(([id, want]) => {
      const found = lines.get(id)?.matches.find((match) => match.claim === want?.claim);
      return found?.direction !== want?.direction;
    });
    const rate = 1 - misses.length / onTopic.length;
    console.log(
      `match accuracy: ${onTopic.length - misses.length}/${onTopic.length} (${(rate * 100).toFixed(1)}%)`,
      misses.map(
        ([id, want]) =>
          `${id} wanted ${want?.claim}:${want?.direction} got ${JSON.stringify(lines.get(id)?.matches)}`,
      ),
    );
    expect(rate).toBeGreaterThanOrEqual(0.85);
  });

  it('matches nothing for look-alikes (Australian rare earths, Chinese students in the UK, US–EU talks)', async () => {
    const lines = await matchHeadlines();
    const lookAlikes = Object.entries(expected).filter(([, want]) => want === null);
    expect(lookAlikes.length).toBeGreaterThanOrEqual(6);
    for (const [id] of lookAlikes) {
      expect(lines.get(id)?.matches, `${id}: ${lines.get(id)?.item.title}`).toEqual([]);
    }
  });

  it("names each item's own publisher as its source, as for an aggregator feed", async () => {
    const lines = await matchHeadlines();
    expect(lines.get('hl-01')?.item.source).toBe('Reuters');
    expect(lines.get('hl-28')?.item.source).toBe('中央社');
  });

  it('explains every match with the terms that hit', async () => {
    const lines = await matchHeadlines();
    const rareEarth = lines.get('hl-02')?.matches.find((match) => match.claim === 'rare-earths');
    expect(rareEarth?.terms).toEqual(expect.arrayContaining(['rare earth*', 'shortage*']));
    expect(rareEarth?.score).toBeGreaterThan(0);
  });
});
