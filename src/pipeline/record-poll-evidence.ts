/**
 * A poll's evidence step (DESIGN.md "Pipeline"): record all of the poll's matches in one idempotent script,
 * queue the `claim.evidence_added` alerts of the stories new to their claim (one batch per webhook), and
 * mark every claim whose evidence changed as due: one derive-status job per (claim, settle window), delayed
 * to the window's end.
 *
 * Safe to run twice: the script answers `again` for what an earlier run of the same poll added, so a
 * re-run queues the same alert and derivation ids (BullMQ keeps one of each) and writes no evidence twice.
 */

import { createHash } from 'node:crypto';
import { enqueueDerive } from '../../jobs/derive-status.js';
import { evidenceAddedEvent } from '../alerts/index.js';
import type { PipelineDeps } from '../app/deps.js';
import type { EvidenceRecord } from '../claims/index.js';
import { type EvidenceAlert, enqueueEvidenceAlerts } from '../delivery/dispatch.js';
import { LOG_EVENTS, type Logger } from '../log.js';
import { SETTLE_GRACE_MS, settleInstant } from './settle.js';

/** How long a poll remembers what it added: well past the last retry of its job. */
export const POLL_RECORD_TTL_SECONDS = 2 * 86_400;

export interface PollEvidenceOutcome {
  /** Evidence new to its claim with this poll (or an earlier run of it). */
  recorded: EvidenceRecord[];
  /** Matches whose story the claim already held (from another feed, or an earlier poll). */
  duplicates: number;
  /** The derive-status jobs the poll asked for, one per claim whose evidence changed. */
  deriveJobIds: string[];
}

function alertsOf(deps: PipelineDeps, records: readonly EvidenceRecord[]): EvidenceAlert[] {
  return records.flatMap((record) => {
    const claim = deps.config.claims.find((candidate) => candidate.id === record.claim);
    return claim ? [{ claimId: claim.id, event: evidenceAddedEvent(claim, record) }] : [];
  });
}

/**
 * One alert batch per (webhook, poll), queued before the derivations. A first run queues every story new
 * with it under the poll's key. A re-run (some records answer `again`) queues those under the same key,
 * which BullMQ keeps once when the first run got that far, and the stories new to the re-run (a feed that
 * changed in between) under a key of their own, so none of them is lost and none is queued twice.
 */
async function queueEvidenceAlerts(
  deps: PipelineDeps,
  pollKey: string,
  recorded: readonly EvidenceRecord[],
  again: ReadonlySet<EvidenceRecord>,
): Promise<void> {
  if (recorded.length === 0) return;
  if (again.size === 0) {
    await enqueueEvidenceAlerts(deps, pollKey, alertsOf(deps, recorded));
    return;
  }
  await enqueueEvidenceAlerts(deps, pollKey, alertsOf(deps, [...again]));
  const fresh = recorded.filter((record) => !again.has(record));
  if (fresh.length === 0) return;
  const ids = fresh.map((record) => record.id).sort();
  const digest = createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 16);
  await enqueueEvidenceAlerts(deps, `${pollKey}-rerun-${digest}`, alertsOf(deps, fresh));
}

export async function recordPollEvidence(
  deps: PipelineDeps,
  log: Logger,
  pollKey: string,
  records: readonly EvidenceRecord[],
): Promise<PollEvidenceOutcome> {
  if (records.length === 0) return { recorded: [], duplicates: 0, deriveJobIds: [] };
  const { kinds, derivedThrough } = await deps.ledger.recordPoll({
    pollKey,
    pollTtlSeconds: POLL_RECORD_TTL_SECONDS,
    records,
  });
  const recorded: EvidenceRecord[] = [];
  const again = new Set<EvidenceRecord>();
  const changed = new Set<string>();
  for (const [i, record] of records.entries()) {
    const kind = kinds[i];
    const fields = { claimId: record.claim, itemId: record.itemId, storyKey: record.storyKey };
    if (kind === 'duplicate') {
      log.info(
        { event: LOG_EVENTS.evidenceDuplicate, ...fields },
        `claim ${record.claim}: evidence already recorded: ${record.title}`,
      );
      continue;
    }
    changed.add(record.claim);
    if (kind === 'upgraded') {
      log.info(
        { event: LOG_EVENTS.evidenceUpgraded, ...fields, source: record.source, weight: record.weight },
        `claim ${record.claim}: evidence now from the heavier feed ${record.feedId}: ${record.title}`,
      );
      continue;
    }
    recorded.push(record);
    if (kind === 'again') again.add(record);
    log.info(
      {
        event: LOG_EVENTS.evidenceRecorded,
        ...fields,
        direction: record.direction,
        source: record.source,
        again: kind === 'again',
      },
      `claim ${record.claim}: evidence recorded (${record.direction}): ${record.title}`,
    );
  }

  await queueEvidenceAlerts(deps, pollKey, recorded, again);

  const nowMs = deps.clock.now().getTime();
  const deriveJobIds: string[] = [];
  for (const claimId of changed) {
    const claim = deps.config.claims.find((candidate) => candidate.id === claimId);
    if (!claim) continue;
    const at = settleInstant(nowMs, claim.settle_seconds, derivedThrough.get(claimId) ?? null);
    deriveJobIds.push(await enqueueDerive(deps.queues, { claimId, at }, at - nowMs + SETTLE_GRACE_MS));
  }
  return { recorded, duplicates: kinds.filter((kind) => kind === 'duplicate').length, deriveJobIds };
}
