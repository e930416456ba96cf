/**
 * Receivers are isolated (DESIGN.md "Feeds and webhooks"): each webhook has its own queue and worker, so a
 * receiver that accepts connections and never answers holds only its own deliveries. Asserted by counts and
 * order, not by time: the healthy receiver has every change while not one request to the hung receiver
 * has finished.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatusChangedData } from '../../src/alerts/types.js';
import type { ClaimStatus } from '../../src/claims/index.js';
import type { WebhookReceiver } from '../../src/replay/receiver.js';
import { openReplay, operatorResolves, type Replay } from '../support/news-replay-run.js';
import { type SecretReceiver, startSecretReceiver, webhooksYaml } from '../support/webhooks-yaml.js';

let replay: Replay;
let healthy: WebhookReceiver;
let hung: WebhookReceiver;
let good: SecretReceiver;
let bad: SecretReceiver;

beforeEach(async () => {
  good = await startSecretReceiver('isolation-good');
  bad = await startSecretReceiver('isolation-hung');
  healthy = good.receiver;
  hung = bad.receiver;
  await hung.setMode('hang');
  const events = ['claim.status_changed'];
  const webhooks = webhooksYaml([
    // A deadline far past the test: its requests stay in flight for as long as the test looks.
    { id: 'stuck', url: hung.url, secretEnv: bad.secretEnv, events, timeoutMs: 60_000, concurrency: 2 },
    { id: 'newsroom', url: healthy.url, secretEnv: good.secretEnv, events },
  ]);
  replay = await openReplay('alerts-isolation', {}, { webhooks });
});

afterEach(async () => {
  // The hung receiver lets go first (its requests fail and go back to delayed), so the workers can close.
  await bad.close();
  await replay.close();
  await good.close();
});

/** What `policy-watch resolve` does: the ledger records an operator change, the change sink dispatches it. */
const resolve = (claimId: string, status: ClaimStatus) => operatorResolves(replay, claimId, status);

const CLAIMS = ['rare-earths', 'trade-talks', 'tech-controls', 'chinese-students', 'tariff-truce'];
// Ten changes: more than the eight slots the one shared queue used to have, which the hung receiver's
// deliveries filled one by one until the healthy receiver's waited behind them.
const CHANGES: Array<[string, ClaimStatus]> = [
  ...CLAIMS.map((claimId): [string, ClaimStatus] => [claimId, 'advancing']),
  ...CLAIMS.map((claimId): [string, ClaimStatus] => [claimId, 'stalled']),
];

describe('receivers', () => {
  describe('when one receiver accepts connections and never answers', () => {
    it('delivers every change to the other one, while none of the hung requests has finished', async () => {
      await replay.startAlertWorkers();
      for (const [claimId, status] of CHANGES) await resolve(claimId, status);

      await healthy.waitFor(() => healthy.deliveries.length === CHANGES.length, 20_000, 'every change');

      expect(healthy.distinctIds().sort()).toEqual(CLAIMS.flatMap((id) => [`${id}:1`, `${id}:2`]).sort());
      // The hung receiver: at most its own concurrency in flight, every one still open, nothing delivered.
      expect(hung.requests.length).toBeGreaterThanOrEqual(1);
      expect(hung.requests.length).toBeLessThanOrEqual(2);
      expect(
        hung.requests.every((request) => request.answer === 'hang' && request.closedAt === undefined),
      ).toBe(true);
      expect(hung.deliveries).toEqual([]);
      const stuck = await replay.runtime.queues.alerts.of('stuck').getJobCounts('completed', 'failed');
      expect(stuck).toEqual({ completed: 0, failed: 0 });

      // Each claim's changes reached the healthy receiver in seq order.
      const seqs = new Map<string, number[]>();
      for (const delivery of healthy.deliveries) {
        const { change, claim } = (delivery.payload as { data: StatusChangedData }).data;
        seqs.set(claim.id, [...(seqs.get(claim.id) ?? []), change.seq]);
      }
      for (const [claimId, list] of seqs)
        expect({ claimId, list }).toEqual({ claimId, list: [...list].sort() });
    });
  });
});
