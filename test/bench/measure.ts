/**
 * Timing for the benchmark scripts: warm up, then the median of several timed runs, which shrugs off a GC
 * pause or a noisy neighbour on a shared 2-core machine better than a mean does.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The middle value (the upper one of the two middles for an even count). */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

export interface Timing {
  medianMs: number;
  runsMs: number[];
}

export function timeMedian(run: () => void, { warmups = 2, runs = 7 } = {}): Timing {
  for (let i = 0; i < warmups; i++) run();
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    run();
    runsMs.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { medianMs: median(runsMs), runsMs };
}

/**
 * Median time of each run, measured in turns (a, b, c, a, b, c…, alternating the order each round) so that a
 * burst of load on the shared machine, or the JIT's warm-up, weighs on every run alike: ratios between them
 * are what a noisy machine can still measure.
 */
export function timeInterleaved(
  runs: Record<string, () => void>,
  { warmups = 2, rounds = 9 } = {},
): Record<string, number> {
  const labels = Object.keys(runs);
  const times = new Map<string, number[]>(labels.map((label) => [label, []]));
  for (let round = 0; round < warmups + rounds; round++) {
    const order = round % 2 === 0 ? labels : [...labels].reverse();
    for (const label of order) {
      const started = process.hrtime.bigint();
      (runs[label] as () => void)();
      if (round >= warmups) times.get(label)?.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  return Object.fromEntries([...times].map(([label, ms]) => [label, median(ms)]));
}

export function machineInfo(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length} · node ${process.version} · ${os.platform()} ${os.arch()}`;
}

export function verdict(pass: boolean): string {
  return pass ? 'PASS' : 'MISS';
}

export const fmt = (value: number, digits = 1): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * The project's root (the folder with package.json) above `from`: benchmarks run from test/bench under tsx
 * and from dist/bench-build/test/bench once compiled (bench:pipeline).
 */
export function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** `name` next to the calling module, with its extension: .ts under tsx, .js once compiled. */
export function siblingModule(moduleUrl: string, name: string): URL {
  return new URL(`./${name}${path.extname(new URL(moduleUrl).pathname)}`, moduleUrl);
}
