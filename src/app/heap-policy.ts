/**
 * How far V8 lets the heap grow past the live data before a full collection: PW_HEAP_GROWING_PERCENT.
 *
 * V8's default factor reaches 4× when collections are cheap. A poll burst allocates fast and promotes much
 * of it (jobs stay in flight across young collections), so with the default a daemon whose live heap is
 * ~40 MB went to 270–550 MB resident in bench:pipeline before V8 ran a full collection. 20 % keeps it near
 * 165 MB for 0–15 % more CPU during the burst. It bounds growth relative to live data, not absolutely: unlike
 * --max-old-space-size it can never make a daemon with more feeds or claims run out of heap.
 *
 * The flag is read whenever V8 recomputes its limit, so setting it at start (before the first burst) works;
 * Node does not accept it in NODE_OPTIONS.
 */

import v8 from 'node:v8';
import { readEnv } from '../config/env.js';

/** Applies the policy to this process; returns the percent applied (0: V8's default). */
export function applyHeapPolicy(percent: number = readEnv('PW_HEAP_GROWING_PERCENT')): number {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}
