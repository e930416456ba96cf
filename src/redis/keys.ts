/**
 * Every Redis key name policy-watch uses comes from here. All keys share one hash tag, `{<prefix>}`, so the
 * whole data set lives in one Redis Cluster slot: Lua scripts and MULTI may then touch several keys at once,
 * and BullMQ (whose own keys start with `bullPrefix`) runs on Cluster too.
 */
import { readEnv } from '../config/env.js';

export interface KeyBuilder {
  /** The PW_PREFIX this builder was made for (without braces). */
  readonly prefix: string;
  /** BullMQ's `prefix` option: its keys become `{pw}:bull:<queue>:…`. */
  readonly bullPrefix: string;
  /** Hash: conditional-GET validators, health and backoff of one feed. */
  feedState(feedId: string): string;
  /** Sorted set: story keys already seen in one feed, scored by first-seen time (ms). */
  feedSeen(feedId: string): string;
  /** Hash: story key → evidence record (JSON) of one claim. */
  claimEvidence(claimId: string): string;
  /** Hash: title + source fingerprint → the story key the claim's evidence holds that story under. */
  claimAliases(claimId: string): string;
  /** Hash: story key → the operator's dismissal (JSON) of that evidence of one claim. */
  claimDismissed(claimId: string): string;
  /** Set: the evidence ids one poll added (ledger-record-script.ts), so a re-run of the poll knows them. */
  pollRecorded(pollKey: string): string;
  /** The recent items archive (src/archive/): sorted set of poll keys by poll time (ms). */
  archivePolls: string;
  /** Hash: poll key → that poll's new items (JSON). */
  archiveItems: string;
  /** Hash: poll key → how many items it holds; field `total` → all of them. */
  archiveCounts: string;
  /** Sorted set: the instants (ms) the sweep ran, so `backtest` sweeps when the daemon did. */
  sweepsRan: string;
  /** Hash: a claim's current status, seq, version and tally. */
  claimState(claimId: string): string;
  /** List: the claim's change records (JSON), oldest first; append-only. */
  claimHistory(claimId: string): string;
  /** String: the highest change seq of the claim already handed to the alert queues. */
  claimAlerted(claimId: string): string;
  /** Set: ids of the webhooks that have (or had) a delivery queue, so a removed one's jobs can be found. */
  readonly webhookQueues: string;
  /**
   * Hash: one claim's status-change order for one webhook (delivery/order.ts): `queued` and `done` (the
   * highest seq queued, the highest delivered or dead-lettered), and `prev:<seq>` / `next:<seq>` links.
   */
  webhookClaimOrder(webhookId: string, claimId: string): string;
  /** String: a token while one delivery job's POST is in flight (delivery/lease.ts); it expires on its own. */
  webhookInFlight(webhookId: string, jobId: string): string;
  /** Every key under this prefix, for cleanup in tests and the demo. */
  readonly pattern: string;
}

/**
 * Feed, claim and webhook ids are validated as [a-z0-9-]+ by the config schema, and job ids are built from
 * them (names.ts), so none contains braces: every key keeps the one hash tag.
 */
export function createKeys(given?: string): KeyBuilder {
  // A prefix passed in (tests, the demo) is held to the environment's rule (config/env.ts).
  const prefix = readEnv('PW_PREFIX', given === undefined ? process.env : { PW_PREFIX: given });
  const root = `{${prefix}}`;
  return {
    prefix,
    bullPrefix: `${root}:bull`,
    feedState: (feedId) => `${root}:feed:${feedId}:state`,
    feedSeen: (feedId) => `${root}:feed:${feedId}:seen`,
    claimEvidence: (claimId) => `${root}:claim:${claimId}:evidence`,
    claimAliases: (claimId) => `${root}:claim:${claimId}:aliases`,
    claimDismissed: (claimId) => `${root}:claim:${claimId}:dismissed`,
    pollRecorded: (pollKey) => `${root}:poll:${pollKey}:recorded`,
    archivePolls: `${root}:archive:polls`,
    archiveItems: `${root}:archive:items`,
    archiveCounts: `${root}:archive:counts`,
    sweepsRan: `${root}:sweeps`,
    claimState: (claimId) => `${root}:claim:${claimId}:state`,
    claimHistory: (claimId) => `${root}:claim:${claimId}:history`,
    claimAlerted: (claimId) => `${root}:claim:${claimId}:alerted`,
    webhookQueues: `${root}:webhook-queues`,
    webhookClaimOrder: (webhookId, claimId) => `${root}:webhook:${webhookId}:claim:${claimId}:order`,
    webhookInFlight: (webhookId, jobId) => `${root}:webhook:${webhookId}:in-flight:${jobId}`,
    pattern: `${root}:*`,
  };
}
