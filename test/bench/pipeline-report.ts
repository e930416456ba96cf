/**
 * Measuring and printing the pipeline benchmark's cycles: wall time, items/s, evidence latency percentiles,
 * Redis calls (server and client side, pipeline-redis.ts), HTTP answers, peak RSS, and the targets.
 */
import { resourceUsage } from 'node:process';
import type { Redis } from 'ioredis';
import type { Runtime } from '../../src/runtime/open.js';
import { fmt, verdict } from './measure.js';
import { type CycleJobs, type JobTracker, runPolls } from './pipeline-cycle.js';
import { commandStats, monitorPrefix, type StatsDelta, statsDelta } from './pipeline-redis.js';
import type { FeedServer, ServerCounts } from './pipeline-server.js';

export const TARGETS = { cycleMs: 10_000, notModifiedMs: 2_000, callsPerPlainItem: 2, rssMb: 200 };
const MB = 1024 * 1024;

export interface RssSampler {
  /** Highest RSS seen since start (or the last `resetPeak`), bytes. */
  peak(): number;
  /** V8's heap (total reserved, in use) at the sample that set the peak, bytes. */
  heapAtPeak(): { total: number; used: number };
  resetPeak(): void;
  stop(): void;
}

export function sampleRss(everyMs: number): RssSampler {
  let peak = 0;
  let heapAtPeak = { total: 0, used: 0 };
  const sample = () => {
    // rss() alone is one syscall; memoryUsage() also walks V8's heap spaces, so only at a new peak.
    if (process.memoryUsage.rss() <= peak) return;
    const usage = process.memoryUsage();
    peak = usage.rss;
    heapAtPeak = { total: usage.heapTotal, used: usage.heapUsed };
  };
  sample();
  const timer = setInterval(sample, everyMs).unref();
  return {
    peak: () => {
      sample();
      return peak;
    },
    heapAtPeak: () => heapAtPeak,
    resetPeak: () => {
      peak = 0;
      sample();
    },
    stop: () => clearInterval(timer),
  };
}

export interface CycleContext {
  runtime: Runtime;
  tracker: JobTracker;
  server: FeedServer;
  statsRedis: Redis;
  sent: { read(): number };
  rss: RssSampler;
}

export interface CycleFigures {
  label: string;
  ms: number;
  jobs: CycleJobs;
  items: number;
  calls: StatsDelta;
  /** Server-side calls on this run's keys only (MONITOR), when the cycle was run with `monitor`. */
  prefixCalls?: number;
  sent: number;
  http: ServerCounts;
  peakRss: number;
  /** V8's heap reserved / in use when RSS peaked. */
  heapAtPeak: { total: number; used: number };
  /** CPU seconds (user + system) of this process and of the Redis server during the cycle. */
  cpu: { bench: number; redis: number };
  /** Heap in use after a full GC at the end of the cycle; only when run with --expose-gc. */
  heapAfterGc?: number;
}

function countsDelta(before: ServerCounts, after: ServerCounts): ServerCounts {
  const delta = { ...after };
  for (const key of Object.keys(delta) as Array<keyof ServerCounts>) delta[key] -= before[key];
  return delta;
}

export async function measureCycle(
  context: CycleContext,
  label: string,
  feedIds: string[],
  slot: number,
  { monitor = false } = {},
): Promise<CycleFigures> {
  const { runtime } = context;
  const monitoring = monitor ? await monitorPrefix(runtime.redisUrl, `{${runtime.keys.prefix}}`) : undefined;
  const statsBefore = await commandStats(context.statsRedis);
  const httpBefore = await context.server.counts();
  const sentBefore = context.sent.read();
  context.rss.resetPeak();
  const redisCpuBefore = await redisCpu(context.statsRedis);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const jobs = await runPolls(runtime, context.tracker, feedIds, slot);
  const ms = performance.now() - started;
  const cpuUsed = process.cpuUsage(cpuBefore);
  const cpu = {
    bench: (cpuUsed.user + cpuUsed.system) / 1e6,
    redis: (await redisCpu(context.statsRedis)) - redisCpuBefore,
  };
  const sent = context.sent.read() - sentBefore;
  const peakRss = context.rss.peak();
  const heapAtPeak = context.rss.heapAtPeak();
  const calls = statsDelta(statsBefore, await commandStats(context.statsRedis));
  const prefixCalls = await monitoring?.stop();
  const http = countsDelta(httpBefore, await context.server.counts());
  const items = jobs.polls.reduce((sum, poll) => sum + poll.items, 0);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapAfterGc = gc ? process.memoryUsage().heapUsed : undefined;
  return { label, ms, jobs, items, calls, prefixCalls, sent, http, peakRss, heapAtPeak, cpu, heapAfterGc };
}

/** used_cpu_user + used_cpu_sys of the Redis server, seconds. */
async function redisCpu(redis: Redis): Promise<number> {
  const text = await redis.info('cpu');
  const read = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(text)?.[1] ?? 0);
  return read('used_cpu_user') + read('used_cpu_sys');
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function outcomes(jobs: CycleJobs): string {
  const byKind = new Map<string, number>();
  for (const poll of jobs.polls) byKind.set(poll.outcome, (byKind.get(poll.outcome) ?? 0) + 1);
  const failed = jobs.pollFailures > 0 ? `, ${jobs.pollFailures} job failures` : '';
  return [...byKind].map(([kind, count]) => `${fmt(count, 0)} ${kind}`).join(', ') + failed;
}

export function reportCycle(f: CycleFigures): void {
  const { jobs } = f;
  const polls = jobs.polls.length + jobs.pollFailures;
  const seconds = f.ms / 1000;
  console.log(
    `\n${f.label}: ${fmt(f.ms, 0)} ms · ${fmt(polls, 0)} polls (${outcomes(jobs)}) · CPU: this process ` +
      `${fmt(f.cpu.bench, 1)} s, Redis ${fmt(f.cpu.redis, 1)} s`,
  );
  if (f.items > 0) {
    const plain = f.items - jobs.matchingStories;
    console.log(
      `  items: ${fmt(f.items, 0)} → ${fmt(f.items / seconds, 0)} items/s · ${fmt(jobs.matchingStories, 0)} matching ` +
        `(${fmt((100 * jobs.matchingStories) / f.items)} %), ${fmt(plain, 0)} not · ${fmt(jobs.evidenceJobs, 0)} evidence ` +
        `jobs${jobs.evidenceFailures > 0 ? `, ${jobs.evidenceFailures} FAILED` : ''}`,
    );
  }
  if (jobs.latenciesMs.length > 0) {
    const sorted = [...jobs.latenciesMs].sort((a, b) => a - b);
    console.log(
      `  poll start → evidence recorded: p50 ${fmt(percentile(sorted, 50), 0)} ms · ` +
        `p99 ${fmt(percentile(sorted, 99), 0)} ms · max ${fmt(sorted.at(-1) as number, 0)} ms`,
    );
  }
  const per = f.items > 0 ? f.items : polls;
  const unit = f.items > 0 ? 'item' : 'feed';
  const ours =
    f.prefixCalls === undefined
      ? ''
      : ` · on this run's keys (MONITOR) ${fmt(f.prefixCalls, 0)} = ${fmt(f.prefixCalls / per, 2)}/${unit}`;
  console.log(
    `  Redis: ${fmt(f.calls.total, 0)} calls = ${fmt(f.calls.total / per, 2)}/${unit}${ours} · sent ` +
      `${fmt(f.sent, 0)} = ${fmt(f.sent / per, 2)}/${unit}`,
  );
  const top = f.calls.byCommand.slice(0, 8).map(([name, calls]) => `${name} ${fmt(calls, 0)}`);
  console.log(`    top: ${top.join(' · ')}`);
  console.log(
    `  http: ${fmt(f.http.ok, 0)} × 200, ${fmt(f.http.notModified, 0)} × 304, ${f.http.notFound} × 404 · ` +
      `${fmt(f.http.connections, 0)} new connections · peak RSS ${fmt(f.peakRss / MB, 0)} MB (V8 heap ` +
      `${fmt(f.heapAtPeak.used / MB, 0)} MB used of ${fmt(f.heapAtPeak.total / MB, 0)} MB)` +
      (f.heapAfterGc === undefined ? '' : ` · heap after GC ${fmt(f.heapAfterGc / MB, 0)} MB`),
  );
}

export function reportTargets(figures: CycleFigures[], retries: number): void {
  const [cycle1, plain, cycle2] = figures as [CycleFigures, CycleFigures, CycleFigures];
  const plainItems = plain.items - plain.jobs.matchingStories;
  const perPlain = (plain.prefixCalls ?? plain.calls.total) / plainItems;
  const peakMb = Math.max(...figures.map((f) => f.peakRss)) / MB;
  const maxRssMb = resourceUsage().maxRSS / 1024;
  console.log(`\nretried attempts over all cycles: ${retries}`);
  console.log('targets:');
  console.log(
    `  cycle 1 ≤ ${TARGETS.cycleMs / 1000} s: ${fmt(cycle1.ms / 1000, 2)} s  ${verdict(cycle1.ms <= TARGETS.cycleMs)}`,
  );
  console.log(
    `  304 cycle ≤ ${TARGETS.notModifiedMs / 1000} s: ${fmt(cycle2.ms / 1000, 2)} s  ${verdict(cycle2.ms <= TARGETS.notModifiedMs)}`,
  );
  console.log(
    `  ≤ ${TARGETS.callsPerPlainItem} Redis calls per non-matching item: ${fmt(perPlain, 2)} ` +
      `(${plain.prefixCalls === undefined ? 'server-wide' : "this run's keys"}; sent ` +
      `${fmt(plain.sent / plainItems, 2)})  ${verdict(perPlain <= TARGETS.callsPerPlainItem)}`,
  );
  console.log(
    `  RSS ≤ ${TARGETS.rssMb} MB: peak ${fmt(peakMb, 0)} MB sampled every 50 ms, maxRSS ${fmt(maxRssMb, 0)} MB  ` +
      `${verdict(Math.max(peakMb, maxRssMb) <= TARGETS.rssMb)}`,
  );
}
