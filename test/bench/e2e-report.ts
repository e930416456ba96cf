/**
 * Printing the end-to-end benchmark: one block per run (1 daemon, 3 daemons), the changes per claim side
 * by side, and the targets with PASS/MISS.
 */

import type { PhaseCalls, RunFigures } from './e2e-run.js';
import { fmt, verdict } from './measure.js';
import { percentile } from './pipeline-report.js';

const MB = 1024 * 1024;

export const TARGETS = {
  lastEvidenceMs: 5_000,
  lastWebhookMs: 6_000,
  callsPerMatchingItem: 8,
  callsPerPlainItem: 2,
  rssMb: 200,
};

const label = (daemons: number) => (daemons === 1 ? '1 daemon' : `${daemons} daemons`);

/**
 * Per non-matching item: phase 2's calls (less the background) ÷ its items. Per matching item: phase 1's
 * calls (less the background), minus what its non-matching items cost at phase 2's rate, ÷ matching items.
 */
export function perItem(f: RunFigures): { plain: number; matching: number } {
  const plain = f.plain.net / f.plainItems;
  return { plain, matching: (f.main.net - plain * (f.items - f.matchingItems)) / f.matchingItems };
}

function callsLine(name: string, phase: PhaseCalls, items: number): string {
  const background = phase.calls.total - phase.net;
  const top = phase.calls.byCommand.slice(0, 6).map(([command, calls]) => `${command} ${fmt(calls, 0)}`);
  return (
    `    ${name}: ${fmt(phase.calls.total, 0)} calls over ${fmt(phase.ms / 1000, 1)} s − ${fmt(background, 0)} ` +
    `background = ${fmt(phase.net, 0)} = ${fmt(phase.net / items, 2)}/item · top: ${top.join(' · ')}`
  );
}

export function report(f: RunFigures): void {
  console.log(`\n${label(f.daemons)} (node dist/src/cli/main.js start --role worker):`);
  console.log(
    `  ${fmt(f.items, 0)} items: last evidence recorded ${fmt(f.lastEvidenceMs / 1000, 2)} s (the last poll that ` +
      `recorded evidence finished) · last webhook ${fmt(f.lastWebhookMs / 1000, 2)} s (last status_changed ` +
      `${fmt(f.lastStatusWebhookMs / 1000, 2)} s) · from the first poll enqueued`,
  );
  const dupes = f.evidenceEvents - (f.expected - f.missing + f.unexpected);
  console.log(
    `  webhooks: ${fmt(f.evidenceEvents, 0)} evidence_added of ${fmt(f.expected, 0)} expected` +
      `${f.missing > 0 ? ` (${f.missing} MISSING)` : ''}${f.unexpected > 0 ? ` (${f.unexpected} unexpected)` : ''}` +
      `${dupes > 0 ? ` (${dupes} repeats)` : ''} + ${fmt(f.statusEvents, 0)} status_changed · ` +
      `${fmt(f.requests, 0)} POSTs, ${f.rejected} failed verification`,
  );
  const directions = [...f.directions].map(([direction, n]) => `${fmt(n, 0)} ${direction}`).join(', ');
  console.log(`    evidence directions: ${directions}`);
  if (f.latenciesMs.length > 0) {
    const l = f.latenciesMs;
    console.log(
      `  feed first served → evidence webhook arrived: p50 ${fmt(percentile(l, 50), 0)} ms · ` +
        `p99 ${fmt(percentile(l, 99), 0)} ms · max ${fmt(l.at(-1) as number, 0)} ms (n = ${fmt(l.length, 0)})`,
    );
  }
  const split = perItem(f);
  console.log(
    `  Redis commands (INFO commandstats Δ, whole server, less the background): ${fmt(split.matching, 2)} per ` +
      `matching item, ${fmt(split.plain, 2)} per non-matching item`,
  );
  console.log(
    `    background: ${fmt(f.idleCallsPerSecond, 0)} calls/s, the mean of ${fmt(f.idleRates[0], 0)} and ` +
      `${fmt(f.idleRates[1], 0)} measured over 2 s idle before and after the phases (other clients, idle workers)`,
  );
  console.log(callsLine('phase 1, main feeds', f.main, f.items));
  console.log(callsLine('phase 2, non-matching feeds', f.plain, f.plainItems));
  console.log(
    `    per matching item = (phase 1 ${fmt(f.main.net, 0)} − ${fmt(split.plain, 2)} × ` +
      `${fmt(f.items - f.matchingItems, 0)} non-matching items) ÷ ${fmt(f.matchingItems, 0)} matching items; ` +
      'it carries the record script, alert and derive-job adds, derivations, deliveries and its share of its poll',
  );
  const rss = f.memory.map((m) => `${fmt(m.peakRss / MB, 0)} MB`).join(', ');
  const hwm = f.memory.map((m) => `${fmt(m.hwm / MB, 0)} MB`).join(', ');
  const idle = f.memory.map((m) => `${fmt(m.idleRss / MB, 0)} MB`).join(', ');
  const cpu = f.memory.map((m) => `${fmt(m.cpuSeconds, 1)} s`).join(', ');
  console.log(
    `  daemon peak RSS (VmRSS sampled, both phases): ${rss} · idle before the run ${idle} · VmHWM ${hwm} · ` +
      `CPU ${cpu}`,
  );
}

function changesCell(claim: RunFigures['claims'][number] | undefined): string {
  if (!claim) return '—';
  const path = claim.changes.map((change) => change.to).join(' → ');
  return `${claim.changes.length} (${path ? `open → ${path}` : claim.status})`;
}

/** Changes per claim of each run side by side, and whether they are equal. */
export function reportChanges(runs: readonly RunFigures[]): boolean {
  const ids = runs[0]?.claims.map((claim) => claim.id) ?? [];
  const width = 48;
  console.log(`\nchanges per claim (status_changed history after the run, settle_seconds 1):`);
  console.log(`  ${'claim'.padEnd(18)}${runs.map((run) => label(run.daemons).padEnd(width)).join('')}`);
  for (const id of ids) {
    const cells = runs.map((run) => changesCell(run.claims.find((claim) => claim.id === id)).padEnd(width));
    console.log(`  ${id.padEnd(18)}${cells.join('')}`);
  }
  const counts = (run: RunFigures) =>
    run.claims.map((claim) => `${claim.id}=${claim.changes.length}`).join(',');
  const finals = (run: RunFigures) => run.claims.map((claim) => `${claim.id}=${claim.status}`).join(',');
  const equal = runs.every((run) => counts(run) === counts(runs[0] as RunFigures));
  const sameFinal = runs.every((run) => finals(run) === finals(runs[0] as RunFigures));
  console.log(
    `  changes per claim equal with ${runs.map((run) => run.daemons).join(' and ')} daemons: ` +
      `${equal ? 'YES' : 'NO'} · final statuses equal: ${sameFinal ? 'yes' : 'no'}`,
  );
  return equal;
}

export function reportTargets(runs: readonly RunFigures[], changesEqual: boolean): void {
  console.log('\ntargets (1,000 feeds × 20 items):');
  const line = (text: string, pass: boolean) => console.log(`  ${text}  ${verdict(pass)}`);
  for (const f of runs) {
    const split = perItem(f);
    const peakMb = Math.max(...f.memory.map((m) => m.peakRss)) / MB;
    const name = label(f.daemons);
    line(
      `${name}: last evidence recorded ≤ ${TARGETS.lastEvidenceMs / 1000} s: ${fmt(f.lastEvidenceMs / 1000, 2)} s`,
      f.lastEvidenceMs <= TARGETS.lastEvidenceMs,
    );
    line(
      `${name}: last webhook ≤ ${TARGETS.lastWebhookMs / 1000} s: ${fmt(f.lastWebhookMs / 1000, 2)} s`,
      f.lastWebhookMs <= TARGETS.lastWebhookMs,
    );
    line(
      `${name}: Redis commands per matching item ≤ ${TARGETS.callsPerMatchingItem}: ${fmt(split.matching, 2)}`,
      split.matching <= TARGETS.callsPerMatchingItem,
    );
    line(
      `${name}: Redis commands per non-matching item ≤ ${TARGETS.callsPerPlainItem}: ${fmt(split.plain, 2)}`,
      split.plain <= TARGETS.callsPerPlainItem,
    );
    line(`${name}: peak RSS ≤ ${TARGETS.rssMb} MB per daemon: ${fmt(peakMb, 0)} MB`, peakMb <= TARGETS.rssMb);
  }
  const one = runs.find((run) => run.daemons === 1);
  const three = runs.find((run) => run.daemons === 3);
  if (one && three) {
    const ratio = (pick: (run: RunFigures) => number) => fmt(pick(three) / pick(one), 2);
    line(
      `three daemons no slower than one: last evidence ${ratio((run) => run.lastEvidenceMs)}×, last webhook ` +
        `${ratio((run) => run.lastWebhookMs)}× the one-daemon time`,
      three.lastEvidenceMs <= one.lastEvidenceMs && three.lastWebhookMs <= one.lastWebhookMs,
    );
  }
  line('npm run bench prints changes per claim and they are equal with 1 and 3 daemons', changesEqual);
}
