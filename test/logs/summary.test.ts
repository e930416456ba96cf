import { describe, expect, it } from 'vitest';
import { type LogLine, type LogRecord, parseLogLine } from '../../src/logs/log-line.js';
import { summarise } from '../../src/logs/summary.js';

const T0 = Date.parse('2025-06-05T00:00:00Z');
const minutes = (n: number) => T0 + n * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function rec(minute: number, fields: LogRecord): LogLine {
  return {
    kind: 'record',
    raw: '',
    record: { level: 30, time: minutes(minute), hostname: 'a', pid: 1, ...fields },
  };
}

describe('summarise', () => {
  describe('feeds', () => {
    const summary = summarise([
      rec(0, { event: 'feed.polled', feedId: 'reuters' }),
      rec(10, { event: 'feed.not_modified', feedId: 'reuters' }),
      rec(20, {
        level: 40,
        event: 'feed.failed',
        feedId: 'reuters',
        err: { code: 'FETCH_TIMEOUT', message: 'no answer within 15000 ms' },
        consecutiveFailures: 1,
      }),
      rec(30, {
        level: 40,
        event: 'feed.failed',
        feedId: 'reuters',
        err: { code: 'FETCH_HTTP_ERROR', message: 'HTTP 503' },
        consecutiveFailures: 2,
      }),
      rec(31, { level: 40, event: 'feed.failing', feedId: 'reuters', consecutiveFailures: 2 }),
      rec(35, { event: 'feed.skipped', feedId: 'reuters', reason: 'backing-off' }),
      rec(40, { event: 'feed.polled', feedId: 'xinhua' }),
    ]);

    it('counts the polls that went well, the failures and the skips, per feed', () => {
      expect(
        summary.feeds.map(({ feedId, polled, notModified, failed, skipped, failing }) => ({
          feedId,
          polled,
          notModified,
          failed,
          skipped,
          failing,
        })),
      ).toEqual([
        { feedId: 'reuters', polled: 1, notModified: 1, failed: 2, skipped: 1, failing: 1 },
        { feedId: 'xinhua', polled: 1, notModified: 0, failed: 0, skipped: 0, failing: 0 },
      ]);
    });

    it('keeps the last error with its time, and the failures in a row at the end', () => {
      expect(summary.feeds[0]).toMatchObject({
        consecutiveFailures: 2,
        lastError: { code: 'FETCH_HTTP_ERROR', message: 'HTTP 503', at: iso(minutes(30)) },
      });
    });

    it('resets the failures in a row after a good poll', () => {
      const recovered = summarise([
        rec(0, {
          event: 'feed.failed',
          feedId: 'f',
          err: { code: 'FETCH_NETWORK', message: 'refused' },
          consecutiveFailures: 3,
        }),
        rec(5, { event: 'feed.polled', feedId: 'f' }),
        rec(5, { level: 40, event: 'feed.recovered', feedId: 'f', consecutiveFailures: 0 }),
      ]);
      expect(recovered.feeds[0]).toMatchObject({ consecutiveFailures: 0, recovered: 1, failed: 1 });
      expect(recovered.feeds[0]?.lastError?.code).toBe('FETCH_NETWORK');
    });
  });

  describe('alerts', () => {
    it('counts deliveries, retries, dead letters and drops per webhook, with the last error', () => {
      const err = (message: string) => ({ code: 'ALERT_DELIVERY_FAILED', message });
      const summary = summarise([
        rec(0, { event: 'alert.delivered', webhookId: 'ops', eventId: 'rare-earths:1', httpStatus: 200 }),
        rec(1, {
          event: 'alert.retrying',
          webhookId: 'slack',
          eventId: 'rare-earths:1',
          err: err('HTTP 503'),
        }),
        rec(2, {
          event: 'alert.retrying',
          webhookId: 'slack',
          eventId: 'rare-earths:1',
          err: err('timed out'),
        }),
        rec(3, {
          level: 40,
          event: 'alert.dead_lettered',
          webhookId: 'slack',
          eventId: 'rare-earths:1',
          err: err('HTTP 410'),
        }),
        rec(4, { level: 40, event: 'alert.dropped', webhookId: 'gone', eventId: 'students:2' }),
        rec(5, { event: 'alert.waiting', webhookId: 'ops', eventId: 'rare-earths:2' }),
      ]);
      expect(summary.alerts).toEqual([
        { webhookId: 'gone', delivered: 0, retried: 0, deadLettered: 0, dropped: 1, lastError: null },
        { webhookId: 'ops', delivered: 1, retried: 0, deadLettered: 0, dropped: 0, lastError: null },
        {
          webhookId: 'slack',
          delivered: 0,
          retried: 2,
          deadLettered: 1,
          dropped: 0,
          lastError: {
            code: 'ALERT_DELIVERY_FAILED',
            message: 'HTTP 410',
            at: iso(minutes(3)),
            eventId: 'rare-earths:1',
          },
        },
      ]);
    });
  });

  describe('status changes', () => {
    it("lists each claim's changes in seq order, whatever order the replicas wrote them in", () => {
      const change = (minute: number, claimId: string, seq: number, from: string, to: string) =>
        rec(minute, { event: 'claim.status_changed', claimId, seq, from, to, trigger: 'evidence' });
      const summary = summarise([
        change(10, 'rare-earths', 2, 'advancing', 'contested'),
        change(5, 'rare-earths', 1, 'open', 'advancing'),
        change(7, 'students', 1, 'open', 'stalled'),
      ]);
      expect(summary.statusChanges).toEqual([
        {
          claimId: 'rare-earths',
          changes: [
            { seq: 1, from: 'open', to: 'advancing', trigger: 'evidence', at: iso(minutes(5)) },
            { seq: 2, from: 'advancing', to: 'contested', trigger: 'evidence', at: iso(minutes(10)) },
          ],
        },
        {
          claimId: 'students',
          changes: [{ seq: 1, from: 'open', to: 'stalled', trigger: 'evidence', at: iso(minutes(7)) }],
        },
      ]);
    });
  });

  describe('Redis outages', () => {
    const down = {
      level: 50,
      event: 'redis.down',
      err: { code: 'REDIS_UNAVAILABLE', message: 'connect ECONNREFUSED' },
    };

    it('pairs redis.down with the next redis.up of the same process', () => {
      const summary = summarise([
        rec(0, down),
        rec(1, { ...down, pid: 2 }),
        rec(3, { level: 40, event: 'redis.up', pid: 2, downMs: 120_000 }),
        rec(4, { level: 40, event: 'redis.up', downMs: 240_000 }),
      ]);
      expect(summary.redisOutages).toEqual([
        {
          process: 'a/1',
          down: iso(minutes(0)),
          up: iso(minutes(4)),
          downMs: 240_000,
          open: false,
          reason: 'connect ECONNREFUSED',
        },
        {
          process: 'a/2',
          down: iso(minutes(1)),
          up: iso(minutes(3)),
          downMs: 120_000,
          open: false,
          reason: 'connect ECONNREFUSED',
        },
      ]);
    });

    it('dates an outage that began before the log from its downMs', () => {
      const summary = summarise([rec(10, { level: 40, event: 'redis.up', downMs: 300_000 })]);
      expect(summary.redisOutages[0]).toMatchObject({
        down: iso(minutes(5)),
        up: iso(minutes(10)),
        open: false,
      });
    });

    it('reports one still open at the end, with how long it had lasted', () => {
      const summary = summarise([rec(0, down), rec(1, down), rec(30, { event: 'feed.polled', feedId: 'f' })]);
      expect(summary.redisOutages).toEqual([
        {
          process: 'a/1',
          down: iso(minutes(0)),
          up: null,
          downMs: 30 * 60_000,
          open: true,
          reason: 'connect ECONNREFUSED',
        },
      ]);
    });
  });

  describe('the daemon', () => {
    it('lists starts, stops, refusals and kills in order', () => {
      const summary = summarise([
        rec(0, {
          level: 50,
          event: 'daemon.refused',
          err: { code: 'REDIS_EVICTION_POLICY', message: 'set noeviction' },
        }),
        rec(1, { event: 'daemon.started', role: 'worker', pid: 2 }),
        rec(2, { event: 'daemon.signal', signal: 'SIGTERM', pid: 2 }),
        rec(3, { event: 'daemon.stopped', pid: 2 }),
        rec(4, { level: 40, event: 'daemon.killed', signal: 'SIGINT', pid: 3 }),
      ]);
      expect(summary.daemon).toEqual({
        starts: 1,
        stops: 1,
        refusals: 1,
        kills: 1,
        events: [
          {
            at: iso(minutes(0)),
            process: 'a/1',
            event: 'refused',
            err: { code: 'REDIS_EVICTION_POLICY', message: 'set noeviction' },
          },
          { at: iso(minutes(1)), process: 'a/2', event: 'started', role: 'worker' },
          { at: iso(minutes(3)), process: 'a/2', event: 'stopped' },
          { at: iso(minutes(4)), process: 'a/3', event: 'killed' },
        ],
      });
    });
  });

  describe('job failures', () => {
    it('groups them by error code, most frequent first, with the jobs and the last one', () => {
      const failed = (minute: number, job: string, code: string, message: string) =>
        rec(minute, {
          level: 50,
          event: 'job.failed',
          job,
          jobId: `${job}-${minute}`,
          err: { code, message },
        });
      const summary = summarise([
        failed(0, 'derive-status', 'LEDGER_CONTENDED', 'busy'),
        failed(1, 'sweep', 'INTERNAL', 'boom'),
        failed(2, 'derive-status', 'LEDGER_CONTENDED', 'still busy'),
        failed(3, 'poll-feed', 'LEDGER_CONTENDED', 'busy again'),
      ]);
      expect(summary.jobFailures).toEqual([
        {
          code: 'LEDGER_CONTENDED',
          count: 3,
          jobs: { 'derive-status': 2, 'poll-feed': 1 },
          last: { at: iso(minutes(3)), message: 'busy again', jobId: 'poll-feed-3' },
        },
        {
          code: 'INTERNAL',
          count: 1,
          jobs: { sweep: 1 },
          last: { at: iso(minutes(1)), message: 'boom', jobId: 'sweep-1' },
        },
      ]);
    });
  });

  describe('the lines', () => {
    it('gives the span, the count per level and how many lines were not JSON', () => {
      const text = parseLogLine('Error: boom') as LogLine;
      const summary = summarise([rec(5, { level: 40 }), text, rec(2, {}), rec(9, { level: 50 }), text]);
      expect(summary.lines).toEqual({ records: 3, notJson: 2 });
      expect(summary.span).toEqual({ from: iso(minutes(2)), to: iso(minutes(9)) });
      expect(summary.levels).toEqual({ warn: 1, info: 1, error: 1 });
    });

    it('has an empty span and empty sections for an empty log', () => {
      expect(summarise([])).toMatchObject({
        lines: { records: 0, notJson: 0 },
        span: { from: null, to: null },
        feeds: [],
        alerts: [],
        statusChanges: [],
        redisOutages: [],
        jobFailures: [],
      });
    });
  });
});
