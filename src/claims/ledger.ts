/**
 * The per-claim ledger in Redis: evidence, current state and the append-only history of changes.
 *
 * Layout (keys from src/redis/keys.ts; one claim's three keys share the `{prefix}` hash tag):
 * - claimEvidence: hash, story key → EvidenceRecord JSON. One record per (claim, story).
 * - claimAliases: hash, title + source fingerprint → the story key its story is held under.
 * - claimState: hash {status, seq, version, updatedAt, lastChangeAt, tally (JSON), reason, reopenedAt,
 *   derivedThrough}.
 * - claimHistory: list of ChangeRecord JSON, oldest first; only ever RPUSHed, so seq n sits at index n − 1.
 * - claimDismissed: hash, story key → Dismissal JSON: evidence an operator marked as wrongly matched. Apart
 *   from the records, so a poll rewriting a record never undoes it; merged into the records on every read.
 *
 * Two kinds of write. A poll records all of its evidence in one script (`recordPoll`,
 * ledger-record-script.ts), which bumps `version` of every claim whose evidence changed and derives
 * nothing. A derivation (`derive`, `sweep`, `resolve`) is read → plan → commit: one MULTI reads state and
 * evidence together, ledger-plan.ts decides purely from that snapshot and an instant, and ledger-script.ts
 * commits atomically only if `version` has not moved. A writer that lost the race reads and plans again
 * (bounded by maxAttempts), so no seq is written twice or lost, and every derivation saw exactly the
 * evidence it commits beside.
 *
 * The read is cheaper for a claim this instance wrote before (ledger-cache.ts): its decoded evidence is
 * cached for one `version`, so when the state hash (read alone) still has that version the evidence hash is
 * not read again; after its own commit the instance updates the entry itself, so a lone writer reads the
 * evidence once. A lost race drops the entry and reads both again, as above.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { PolicyWatchError } from '../errors.js';
import { newestFirst } from './evidence-time.js';
import { type CachedEvidence, createEvidenceCache, DEFAULT_CACHE_CLAIMS } from './ledger-cache.js';
import { decodeChange, decodeEvidence, decodeState, withDismissals } from './ledger-codec.js';
import { type CommitPlan, planDerive, planDismiss, planResolve } from './ledger-plan.js';
import { type RecordResult, runRecord } from './ledger-record-script.js';
import { type CommitKeys, type CommitResult, runCommit } from './ledger-script.js';
import type {
  ClaimSettingsWithId,
  ClaimState,
  DeriveOutcome,
  DismissOutcome,
  Ledger,
  LedgerDeps,
  LedgerOptions,
  LedgerSnapshot,
  RecordOutcome,
  RecordPollInput,
  ResolveOutcome,
  SweepOutcome,
} from './ledger-types.js';
import { type ClaimStatus, type Dismissal, type EvidenceRecord, isClaimStatus } from './types.js';

const DEFAULT_MAX_ATTEMPTS = 50;

/** A snapshot and the cache entry holding its evidence, if any. */
interface Read {
  snap: LedgerSnapshot;
  entry: CachedEvidence | undefined;
}

/** A MULTI/pipeline reply entry: a command error becomes the thrown error. */
function value<T>(entry: [Error | null, unknown] | undefined): T {
  if (!entry) throw new Error('Redis returned fewer replies than commands');
  if (entry[0]) throw entry[0];
  return entry[1] as T;
}

function decodeAllEvidence(claim: string, hash: Record<string, string>): EvidenceRecord[] {
  return Object.entries(hash).map(([storyKey, json]) => decodeEvidence(claim, storyKey, json));
}

function checkEvidence(claim: ClaimSettingsWithId, evidence: EvidenceRecord): void {
  // The story key is the hash field and "" means "no evidence" to the commit script.
  const ok =
    evidence.storyKey !== '' &&
    evidence.claim === claim.id &&
    evidence.id === `${claim.id}:${evidence.storyKey}`;
  if (!ok) {
    throw new Error(
      `evidence ${evidence.id} does not belong to claim ${claim.id} (claim "${evidence.claim}", story "${evidence.storyKey}")`,
    );
  }
}

export function createLedger({ redis, keys, clock }: LedgerDeps, options: LedgerOptions = {}): Ledger {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;

  const claimKeys = (claimId: string): CommitKeys => ({
    evidence: keys.claimEvidence(claimId),
    state: keys.claimState(claimId),
    history: keys.claimHistory(claimId),
    aliases: keys.claimAliases(claimId),
    dismissed: keys.claimDismissed(claimId),
  });

  const cache = createEvidenceCache(options.cacheClaims ?? DEFAULT_CACHE_CLAIMS);

  /** State and evidence in one MULTI, so the two agree with each other and `version`; fills the cache. */
  async function fullSnapshot(claimId: string): Promise<Read> {
    const k = claimKeys(claimId);
    const replies = await redis.multi().hgetall(k.state).hgetall(k.evidence).hgetall(k.dismissed).exec();
    if (!replies) throw new Error(`claim ${claimId}: the snapshot transaction was aborted`);
    const state = decodeState(claimId, value(replies[0]));
    const evidence = withDismissals(decodeAllEvidence(claimId, value(replies[1])), value(replies[2]));
    return { snap: { state, evidence }, entry: cache.fill(claimId, state, evidence) };
  }

  /**
   * A snapshot as of one `version`. With the claim cached, the state hash alone: the cached records are
   * the stored ones when its version is the cached one. Otherwise (or on a miss) the full MULTI.
   */
  async function snapshot(claimId: string): Promise<Read> {
    if (!cache.has(claimId)) return fullSnapshot(claimId);
    const state = decodeState(claimId, await redis.hgetall(keys.claimState(claimId)));
    const entry = cache.lookup(claimId, state);
    if (!entry) return fullSnapshot(claimId);
    return { snap: { state, evidence: [...entry.records.values()] }, entry };
  }

  /**
   * The read → plan → commit loop. `plan` gives no `commit` when nothing is to be written, and `done` gives
   * the outcome; it is asked again, with a fresh snapshot and `now`, after every lost race.
   */
  async function commitLoop<T>(
    claimId: string,
    plan: (snap: LedgerSnapshot, now: Date) => { commit?: CommitPlan; done: () => T },
  ): Promise<T> {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const { snap, entry } = await snapshot(claimId);
      const { commit, done } = plan(snap, clock.now());
      if (!commit) return done();
      const expected = snap.state.version;
      let result: CommitResult;
      try {
        result = await runCommit(redis, claimKeys(claimId), commit, expected);
      } catch (error) {
        cache.drop(claimId);
        throw error;
      }
      if (result.kind === 'committed') {
        cache.committed(claimId, entry, snap.evidence, {
          expected,
          version: result.version,
          updatedAt: commit.state.updatedAt,
          trim: commit.trim,
        });
        return done();
      }
      cache.drop(claimId);
      // A little jitter spreads writers that keep colliding on one claim.
      await sleep(Math.random() * Math.min(attempt, 10));
    }
    throw new PolicyWatchError(
      'LEDGER_CONTENDED',
      `claim ${claimId}: gave up after ${maxAttempts} attempts lost to concurrent writers`,
      { claimId, attempts: maxAttempts },
    );
  }

  return {
    recordPoll(input: RecordPollInput): Promise<RecordResult> {
      return runRecord(redis, {
        pollKey: keys.pollRecorded(input.pollKey),
        pollTtlSeconds: input.pollTtlSeconds,
        records: input.records,
        keysOf: (claimId) => ({
          evidence: keys.claimEvidence(claimId),
          aliases: keys.claimAliases(claimId),
          state: keys.claimState(claimId),
        }),
      });
    },

    derive(claim, at): Promise<DeriveOutcome> {
      return commitLoop<DeriveOutcome>(claim.id, (snap) => {
        const { plan, derivation } = planDerive(claim, snap, at, {
          trigger: 'evidence',
          trim: false,
          mark: true,
        });
        if (!derivation) return { done: () => ({ kind: 'stale', status: snap.state.status }) };
        const outcome = { status: derivation.status, tally: derivation.tally };
        if (!plan) return { done: () => ({ kind: 'derived', ...outcome }) };
        return { commit: plan, done: () => ({ kind: 'derived', ...outcome, change: plan.change }) };
      });
    },

    async recordEvidence(claim, evidence): Promise<RecordOutcome> {
      checkEvidence(claim, evidence);
      const { kinds } = await this.recordPoll({ pollKey: '', pollTtlSeconds: 0, records: [evidence] });
      const [kind] = kinds;
      if (kind === 'duplicate') return { kind: 'duplicate' };
      const derived = await this.derive(claim, clock.now());
      if (derived.kind === 'stale') {
        throw new Error(
          `claim ${claim.id}: derived through a later instant than ${clock.now().toISOString()}`,
        );
      }
      return { kind: 'recorded', change: derived.change, status: derived.status, tally: derived.tally };
    },

    sweep(claim, trigger = 'sweep', at?: Date): Promise<SweepOutcome> {
      return commitLoop<SweepOutcome>(claim.id, (snap, now) => {
        const { plan, derivation } = planDerive(claim, snap, at ?? now, { trigger, trim: true, mark: false });
        if (!derivation) {
          const stale = { status: snap.state.status, tally: snap.state.tally, change: undefined };
          return { done: () => ({ ...stale, trimmed: 0, wrote: false }) };
        }
        const outcome = { status: derivation.status, tally: derivation.tally };
        if (!plan) return { done: () => ({ ...outcome, change: undefined, trimmed: 0, wrote: false }) };
        return {
          commit: plan,
          done: () => ({
            ...outcome,
            change: plan.change,
            trimmed: plan.trim.length,
            wrote: true,
          }),
        };
      });
    },

    async resolve(claim, status: ClaimStatus, note): Promise<ResolveOutcome> {
      // The CLI hands over what the operator typed; a bad status or an empty note is refused, not recorded.
      if (!isClaimStatus(status)) throw new Error(`"${String(status)}" is not a claim status`);
      if (note.trim() === '') throw new Error('an operator change needs a note');
      return commitLoop<ResolveOutcome>(claim.id, (snap, now) => {
        const planned = planResolve(claim, snap, status, note.trim(), now);
        if (planned.kind === 'unchanged') {
          const message = `claim ${claim.id} is already ${status}`;
          return { done: () => ({ kind: 'unchanged' as const, status, message }) };
        }
        const { plan } = planned;
        const change = plan.change;
        if (!change) throw new Error('an operator plan always carries a change');
        return { commit: plan, done: () => ({ kind: 'resolved', change, status }) };
      });
    },

    async dismiss(claim, evidenceId, dismissal: Dismissal): Promise<DismissOutcome> {
      if (dismissal.note.trim() === '') throw new Error('a dismissal needs a note');
      // The plan reads the history (where the dismissed item moved the claim): a history that grew since it
      // was read shows as a seq the snapshot does not match, and both are read again.
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const history = await this.getHistory(claim.id);
        const outcome = await commitLoop<DismissOutcome | undefined>(claim.id, (snap, now) => {
          if (snap.state.seq !== history.length) return { done: () => undefined };
          const planned = planDismiss(claim, snap, history, evidenceId, dismissal, now);
          if (planned.kind !== 'commit') return { done: () => planned };
          const { plan, derivation } = planned;
          return {
            commit: plan,
            done: () => ({
              kind: 'dismissed',
              status: derivation.status,
              tally: derivation.tally,
              change: plan.change,
            }),
          };
        });
        // The cache's records do not carry the new dismissal: the next read takes it from Redis.
        cache.drop(claim.id);
        if (outcome) return outcome;
      }
      throw new PolicyWatchError(
        'LEDGER_CONTENDED',
        `claim ${claim.id}: the history kept moving while dismissing`,
        {
          claimId: claim.id,
          attempts: maxAttempts,
        },
      );
    },

    async getState(claimId) {
      return decodeState(claimId, await redis.hgetall(keys.claimState(claimId)));
    },

    async getHistory(claimId) {
      const list = await redis.lrange(keys.claimHistory(claimId), 0, -1);
      return list.map(decodeChange);
    },

    async getEvidence(claimId) {
      // A claim this instance writes is usually cached at its current version: no decoding, and copies out.
      const records = cache.has(claimId)
        ? (await snapshot(claimId)).snap.evidence.map((e) => ({ ...e, terms: [...e.terms] }))
        : (await fullSnapshot(claimId)).snap.evidence;
      return newestFirst(records).map((t) => t.evidence);
    },

    async listStates(claimIds): Promise<ClaimState[]> {
      if (claimIds.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of claimIds) pipeline.hgetall(keys.claimState(id));
      const replies = (await pipeline.exec()) ?? [];
      return claimIds.map((id, i) => decodeState(id, value(replies[i])));
    },
  };
}
