/**
 * The pipeline end to end on a replayed news flow (test/fixtures/pipeline/news-days.json): eleven days from
 * the June 5, 2025 Trump–Xi call to July 20, three feeds on a real HTTP server, the real jobs on BullMQ and
 * a real Redis, and a ManualClock standing at 18:00 UTC on each day.
 *
 * The expected histories follow from DESIGN.md's rules with the claims' settings (min_sources 2,
 * window_days 30, stale_after_days 21) and the feeds' weights (the State Department weighs 2); each is
 * explained beside it.
 */

import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { compileMatcher } from '../../src/match/index.js';
import {
  dayInstant,
  FEED_IDS,
  feedOf,
  LAST_DAY,
  NEWS_SCRIPT,
  REPO_ROOT,
  scriptKeyOf,
} from '../support/news-replay.js';
import {
  type DayOutcome,
  historyLines,
  openReplay,
  pipelineDump,
  type Replay,
} from '../support/news-replay-run.js';

const EXPECTED_HISTORY: Record<string, string[]> = {
  'rare-earths': [
    // Jun 5 one setback (Reuters), Jun 6 one progress (Bloomberg): no side has 2 sources. Jun 11 Reuters
    // reports progress too: 2 progress sources outweigh 1 setback source.
    '#1 2025-06-11 open → advancing by evidence; P2 S1 from 2 sources: magnets-flowing, licences-approved',
    // Jun 20 CNBC reports a setback: 2 sources on each side, equal weights.
    '#2 2025-06-20 advancing → contested by evidence; P2 S2 from 3 sources: magnet-exports-plunge, magnets-flowing, licences-approved, ford-halts',
    // Jul 8 sweep and Jul 15 evidence: one source a side is no lean, and evidence is recent: stays contested.
    // Jul 20 the Jun 20 setback has left the window; Reuters and Bloomberg report progress.
    '#3 2025-07-20 contested → advancing by evidence; P2 S0 from 2 sources: magnet-exports-rebound, licences-granted',
  ],
  'chinese-students': [
    // Xinhua (Jun 5) then Reuters (Jun 6) report progress. Reuters' copy in the aggregator on Jun 11 is the
    // same story and adds nothing.
    '#1 2025-06-06 open → advancing by evidence; P2 S0 from 2 sources: students-welcome-syndicated, xi-readout-students',
    // Jun 18 the State Department (weight 2) reports a setback: 2 against 2 with one setback source is no
    // lean, so advancing is kept. Jun 23 SCMP adds a second setback source: 3 against 2.
    '#2 2025-06-23 advancing → contested by evidence; P2 S3 from 4 sources: students-scrutiny, social-media-vetting, students-welcome-syndicated, xi-readout-students',
    // Jul 8 sweep: the two progress reports of Jun 5/6 have left the 30-day window.
    '#3 2025-07-08 contested → stalled by sweep; P0 S3 from 2 sources: students-scrutiny, social-media-vetting',
    // Jul 20 sweep: the State Department's report has left the window, and nothing is newer than 21 days.
    '#4 2025-07-20 stalled → quiet by sweep; P0 S1 from 1 sources: students-scrutiny',
  ],
  'trade-talks': [
    // Reuters (Jun 5) and CNBC (Jun 6) report progress; Reuters' Jun 11 rare-earth story is neutral here.
    '#1 2025-06-06 open → advancing by evidence; P2 S0 from 2 sources: london-talks-announced, call-trade-talks',
    // Jun 27 Reuters confirms (one source); Jul 3 Xinhua confirms: 2 sources resolve the claim. The
    // Stockholm report of Jul 15 is recorded but cannot move a terminal status.
    '#2 2025-07-03 advancing → confirmed by evidence; P3 S0 from 3 sources: deal-signed-beijing, deal-finalized',
  ],
  'tariff-truce': [],
  'tech-controls': [
    // Reuters (Jul 3) and the Financial Times (Jul 15) report progress.
    '#1 2025-07-15 open → advancing by evidence; P2 S0 from 2 sources: h20-sales-resume, eda-restrictions-lifted',
  ],
  'leader-visits': [
    // One progress report on Jun 5, then silence: the Jun 27 sweep finds nothing in the last 21 days.
    '#1 2025-06-27 open → quiet by sweep; P1 S0 from 1 sources: trump-will-visit',
    // Jul 15 SCMP reports progress: no lean (one source), but recent evidence ends the quiet.
    '#2 2025-07-15 quiet → open by evidence; P1 S0 from 1 sources: trump-visit-autumn',
  ],
};

const FINAL_STATUS = {
  'rare-earths': 'advancing',
  'chinese-students': 'quiet',
  'trade-talks': 'confirmed',
  'tariff-truce': 'open',
  'tech-controls': 'advancing',
  'leader-visits': 'open',
};

/** Per day: each feed's poll in wire · aggregator · gov order, `n new` for a 200 with n unseen stories. */
const EXPECTED_POLLS = [
  '2025-06-05: 3 new · 1 new · 1 new',
  '2025-06-06: 1 new · 2 new · 304',
  '2025-06-11: 1 new · 2 new · 1 new',
  '2025-06-18: 304 · 304 · 1 new',
  '2025-06-20: 304 · 1 new · 304',
  '2025-06-23: 304 · 1 new · 304',
  '2025-06-27: 1 new · 304 · 304',
  '2025-07-03: 1 new · 1 new · 304',
  '2025-07-08: 1 new · 304 · 304',
  '2025-07-15: 1 new · 3 new · 304',
  '2025-07-20: 304 · 1 new · 304',
];

function pollLine(day: DayOutcome): string {
  const cells = day.polls.map((poll) => (poll.outcome === 'not-modified' ? '304' : `${poll.unseen} new`));
  return `${day.date}: ${cells.join(' · ')}`;
}

describe('the news day script', () => {
  describe('when its items are matched against config/claims.yaml', () => {
    it('gives each item exactly the claims and directions the script intends', () => {
      const config = loadConfig(path.join(REPO_ROOT, 'config'));
      const matcher = compileMatcher(config.claims, config.lexicon);
      for (const item of NEWS_SCRIPT.items) {
        const title = item.publisher ? `${item.title} - ${item.publisher}` : item.title;
        const matches = matcher.match({ title, body: item.summary });
        const got = Object.fromEntries(matches.map((match) => [match.claim, match.direction]));
        expect({ item: item.key, matches: got }).toEqual({ item: item.key, matches: item.expect });
      }
    });
  });
});

describe('the news day replay', () => {
  let replay: Replay;

  beforeEach(async () => {
    replay = await openReplay('replay');
  });

  afterEach(async () => {
    await replay.close();
  });

  describe('when every day is polled, and swept on sweep days, in order', () => {
    it("records each claim's exact status history", async () => {
      await replay.runScenario();
      const claims = await replay.claims();
      const histories = Object.fromEntries(
        Object.entries(claims).map(([id, record]) => [id, historyLines(record)]),
      );
      expect(histories).toEqual(EXPECTED_HISTORY);
      const statuses = Object.fromEntries(
        Object.entries(claims).map(([id, record]) => [id, record.state.status]),
      );
      expect(statuses).toEqual(FINAL_STATUS);
    });

    it('stamps every change with the replay clock and numbers them 1, 2, 3 … per claim', async () => {
      await replay.runScenario();
      // A sweep derives at its slot (the day's 18:00); evidence at the end of its settle window (60 s later).
      const instants = {
        sweep: new Set(NEWS_SCRIPT.days.map((day) => `${day.date}T18:00:00.000Z`)),
        evidence: new Set(NEWS_SCRIPT.days.map((day) => `${day.date}T18:01:00.000Z`)),
        operator: new Set<string>(),
      };
      for (const record of Object.values(await replay.claims())) {
        expect(record.history.map((change) => change.seq)).toEqual(
          record.history.map((_, index) => index + 1),
        );
        for (const change of record.history) expect(instants[change.trigger].has(change.at)).toBe(true);
        expect(record.state.seq).toBe(record.history.length);
      }
    });

    it('fetches a feed only when it changed: 304 for every conditional GET of an unchanged feed', async () => {
      const days = await replay.runScenario();
      expect(days.map(pollLine)).toEqual(EXPECTED_POLLS);
      expect(days.flatMap((day) => day.polls.map((poll) => poll.feedId))).toEqual(
        days.flatMap(() => FEED_IDS),
      );
    });

    it('records a story syndicated in two feeds of one weight once, from the feed whose id sorts first, with the publisher that reported it', async () => {
      await replay.runScenario();
      const { evidence } = (await replay.claims())['chinese-students'] ?? { evidence: [] };
      expect(evidence.map((record) => [scriptKeyOf(record.link), record.source, record.feedId])).toEqual([
        ['students-scrutiny', 'South China Morning Post', feedOf('aggregator').id],
        ['social-media-vetting', 'US Department of State', feedOf('gov').id],
        ['students-welcome-syndicated', 'Reuters', feedOf('aggregator').id],
        ['xi-readout-students', 'Xinhua', feedOf('aggregator').id],
      ]);
    });

    it('keeps the evidence of each claim to its on-topic items, and none from a feed not configured for it', async () => {
      await replay.runScenario();
      const claims = await replay.claims();
      const counts = Object.fromEntries(
        Object.entries(claims).map(([id, record]) => [id, record.evidence.length]),
      );
      expect(counts).toEqual({
        'rare-earths': 6,
        'chinese-students': 4,
        'trade-talks': 6,
        'tariff-truce': 0,
        'tech-controls': 2,
        'leader-visits': 2,
      });
      const tradeTalks = claims['trade-talks']?.evidence.map((record) => scriptKeyOf(record.link));
      expect(tradeTalks).not.toContain('rubio-on-framework');
      // "…will be flowing again after the London trade talks" is dated by the talks, not about them.
      expect(tradeTalks).not.toContain('magnets-flowing');
    });
  });

  describe('when the whole scenario is replayed on the same prefix, the same days again', () => {
    it('fetches nothing and writes nothing', async () => {
      const first = await replay.runScenario();
      const before = await pipelineDump(replay.redis);
      const requests = replay.server.responses.length;

      const again = await replay.runScenario();

      expect(await pipelineDump(replay.redis)).toEqual(before);
      // The same slot gives the same job ids: BullMQ answers with the jobs already done.
      expect(replay.server.responses.length).toBe(requests);
      expect(again).toEqual(first);
    });
  });

  describe('when the feeds are polled again after the last day, at new slots', () => {
    let before: Awaited<ReturnType<Replay['claims']>>;
    const hoursLater = (hours: number) =>
      replay.clock.set(dayInstant(LAST_DAY).getTime() + hours * 3_600_000);

    beforeEach(async () => {
      await replay.runScenario();
      before = await replay.claims();
    });

    it('gets 304 from every feed and writes nothing', async () => {
      hoursLater(1);
      const polled = await replay.pollAll();
      expect(polled.polls.map((poll) => poll.outcome)).toEqual([
        'not-modified',
        'not-modified',
        'not-modified',
      ]);
      expect(await replay.claims()).toEqual(before);
    });

    it('re-reads every item after the server changes its ETags, finds every story seen and queues nothing', async () => {
      replay.server.rotateEtags();
      hoursLater(1);
      const polled = await replay.pollAll();
      expect(polled.polls.map((poll) => [poll.outcome, poll.items, poll.unseen, poll.deriveJobIds])).toEqual([
        ['fetched', 9, 0, []],
        ['fetched', 12, 0, []],
        ['fetched', 3, 0, []],
      ]);
      expect(await replay.claims()).toEqual(before);
    });

    it('matches every story again once the seen stories are gone, and the ledger records and derives none', async () => {
      replay.server.rotateEtags();
      for (const feedId of FEED_IDS) await replay.redis.redis.del(replay.runtime.keys.feedSeen(feedId));
      hoursLater(1);
      const polled = await replay.pollAll();
      expect(
        polled.polls.map((poll) => [
          poll.outcome,
          poll.unseen,
          poll.matches,
          poll.recorded,
          poll.deriveJobIds,
        ]),
      ).toEqual([
        ['fetched', 9, 8, 0, []],
        ['fetched', 12, 12, 0, []],
        ['fetched', 3, 1, 0, []],
      ]);
      expect(polled.derivations).toEqual([]);
      expect(await replay.claims()).toEqual(before);
    });
  });
});
