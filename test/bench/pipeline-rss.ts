/**
 * The pipeline benchmark's view of its own memory: RSS sampled on a timer (the peak between resets), with
 * V8's heap at the sample that set it.
 */
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
