import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { problemsOf, tempConfigDirs } from '../support/config-dirs.js';

const DEFAULT_CONFIG = path.resolve(import.meta.dirname, '../../config');
const CJK = /[\u3400-\u9fff]/;

const configDir = tempConfigDirs('pw-config-');

const VALID_CLAIM = `
  - id: rare-earths
    title: Rare earth exports resume
    question: Do they?
    origin: { quote: "No more questions.", speaker: Donald Trump, date: 2025-06-05 }
    topic:
      - ["rare earth*"]
      - [china]
    signals: { progress: ["shipments resum*"] }
`;
const VALID_FEEDS = `
feeds:
  - id: news
    url: https://news.example.test/feed.xml
`;

describe('loadConfig', () => {
  describe('when reading the shipped config', () => {
    const config = loadConfig(DEFAULT_CONFIG);

    it('covers every open question of the seed article', () => {
      expect(config.claims.map((claim) => claim.id)).toEqual([
        'rare-earths',
        'chinese-students',
        'trade-talks',
        'tariff-truce',
        'tech-controls',
        'leader-visits',
      ]);
    });

    it('gives every claim an origin quote, English and Chinese terms, and a reading of both directions', () => {
      for (const claim of config.claims) {
        const terms = claim.topic.flat();
        expect(claim.origin.quote.length, claim.id).toBeGreaterThan(20);
        expect(
          terms.some((term) => CJK.test(term)),
          `${claim.id} has Chinese terms`,
        ).toBe(true);
        expect(
          terms.some((term) => /[a-z]/.test(term)),
          `${claim.id} has English terms`,
        ).toBe(true);
        // Movers read both ways through the lexicon; signals name outcomes that point one way.
        expect(claim.movers.more_is_progress.length, claim.id).toBeGreaterThan(0);
        expect(claim.signals.progress.length + claim.movers.more_is_setback.length, claim.id).toBeGreaterThan(
          0,
        );
        expect(claim.signals.setback.length + claim.movers.more_is_setback.length, claim.id).toBeGreaterThan(
          0,
        );
      }
    });

    it('applies feed defaults and resolves sources', () => {
      const foreignPolicy = config.feeds.find((feed) => feed.id === 'foreign-policy');
      expect(foreignPolicy).toMatchObject({
        source: 'Foreign Policy',
        schedule: '*/30 * * * *',
        timeout_ms: 15_000,
        weight: 1,
        aggregator: false,
      });
      expect(config.feeds.filter((feed) => feed.aggregator).length).toBeGreaterThan(3);
    });
  });

  describe('when a file has several problems', () => {
    it('reports every one with file, line, path and message', () => {
      const dir = configDir({
        'claims.yaml': `claims:
  - id: Rare Earths
    title: Rare earth exports resume
    question: Do they?
    origin: { quote: "q", speaker: s, date: 2025-13-45 }
    topic:
      - ["rare earth*", "*"]
    signals: { progres: ["resum*"] }
    stale_afer_days: 3
`,
        'feeds.yaml': `feeds:
  - id: news
    url: ftp://example.test/feed
    schedule: "61 * * * *"
    claims: [no-such-claim]
  - id: news
    url: https://example.test/b
`,
      });
      const problems = problemsOf(dir);
      const claimsFile = path.join(dir, 'claims.yaml');
      const feedsFile = path.join(dir, 'feeds.yaml');
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^${claimsFile}:2 claims\\[0\\]\\.id: .*lower-case`)),
          expect.stringContaining(`${claimsFile}:5 claims[0].origin.date: not a real calendar date`),
          expect.stringContaining(`${claimsFile}:7 claims[0].topic[0][1]:`),
          expect.stringContaining(`${claimsFile}:8 claims[0].signals.progres: unknown key "progres"`),
          expect.stringContaining(`${claimsFile}:9 claims[0].stale_afer_days: unknown key "stale_afer_days"`),
          expect.stringContaining(`${feedsFile}:3 feeds[0].url: expected an http(s) URL`),
          expect.stringContaining(`${feedsFile}:4 feeds[0].schedule: not a valid cron expression`),
        ]),
      );
    });

    it('reports cross-file problems once the files themselves are valid', () => {
      const dir = configDir({
        'claims.yaml': `claims:${VALID_CLAIM}${VALID_CLAIM}`,
        'feeds.yaml': `feeds:
  - id: news
    url: https://news.example.test/a
    claims: [rare-earths, students]
  - id: news
    url: https://news.example.test/b
`,
      });
      expect(problemsOf(dir)).toEqual([
        `${path.join(dir, 'claims.yaml')}:11 claims[1].id: duplicate id "rare-earths" (first used at claims[0])`,
        `${path.join(dir, 'feeds.yaml')}:5 feeds[1].id: duplicate id "news" (first used at feeds[0])`,
        `${path.join(dir, 'feeds.yaml')}:4 feeds[0].claims[1]: unknown claim id "students" (not in claims.yaml)`,
      ]);
    });
  });

  describe('when claims.yaml has a schema problem and the feeds name an unknown claim', () => {
    it('reports both in one run', () => {
      const dir = configDir({
        'claims.yaml': `claims:${VALID_CLAIM}    window_days: -3\n`,
        'feeds.yaml': `feeds:
  - id: news
    url: https://news.example.test/a
    claims: [rare-earths, students]
`,
      });
      const problems = problemsOf(dir);
      expect(problems).toContainEqual(expect.stringMatching(/claims\.yaml:\d+ claims\[0\]\.window_days: /));
      expect(problems).toContainEqual(
        `${path.join(dir, 'feeds.yaml')}:4 feeds[0].claims[1]: unknown claim id "students" (not in claims.yaml)`,
      );
    });
  });

  describe('when a file is missing or not YAML', () => {
    it('names the file and the reason', () => {
      const dir = configDir({ 'claims.yaml': 'claims: [\n  - id: x\n' });
      const problems = problemsOf(dir);
      expect(problems[0]).toMatch(new RegExp(`^${path.join(dir, 'claims.yaml')}:\\d+: YAML syntax: `));
      expect(problems).toContain(`${path.join(dir, 'feeds.yaml')}: file not found`);
    });
  });

  describe('when everything is valid', () => {
    it('fills the documented defaults', () => {
      const config = loadConfig(
        configDir({ 'claims.yaml': `claims:${VALID_CLAIM}`, 'feeds.yaml': VALID_FEEDS }),
      );
      expect(config.claims[0]).toMatchObject({
        exclude: [],
        window_days: 30,
        stale_after_days: 21,
        min_sources: 2,
        signals: { progress: ['shipments resum*'], setback: [], confirms: [], refutes: [] },
      });
      expect(config.feeds[0]).toMatchObject({
        schedule: '*/15 * * * *',
        max_bytes: 5 * 1024 * 1024,
        source: 'news.example.test',
        weight: 1,
        aggregator: false,
      });
    });
  });
});
