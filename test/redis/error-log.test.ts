/**
 * redis.error lines (src/redis/error-log.ts): the failed command and script by name, the error's code and
 * message, never the command's arguments — an EVAL's carry the whole script — and a failure that repeats
 * is folded into the next line that gets through.
 */
import { ReplyError } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { RECORD_SCRIPT } from '../../src/claims/ledger-record-script.js';
import { LOG_EVENTS } from '../../src/log.js';
import { redisErrorFields, redisErrorLog } from '../../src/redis/error-log.js';
import { sha1 } from '../../src/redis/lua.js';
import { captureLogs } from '../support/log-capture.js';
import { MAX_LOG_LINE_BYTES } from '../support/log-line-limit.js';

/** An error as ioredis rejects a command with: the reply error, and the command with its arguments. */
function replyError(message: string, name: string, args: unknown[]): Error {
  const error = new ReplyError(message);
  Object.assign(error, { command: { name, args } });
  return error;
}

const JOB_DATA = JSON.stringify({ secretish: 'job data that must not be logged', filler: 'x'.repeat(8_000) });

describe('redisErrorFields', () => {
  it.each([
    [
      'an EVAL, which carries the whole script',
      replyError('MOVED 1577 127.0.0.1:7001', 'eval', [RECORD_SCRIPT, '4', '{pw}:poll:a:recorded', JOB_DATA]),
      { command: 'eval', script: 'ledger-record' },
    ],
    [
      'an EVALSHA of a script of ours',
      replyError('MOVED 1577 127.0.0.1:7001', 'evalsha', [sha1(RECORD_SCRIPT), '1', '{pw}:x', JOB_DATA]),
      { command: 'evalsha', script: 'ledger-record' },
    ],
    [
      'an EVALSHA of a script not ours (BullMQ’s)',
      replyError('MOVED 1577 127.0.0.1:7001', 'evalsha', [
        '0123456789abcdef0123456789abcdef01234567',
        '1',
        JOB_DATA,
      ]),
      { command: 'evalsha', script: '0123456789ab' },
    ],
    [
      'a plain command',
      replyError('WRONGTYPE Operation against a key', 'hget', ['{pw}:k', JOB_DATA]),
      { command: 'hget' },
    ],
  ])('names %s by command and script, without arguments', (_name, error, expected) => {
    const fields = redisErrorFields(error);
    expect(fields).toEqual({ err: { code: 'INTERNAL', message: error.message }, ...expected });
    expect(JSON.stringify(fields)).not.toContain('job data');
    expect(JSON.stringify(fields)).not.toContain('redis.call');
  });

  it('cuts a long message', () => {
    const fields = redisErrorFields(new Error(`ERR ${'y'.repeat(10_000)}`));
    expect(fields.err.message.length).toBeLessThanOrEqual(301);
  });
});

describe('redisErrorLog', () => {
  it('logs one short line per failing command and window, counting the repeats it folded in', () => {
    const logs = captureLogs();
    let now = 0;
    const log = redisErrorLog(logs.logger, { windowMs: 10_000, now: () => now });
    const moved = () =>
      replyError('MOVED 1577 127.0.0.1:7001', 'eval', [RECORD_SCRIPT, '1', '{pw}:x', JOB_DATA]);
    for (let i = 0; i < 500; i += 1) {
      now += 10;
      log(moved(), 'worker poll-feed');
    }
    log(replyError('NOSCRIPT No matching script', 'evalsha', ['ab', '0']), 'worker poll-feed');
    now += 10_000;
    log(moved(), 'worker poll-feed');

    const lines = logs.lines();
    expect(lines.map((line) => [line.event, line.command, line.script, line.repeated])).toEqual([
      [LOG_EVENTS.redisError, 'eval', 'ledger-record', undefined],
      [LOG_EVENTS.redisError, 'evalsha', 'ab', undefined],
      [LOG_EVENTS.redisError, 'eval', 'ledger-record', 499],
    ]);
    expect(lines[0]?.msg).toBe('worker poll-feed: eval ledger-record failed: MOVED 1577 127.0.0.1:7001');
    for (const line of logs.text) expect(Buffer.byteLength(line)).toBeLessThan(MAX_LOG_LINE_BYTES / 8);
  });
});
