/**
 * No secret leaves through the side doors. One run goes through every delivery outcome — a 503, a hang
 * cut off at the deadline, a success, a refused connection, a 400 dead letter — and every alert command
 * (`resolve`, `dlq list`, `dlq list --json`, `dlq retry`, `webhooks test`) as real CLI processes. The
 * receiver's URL carries a `?token=` query, and its error answers echo the request line and every header
 * back, signature included, as a debugging gateway might.
 *
 * Everything an operator could read is collected: every pino line of the pipeline and the alert workers
 * (level debug), the CLI's stdout and stderr (its own log lines included), and the delivery log and failure
 * reasons kept in Redis. None of it may contain the secret, its key, any signature sent, or the query.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newWebhookSecret, startWebhookReceiver, type WebhookReceiver } from '../../src/replay/receiver.js';
import { captureLogs, type LogCapture } from '../support/log-capture.js';
import { REPO_ROOT } from '../support/news-replay.js';
import { type AlertWorkers, openReplay, type Replay } from '../support/news-replay-run.js';
import { secretEnvName, webhooksYaml } from '../support/webhooks-yaml.js';

const run = promisify(execFile);
const TOKEN = randomBytes(12).toString('hex');

let replay: Replay;
let receiver: WebhookReceiver;
let logs: LogCapture;
let workers: AlertWorkers;
let secretEnv: string;
let secret: string;
/** Everything the CLI printed, per command. */
const printed: Array<{ command: string; code: number; stdout: string; stderr: string }> = [];
const echoed: string[] = [];

beforeEach(async () => {
  secretEnv = secretEnvName('secrets');
  secret = newWebhookSecret();
  process.env[secretEnv] = secret;
  receiver = await startWebhookReceiver({
    secret,
    path: `/hooks/policy-watch?token=${TOKEN}`,
    errorBody: (request, req) => {
      // Signature and request line first: both fall within the first bytes a dead letter keeps.
      const echo = `signature ${request.signature}\n${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n${request.body}`;
      echoed.push(echo);
      return echo;
    },
  });
  logs = captureLogs('debug');
  const webhooks = webhooksYaml([
    {
      id: 'ops',
      url: receiver.url,
      secretEnv,
      events: ['claim.status_changed', 'feed.failing', 'feed.recovered'],
    },
  ]);
  replay = await openReplay('alerts-secrets', {}, { webhooks, logger: logs.logger });
  workers = await replay.startAlertWorkers({ logger: logs.logger });
});

afterEach(async () => {
  await replay.close();
  await receiver.close();
  delete process.env[secretEnv];
});

/** `policy-watch …` as a real process: its stdout and stderr are exactly what an operator sees. */
async function cli(...args: string[]) {
  const command = args.join(' ');
  const result = await run(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli/main.ts'), '--config', replay.configDir, ...args],
    {
      cwd: REPO_ROOT,
      timeout: 30_000,
      env: { ...process.env, PW_PREFIX: replay.redis.prefix, LOG_LEVEL: 'debug' },
    },
  )
    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
    .catch((error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }));
  printed.push({ command, ...result });
  return result;
}

async function deliveryRecords(): Promise<string[]> {
  const jobs = await replay.runtime.queues.alerts
    .of('ops')
    .getJobs(['completed', 'failed', 'delayed', 'waiting']);
  const out: string[] = [];
  for (const job of jobs) {
    out.push(job.failedReason ?? '', JSON.stringify(job.stacktrace ?? []));
    out.push(...(await replay.runtime.queues.alerts.of('ops').getJobLogs(job.id ?? '')).logs);
  }
  return out;
}

describe('secrets in logs, errors and CLI output', () => {
  describe('when deliveries retry, time out, fail, dead-letter and are replayed from the CLI', () => {
    it('never show the secret, a signature or the URL query', async () => {
      // 1. A change from the CLI; the receiver answers 503, then hangs past the 1 s deadline, then takes it.
      receiver.plan(503, 'hang');
      expect((await cli('resolve', 'rare-earths', '--status', 'advancing', '--note', 'first')).code).toBe(0);
      await receiver.waitFor(() => receiver.deliveries.length === 1, 15_000, 'the first delivery');

      // 2. A second change meets a 400 that echoes our request back: a dead letter at once.
      await receiver.setMode(400);
      expect((await cli('resolve', 'trade-talks', '--status', 'stalled', '--note', 'second')).code).toBe(0);
      await logs.waitFor((line) => line.event === 'alert.dead_lettered', 10_000, 'the dead letter');
      expect((await cli('dlq', 'list')).code).toBe(0);
      const listed = await cli('dlq', 'list', '--json');
      expect(listed.stdout).toContain('[redacted]'); // the echoed signature, cut out of the answer's first bytes
      const ping = await cli('webhooks', 'test', 'ops', '--json'); // the ping meets the 400 too
      expect(ping.code).toBe(1);
      expect(JSON.parse(ping.stdout)).toMatchObject({
        webhook: 'ops',
        outcome: 'failed',
        httpStatus: 400,
      });

      // 3. No daemon: `dlq retry` delivers by itself, first into a closed port (every attempt refused), then
      //    into a working receiver.
      await workers.close();
      await receiver.setMode('down');
      const refused = await cli('dlq', 'retry');
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain('failed again');
      await receiver.setMode('ok');
      expect((await cli('dlq', 'retry')).code).toBe(0);
      expect((await cli('webhooks', 'test', 'ops')).code).toBe(0);
      expect(receiver.distinctIds()).toEqual([
        'rare-earths:1',
        'trade-talks:1',
        expect.stringMatching(/^ping:ops:\d+$/),
      ]);

      // The search is not vacuous: the receiver did echo signatures and the token, the logs are there.
      const signatures = receiver.requests.map((request) => request.signature?.replace(/^v1,/, '') ?? '');
      expect(signatures.length).toBeGreaterThanOrEqual(6);
      expect(signatures.every((signature) => signature.length >= 40)).toBe(true);
      expect(echoed.some((echo) => echo.includes(TOKEN) && signatures.some((s) => echo.includes(s)))).toBe(
        true,
      );
      const events = new Set(logs.lines().map((line) => line.event));
      for (const event of ['alert.retrying', 'alert.delivered', 'alert.dead_lettered']) {
        expect(events).toContain(event);
      }
      expect(printed.some((output) => output.stderr.includes('"event":"claim.status_changed"'))).toBe(true);

      const forbidden: Array<[string, string]> = [
        ['the secret', secret],
        ['the secret key', secret.slice('whsec_'.length)],
        ['the URL query', `token=${TOKEN}`],
        ['the token', TOKEN],
        ...signatures.map((signature, index): [string, string] => [`signature #${index + 1}`, signature]),
      ];
      const sources: Array<[string, string]> = [
        ['the pino log', logs.text.join('\n')],
        ...printed.flatMap(
          ({ command, stdout, stderr }): Array<[string, string]> => [
            [`stdout of ${command}`, stdout],
            [`stderr of ${command}`, stderr],
          ],
        ),
        ['the delivery records in Redis', (await deliveryRecords()).join('\n')],
      ];
      const leaks = sources.flatMap(([where, text]) =>
        forbidden.filter(([, value]) => text.includes(value)).map(([what]) => `${what} in ${where}`),
      );
      expect(leaks).toEqual([]);
    }, 60_000);
  });
});
