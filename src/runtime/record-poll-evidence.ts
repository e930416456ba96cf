/**
 * A poll's evidence step (DESIGN.md "Pipeline"): record all of the poll's matches in one idempotent script,
 * queue a `claim.evidence_added` alert for each story new to its claim, and mark every claim whose evidence
 * changed as due: one derive-status job per (claim, settle window), delayed to the window's end.
 *
 * Safe to run twice: the script answers `again` for what an earlier run of the same poll added, so a
 * re-run queues the same alert and derivation ids (BullMQ keeps one of each) and writes no evidence twice.
 */
import { evidenceAddedEvent } from '../alerts/index.js';
import type { EvidenceRecord } from '../claims/index.js';
import { LOG_EVENTS, type Logger } from '../log.js';
import { enqueueDerive } from '../queue/enqueue.js';
import { enqueueAlert } from './alert-dispatch.js';
import type { PipelineDeps } from './deps.js';
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
  const changed = new Set<string>();
  for (const [i, record] of records.entries()) {
    const kind = kinds[i];
    const fields = { claimId: record.claim, itemId: record.itemId, storyKey: record.storyKey };
    if (kind === 'duplicate') {
      log.info(
        { event: LOG_EVENTS.evidenceDuplicate, ...fields },
        `evidence already recorded: ${record.title}`,
      );
      continue;
    }
    changed.add(record.claim);
    if (kind === 'upgraded') {
      log.info(
        { event: LOG_EVENTS.evidenceUpgraded, ...fields, source: record.source, weight: record.weight },
        `evidence now from the heavier feed ${record.feedId}: ${record.title}`,
      );
      continue;
    }
    recorded.push(record);
    log.info(
      {
        event: LOG_EVENTS.evidenceRecorded,
        ...fields,
        direction: record.direction,
        source: record.source,
        again: kind === 'again',
      },
      `evidence recorded: ${record.title}`,
    );
  }

  // Alerts before the derivations: each id is stable, so a crash anywhere here re-queues the same ones.
  for (const record of recorded) {
    const claim = deps.config.claims.find((candidate) => candidate.id === record.claim);
    if (claim) await enqueueAlert(deps, evidenceAddedEvent(claim, record), claim.id);
  }

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
