/**
 * SIGHUP re-reads the config (DESIGN, "Signals"). Before, SIGHUP killed the daemon without a line and every
 * edit needed a restart. Now, on a real `policy-watch start` child process: a valid edit takes effect — a
 * new feed is polled, a removed one is no longer fetched, a new webhook's worker delivers — and an invalid
 * one is logged with every problem while the daemon runs on with the config it had. A second SIGTERM during
 * a slow drain exits at once.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOG_EVENTS } from '../../src/log.js';
import { newWebhookSecret, startWebhookReceiver, type WebhookReceiver } from '../../src/replay/receiver.js';
import {
  dayInstant,
  feedOf,
  keepFeeds,
  LAST_DAY,
  type NewsServer,
  removeConfigDir,
  startNewsServer,
  writeReplayConfig,
} from '../support/news-replay.js';
import {
  type DaemonProcess,
  killAllDaemons,
  type LogLine,
  spawnDaemon,
} from '../support/news-replay-daemon.js';
import { type TestRedis, testRedis } from '../support/redis.js';
import { secretEnvName, webhooksYaml } from '../support/webhooks-yaml.js';

let redis: TestRedis | undefined;
let server: NewsServer | undefined;
let receiver: WebhookReceiver | undefined;
let configDir: string | undefined;

afterEach(async () => {
  await killAllDaemons();
  await receiver?.close();
  await server?.close();
  await redis?.cleanup();
  removeConfigDir(configDir);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function polledLine(feedId: string, after: number) {
  return (line: LogLine) =>
    line.feedId === feedId &&
    (line.event === LOG_EVENTS.feedPolled || line.event === LOG_EVENTS.feedNotModified) &&
    Number(line.time) > after;
}

async function nextReload(daemon: DaemonProcess, after: number): Promise<LogLine> {
  return daemon.waitForLine(
    (line) =>
      (line.event === LOG_EVENTS.configReloaded || line.event === LOG_EVENTS.configReloadFailed) &&
      Number(line.time) >= after,
    15_000,
  );
}

describe('SIGHUP', () => {
  it('applies a valid config without a restart and keeps the running one when the new one is invalid', async () => {
    redis = await testRedis('sighup');
    const shift = Date.now() - dayInstant(LAST_DAY).getTime();
    server = await startNewsServer({ now: () => new Date(Date.now()), shiftMs: shift });
    const secret = newWebhookSecret();
    const secretEnv = secretEnvName('sighup');
    receiver = await startWebhookReceiver({ secret });
    configDir = writeReplayConfig(server, { schedule: '*/2 * * * * *', timeoutMs: 5_000, settleSeconds: 1 });
    const allFeeds = readFileSync(path.join(configDir, 'feeds.yaml'), 'utf8');
    keepFeeds(configDir, allFeeds, ['wire']);
    const daemon = spawnDaemon({
      name: 'sighup',
      prefix: redis.prefix,
      configDir,
      env: { PW_HTTP_PORT: '0', [secretEnv]: secret },
    });
    await daemon.started;
    const wire = feedOf('wire').id;
    const gov = feedOf('gov').id;
    await daemon.waitForLine(polledLine(wire, 0), 15_000);
    expect(server.hits('gov')).toBe(0);

    // A valid edit: the government feed joins, the wire feed leaves, a webhook is subscribed.
    keepFeeds(configDir, allFeeds, ['gov']);
    writeFileSync(
      path.join(configDir, 'webhooks.yaml'),
      webhooksYaml([{ id: 'analyst', url: receiver.url, secretEnv, events: ['claim.evidence_added'] }]),
    );
    const sentAt = Date.now();
    daemon.child.kill('SIGHUP');
    const reloaded = await nextReload(daemon, sentAt);
    expect(reloaded.event).toBe(LOG_EVENTS.configReloaded);
    expect(reloaded.feeds).toEqual({ added: [gov], removed: [wire], changed: [] });
    expect(reloaded.webhooks).toEqual({ added: ['analyst'], removed: [], changed: [] });
    expect(reloaded.msg).toBe('config reloaded: feeds +1 -1, webhooks +1');

    await daemon.waitForLine(polledLine(gov, sentAt), 15_000);
    await receiver.waitFor(() => receiver?.deliveries.length !== 0, 15_000, 'a delivery to the new webhook');
    const sources = receiver.deliveries.map(
      (delivery) => (delivery.payload as { data: { evidence: { source: string } } }).data.evidence.source,
    );
    expect(sources).toContain(feedOf('gov').source);
    // The wire feed is no longer fetched: a poll already enqueued may finish, none after it (3 slots).
    await sleep(2_500);
    const wireHits = server.hits('wire');
    await sleep(6_000);
    expect(server.hits('wire')).toBe(wireHits);

    // An invalid edit: two problems in two files. Both are logged; the daemon runs on with what it had.
    writeFileSync(path.join(configDir, 'claims.yaml'), 'claims: [unclosed');
    writeFileSync(path.join(configDir, 'feeds.yaml'), 'feeds:\n  - id: Not An Id\n');
    const badAt = Date.now();
    daemon.child.kill('SIGHUP');
    const refused = await nextReload(daemon, badAt);
    expect(refused.event).toBe(LOG_EVENTS.configReloadFailed);
    expect(refused.level).toBe(50);
    const problems = refused.problems as string[];
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/claims\.yaml/), expect.stringMatching(/feeds\.yaml/)]),
    );
    expect(String(refused.msg)).toMatch(/the running config stays/);
    const govHits = server.hits('gov');
    await daemon.waitForLine(polledLine(gov, Date.now()), 15_000);
    expect(server.hits('gov')).toBeGreaterThan(govHits);

    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toEqual({ code: 0, signal: null });
    expect(daemon.stderr.filter((line) => line.trim() !== '')).toEqual([]);
    // Logs for review: a line about a feed, claim or webhook names its subject in the message too.
    const unnamed = daemon.lines.filter((line) => {
      const ids = [line.feedId, line.claimId, line.webhookId].filter((id) => typeof id === 'string');
      return ids.length > 0 && !ids.some((id) => String(line.msg).includes(String(id)));
    });
    expect(unnamed.map((line) => `${line.event}: ${String(line.msg)}`)).toEqual([]);
  }, 90_000);
});

describe('a second SIGTERM', () => {
  it('exits at once while the first is still draining a poll that hangs', async () => {
    redis = await testRedis('second-sigterm');
    const held: Array<() => void> = [];
    server = await startNewsServer({
      now: () => new Date(),
      // Every feed request is read and never answered until the test ends: the poll job cannot finish.
      intercept: (_role, _req, res) => {
        held.push(() => res.destroy());
        return true;
      },
    });
    configDir = writeReplayConfig(server, { schedule: '*/2 * * * * *', timeoutMs: 60_000 });
    const daemon = spawnDaemon({
      name: 'drain',
      prefix: redis.prefix,
      configDir,
      env: { PW_HTTP_PORT: '0' },
    });
    await daemon.started;
    while (server.responses.length === 0) await sleep(50);

    daemon.child.kill('SIGTERM');
    await daemon.waitForLine((line) => line.event === LOG_EVENTS.daemonStopping, 10_000);
    daemon.child.kill('SIGTERM');
    const exit = await daemon.exited;
    for (const release of held) release();
    expect(exit).toEqual({ code: 1, signal: null });
    expect(daemon.lines.map((line) => line.event)).toContain(LOG_EVENTS.daemonKilled);
    expect(daemon.lines.map((line) => line.event)).not.toContain(LOG_EVENTS.daemonStopped);
  }, 60_000);
});
