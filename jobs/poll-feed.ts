/**
 * poll-feed: fetch one feed (conditional GET) → decode → parse → skip stories already seen → match →
 * record all of the poll's evidence in one step and mark its claims due (record-poll-evidence.ts) →
 * remember the stories → save the feed's health.
 *
 * Safe to run twice: a slot already processed is skipped, the evidence step is idempotent per poll, and
 * stories are marked seen only after it (a crash in between records nothing twice and re-queues the same
 * alert and derivation ids).
 */

import type { PipelineDeps } from '../src/app/deps.js';
import { archivePoll } from '../src/archive/archive.js';
import type { ResolvedFeed } from '../src/config/load.js';
import { enqueueAlert } from '../src/delivery/dispatch.js';
import { toPolicyWatchError } from '../src/errors.js';
import { type FeedItem, type FetchOutcome, fetchFeed, readFeed } from '../src/feeds/index.js';
import {
  applyOutcome,
  filterUnseen,
  firstSightings,
  markSeen,
  readFeedHealth,
  shouldPoll,
  writeFeedHealth,
} from '../src/feeds/state/index.js';
import { LOG_EVENTS, type Logger } from '../src/log.js';
import { evidenceFor, identityOf } from '../src/pipeline/evidence-for.js';
import { feedTransitionEvent } from '../src/pipeline/feed-transition.js';
import { recordPollEvidence } from '../src/pipeline/record-poll-evidence.js';
import { defineJob, retryOptions } from '../src/queue/job-definition.js';
import { JOB_NAMES, jobIds, type PollFeedData } from '../src/queue/names.js';
import type { Queues } from '../src/queue/queues.js';

export interface PollResult {
  feedId: string;
  outcome: FetchOutcome['kind'] | 'skipped' | 'unknown-feed';
  reason?: string;
  items: number;
  unseen: number;
  /** (claim, item) matches among the unseen items. */
  matches: number;
  /** Evidence new to its claim with this poll. */
  recorded: number;
  /** The derive-status jobs this poll asked for (one per claim whose evidence changed). */
  deriveJobIds: string[];
}

async function fetchAndParse(feed: ResolvedFeed, etag?: string, lastModified?: string) {
  const outcome = await fetchFeed({
    url: feed.url,
    etag,
    lastModified,
    timeoutMs: feed.timeout_ms,
    maxBytes: feed.max_bytes,
    userAgent: feed.user_agent,
    authorization: feed.authorization,
  });
  if (outcome.kind !== 'fetched') return { outcome, items: [] as FeedItem[] };
  try {
    const parsed = await readFeed(outcome.body, { contentType: outcome.contentType, url: outcome.url });
    return { outcome, items: parsed.items };
  } catch (thrown) {
    // A body we cannot use counts as a failed poll, and its validators are not kept (health.ts).
    const failed: FetchOutcome = { ...outcome, kind: 'failed', error: toPolicyWatchError(thrown) };
    return { outcome: failed, items: [] as FeedItem[] };
  }
}

export async function pollFeed(data: PollFeedData, deps: PipelineDeps, log: Logger): Promise<PollResult> {
  const empty = { feedId: data.feedId, items: 0, unseen: 0, matches: 0, recorded: 0, deriveJobIds: [] };
  const feed = deps.config.feeds.find((candidate) => candidate.id === data.feedId);
  if (!feed) {
    log.warn(
      { event: LOG_EVENTS.feedSkipped, reason: 'unknown-feed' },
      `feed ${data.feedId} is no longer configured; poll skipped`,
    );
    return { ...empty, outcome: 'unknown-feed' };
  }
  const now = deps.clock.now();
  const health = await readFeedHealth(deps.redis, deps.keys, feed.id);
  const decision = shouldPoll(health, { now, slot: data.slot, force: data.reason === 'manual' });
  if (!decision.poll) {
    log.info(
      { event: LOG_EVENTS.feedSkipped, reason: decision.reason, nextPollAt: health.nextPollAt },
      `feed ${feed.id}: poll skipped (${decision.reason})`,
    );
    deps.metrics?.pollFinished('skipped');
    return { ...empty, outcome: 'skipped', reason: decision.reason };
  }

  const { outcome, items } = await fetchAndParse(feed, health.etag, health.lastModified);
  const identified = items.map((item) => ({ item, ...identityOf(item, feed) }));
  const identities = ({ item, aliasKey }: (typeof identified)[number]) =>
    aliasKey ? [item.storyKey, aliasKey] : [item.storyKey];
  const unseen = new Set(await filterUnseen(deps.redis, deps.keys, feed.id, identified.flatMap(identities)));
  const fresh = firstSightings(identified, identities, unseen);
  const records = fresh.flatMap(({ item, ...identity }) =>
    evidenceFor(item, feed, deps.matcher, now, identity),
  );
  for (const evidence of records) {
    deps.metrics?.matched(evidence.claim, evidence.direction);
    log.info(
      {
        event: LOG_EVENTS.itemMatched,
        itemId: evidence.itemId,
        claimId: evidence.claim,
        direction: evidence.direction,
        score: evidence.score,
        terms: evidence.terms,
        title: evidence.title,
      },
      `feed ${feed.id}: item matched claim ${evidence.claim} (${evidence.direction}): ${evidence.title}`,
    );
  }
  const { recorded, deriveJobIds } = await recordPollEvidence(deps, log, jobIds.poll(data), records);
  // Before the stories are marked seen: a crash in between re-runs the poll, whose archiving is idempotent.
  const archive = {
    pollKey: jobIds.poll(data),
    feed,
    atMs: now.getTime(),
    items: fresh.map(({ item }) => item),
  };
  await archivePoll(deps.redis, deps.keys, deps.config.archive, archive);
  await markSeen(deps.redis, deps.keys, feed.id, fresh.flatMap(identities), now.getTime());
  const next = applyOutcome(health, outcome, {
    now,
    slot: data.slot,
    feedId: feed.id,
    itemCount: items.length,
  });
  const transition = feedTransitionEvent(feed, health, next, deps.config.alerts.failing_after);
  if (transition) {
    await enqueueAlert(deps, transition);
    const failing = transition.type === 'feed.failing';
    log.warn(
      {
        event: failing ? LOG_EVENTS.feedFailing : LOG_EVENTS.feedRecovered,
        consecutiveFailures: next.consecutiveFailures,
      },
      failing
        ? `feed ${feed.id} is failing: ${next.consecutiveFailures} failed polls in a row`
        : `feed ${feed.id} recovered`,
    );
  }
  await writeFeedHealth(deps.redis, deps.keys, feed.id, next, health);

  deps.metrics?.pollFinished(outcome.kind, outcome.durationMs);
  deps.metrics?.itemsParsed(items.length);
  const summary = {
    httpStatus: 'status' in outcome ? outcome.status : undefined,
    durationMs: outcome.durationMs,
    items: items.length,
    unseen: fresh.length,
    matches: records.length,
    recorded: recorded.length,
  };
  if (outcome.kind === 'failed') {
    log.warn(
      {
        event: LOG_EVENTS.feedFailed,
        ...summary,
        err: outcome.error.toJSON(),
        consecutiveFailures: next.consecutiveFailures,
        nextPollAt: next.nextPollAt,
      },
      `feed ${feed.id} failed: ${outcome.error.message}`,
    );
  } else if (outcome.kind === 'not-modified') {
    log.info({ event: LOG_EVENTS.feedNotModified, ...summary }, `feed ${feed.id} not modified`);
  } else {
    log.info(
      { event: LOG_EVENTS.feedPolled, ...summary },
      `feed ${feed.id} polled: ${items.length} items, ${fresh.length} new, ${recorded.length} recorded`,
    );
  }
  return {
    feedId: feed.id,
    outcome: outcome.kind,
    items: items.length,
    unseen: fresh.length,
    matches: records.length,
    recorded: recorded.length,
    deriveJobIds,
  };
}

export const pollFeedJob = defineJob<PollFeedData, PollResult, PipelineDeps>({
  name: JOB_NAMES.pollFeed,
  // Cheap to redo: the next slot polls again anyway.
  attempts: 2,
  backoff: { type: 'exponential', delay: 5_000 },
  // A poll waits on HTTP far more than it computes, so one process overlaps many feeds.
  concurrency: 32,
  logFields: (data) => ({ feedId: data.feedId, slot: data.slot, reason: data.reason }),
  run: (data, deps, { log }) => pollFeed(data, deps, log),
});

/**
 * A scheduled or catch-up poll is removed once it completes: its outcome is in the feed's health record and
 * the logs, a replica's duplicate of the same slot that arrives afterwards finds the slot recorded there
 * (lastPolledSlot) and skips, and keeping ~100,000 polls a day would cost BullMQ five more Redis commands
 * per poll to store and trim them. A manual poll is kept: `poll --wait` reads its result. Failed polls are
 * kept either way (queues.ts).
 */
export async function enqueuePoll(queues: Queues, data: PollFeedData): Promise<string> {
  const jobId = jobIds.poll(data);
  const removeOnComplete = data.reason === 'manual' ? {} : { removeOnComplete: true };
  await queues.poll.add(pollFeedJob.name, data, { jobId, ...retryOptions(pollFeedJob), ...removeOnComplete });
  return jobId;
}
