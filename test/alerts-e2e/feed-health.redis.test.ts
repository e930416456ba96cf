/**
 * Feed health as alert events, through the real poll job: the wire feed of the news replay answers 500
 * for a while and then recovers. With `failing_after: 2`, a subscriber gets `feed.failing` when the second
 * consecutive failure is recorded and `feed.recovered` on the first success after it: once each, however
 * many failed polls come in between or successful ones follow.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedHealthData } from '../../src/alerts/types.js';
import { readFeedHealth } from '../../src/feeds/state/index.js';
import type { WebhookReceiver } from '../../src/replay/receiver.js';
import { feedOf } from '../support/news-replay.js';
import { openReplay, type Replay } from '../support/news-replay-run.js';
import { type SecretReceiver, startSecretReceiver, webhooksYaml } from '../support/webhooks-yaml.js';

const WIRE = feedOf('wire');
const MINUTE = 60_000;

let replay: Replay;
let receiver: WebhookReceiver;
let secretEnv: string;
let hook: SecretReceiver;
let wireDown = false;

beforeEach(async () => {
  hook = await startSecretReceiver('feed-health');
  ({ receiver, secretEnv } = hook);
  const webhooks = webhooksYaml(
    [{ id: 'ops', url: receiver.url, secretEnv, events: ['feed.failing', 'feed.recovered'] }],
    2,
  );
  wireDown = false;
  replay = await openReplay(
    'alerts-feed-health',
    {
      intercept: (role, _req, res) => {
        if (role !== 'wire' || !wireDown) return false;
        res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream exploded');
        return true;
      },
    },
    { webhooks },
  );
});

afterEach(async () => {
  await replay.close();
  await hook.close();
});

/** Every feed polled (manual polls ignore back-off), a minute after the last time. */
async function pollMinuteLater() {
  replay.clock.advance(MINUTE);
  return replay.pollAll();
}

describe('feed health alerts', () => {
  describe('when a feed fails past failing_after and then recovers', () => {
    it('sends feed.failing and feed.recovered once each, verified', async () => {
      await replay.startAlertWorkers();
      await replay.pollAll(); // a first success: lastSuccessAt is set
      const lastSuccess = (await readFeedHealth(replay.redis.redis, replay.runtime.keys, WIRE.id))
        .lastSuccessAt;

      wireDown = true;
      const failures = [];
      for (let poll = 0; poll < 4; poll++) failures.push(await pollMinuteLater());
      expect(failures.map((day) => day.polls[0]?.outcome)).toEqual(['failed', 'failed', 'failed', 'failed']);
      wireDown = false;
      const recovered = await pollMinuteLater();
      // The ETag survived the failures, so the recovery is a 304: a success all the same.
      expect(recovered.polls[0]?.outcome).toBe('not-modified');
      const recoveredAt = (await readFeedHealth(replay.redis.redis, replay.runtime.keys, WIRE.id))
        .lastSuccessAt;
      await pollMinuteLater(); // healthy again: nothing to say
      await receiver.waitFor(() => receiver.deliveries.length >= 2, 10_000, 'both feed events');
      await replay.alertsSettled(10_000);

      expect(receiver.requests.every((request) => request.verified)).toBe(true);
      expect(
        receiver.deliveries.map((delivery) => {
          const body = delivery.payload as { type: string; data: FeedHealthData };
          return [delivery.webhookId, body.type, body.data.feed.id, body.data.consecutiveFailures];
        }),
      ).toEqual([
        [`feed:${WIRE.id}:failing:${Date.parse(lastSuccess ?? '')}`, 'feed.failing', WIRE.id, 2],
        [`feed:${WIRE.id}:recovered:${Date.parse(recoveredAt ?? '')}`, 'feed.recovered', WIRE.id, 0],
      ]);
      const [failing, back] = receiver.deliveries.map(
        (delivery) => delivery.payload as { data: FeedHealthData },
      );
      expect(failing?.data).toMatchObject({
        feed: { id: WIRE.id, source: WIRE.source, url: replay.server.feedUrl('wire') },
        lastError: { code: expect.any(String), message: expect.stringContaining('500') },
        lastSuccessAt: lastSuccess,
      });
      // The recovery names what the feed was failing with.
      expect(back?.data.lastError).toEqual(failing?.data.lastError);
      expect(receiver.requests).toHaveLength(2);
    });
  });
});

describe('feed health alerts over two failing episodes', () => {
  describe('when the feed fails again after recovering', () => {
    it('sends a second feed.failing under a new id, so receivers do not drop it as a duplicate', async () => {
      await replay.startAlertWorkers();
      await replay.pollAll();
      const episode = async (down: boolean, polls: number) => {
        wireDown = down;
        for (let poll = 0; poll < polls; poll++) await pollMinuteLater();
      };
      await episode(true, 2);
      await episode(false, 1);
      await episode(true, 3);
      await receiver.waitFor(() => receiver.deliveries.length >= 3, 10_000, 'three feed events');
      await replay.alertsSettled(10_000);

      const types = receiver.deliveries.map((delivery) => (delivery.payload as { type: string }).type);
      expect(types).toEqual(['feed.failing', 'feed.recovered', 'feed.failing']);
      expect(receiver.distinctIds()).toHaveLength(3);
      expect(receiver.requests).toHaveLength(3);
    });
  });
});
