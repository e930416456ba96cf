/**
 * Upgrade in place: a Redis written by release 0.1.0 (test/fixtures/upgrade/keyspace-0.1.0.json) under
 * this release's daemon jobs. The fixture's history, evidence and alert cursors stay as they are, the
 * stories it recorded are not recorded again, the next change of a claim follows its last seq and is the
 * only one alerted, its dead letters are still listed, and a record-evidence job 0.1.0 left queued is
 * recorded the new way.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordEvidenceResult } from '../../jobs/record-evidence.js';
import { openRuntime, type Runtime } from '../../src/app/open.js';
import { pipelineProcessors } from '../../src/app/processors.js';
import type { ChangeRecord, EvidenceRecord } from '../../src/claims/index.js';
import { runCli } from '../../src/cli/program.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load.js';
import { dispatchClaimChanges } from '../../src/delivery/dispatch.js';
import { createLogger } from '../../src/log.js';
import { pollNow } from '../../src/operator/poll-now.js';
import { settleNow } from '../../src/operator/settle-now.js';
import { waitForJobs } from '../../src/operator/wait-for-jobs.js';
import { JOB_NAMES } from '../../src/queue/names.js';
import { createWorkers, type Workers } from '../../src/queue/workers.js';
import { alertWorkersOn } from '../../src/replay/alert-workers.js';
import { newWebhookSecret, startWebhookReceiver, type WebhookReceiver } from '../../src/replay/receiver.js';
import { captureIo } from '../support/capture-io.js';
import { loadKeyspace } from '../support/keyspace-fixture.js';
import {
  FEED_IDS,
  type NewsServer,
  REPO_ROOT,
  removeConfigDir,
  startNewsServer,
  writeReplayConfig,
} from '../support/news-replay.js';
import { type TestRedis, testRedis } from '../support/redis.js';
import { secretEnvName, webhooksYaml } from '../support/webhooks-yaml.js';

const FIXTURE = `${REPO_ROOT}test/fixtures/upgrade/keyspace-0.1.0.json`;
const WAIT = { intervalMs: 20, timeoutMs: 30_000 };
const SILENT = createLogger({ level: 'silent' });

let t: TestRedis;
let server: NewsServer;
let receiver: WebhookReceiver;
let configDir: string;
let clock: ManualClock;
let runtime: Runtime;
let alertRuntime: Runtime;
let workers: Workers[] = [];
const secretEnv = secretEnvName('upgrade-in-place');
const savedPrefix = process.env.PW_PREFIX;

beforeEach(async () => {
  t = await testRedis('upgrade-in-place');
  await loadKeyspace(t.redis, FIXTURE, t.prefix);
  // The day after the fixture's session, as its own clock read.
  clock = new ManualClock('2025-07-21T18:00:00.000Z');
  server = await startNewsServer({ now: () => clock.now() });
  process.env[secretEnv] = newWebhookSecret();
  receiver = await startWebhookReceiver({ secret: process.env[secretEnv] ?? '' });
  const webhooks = webhooksYaml([
    {
      id: 'newsroom',
      url: receiver.url,
      secretEnv,
      events: ['claim.status_changed', 'claim.evidence_added'],
    },
  ]);
  configDir = writeReplayConfig(server, { webhooks });
  const config = loadConfig(configDir);
  runtime = await openRuntime({ config, prefix: t.prefix, clock, logger: SILENT });
  // Deliveries are signed on the system clock: receivers check webhook-timestamp against theirs.
  alertRuntime = await openRuntime({ config, prefix: t.prefix, logger: SILENT });
  workers = [];
});

afterEach(async () => {
  for (const w of workers) await w.close();
  await alertRuntime?.close();
  await runtime?.close();
  await receiver?.close();
  await server?.close();
  removeConfigDir(configDir);
  delete process.env[secretEnv];
  if (savedPrefix === undefined) delete process.env.PW_PREFIX;
  else process.env.PW_PREFIX = savedPrefix;
  await t.cleanup();
});

async function ledgerView(): Promise<Record<string, { history: ChangeRecord[]; evidence: string[] }>> {
  const out: Record<string, { history: ChangeRecord[]; evidence: string[] }> = {};
  for (const claim of runtime.config.claims) {
    out[claim.id] = {
      history: await runtime.ledger.getHistory(claim.id),
      evidence: (await runtime.ledger.getEvidence(claim.id)).map((record) => record.id).sort(),
    };
  }
  return out;
}

function startAlertWorkers(): void {
  workers.push(alertWorkersOn(alertRuntime));
}

describe('a 0.1.0 Redis under this release', () => {
  it('keeps every history, evidence record and cursor when the new daemon polls every feed again', async () => {
    const before = await ledgerView();
    const cursors = await Promise.all(
      runtime.config.claims.map((c) => t.redis.get(t.keys.claimAlerted(c.id))),
    );

    // The feeds' validators survived: every feed answers 304.
    const unchanged = await pollNow(runtime, { feedIds: FEED_IDS, wait: true, timeoutMs: WAIT.timeoutMs });
    expect(unchanged.polls?.map((job) => job.result?.outcome)).toEqual(FEED_IDS.map(() => 'not-modified'));
    // And the seen stories did: with new ETags every item is read again, and none is new.
    server.rotateEtags();
    clock.advance(60 * 60_000);
    const polled = await pollNow(runtime, { feedIds: FEED_IDS, wait: true, timeoutMs: WAIT.timeoutMs });

    expect(polled.polls?.map((job) => [job.state, job.result?.outcome, job.result?.unseen])).toEqual(
      FEED_IDS.map(() => ['completed', 'fetched', 0]),
    );
    expect(polled.derivations).toEqual([]);
    expect(await ledgerView()).toEqual(before);
    expect(
      await Promise.all(runtime.config.claims.map((c) => t.redis.get(t.keys.claimAlerted(c.id)))),
    ).toEqual(cursors);
    // Not an empty comparison: the fixture holds 13 changes and 21 evidence records.
    expect(Object.values(before).flatMap((claim) => claim.history)).toHaveLength(13);
    expect(Object.values(before).flatMap((claim) => claim.evidence)).toHaveLength(21);
  });

  it('numbers the next change after the last seq and alerts only that one', async () => {
    startAlertWorkers();
    const outcome = await runtime.ledger.resolve(
      runtime.config.claims.find((c) => c.id === 'tech-controls') as never,
      'stalled',
      'Licences stopped again (operator review after the upgrade).',
    );
    expect(outcome).toMatchObject({ kind: 'resolved', change: { seq: 2, from: 'advancing', to: 'stalled' } });

    expect(await dispatchClaimChanges(runtime, 'tech-controls')).toBe(1);
    await receiver.waitFor(
      () => receiver.distinctIds().includes('tech-controls:2'),
      20_000,
      'tech-controls:2',
    );
    expect(receiver.distinctIds().filter((id) => id.startsWith('tech-controls:'))).toEqual([
      'tech-controls:2',
    ]);
  });

  it('still lists the dead letters 0.1.0 left', async () => {
    const io = captureIo();
    process.env.PW_PREFIX = t.prefix;
    expect(await runCli(['--config', configDir, 'dlq', 'list', '--json'], io)).toBe(0);
    const ids = (io.json() as { eventId: string }[]).map((letter) => letter.eventId);
    expect(ids.sort()).toEqual([
      'chinese-students:4',
      'rare-earths:3',
      'rare-earths:evidence:6154019dc782f062',
    ]);
  });

  it('records a record-evidence job 0.1.0 left queued the new way, and derives its claim', async () => {
    const evidence: EvidenceRecord = {
      id: 'tech-controls:url:https://example.test/licences-halted',
      claim: 'tech-controls',
      storyKey: 'url:https://example.test/licences-halted',
      itemId: 'licences-halted',
      feedId: 'reuters-china',
      title: 'US halts chip design software licences for China',
      link: 'https://example.test/licences-halted',
      source: 'Reuters',
      weight: 1,
      direction: 'setback',
      score: 3,
      terms: ['export control*'],
      published: '2025-07-21T09:00:00.000Z',
      firstSeenAt: '2025-07-21T09:15:00.000Z',
    };
    const jobId = 'evidence-tech-controls-legacy';
    await runtime.queues
      .legacy('evidence')
      .add(JOB_NAMES.recordEvidence, { claimId: 'tech-controls', evidence }, { jobId });
    const { legacyEvidence: drain, derive } = pipelineProcessors(runtime);
    workers.push(
      createWorkers(runtime.bullConnection, runtime.keys, {
        legacyEvidence: drain,
        derive,
      }),
    );

    const [done] = await waitForJobs<RecordEvidenceResult>(runtime.queues.legacy('evidence'), [jobId], WAIT);
    expect(done?.result?.outcome).toBe('recorded');
    await settleNow(runtime.queues.derive, done?.result?.deriveJobIds ?? [], WAIT);

    const held = await runtime.ledger.getEvidence('tech-controls');
    expect(held.map((record) => record.id)).toContain(evidence.id);
    expect(held).toHaveLength(3);
    expect((await runtime.ledger.getState('tech-controls')).derivedThrough).not.toBeNull();
  });
});
