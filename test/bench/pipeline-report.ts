/**
 * Measuring and printing the pipeline benchmark's phases: a poll cycle (wall time, items/s, when evidence
 * was recorded, Redis calls server and client side, HTTP answers, peak RSS) and the derivations a cycle
 * queued (promoted at once, then waited for). The per-step breakdown and the targets are in
 * pipeline-breakdown.ts.
 */

import type { Runtime } from '../../src/app/open.js';
import type { ChangeRecord } from '../../src/claims/index.js';
import { readEnv } from '../../src/config/env.js';
import type { RedisClient } from '../../src/redis/client.js';
import { fmt } from './measure.js';
import { type CycleJobs, type DeriveFinished, type JobTracker, runPolls } from './pipeline-cycle.js';
import {
  commandStats,
  monitorPrefix,
  type PrefixCalls,
  type StatsDelta,
  statsDelta,
} from './pipeline-redis.js';
import type { RssSampler } from './pipeline-rss.js';
import type { FeedServer, ServerCounts } from './pipeline-server.js';
import type { PollMarks, TimelineSink } from './pipeline-timeline.js';

export const MB = 1024 * 1024;

export interface PhaseContext {
  runtime: Runtime;
  tracker: JobTracker;
  server: FeedServer;
  statsRedis: RedisClient;
  sent: { read(): number };
  rss: RssSampler;
  timeline: TimelineSink;
}

/** What every phase measures around itself. */
interface Around {
  calls: StatsDelta;
  /** Server-side calls on this run's keys only (MONITOR), when the phase was run with `monitor`. */
  prefix?: PrefixCalls;
  sent: number;
  peakRss: number;
  /** V8's heap reserved / in use when RSS peaked. */
  heapAtPeak: { total: number; used: number };
  /** CPU seconds (user + system) of this process and of the Redis server during the phase. */
  cpu: { bench: number; redis: number };
}

/** used_cpu_user + used_cpu_sys of the Redis server, seconds. */
async function redisCpu(redis: RedisClient): Promise<number> {
  const text = await redis.info('cpu');
  const read = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(text)?.[1] ?? 0);
  return read('used_cpu_user') + read('used_cpu_sys');
}

async function measured<T>(context: PhaseContext, monitor: boolean, run: () => Promise<T>) {
  const { runtime, statsRedis } = context;
  const monitoring = monitor
    ? await monitorPrefix(readEnv('REDIS_URL'), `{${runtime.keys.prefix}}`)
    : undefined;
  const statsBefore = await commandStats(statsRedis);
  const sentBefore = context.sent.read();
  context.rss.resetPeak();
  const redisCpuBefore = await redisCpu(statsRedis);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const value = await run();
  const ms = performance.now() - started;
  const cpuUsed = process.cpuUsage(cpuBefore);
  const cpu = {
    bench: (cpuUsed.user + cpuUsed.system) / 1e6,
    redis: (await redisCpu(statsRedis)) - redisCpuBefore,
  };
  const around: Around = {
    sent: context.sent.read() - sentBefore,
    peakRss: context.rss.peak(),
    heapAtPeak: context.rss.heapAtPeak(),
    calls: statsDelta(statsBefore, await commandStats(statsRedis)),
    prefix: await monitoring?.stop(),
    cpu,
  };
  return { value, ms, around };
}

export interface CycleFigures extends Around {
  label: string;
  /** First poll enqueued → last poll finished. */
  ms: number;
  jobs: CycleJobs;
  items: number;
  /** Items that matched at least one claim (distinct item ids of the `item.matched` lines). */
  matchingItems: number;
  /** (claim, item) matches, and the evidence new to its claim among them. */
  matches: number;
  recorded: number;
  /** Per poll job: when its stages ended (pipeline-timeline.ts). */
  marks: Map<string, PollMarks>;
  http: ServerCounts;
}

function countsDelta(before: ServerCounts, after: ServerCounts): ServerCounts {
  const delta = { ...after };
  for (const key of Object.keys(delta) as Array<keyof ServerCounts>) delta[key] -= before[key];
  return delta;
}

export async function measureCycle(
  context: PhaseContext,
  label: string,
  feedIds: string[],
  slot: number,
  { monitor = false } = {},
): Promise<CycleFigures> {
  const httpBefore = await context.server.counts();
  context.timeline.take();
  const {
    value: jobs,
    ms,
    around,
  } = await measured(context, monitor, () => runPolls(context.runtime, context.tracker, feedIds, slot));
  const marks = context.timeline.take();
  const http = countsDelta(httpBefore, await context.server.counts());
  const sum = (pick: (poll: CycleJobs['polls'][number]) => number) =>
    jobs.polls.reduce((total, poll) => total + pick(poll), 0);
  const matchingItems = [...marks.values()].reduce((total, mark) => total + mark.matchedItems.size, 0);
  return {
    label,
    ms,
    jobs,
    items: sum((poll) => poll.items),
    matchingItems,
    matches: sum((poll) => poll.matches),
    recorded: sum((poll) => poll.recorded),
    marks,
    http,
    ...around,
  };
}

export interface DerivationFigures extends Around {
  /** Promotion → the last derive-status job finished. */
  ms: number;
  /** Every derive-status job the cycle asked for. */
  jobs: DeriveFinished[];
  /** Those that ran in this phase; the others' window ended during the cycle and they ran then. */
  ranHere: number;
}

/**
 * Runs the cycle's derive-status jobs now: `Queue.promoteJobs` moves every delayed job of the queue to wait
 * in one script (the move BullMQ makes when a delay runs out), and the workers' events say when each has
 * finished. src/operator/settle-now.ts is not used: it reads and promotes each job, then polls each job's
 * state every 100 ms, and those commands would be counted as the derivations'.
 */
export async function measureDerivations(
  context: PhaseContext,
  ids: readonly string[],
  { monitor = false } = {},
): Promise<DerivationFigures> {
  let promotedAt = 0;
  const {
    value: jobs,
    ms,
    around,
  } = await measured(context, monitor, async () => {
    promotedAt = Date.now();
    await context.runtime.queues.derive.promoteJobs();
    return context.tracker.waitDerivations(ids, 60_000);
  });
  return { ms, jobs, ranHere: jobs.filter((job) => job.finishedAt >= promotedAt).length, ...around };
}

export interface ClaimChanges {
  id: string;
  status: string;
  changes: ChangeRecord[];
}

/** Each configured claim's status and change history (read after a phase, outside its counts). */
export async function readChanges(runtime: Runtime): Promise<ClaimChanges[]> {
  return Promise.all(
    runtime.config.claims.map(async (claim) => ({
      id: claim.id,
      status: (await runtime.ledger.getState(claim.id)).status,
      changes: await runtime.ledger.getHistory(claim.id),
    })),
  );
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function outcomes(jobs: CycleJobs): string {
  const byKind = new Map<string, number>();
  for (const poll of jobs.polls) byKind.set(poll.outcome, (byKind.get(poll.outcome) ?? 0) + 1);
  const failed = jobs.pollFailures > 0 ? `, ${jobs.pollFailures} job failures` : '';
  return [...byKind].map(([kind, count]) => `${fmt(count, 0)} ${kind}`).join(', ') + failed;
}

/** When the last poll that recorded evidence finished, ms after the first poll was enqueued; NaN if none. */
export function lastEvidenceMs(jobs: CycleJobs): number {
  const finished = jobs.times
    .filter((poll) => (poll.result?.recorded ?? 0) > 0)
    .map((poll) => poll.finishedAt);
  return finished.length === 0 ? Number.NaN : Math.max(...finished) - jobs.startedAt;
}

function redisLine(f: Around, per: number, unit: string): string {
  const ours =
    f.prefix === undefined
      ? ''
      : ` · on this run's keys (MONITOR) ${fmt(f.prefix.calls, 0)} = ${fmt(f.prefix.calls / per, 2)}/${unit}`;
  return (
    `  Redis: ${fmt(f.calls.total, 0)} calls = ${fmt(f.calls.total / per, 2)}/${unit}${ours} · sent ` +
    `${fmt(f.sent, 0)} = ${fmt(f.sent / per, 2)}/${unit}\n` +
    `    top: ${f.calls.byCommand
      .slice(0, 8)
      .map(([name, calls]) => `${name} ${fmt(calls, 0)}`)
      .join(' · ')}`
  );
}

export function reportCycle(f: CycleFigures): void {
  const { jobs } = f;
  const polls = jobs.polls.length + jobs.pollFailures;
  console.log(
    `\n${f.label}: ${fmt(f.ms, 0)} ms to the last poll · ${fmt(polls, 0)} polls (${outcomes(jobs)}) · CPU: this ` +
      `process ${fmt(f.cpu.bench, 1)} s, Redis ${fmt(f.cpu.redis, 1)} s`,
  );
  if (f.items > 0) {
    console.log(
      `  items: ${fmt(f.items, 0)} → ${fmt(f.items / (f.ms / 1000), 0)} items/s · ${fmt(f.matchingItems, 0)} matching ` +
        `(${fmt((100 * f.matchingItems) / f.items)} %), ${fmt(f.items - f.matchingItems, 0)} not · ` +
        `${fmt(f.matches, 0)} (claim, item) matches, ${fmt(f.recorded, 0)} evidence recorded`,
    );
  }
  const withEvidence = jobs.times.filter((poll) => (poll.result?.recorded ?? 0) > 0);
  if (withEvidence.length > 0) {
    // Each piece of evidence is recorded when its poll finishes: weigh each poll by what it recorded.
    const recordedAt = withEvidence
      .flatMap((poll) => Array<number>(poll.result?.recorded ?? 0).fill(poll.finishedAt - jobs.startedAt))
      .sort((a, b) => a - b);
    const busy = withEvidence.map((poll) => poll.finishedAt - poll.startedAt).sort((a, b) => a - b);
    console.log(
      `  last evidence recorded: ${fmt(lastEvidenceMs(jobs), 0)} ms after the first poll was enqueued (the ` +
        `last of the ${fmt(withEvidence.length, 0)} polls that recorded evidence finished) · evidence recorded ` +
        `p50 ${fmt(percentile(recordedAt, 50), 0)} ms · p99 ${fmt(percentile(recordedAt, 99), 0)} ms`,
    );
    console.log(
      `  those polls, taken → finished: p50 ${fmt(percentile(busy, 50), 0)} ms · p99 ` +
        `${fmt(percentile(busy, 99), 0)} ms · max ${fmt(busy.at(-1) as number, 0)} ms`,
    );
  }
  if (jobs.deriveJobIds.length > 0) {
    const windows = new Set(jobs.deriveJobIds.map((id) => id.slice(id.lastIndexOf('-') + 1))).size;
    console.log(
      `  derive-status jobs asked for: ${jobs.deriveJobIds.length} distinct (by ` +
        `${fmt(jobs.polls.filter((poll) => poll.deriveJobIds.length > 0).length, 0)} polls; ${windows} settle ` +
        `window${windows === 1 ? '' : 's'}), delayed to their window's end`,
    );
  }
  const per = f.items > 0 ? f.items : polls;
  console.log(redisLine(f, per, f.items > 0 ? 'item' : 'feed'));
  console.log(
    `  http: ${fmt(f.http.ok, 0)} × 200, ${fmt(f.http.notModified, 0)} × 304, ${f.http.notFound} × 404 · ` +
      `${fmt(f.http.connections, 0)} new connections · peak RSS ${fmt(f.peakRss / MB, 0)} MB (V8 heap ` +
      `${fmt(f.heapAtPeak.used / MB, 0)} MB used of ${fmt(f.heapAtPeak.total / MB, 0)} MB)`,
  );
}

export function describeChanges(claims: readonly ClaimChanges[]): string {
  return claims
    .map((claim) => {
      const path = claim.changes.map((change) => change.to).join(' → ');
      return `${claim.id} ${claim.changes.length}${path ? ` (open → ${path})` : ` (${claim.status})`}`;
    })
    .join(' · ');
}

export function reportDerivations(f: DerivationFigures, claims: readonly ClaimChanges[]): void {
  const outcomesByKind = new Map<string, number>();
  for (const job of f.jobs) {
    const kind = job.result ? job.result.outcome : 'failed';
    outcomesByKind.set(kind, (outcomesByKind.get(kind) ?? 0) + 1);
  }
  const changed = f.jobs.filter((job) => job.result?.change).length;
  console.log(
    '\nderivations of cycle 1: its delayed derive-status jobs promoted at once with Queue.promoteJobs (one ' +
      'script, the move BullMQ makes when a delay runs out) instead of waiting out the 60 s window; not ' +
      "settle-now.ts, whose per-job reads and 100 ms state polling would count as the derivations' commands; " +
      "each job still derives as of its window's end, with all of the cycle's evidence committed\n  " +
      `${f.jobs.length} jobs, ${f.ranHere} run here` +
      `${f.ranHere < f.jobs.length ? " (the others' window ended during the cycle and they ran then)" : ''}` +
      `, promote → last finished ${fmt(f.ms, 0)} ms · ` +
      `${[...outcomesByKind].map(([kind, n]) => `${n} ${kind}`).join(', ')}, ${changed} with a change · CPU: this ` +
      `process ${fmt(f.cpu.bench, 2)} s, Redis ${fmt(f.cpu.redis, 2)} s`,
  );
  console.log(redisLine(f, Math.max(1, f.ranHere), 'job run here'));
  console.log(`  changes per claim: ${describeChanges(claims)}`);
}
