import { describe, expect, it } from 'vitest';
import { parseLogLine } from '../../src/logs/log-line.js';
import { renderLine, renderRecord } from '../../src/logs/render.js';

const TIME = Date.parse('2025-06-05T10:00:03.456Z');

describe('renderRecord', () => {
  it('shows time (UTC, to the second), level, event, message and the ids, on one line', () => {
    const record = {
      level: 30,
      time: TIME,
      pid: 7,
      hostname: 'box',
      service: 'policy-watch',
      event: 'item.matched',
      feedId: 'reuters',
      claimId: 'rare-earths',
      itemId: 'x1',
      jobId: 'poll-reuters-1',
      terms: ['rare earth*'],
      msg: 'item matched',
    };
    expect(renderRecord(record)).toBe(
      '2025-06-05 10:00:03 INFO  item.matched         item matched feedId=reuters claimId=rare-earths jobId=poll-reuters-1',
    );
  });

  describe('when the line carries an error', () => {
    it('adds CODE: message after the message', () => {
      const record = {
        level: 50,
        time: TIME,
        event: 'job.failed',
        jobId: 'derive-x-1',
        err: { code: 'LEDGER_CONTENDED', message: 'too many writers' },
        msg: 'job failed',
      };
      expect(renderRecord(record)).toBe(
        '2025-06-05 10:00:03 ERROR job.failed           job failed — LEDGER_CONTENDED: too many writers jobId=derive-x-1',
      );
    });

    it('adds only [CODE] when the message already says it', () => {
      const record = {
        level: 40,
        time: TIME,
        event: 'alert.dead_lettered',
        webhookId: 'ops',
        err: { code: 'ALERT_DELIVERY_FAILED', message: 'HTTP 410' },
        msg: 'alert dead-lettered: HTTP 410',
      };
      expect(renderRecord(record)).toBe(
        '2025-06-05 10:00:03 WARN  alert.dead_lettered  alert dead-lettered: HTTP 410 [ALERT_DELIVERY_FAILED] webhookId=ops',
      );
    });
  });

  it('shows a record from another program with what it has', () => {
    expect(renderRecord({ msg: 'hello' })).toBe(`${'-'.padEnd(19)} -     -                    hello`);
  });

  describe('with colour', () => {
    it('paints the level by severity and dims the ids', () => {
      const line = renderRecord(
        { level: 50, time: TIME, event: 'redis.down', msg: 'gone', feedId: 'f' },
        { colour: true },
      );
      expect(line).toContain('\u001b[31mERROR\u001b[39m');
      expect(line).toContain('\u001b[90mfeedId=f\u001b[39m');
    });

    it('paints nothing without it', () => {
      expect(renderRecord({ level: 50, time: TIME, msg: 'gone' })).not.toContain('\u001b[');
    });
  });
});

describe('renderLine', () => {
  it('shows a line that is not JSON as it is', () => {
    const raw = '    at processTicksAndRejections (node:internal/process/task_queues:95:5)';
    const line = parseLogLine(raw);
    expect(line && renderLine(line, { colour: true })).toBe(raw);
  });
});
