/**
 * `policy-watch logs` on a day written by the project's own logger (createLogger into a file, as
 * `policy-watch start > daemon.log` does), with the code's own emitters where they run without Redis
 * (Redis outages: watchOutages; deliveries: the alert report) and the other lines in the shape their
 * emitters write them (child loggers carrying the job's ids, `err` as `{code, message}`). The clock is
 * faked so the figures are exact.
 */
import { EventEmitter } from 'node:events';
import { appendFileSync, createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import { runCli } from '../../src/cli/program.js';
import { type AttemptScope, report } from '../../src/delivery/attempt.js';
import { PolicyWatchError } from '../../src/errors.js';
import { createLogger, LOG_EVENTS, type Logger } from '../../src/log.js';
import type { LogSummary } from '../../src/logs/summary-types.js';
import { watchOutages } from '../../src/redis/outage.js';
import { captureIo } from '../support/capture-io.js';

const dir = mkdtempSync(path.join(tmpdir(), 'pw-logs-cli-'));
const file = path.join(dir, 'daemon.log');
const STACK = ['TypeError: Cannot read properties of undefined', '    at pollFeed (jobs/poll-feed.ts:88:21)'];

function at(hhmmss: string): void {
  vi.setSystemTime(new Date(`2025-06-05T${hhmmss}Z`));
}

function pollJob(logger: Logger, feedId: string, slot: number): Logger {
  return logger.child({
    jobId: `poll-${feedId}-${slot}`,
    job: 'poll-feed',
    attempt: 1,
    feedId,
    slot,
    reason: 'tick',
  });
}

function failFeed(log: Logger, error: PolicyWatchError, consecutiveFailures: number): void {
  log.warn(
    {
      event: LOG_EVENTS.feedFailed,
      httpStatus: 503,
      durationMs: 40,
      items: 0,
      unseen: 0,
      matches: 0,
      recorded: 0,
      err: error.toJSON(),
      consecutiveFailures,
      nextPollAt: '2025-06-05T03:00:00.000Z',
    },
    `feed ${String(log.bindings().feedId)} failed: ${error.message}`,
  );
}

function polled(log: Logger): void {
  const summary = { httpStatus: 200, durationMs: 120, items: 20, unseen: 2, matches: 1, recorded: 1 };
  log.info(
    { event: LOG_EVENTS.feedPolled, ...summary },
    `feed ${String(log.bindings().feedId)} polled: 20 items, 2 new, 1 recorded`,
  );
}

/** One delivery attempt, reported by the code's own report(). */
function deliver(logger: Logger, webhookId: string, attempt: Parameters<typeof report>[2]): void {
  const event = { id: 'rare-earths:1', type: 'claim.status_changed' } as AlertEvent;
  const fields = { jobId: `alert-${webhookId}-rare-earths-1`, job: 'deliver-alert', attempt: 1 };
  const log = logger.child({ ...fields, webhookId, eventId: event.id });
  const scope = { deps: {}, webhook: { id: webhookId }, attempt: 1, log } as unknown as AttemptScope;
  const outcome =
    attempt.outcome === 'delivered'
      ? 'delivered'
      : attempt.outcome === 'retry'
        ? 'retrying'
        : 'dead_lettered';
  report(scope, event, attempt, outcome);
}

function writeDay(): void {
  const logger = createLogger({ level: 'info', destination: pino.destination({ dest: file, sync: true }) });
  const redis = new EventEmitter();
  watchOutages(redis as unknown as Redis, logger, 'redis://127.0.0.1:6379');

  at('00:00:00');
  const started = { role: 'all', feeds: 2, claims: 3, prefix: '{pw}', heapGrowingPercent: 20 };
  logger.info({ event: LOG_EVENTS.daemonStarted, ...started }, 'policy-watch started (all)');
  polled(pollJob(logger, 'reuters', 1));
  at('00:00:01');
  pollJob(logger, 'xinhua', 1).info(
    { event: LOG_EVENTS.feedNotModified, durationMs: 30 },
    'feed not modified',
  );
  at('00:01:00');
  const derive = logger.child({
    jobId: 'derive-rare-earths-1',
    job: 'derive-status',
    attempt: 1,
    claimId: 'rare-earths',
  });
  const change = {
    seq: 1,
    from: 'open',
    to: 'advancing',
    trigger: 'evidence',
    tally: { progress: 2, setback: 0, sources: 2 },
  };
  derive.info(
    { event: LOG_EVENTS.claimStatusChanged, claimId: 'rare-earths', ...change, evidence: ['e1', 'e2'] },
    'claim rare-earths: open → advancing (evidence)',
  );
  at('00:01:05');
  deliver(logger, 'ops', { outcome: 'delivered', httpStatus: 200, durationMs: 80 });
  deliver(logger, 'slack', { outcome: 'retry', httpStatus: 503, durationMs: 90, error: 'HTTP 503' });
  at('00:31:05');
  deliver(logger, 'slack', { outcome: 'dead', httpStatus: 410, durationMs: 70, error: 'HTTP 410 Gone' });
  at('00:20:00');
  failFeed(
    pollJob(logger, 'reuters', 2),
    new PolicyWatchError('FETCH_TIMEOUT', 'no answer within 15000 ms'),
    1,
  );
  at('00:40:00');
  failFeed(
    pollJob(logger, 'reuters', 3),
    new PolicyWatchError('FETCH_HTTP_ERROR', 'HTTP 503 from the server'),
    2,
  );
  at('00:50:00');
  const contended = new PolicyWatchError('LEDGER_CONTENDED', 'too many writers on rare-earths');
  derive.error(
    { event: LOG_EVENTS.jobFailed, err: contended.toJSON() },
    `job derive-status ${String(derive.bindings().jobId)} failed: ${contended.message}`,
  );
  // What a crash would leave between the lines when stderr goes to the same file.
  appendFileSync(file, `${STACK.join('\n')}\n`);
  at('01:00:00');
  redis.emit(
    'error',
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }),
  );
  at('01:02:10');
  redis.emit('ready');
  at('02:00:00');
  logger.info({ event: LOG_EVENTS.daemonSignal, signal: 'SIGTERM' }, 'SIGTERM: shutting down gracefully');
  logger.info({ event: LOG_EVENTS.daemonStopped }, 'stopped');
}

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    writeDay();
  } finally {
    vi.useRealTimers();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The event column of a rendered line. */
const eventOf = (line: string) => line.split(/ +/)[3];
const fileLines = () => readFileSync(file, 'utf8').trimEnd().split('\n');

async function logs(args: string[], io = captureIo()) {
  const code = await runCli(['logs', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('policy-watch logs --summary', () => {
  describe('with --json', () => {
    it("gives the day's figures as one object", async () => {
      const { code, stdout, stderr } = await logs([file, '--summary', '--json']);
      expect({ code, stderr, objects: stdout.length }).toEqual({ code: 0, stderr: [], objects: 1 });
      const summary = JSON.parse(stdout[0] ?? '') as LogSummary;
      const host = `${summary.daemon.events[0]?.process}`;
      expect(host).toBe(`${JSON.parse(fileLines()[0] ?? '').hostname}/${process.pid}`);
      expect(summary.lines).toEqual({ records: 14, notJson: 2 });
      expect(summary.span).toEqual({ from: '2025-06-05T00:00:00.000Z', to: '2025-06-05T02:00:00.000Z' });
      expect(summary.feeds).toEqual([
        {
          feedId: 'reuters',
          polled: 1,
          notModified: 0,
          failed: 2,
          skipped: 0,
          consecutiveFailures: 2,
          failing: 0,
          recovered: 0,
          lastError: {
            code: 'FETCH_HTTP_ERROR',
            message: 'HTTP 503 from the server',
            at: '2025-06-05T00:40:00.000Z',
          },
        },
        {
          feedId: 'xinhua',
          polled: 0,
          notModified: 1,
          failed: 0,
          skipped: 0,
          consecutiveFailures: 0,
          failing: 0,
          recovered: 0,
          lastError: null,
        },
      ]);
      expect(summary.alerts).toEqual([
        { webhookId: 'ops', delivered: 1, retried: 0, deadLettered: 0, dropped: 0, lastError: null },
        {
          webhookId: 'slack',
          delivered: 0,
          retried: 1,
          deadLettered: 1,
          dropped: 0,
          lastError: {
            code: 'ALERT_DELIVERY_FAILED',
            message: 'HTTP 410 Gone',
            at: '2025-06-05T00:31:05.000Z',
            eventId: 'rare-earths:1',
          },
        },
      ]);
      expect(summary.statusChanges).toEqual([
        {
          claimId: 'rare-earths',
          changes: [
            { seq: 1, from: 'open', to: 'advancing', trigger: 'evidence', at: '2025-06-05T00:01:00.000Z' },
          ],
        },
      ]);
      expect(summary.redisOutages).toEqual([
        {
          process: host,
          down: '2025-06-05T01:00:00.000Z',
          up: '2025-06-05T01:02:10.000Z',
          downMs: 130_000,
          open: false,
          reason: 'connect ECONNREFUSED 127.0.0.1:6379',
        },
      ]);
      expect(summary.daemon).toMatchObject({ starts: 1, stops: 1, refusals: 0, kills: 0 });
      expect(summary.jobFailures).toEqual([
        {
          code: 'LEDGER_CONTENDED',
          count: 1,
          jobs: { 'derive-status': 1 },
          last: {
            at: '2025-06-05T00:50:00.000Z',
            message: 'too many writers on rare-earths',
            jobId: 'derive-rare-earths-1',
          },
        },
      ]);
    });
  });

  describe('for a person', () => {
    it('prints the report with its sections', async () => {
      const { code, stdout } = await logs([file, '--summary']);
      expect(code).toBe(0);
      expect(stdout[0]).toBe(
        'Logs 2025-06-05 00:00:00 → 2025-06-05 02:00:00 UTC (2 h): 14 log lines; 2 lines were not JSON',
      );
      const text = stdout.join('\n');
      expect(text).toMatch(
        /reuters +1 +2 +0 +2 +2025-06-05 00:40:00 FETCH_HTTP_ERROR: HTTP 503 from the server/,
      );
      expect(text).toMatch(/slack +0 +1 +1 +0 +2025-06-05 00:31:05 ALERT_DELIVERY_FAILED: HTTP 410 Gone/);
      expect(text).toMatch(/rare-earths +1 +open → advancing +2025-06-05 00:01:00 +evidence/);
      expect(text).toMatch(/2025-06-05 01:00:00 +2025-06-05 01:02:10 +2 min 10 s +connect ECONNREFUSED/);
      expect(text).toMatch(/LEDGER_CONTENDED +1 +derive-status ×1/);
    });
  });

  describe('with filters', () => {
    it('summarises only the lines they keep', async () => {
      const { stdout } = await logs([file, '--summary', '--json', '--feed', 'reuters']);
      const summary = JSON.parse(stdout[0] ?? '') as LogSummary;
      expect(summary.lines).toEqual({ records: 3, notJson: 0 });
      expect(summary.feeds.map((feed) => feed.feedId)).toEqual(['reuters']);
      expect(summary.alerts).toEqual([]);
    });
  });
});

describe('policy-watch logs (each line)', () => {
  it('renders every line for a person, the text lines as they are', async () => {
    const { code, stdout } = await logs([file]);
    expect(code).toBe(0);
    expect(stdout).toHaveLength(16);
    expect(stdout[0]).toBe('2025-06-05 00:00:00 INFO  daemon.started       policy-watch started (all)');
    expect(stdout).toContain(
      '2025-06-05 00:40:00 WARN  feed.failed          feed reuters failed: HTTP 503 from the server [FETCH_HTTP_ERROR] feedId=reuters jobId=poll-reuters-3',
    );
    expect(stdout.slice(10, 12)).toEqual(STACK);
  });

  it('--feed and --level keep the lines about that feed at that level', async () => {
    const { stdout } = await logs([file, '--feed', 'reuters', '--level', 'warn']);
    expect(stdout.map((line) => line.split(/ +/).slice(1, 4))).toEqual([
      ['00:20:00', 'WARN', 'feed.failed'],
      ['00:40:00', 'WARN', 'feed.failed'],
    ]);
  });

  it('--claim keeps the lines about that claim, and the stack trace after one of them', async () => {
    const { stdout } = await logs([file, '--claim', 'rare-earths']);
    expect(stdout.slice(0, 2).map(eventOf)).toEqual(['claim.status_changed', 'job.failed']);
    expect(stdout.slice(2)).toEqual(STACK);
  });

  it('--since keeps the lines from then on', async () => {
    const { stdout } = await logs([file, '--since', '2025-06-05T01:00']);
    expect(stdout.map(eventOf)).toEqual(['redis.down', 'redis.up', 'daemon.signal', 'daemon.stopped']);
  });

  it('--since with a duration counts back from now (the day is long past)', async () => {
    expect((await logs([file, '--since', '2h'])).stdout).toEqual([]);
  });

  it('--json prints the kept lines unchanged, and says on stderr which were not JSON', async () => {
    const { code, stdout, stderr } = await logs([file, '--level', 'error', '--json']);
    expect(code).toBe(0);
    expect(stdout).toEqual(fileLines().filter((line) => line.startsWith('{"level":50')));
    expect(stdout).toHaveLength(2);
    expect(stderr).toEqual(['policy-watch logs: 2 lines were not JSON and left out of --json']);
  });

  it('colours the level when the output is a terminal', async () => {
    const { stdout } = await logs([file, '--level', 'error'], { ...captureIo(), colour: true });
    expect(stdout[0]).toContain('\u001b[31mERROR\u001b[39m');
  });
});

describe('policy-watch logs reading standard input', () => {
  it.each([
    ['-', ['-']],
    ['no FILE', []],
  ])('with %s, reads the piped log like the file', async (_name, args) => {
    const fromFile = await logs([file, '--summary', '--json']);
    const io = { ...captureIo(), stdin: () => createReadStream(file) };
    const fromStdin = await logs([...args, '--summary', '--json'], io);
    expect(fromStdin).toEqual(fromFile);
  });

  it('without FILE at a terminal, asks for a file instead of waiting (exit 2)', async () => {
    const terminal = Object.assign(createReadStream(file), { isTTY: true });
    const { code, stderr } = await logs([], { ...captureIo(), stdin: () => terminal });
    terminal.destroy();
    expect({ code, stderr }).toEqual({
      code: 2,
      stderr: ['policy-watch logs: name a log file, or pipe one in (policy-watch logs daemon.log)'],
    });
  });
});

describe('policy-watch logs when it cannot do its job', () => {
  it.each([
    ['a missing file', () => path.join(dir, 'nope.log'), 'no such file'],
    ['a directory', () => dir, 'is a directory'],
  ])('names %s and why, exit 1', async (_name, target, reason) => {
    const { code, stdout, stderr } = await logs([target()]);
    expect({ code, stdout, stderr }).toEqual({
      code: 1,
      stdout: [],
      stderr: [`policy-watch logs: ${target()}: ${reason}`],
    });
  });

  it.each([
    [
      '--since',
      'yesterday',
      /option '--since <time>' argument 'yesterday' is invalid\. expected an ISO date/,
    ],
    ['--level', 'loud', /option '--level <level>' argument 'loud' is invalid\. expected trace, debug, info/],
  ])('refuses %s %s in one sentence, exit 2', async (flag, value, message) => {
    const { code, stdout, stderr } = await logs([file, flag, value]);
    expect({ code, stdout, lines: stderr.length }).toEqual({ code: 2, stdout: [], lines: 1 });
    expect(stderr[0]).toMatch(message);
  });
});
