/**
 * The pipeline benchmark's account of where things go: Redis commands by pipeline step (MONITOR,
 * pipeline-steps.ts), the split into commands per matching and per non-matching item, a poll's time by
 * stage (pipeline-timeline.ts), and the targets.
 */
import { resourceUsage } from 'node:process';
import { fmt, verdict } from './measure.js';
import type { PrefixCalls } from './pipeline-redis.js';
import {
  type CycleFigures,
  type DerivationFigures,
  lastEvidenceMs,
  MB,
  percentile,
} from './pipeline-report.js';
import { STEPS, type StepCount, type StepCounts } from './pipeline-steps.js';
import { pollStages, type Stage } from './pipeline-timeline.js';

export const TARGETS = {
  lastEvidenceMs: 5_000,
  cycleMs: 10_000,
  notModifiedMs: 2_000,
  callsPerMatchingItem: 8,
  callsPerPlainItem: 2,
  rssMb: 200,
};

function top(map: ReadonlyMap<string, number>, n: number): string {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, count]) => `${name} ${fmt(count, 0)}`)
    .join(' · ');
}

const pad = (text: string, width: number) => text.padEnd(width);
const num = (value: number, digits: number, width: number) => fmt(value, digits).padStart(width);

/**
 * One table of steps: each column divides a phase's step counts by its unit (polls, jobs); the last
 * column names the top-level calls and the commands inside scripts of the first phase.
 */
function stepTable(columns: Array<{ title: string; steps: StepCounts; per: number }>): void {
  const present = STEPS.filter((step) => columns.some((column) => column.steps.has(step)));
  const head = columns.map((column) => column.title.padStart(16)).join('');
  console.log(
    `    ${pad('step', 34)}${head}   calls (top-level) | inside scripts, in the last column's phase`,
  );
  const totals = columns.map(() => 0);
  for (const step of present) {
    const cells = columns.map((column, i) => {
      const count = column.steps.get(step)?.commands ?? 0;
      totals[i] = (totals[i] as number) + count;
      return num(count / column.per, 2, 16);
    });
    const last = columns.at(-1)?.steps.get(step) as StepCount | undefined;
    const what = last ? `${top(last.calls, 3)}${last.inner.size > 0 ? ` | ${top(last.inner, 5)}` : ''}` : '';
    console.log(`    ${pad(step, 34)}${cells.join('')}   ${what}`);
  }
  const totalCells = columns.map((column, i) => num((totals[i] as number) / column.per, 2, 16)).join('');
  console.log(`    ${pad('total', 34)}${totalCells}`);
}

export interface Attribution {
  prefix: string;
  cycle: CycleFigures;
  derivations: DerivationFigures;
  deliveries: { count: number; ms: number; calls: PrefixCalls };
}

export interface Split {
  perPlainItem: number;
  perMatchingItem: number;
  perMatchingItemWithDeliveries: number;
}

/**
 * Per non-matching item: the non-matching phase's calls on this run's keys ÷ its items. Per matching item:
 * what the matching cycle and its derivations cost beyond their non-matching items, ÷ matching items.
 */
export function splitCalls(plain: CycleFigures, attribution: Attribution): Split {
  const perPlainItem = (plain.prefix?.calls ?? plain.calls.total) / plain.items;
  const { cycle, derivations, deliveries } = attribution;
  const beyond =
    (cycle.prefix?.calls ?? 0) +
    (derivations.prefix?.calls ?? 0) -
    perPlainItem * (cycle.items - cycle.matchingItems);
  const perMatchingItem = beyond / cycle.matchingItems;
  return {
    perPlainItem,
    perMatchingItem,
    perMatchingItemWithDeliveries: perMatchingItem + deliveries.calls.calls / cycle.matchingItems,
  };
}

export function reportBreakdown(plain: CycleFigures, attribution: Attribution, split: Split): void {
  const { cycle, derivations, deliveries } = attribution;
  const withMatches = cycle.jobs.polls.filter((poll) => poll.matches > 0).length;
  console.log(
    `\nwhere the Redis commands go — cycle 1 again on a fresh prefix (${attribution.prefix}) under MONITOR, then its ` +
      'derivations, then the delivery of every alert it queued to a local receiver. Every redis.call inside ' +
      'a script counted; MONITOR slows the server, so nothing here is timed against a target.',
  );
  console.log(
    `  per poll: the non-matching phase (${fmt(plain.jobs.polls.length, 0)} polls) and cycle 1 ` +
      `(${fmt(cycle.jobs.polls.length, 0)} polls, ${fmt(withMatches, 0)} with matches, ` +
      `${fmt(cycle.matchingItems, 0)} matching items, ${fmt(cycle.recorded, 0)} evidence recorded)`,
  );
  if (plain.prefix && cycle.prefix) {
    stepTable([
      { title: 'non-matching', steps: plain.prefix.steps, per: plain.jobs.polls.length },
      { title: 'cycle 1', steps: cycle.prefix.steps, per: cycle.jobs.polls.length },
    ]);
  }
  if (derivations.prefix) {
    console.log(
      `  derivations: ${derivations.ranHere} derive-status jobs promoted and run after the cycle (of ` +
        `${derivations.jobs.length}; any other ran during the cycle and is counted there), per job, their ` +
        'status_changed alerts queued here',
    );
    stepTable([{ title: 'per job', steps: derivations.prefix.steps, per: Math.max(1, derivations.ranHere) }]);
  }
  console.log(`  deliveries: ${fmt(deliveries.count, 0)} alert jobs to one webhook, per delivery`);
  stepTable([{ title: 'per delivery', steps: deliveries.calls.steps, per: Math.max(1, deliveries.count) }]);
  console.log("\nRedis commands per item (on this run's keys, MONITOR):");
  console.log(
    `  per non-matching item: the non-matching phase's ${fmt(plain.prefix?.calls ?? 0, 0)} calls ÷ ` +
      `${fmt(plain.items, 0)} items = ${fmt(split.perPlainItem, 2)}`,
  );
  console.log(
    `  per matching item: (cycle 1 ${fmt(cycle.prefix?.calls ?? 0, 0)} + its derivations ` +
      `${fmt(derivations.prefix?.calls ?? 0, 0)} − ${fmt(split.perPlainItem, 2)} × ` +
      `${fmt(cycle.items - cycle.matchingItems, 0)} non-matching items) ÷ ${fmt(cycle.matchingItems, 0)} matching ` +
      `items = ${fmt(split.perMatchingItem, 2)}; with the deliveries of its alerts to one webhook ` +
      `(+${fmt(deliveries.calls.calls, 0)}) ${fmt(split.perMatchingItemWithDeliveries, 2)}`,
  );
  console.log(
    '    (a matching item is charged what a non-matching one costs plus everything matching adds: the record ' +
      'script, alert and derive-job adds, derivations, and its share of the poll it came in)',
  );
}

/**
 * The same split from the timed phases' INFO commandstats Δ (the whole server, so other clients of a
 * shared Redis count too): a cross-check of the MONITOR figures, which only count this run's keys.
 */
export function reportServerWideSplit(timed: {
  cycle1: CycleFigures;
  derivations: DerivationFigures;
  plain: CycleFigures;
}) {
  const { cycle1, derivations, plain } = timed;
  const perPlain = plain.calls.total / plain.items;
  const perMatching =
    (cycle1.calls.total + derivations.calls.total - perPlain * (cycle1.items - cycle1.matchingItems)) /
    cycle1.matchingItems;
  console.log(
    `  the same split from the timed phases' INFO commandstats Δ (whole server, other clients included): ` +
      `${fmt(perPlain, 2)} per non-matching item, ${fmt(perMatching, 2)} per matching item without deliveries`,
  );
}

function stageLines(stages: readonly Stage[]): void {
  for (const stage of stages) {
    const sorted = [...stage.ms].sort((a, b) => a - b);
    const total = sorted.reduce((sum, ms) => sum + ms, 0);
    console.log(
      `    ${pad(stage.label, 72)}${num(percentile(sorted, 50), 0, 7)}${num(percentile(sorted, 90), 0, 7)}` +
        `${num(total / 1000, 1, 9)}`,
    );
  }
}

export function reportStages(cycle: CycleFigures): void {
  const { matching, plain } = pollStages(cycle.jobs.times, cycle.marks);
  console.log(
    `\nwhere a poll's time goes — timed ${cycle.label}, from BullMQ's timestamps and the poll job's own log lines ` +
      "(pipeline-timeline.ts). The poll workers share one event loop, so a stage's wall time includes waiting " +
      'for the other polls in flight:',
  );
  console.log(
    `    ${pad(`polls with matches (n = ${matching[0]?.ms.length ?? 0})`, 72)}  p50 ms p90 ms  sum s`,
  );
  stageLines(matching);
  console.log(`    ${pad(`polls without (n = ${plain[0]?.ms.length ?? 0})`, 72)}`);
  stageLines(plain);
}

export function reportTargets(
  figures: {
    cycle1: CycleFigures;
    derivations: DerivationFigures;
    plain: CycleFigures;
    cycle2: CycleFigures;
  },
  split: Split,
  retries: number,
): void {
  const { cycle1, derivations, plain, cycle2 } = figures;
  // From the non-matching phase on, MONITOR's feed is parsed in this process too, and RSS seldom shrinks:
  // the pipeline's own peak is the one of the phases before it.
  const peakMb = Math.max(cycle1.peakRss, derivations.peakRss) / MB;
  const laterMb = Math.max(plain.peakRss, cycle2.peakRss) / MB;
  const maxRssMb = resourceUsage().maxRSS / 1024;
  const lastEvidence = lastEvidenceMs(cycle1.jobs);
  console.log(`\nretried attempts over all phases: ${retries}`);
  console.log('targets (1,000 feeds × 20 items):');
  const line = (text: string, pass: boolean) => console.log(`  ${text}  ${verdict(pass)}`);
  line(
    `last evidence recorded ≤ ${TARGETS.lastEvidenceMs / 1000} s: ${fmt(lastEvidence / 1000, 2)} s`,
    lastEvidence <= TARGETS.lastEvidenceMs,
  );
  line(
    `cycle 1 (every poll finished) ≤ ${TARGETS.cycleMs / 1000} s: ${fmt(cycle1.ms / 1000, 2)} s`,
    cycle1.ms <= TARGETS.cycleMs,
  );
  line(
    `304 cycle ≤ ${TARGETS.notModifiedMs / 1000} s: ${fmt(cycle2.ms / 1000, 2)} s`,
    cycle2.ms <= TARGETS.notModifiedMs,
  );
  line(
    `≤ ${TARGETS.callsPerMatchingItem} Redis commands per matching item: ` +
      `${fmt(split.perMatchingItemWithDeliveries, 2)} with deliveries to one webhook (polls + derivations alone ` +
      `${fmt(split.perMatchingItem, 2)})`,
    split.perMatchingItemWithDeliveries <= TARGETS.callsPerMatchingItem,
  );
  line(
    `≤ ${TARGETS.callsPerPlainItem} Redis commands per non-matching item: ${fmt(split.perPlainItem, 2)}`,
    split.perPlainItem <= TARGETS.callsPerPlainItem,
  );
  line(
    `peak RSS ≤ ${TARGETS.rssMb} MB: ${fmt(peakMb, 0)} MB sampled every 50 ms over cycle 1 and its ` +
      `derivations (from the MONITORed non-matching phase on, with MONITOR's feed parsed in this process: ` +
      `${fmt(laterMb, 0)} MB; maxRSS of the whole run ${fmt(maxRssMb, 0)} MB)`,
    peakMb <= TARGETS.rssMb,
  );
}
