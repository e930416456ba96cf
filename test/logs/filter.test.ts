import { describe, expect, it } from 'vitest';
import { keepsRecord, lineSelector, parseLevel, parseSince } from '../../src/logs/filter.js';
import { type LogLine, parseLogLine } from '../../src/logs/log-line.js';

const NOW = Date.parse('2025-06-05T12:00:00Z');
const at = (iso: string) => Date.parse(iso);

function line(raw: string): LogLine {
  const parsed = parseLogLine(raw);
  if (!parsed) throw new Error(`blank line: ${raw}`);
  return parsed;
}

describe('parseSince', () => {
  it.each([
    ['a duration in minutes', '30m', NOW - 30 * 60_000],
    ['a duration in hours', '2h', NOW - 2 * 3_600_000],
    ['a duration in days', '1d', NOW - 86_400_000],
    ['a duration in seconds, upper case', '90S', NOW - 90_000],
    ['a date, as UTC midnight', '2025-06-04', at('2025-06-04T00:00:00Z')],
    ['a date-time without offset, as UTC', '2025-06-04T10:30', at('2025-06-04T10:30:00Z')],
    ['a date-time with a space and seconds', '2025-06-04 10:30:15', at('2025-06-04T10:30:15Z')],
    ['a date-time with Z and ms', '2025-06-04T10:30:15.250Z', at('2025-06-04T10:30:15.250Z')],
    ['a date-time with an offset', '2025-06-04T18:00+08:00', at('2025-06-04T10:00:00Z')],
  ])('reads %s', (_name, text, expected) => {
    expect(parseSince(text, NOW)).toBe(expected);
  });

  it.each([['yesterday'], ['2h ago'], ['-2h'], ['1y'], ['2025-13-45'], ['2025-06-04T25:00'], ['']])(
    'refuses %j',
    (text) => {
      expect(parseSince(text, NOW)).toBeUndefined();
    },
  );
});

describe('parseLevel', () => {
  it.each([
    ['trace', 10],
    ['debug', 20],
    ['INFO', 30],
    ['warn', 40],
    ['error', 50],
    ['fatal', 60],
    ['40', 40],
  ])('reads %s as %i', (text, level) => {
    expect(parseLevel(text)).toBe(level);
  });

  it.each([['loud'], ['35'], ['silent'], ['']])('refuses %j', (text) => {
    expect(parseLevel(text)).toBeUndefined();
  });
});

describe('keepsRecord', () => {
  const record = { level: 40, time: at('2025-06-05T10:00:00Z'), event: 'feed.failed', feedId: 'reuters' };

  it.each([
    ['no condition', {}, true],
    ['--since before the line', { since: at('2025-06-05T09:00:00Z') }, true],
    ['--since at the line', { since: record.time }, true],
    ['--since after the line', { since: at('2025-06-05T11:00:00Z') }, false],
    ['--level warn on a warn line', { minLevel: 40 }, true],
    ['--level error on a warn line', { minLevel: 50 }, false],
    ['--feed of the line', { feedId: 'reuters' }, true],
    ['--feed of another feed', { feedId: 'xinhua' }, false],
    ['--claim on a line without claimId', { claimId: 'rare-earths' }, false],
    ['all conditions met', { since: 0, minLevel: 30, feedId: 'reuters' }, true],
  ])('with %s: %s', (_name, filter, kept) => {
    expect(keepsRecord(record, filter)).toBe(kept);
  });

  it('drops a record without a time when --since is set', () => {
    expect(keepsRecord({ level: 30, msg: 'no time' }, { since: 0 })).toBe(false);
  });

  it('reads an ISO time and a level label as pino would write them with other settings', () => {
    const other = { level: 'error', time: '2025-06-05T10:00:00.000Z' };
    expect(keepsRecord(other, { since: at('2025-06-05T09:00:00Z'), minLevel: 50 })).toBe(true);
  });
});

describe('lineSelector', () => {
  const error =
    '{"level":50,"time":1749117600000,"event":"job.failed","feedId":"reuters","msg":"job failed"}';
  const info =
    '{"level":30,"time":1749117600000,"event":"feed.polled","feedId":"xinhua","msg":"feed polled"}';
  const stack = '    at pollFeed (jobs/poll-feed.ts:12:3)';

  describe('when no condition is set', () => {
    it('keeps every line, text before the first record included', () => {
      const select = lineSelector({});
      expect([stack, info, stack].map((raw) => select(line(raw)))).toEqual([true, true, true]);
    });
  });

  describe('when a condition is set', () => {
    it('keeps a text line with the record before it, and drops it with that record', () => {
      const select = lineSelector({ feedId: 'reuters' });
      const verdicts = [stack, error, stack, stack, info, stack].map((raw) => select(line(raw)));
      expect(verdicts).toEqual([false, true, true, true, false, false]);
    });
  });
});

describe('parseLogLine', () => {
  it.each([
    ['a pino record', '{"level":30,"msg":"hi"}', 'record'],
    ['a stack trace line', 'Error: boom', 'text'],
    ['a line cut short by a crash', '{"level":30,"msg":"fe', 'text'],
    ['JSON that is not an object', '[1,2]', 'text'],
  ])('reads %s as %s', (_name, raw, kind) => {
    expect(parseLogLine(raw)?.kind).toBe(kind);
  });

  it('skips a blank line', () => {
    expect(parseLogLine('   ')).toBeUndefined();
  });
});
