/**
 * Every Lua script of policy-watch names the keys it touches in KEYS (issue 14): Redis Cluster routes a
 * script by its keys and refuses keys of other slots, and a key a script builds for itself may live on
 * another node. Checked two ways:
 * - statically: every script is declared through src/redis/lua.ts (no EVAL, EVALSHA or defineCommand
 *   elsewhere), so the declared list is the whole list;
 * - on a real Redis: the news-day replay with a webhook runs them all on a private redis-server whose
 *   MONITOR shows each EVAL / EVALSHA followed by the commands its script ran (a script is atomic, so
 *   nothing comes between); COMMAND GETKEYS names the keys of each, and each must be one of the script's KEYS.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeInFlightLease } from '../../src/delivery/lease.js';
import type { FoundRedis } from '../../src/demo/find-redis.js';
import { connectRedis } from '../../src/redis/connection.js';
import { declaredScripts } from '../../src/redis/lua.js';
import { newWebhookSecret, startWebhookReceiver, type WebhookReceiver } from '../../src/replay/receiver.js';
import { REPO_ROOT } from '../support/news-replay.js';
import { openReplay, type Replay } from '../support/news-replay-run.js';
import { startTestRedis } from '../support/private-redis.js';
import { waitUntil } from '../support/wait-until.js';
import { secretEnvName, webhooksYaml } from '../support/webhooks-yaml.js';

const SCRIPTS = [
  'alert-cursor-raise',
  'alert-lease-extend',
  'alert-lease-release',
  'alert-order-finish',
  'alert-order-link',
  'archive-poll',
  'feed-health-write',
  'ledger-commit',
  'ledger-record',
];

function sources(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(path.join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [path.join(dir, entry.name)]
        : [],
  );
}

describe('the Lua scripts', () => {
  it('are all declared through src/redis/lua.ts: no EVAL, EVALSHA or defineCommand anywhere else', () => {
    const offenders = [...sources('src'), ...sources('jobs')]
      .filter((file) => file !== path.join('src', 'redis', 'lua.ts'))
      .filter((file) =>
        /\.(eval|evalsha|defineCommand)\(/.test(readFileSync(path.join(REPO_ROOT, file), 'utf8')),
      );
    expect(offenders).toEqual([]);
    const declarations = [...sources('src'), ...sources('jobs')].flatMap((file) =>
      [...readFileSync(path.join(REPO_ROOT, file), 'utf8').matchAll(/luaScript\(\s*'([a-z-]+)'/g)].map(
        (match) => match[1],
      ),
    );
    expect(declarations.sort()).toEqual(SCRIPTS);
  });
});

interface ScriptRun {
  script: string;
  keys: string[];
  /** The commands the script ran, as MONITOR shows them (name first). */
  commands: string[][];
}

describe('each Lua script, run by the pipeline on a Redis that logs every command', () => {
  let redis: FoundRedis;
  let monitor: Redis;
  let admin: Redis;
  let replay: Replay;
  let receiver: WebhookReceiver;
  let secretEnv: string;
  const runs: ScriptRun[] = [];
  const MARKER = `lua-keys-marker-${process.pid}`;
  let markerSeen = false;

  beforeAll(async () => {
    redis = await startTestRedis();
    admin = await connectRedis('producer', redis.url);
    monitor = await admin.monitor();
    const byHash = new Map(declaredScripts().map((script) => [script.sha, script.name]));
    // MONITOR quotes an EVAL's source with escapes (\n, \", \xNN) that ioredis' parser leaves in: compare
    // the letters and digits only.
    const bare = (text: string) => text.replace(/[^A-Za-z0-9]/g, '');
    const bySource = new Map(declaredScripts().map((script) => [bare(script.source), script.name]));
    const monitoredSource = (text: string) => bare(text.replace(/\\(x[0-9a-fA-F]{2}|.)/g, ''));
    let current: ScriptRun | undefined;
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (args[0]?.toLowerCase() === 'get' && args[1] === MARKER) markerSeen = true;
      if (source === 'lua') {
        current?.commands.push(args);
        return;
      }
      current = undefined;
      const [name, body, count] = args;
      const command = name?.toLowerCase();
      if (command !== 'eval' && command !== 'evalsha') return;
      const script = command === 'eval' ? bySource.get(monitoredSource(body ?? '')) : byHash.get(body ?? '');
      if (!script) return; // BullMQ's
      current = { script, keys: args.slice(3, 3 + Number(count)), commands: [] };
      runs.push(current);
    });

    secretEnv = secretEnvName('lua-keys');
    const secret = newWebhookSecret();
    process.env[secretEnv] = secret;
    receiver = await startWebhookReceiver({ secret });
    const webhooks = webhooksYaml([
      {
        id: 'newsroom',
        url: receiver.url,
        secretEnv,
        events: ['claim.status_changed', 'claim.evidence_added'],
      },
    ]);
    replay = await openReplay('lua-keys', {}, { webhooks, redisTarget: redis.url });
    await replay.startAlertWorkers();
    await replay.runScenario();
    await replay.alertsSettled(30_000);
    // A lease renewed mid-delivery: quick receivers never need it, so it is run here (no margin to wait out).
    const lease = await takeInFlightLease(
      replay.redis.redis,
      replay.runtime.keys.webhookInFlight('x', 'y'),
      5_000,
      0,
    );
    if (lease.held) {
      await lease.lease.extend();
      await lease.lease.release();
    }
    // MONITOR lines arrive after the replies: a last marker command says every line before it is in.
    await admin.get(MARKER);
    await waitUntil('MONITOR to show the marker', async () => markerSeen, 10_000);
  }, 120_000);

  afterAll(async () => {
    monitor?.disconnect();
    await replay?.close();
    admin?.disconnect();
    await receiver?.close();
    if (secretEnv) delete process.env[secretEnv];
    await redis?.stop();
  });

  /** The keys a command touches, as Redis itself reads them (COMMAND GETKEYS). */
  async function keysOf(command: string[]): Promise<string[]> {
    try {
      return (await admin.call('COMMAND', 'GETKEYS', ...command)) as string[];
    } catch (error) {
      if (/no key arguments/i.test(String(error))) return [];
      throw error;
    }
  }

  it.each(SCRIPTS)('%s ran, and touched only the keys it was given in KEYS', async (name) => {
    const mine = runs.filter((run) => run.script === name);
    expect(mine.length, `${name} never ran`).toBeGreaterThan(0);
    const undeclared: string[] = [];
    for (const run of mine) {
      for (const command of run.commands) {
        for (const key of await keysOf(command)) {
          if (!run.keys.includes(key)) undeclared.push(`${command[0]} ${key}`);
        }
      }
    }
    expect(undeclared).toEqual([]);
    expect(
      mine.some((run) => run.commands.length > 0),
      JSON.stringify(mine.slice(0, 4)),
    ).toBe(true);
  });
});
