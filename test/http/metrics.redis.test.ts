/**
 * /metrics: Prometheus text from the runtime's own registry. The counters are bumped by the real jobs as
 * the news-day replay drives them, so each figure is checked against what the replay itself reports; the
 * gauges are read from Redis at scrape time.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer } from '../../src/http/server.js';
import { METRIC_NAMES, Metrics, QUEUE_STATES } from '../../src/metrics/metrics.js';
import { QUEUE_NAMES } from '../../src/queue/names.js';
import { newWebhookSecret, startWebhookReceiver, type WebhookReceiver } from '../../src/replay/receiver.js';
import { dayInstant, NEWS_SCRIPT, type ScriptDay } from '../support/news-replay.js';
import type { DayOutcome } from '../support/news-replay-run.js';
import { secretEnvName, webhooksYaml } from '../support/webhooks-yaml.js';
import { parseSamples, sample, samples } from './prometheus-text.js';
import { type ServedReplay, serveReplay } from './served-replay.js';

const FIRST_DAY = NEWS_SCRIPT.days[0] as ScriptDay;

async function scrape(served: ServedReplay): Promise<string> {
  const response = await served.get('/metrics');
  expect(response.status).toBe(200);
  return response.text();
}

const total = (text: string, name: string) =>
  samples(text, name).reduce((sum, found) => sum + found.value, 0);

describe('GET /metrics', () => {
  let served: ServedReplay;

  beforeAll(async () => {
    served = await serveReplay('http-metrics');
  });

  afterAll(async () => {
    await served?.close();
  });

  describe('before any poll', () => {
    it('declares every metric, in the Prometheus text format', async () => {
      const response = await served.get('/metrics');
      expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = await response.text();
      for (const name of Object.values(METRIC_NAMES)) expect(text).toContain(`# TYPE ${name} `);
      expect(() => parseSamples(text)).not.toThrow();
    });

    it('reads the gauges from Redis: every queue and state at 0, no dead letters, no failing feed', async () => {
      const text = await scrape(served);
      for (const queue of Object.values(QUEUE_NAMES)) {
        for (const state of QUEUE_STATES) {
          expect({ queue, state, value: sample(text, METRIC_NAMES.queueJobs, { queue, state }) }).toEqual({
            queue,
            state,
            value: 0,
          });
        }
      }
      expect(sample(text, METRIC_NAMES.deadLetters)).toBe(0);
      expect(sample(text, METRIC_NAMES.feedsFailing)).toBe(0);
      expect(sample(text, METRIC_NAMES.itemsParsed)).toBe(0);
    });

    it("includes prom-client's default process metrics", async () => {
      const text = await scrape(served);
      expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(samples(text, 'nodejs_heap_size_total_bytes').length).toBe(1);
    });
  });

  describe('after every scripted day has been polled and swept', () => {
    let days: DayOutcome[];

    beforeAll(async () => {
      days = await served.replay.runScenario();
    });

    it('counts each poll by outcome, with a fetch duration for each', async () => {
      const text = await scrape(served);
      const polls = days.flatMap((day) => day.polls);
      const count = (outcome: string) => polls.filter((poll) => poll.outcome === outcome).length;
      expect(count('fetched')).toBeGreaterThan(0);
      expect(count('not-modified')).toBeGreaterThan(0);
      for (const outcome of ['fetched', 'not-modified']) {
        expect(sample(text, METRIC_NAMES.polls, { outcome })).toBe(count(outcome));
        expect(sample(text, `${METRIC_NAMES.fetchDuration}_count`, { outcome })).toBe(count(outcome));
        expect(sample(text, `${METRIC_NAMES.fetchDuration}_bucket`, { outcome, le: '+Inf' })).toBe(
          count(outcome),
        );
      }
      expect(sample(text, `${METRIC_NAMES.fetchDuration}_sum`, { outcome: 'fetched' })).toBeGreaterThan(0);
    });

    it('counts the items parsed and the matches by claim and direction', async () => {
      const text = await scrape(served);
      const polls = days.flatMap((day) => day.polls);
      expect(sample(text, METRIC_NAMES.itemsParsed)).toBe(
        polls.filter((poll) => poll.outcome === 'fetched').reduce((sum, poll) => sum + poll.items, 0),
      );
      expect(total(text, METRIC_NAMES.matches)).toBe(polls.reduce((sum, poll) => sum + poll.matches, 0));
      // Jun 5: Reuters reports the rare-earth setback that opens the claim's history.
      expect(
        sample(text, METRIC_NAMES.matches, { claim: 'rare-earths', direction: 'setback' }),
      ).toBeGreaterThan(0);
    });

    it('counts every status change by claim and new status, as the histories record them', async () => {
      const text = await scrape(served);
      const expected = new Map<string, number>();
      for (const record of Object.values(await served.replay.claims())) {
        for (const change of record.history) {
          const key = `${change.claim} ${change.to}`;
          expected.set(key, (expected.get(key) ?? 0) + 1);
        }
      }
      const counted = new Map(
        samples(text, METRIC_NAMES.statusChanges).map((found) => [
          `${found.labels.claim} ${found.labels.to}`,
          found.value,
        ]),
      );
      expect(counted).toEqual(expected);
      expect(total(text, METRIC_NAMES.statusChanges)).toBe(12);
    });

    it('shows the queues drained: nothing waiting, active or failed', async () => {
      const text = await scrape(served);
      for (const queue of Object.values(QUEUE_NAMES)) {
        for (const state of QUEUE_STATES)
          expect(sample(text, METRIC_NAMES.queueJobs, { queue, state })).toBe(0);
      }
    });
  });
});

describe('GET /metrics when a feed keeps failing', () => {
  let served: ServedReplay;

  beforeAll(async () => {
    served = await serveReplay('http-failing');
  });

  afterAll(async () => {
    await served?.close();
  });

  it('counts the failed polls and reports the feed failing once it reaches failing_after', async () => {
    served.replay.server.intercept = (role, _req, res) => {
      if (role !== 'gov') return false;
      res.writeHead(500).end('down for maintenance');
      return true;
    };
    const failingAfter = served.replay.runtime.config.alerts.failing_after;
    for (let poll = 1; poll <= failingAfter; poll += 1) {
      served.replay.clock.set(dayInstant(FIRST_DAY).getTime() + poll * 3_600_000);
      await served.replay.pollAll();
      const text = await scrape(served);
      expect({ poll, failing: sample(text, METRIC_NAMES.feedsFailing) }).toEqual({
        poll,
        failing: poll >= failingAfter ? 1 : 0,
      });
    }
    const text = await scrape(served);
    expect(sample(text, METRIC_NAMES.polls, { outcome: 'failed' })).toBe(failingAfter);
    expect(sample(text, `${METRIC_NAMES.fetchDuration}_count`, { outcome: 'failed' })).toBe(failingAfter);
  });
});

describe('GET /metrics of the process that delivers alerts', () => {
  let served: ServedReplay;
  let receiver: WebhookReceiver;
  let secretEnv: string;

  beforeAll(async () => {
    secretEnv = secretEnvName('http-metrics');
    const secret = newWebhookSecret();
    process.env[secretEnv] = secret;
    receiver = await startWebhookReceiver({ secret });
    const webhooks = webhooksYaml([
      { id: 'newsroom', url: receiver.url, secretEnv, events: ['claim.status_changed'] },
    ]);
    served = await serveReplay('http-deliveries', { replay: { webhooks } });
  });

  afterAll(async () => {
    await served?.close();
    await receiver?.close();
    delete process.env[secretEnv];
  });

  it('counts deliveries by outcome and the dead letters left', async () => {
    const alerts = await served.replay.startAlertWorkers();
    const server = await startHttpServer(alerts.runtime, { port: 0, host: '127.0.0.1' });
    try {
      // Jun 5 and 6 bring two status changes (chinese-students, trade-talks): three requests in all.
      receiver.plan(500, 400);
      await served.replay.runDay(FIRST_DAY);
      await served.replay.runDay(NEWS_SCRIPT.days[1] as ScriptDay);
      await receiver.waitFor(() => receiver.requests.length >= 3, 15_000, 'three requests');
      await served.replay.alertsSettled(10_000);
      const text = await (await fetch(`${server.url}/metrics`)).text();
      expect({
        delivered: sample(text, METRIC_NAMES.deliveries, { outcome: 'delivered' }),
        retrying: sample(text, METRIC_NAMES.deliveries, { outcome: 'retrying' }),
        deadLettered: sample(text, METRIC_NAMES.deliveries, { outcome: 'dead_lettered' }),
        deadLetters: sample(text, METRIC_NAMES.deadLetters),
        failedAlerts: sample(text, METRIC_NAMES.queueJobs, {
          queue: 'deliver-alert-newsroom',
          state: 'failed',
        }),
      }).toEqual({ delivered: 1, retrying: 1, deadLettered: 1, deadLetters: 1, failedAlerts: 1 });
    } finally {
      await server.close();
    }
  });
});

describe('Metrics', () => {
  const failing = () => Promise.reject(new Error('Redis is away'));
  let metrics: Metrics;

  afterEach(() => {
    metrics.registry.clear();
  });

  describe('when the scrape-time reads fail', () => {
    it('still renders the counters; the queue gauge has no samples, the others read NaN', async () => {
      metrics = new Metrics();
      metrics.observe({ queueDepths: failing, deadLetters: failing, feedsFailing: failing });
      metrics.pollFinished('fetched', 120);
      const { body } = await metrics.render();
      expect(sample(body, METRIC_NAMES.polls, { outcome: 'fetched' })).toBe(1);
      expect(sample(body, `${METRIC_NAMES.fetchDuration}_sum`, { outcome: 'fetched' })).toBeCloseTo(0.12);
      expect(samples(body, METRIC_NAMES.queueJobs)).toEqual([]);
      expect(sample(body, METRIC_NAMES.deadLetters)).toBeNaN();
      expect(sample(body, METRIC_NAMES.feedsFailing)).toBeNaN();
    });
  });

  describe('when two instances live in one process', () => {
    it('keeps their counts apart, each on its own registry', async () => {
      metrics = new Metrics();
      const other = new Metrics();
      metrics.delivery('delivered');
      metrics.delivery('delivered');
      other.delivery('delivered');
      expect(sample((await metrics.render()).body, METRIC_NAMES.deliveries, { outcome: 'delivered' })).toBe(
        2,
      );
      expect(sample((await other.render()).body, METRIC_NAMES.deliveries, { outcome: 'delivered' })).toBe(1);
    });
  });
});
