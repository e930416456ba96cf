import { describe, expect, it } from 'vitest';
import type { LogLine, LogRecord } from '../../src/logs/log-line.js';
import { summarise } from '../../src/logs/summary.js';
import { durationText, summaryReport } from '../../src/logs/summary-report.js';

const T0 = Date.parse('2025-06-05T00:00:00Z');
const rec = (minute: number, fields: LogRecord): LogLine => ({
  kind: 'record',
  raw: '',
  record: { level: 30, time: T0 + minute * 60_000, hostname: 'box', pid: 7, ...fields },
});

describe('durationText', () => {
  it.each([
    [850, '850 ms'],
    [42_000, '42 s'],
    [130_000, '2 min 10 s'],
    [600_000, '10 min'],
    [3 * 3_600_000 + 5 * 60_000, '3 h 5 min'],
    [24 * 3_600_000, '24 h'],
    [52 * 3_600_000, '2 d 4 h'],
  ])('%i ms reads %s', (ms, text) => {
    expect(durationText(ms)).toBe(text);
  });
});

describe('summaryReport', () => {
  describe('when the log has a bit of everything', () => {
    const lines = summaryReport(
      summarise([
        rec(0, { event: 'daemon.started', role: 'all' }),
        rec(1, { event: 'feed.polled', feedId: 'reuters' }),
        rec(2, {
          level: 40,
          event: 'feed.failed',
          feedId: 'reuters',
          consecutiveFailures: 1,
          err: { code: 'FETCH_TIMEOUT', message: 'no answer within 15000 ms' },
        }),
        rec(3, {
          event: 'claim.status_changed',
          claimId: 'rare-earths',
          seq: 1,
          from: 'open',
          to: 'advancing',
          trigger: 'evidence',
        }),
        rec(4, {
          level: 40,
          event: 'alert.dead_lettered',
          webhookId: 'slack',
          err: { code: 'ALERT_DELIVERY_FAILED', message: 'HTTP 410' },
        }),
        rec(5, {
          level: 50,
          event: 'redis.down',
          err: { code: 'REDIS_UNAVAILABLE', message: 'connect ECONNREFUSED' },
        }),
        rec(7, { level: 40, event: 'redis.up', downMs: 130_000 }),
        { kind: 'text', raw: 'Error: boom' },
      ]),
    );

    it('opens with the span, the line counts and the levels', () => {
      expect(lines.slice(0, 2)).toEqual([
        'Logs 2025-06-05 00:00:00 → 2025-06-05 00:07:00 UTC (7 min): 7 log lines; 1 line was not JSON',
        'Levels: 1 error, 3 warn, 3 info',
      ]);
    });

    it('has a row per feed with its last error', () => {
      const at = lines.indexOf('Feeds');
      expect(lines[at + 1]).toMatch(/^ {2}FEED +OK +FAILED +SKIPPED +FAILS IN A ROW +LAST ERROR$/);
      expect(lines[at + 2]).toMatch(
        /^ {2}reuters +1 +1 +0 +1 +2025-06-05 00:02:00 FETCH_TIMEOUT: no answer within 15000 ms$/,
      );
    });

    it('has the alerts, the status changes, the outage and the daemon start', () => {
      const text = lines.join('\n');
      expect(text).toMatch(/slack +0 +0 +1 +0 +2025-06-05 00:04:00 ALERT_DELIVERY_FAILED: HTTP 410/);
      expect(text).toMatch(/rare-earths +1 +open → advancing +2025-06-05 00:03:00 +evidence/);
      expect(text).toMatch(
        /box\/7 +2025-06-05 00:05:00 +2025-06-05 00:07:00 +2 min 10 s +connect ECONNREFUSED/,
      );
      expect(text).toContain('Daemon: 1 start, 0 stops, 0 refusals, 0 kills');
      expect(text).toContain('Job failures: none');
    });
  });

  describe('when an outage is still open', () => {
    it('says so', () => {
      const text = summaryReport(
        summarise([
          rec(0, { level: 50, event: 'redis.down', err: { code: 'REDIS_UNAVAILABLE', message: 'gone' } }),
          rec(90, { event: 'feed.polled', feedId: 'f' }),
        ]),
      ).join('\n');
      expect(text).toMatch(/box\/7 +2025-06-05 00:00:00 +still down at the end +1 h 30 min +gone/);
    });
  });

  describe('when the log is empty', () => {
    it('says every section is empty', () => {
      expect(summaryReport(summarise([]))).toEqual([
        'Logs no timed lines: 0 log lines',
        '',
        'Feeds: none',
        '',
        'Alerts: none',
        '',
        'Status changes: none',
        '',
        'Redis outages: none',
        '',
        'Daemon: none',
        '',
        'Job failures: none',
      ]);
    });
  });
});
