/**
 * `policy-watch dismiss` end to end, on a real Redis with a real receiver: a piece of evidence that made
 * rare-earths `advancing` is dismissed from the CLI; the claim turns back to `open` as an operator change
 * naming the item, the receiver gets that change once (signed, like any change), `evidence` shows the item
 * dismissed with who, when and why, and dismissing it again changes and sends nothing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StatusChangedData } from '../../src/alerts/types.js';
import { openRuntime, type Runtime } from '../../src/app/open.js';
import { evidenceRef } from '../../src/claims/index.js';
import { runCli } from '../../src/cli/program.js';
import { publishChange } from '../../src/delivery/change-sink.js';
import { createLogger } from '../../src/log.js';
import type { WebhookReceiver } from '../../src/replay/receiver.js';
import { recentProgress as story } from '../claims/evidence-factory.js';
import { captureIo } from '../support/capture-io.js';
import { openReplay, type Replay } from '../support/news-replay-run.js';
import { type SecretReceiver, startSecretReceiver, webhooksYaml } from '../support/webhooks-yaml.js';

const WEBHOOK = 'ops';

let replay: Replay;
let runtime: Runtime;
let receiver: WebhookReceiver;
let secretEnv: string;
let hook: SecretReceiver;
beforeEach(async () => {
  hook = await startSecretReceiver('dismiss');
  ({ receiver, secretEnv } = hook);
  const webhooks = webhooksYaml([
    { id: WEBHOOK, url: receiver.url, secretEnv, events: ['claim.status_changed'] },
  ]);
  replay = await openReplay('dismiss', {}, { webhooks });
  await replay.startAlertWorkers();
  // The CLI derives as of the wall clock: so does this runtime, which records the evidence.
  runtime = await openRuntime({
    config: replay.runtime.config,
    prefix: replay.redis.prefix,
    logger: createLogger({ level: 'silent' }),
  });
  vi.stubEnv('PW_PREFIX', replay.redis.prefix);
  vi.stubEnv('LOG_LEVEL', 'silent');
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await runtime.close();
  await replay.close();
  await hook.close();
});

async function cli(...args: string[]) {
  const io = captureIo();
  const code = await runCli(['--config', replay.configDir, ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('policy-watch dismiss', () => {
  it('turns an advancing claim back, sends that change once, and marks the item in every list', async () => {
    const claim = runtime.config.claims.find((candidate) => candidate.id === 'rare-earths');
    if (!claim) throw new Error('no rare-earths claim');
    const wrong = story('caixin', 1);
    await runtime.ledger.recordEvidence(claim, story('reuters', 2));
    const made = await runtime.ledger.recordEvidence(claim, wrong);
    expect(made).toMatchObject({ kind: 'recorded', status: 'advancing' });
    if (made.kind === 'recorded' && made.change) await publishChange(runtime, made.change, runtime.logger);
    await receiver.waitFor(() => receiver.distinctIds().length === 1, 15_000, 'the advancing change');

    const dismissed = await cli('dismiss', 'rare-earths', evidenceRef(wrong.id), '--note', 'about Myanmar');

    expect(dismissed).toMatchObject({ code: 0, stderr: [] });
    expect(dismissed.stdout).toEqual([
      `rare-earths: advancing → open (seq 2, operator): evidence ${evidenceRef(wrong.id)} dismissed`,
    ]);
    await receiver.waitFor(() => receiver.distinctIds().length === 2, 15_000, 'the operator change');
    const last = receiver.deliveries.at(-1);
    if (!last) throw new Error('no delivery');
    const change = (last.payload as { data: StatusChangedData }).data.change;
    expect(change).toMatchObject({
      id: 'rare-earths:2',
      from: 'advancing',
      to: 'open',
      trigger: 'operator',
      note: 'about Myanmar',
      dismissed: wrong.id,
    });

    const listed = await cli('evidence', 'rare-earths', '--json');
    const item = listed.stdout.map((line) => JSON.parse(line)).find((record) => record.id === wrong.id);
    expect(item.dismissed).toEqual({
      at: expect.stringMatching(/^\d{4}-/),
      note: 'about Myanmar',
      by: expect.stringMatching(/^cli:.+@.+/),
    });
    const table = await cli('evidence', 'rare-earths');
    expect(table.stdout.join('\n')).toContain('progress (dismissed)');

    const again = await cli('dismiss', 'rare-earths', wrong.id, '--note', 'once more');
    expect(again.code).toBe(0);
    expect(again.stdout.join('\n')).toMatch(/already dismissed .*\(about Myanmar\); nothing changed/);
    expect((await cli('history', 'rare-earths', '--json')).stdout).toHaveLength(2);
    const counts = await replay.runtime.queues.alerts
      .of(WEBHOOK)
      .getJobCounts('waiting', 'delayed', 'active');
    expect(counts).toEqual({ waiting: 0, delayed: 0, active: 0 });
    expect(receiver.distinctIds()).toEqual(['rare-earths:1', 'rare-earths:2']);
  });

  it('refuses an id the claim does not hold with exit 2, and writes nothing', async () => {
    const unknown = await cli('dismiss', 'rare-earths', 'rare-earths:nope', '--note', 'x');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.join('\n')).toContain('claim rare-earths holds no evidence "rare-earths:nope"');
    expect((await cli('history', 'rare-earths', '--json')).stdout).toEqual([]);
  });
});
