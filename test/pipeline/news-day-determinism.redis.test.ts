/**
 * The news day replay run twice, each on a fresh key prefix and its own feed server: with every time taken
 * from the ManualClock, the two runs must leave byte-identical pipeline state (feed state, seen stories,
 * claim state, evidence and history), not merely the same statuses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openReplay, pipelineDump, type Replay } from '../support/news-replay-run.js';

const opened: Replay[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((replay) => replay.close()));
});

async function replayOnce(label: string) {
  const replay = await openReplay(label);
  opened.push(replay);
  const days = await replay.runScenario();
  return { days, claims: await replay.claims(), dump: await pipelineDump(replay.redis) };
}

describe('the news day replay', () => {
  describe('when the same scenario runs twice on fresh prefixes', () => {
    it('gives identical histories, evidence, feed state and job results', async () => {
      const first = await replayOnce('determinism-a');
      const second = await replayOnce('determinism-b');

      expect(second.claims).toEqual(first.claims);
      expect(second.days).toEqual(first.days);
      expect(second.dump).toEqual(first.dump);
      // Not an empty comparison: the runs wrote histories and evidence.
      const changes = Object.values(first.claims).reduce((sum, record) => sum + record.history.length, 0);
      expect(changes).toBe(12);
      expect(Object.keys(first.dump).length).toBeGreaterThan(20);
    }, 60_000);
  });
});
