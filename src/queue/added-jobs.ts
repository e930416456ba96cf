/**
 * The deterministic job ids this process has already added to a queue, so a burst that asks for the same
 * job hundreds of times (every poll of a settle window names its claims' derive-status job) sends one add
 * instead of hundreds: an add of an id BullMQ still holds changes nothing but costs a script run.
 *
 * Only after the add resolved is an id remembered, so a crash, or an add that failed, means adding again;
 * the memory is per process, so another replica adds once too (BullMQ keeps one job). Entries are dropped
 * once their `until` has passed: by then the job has run and a later add of the same id would not happen.
 */
import type { Queue } from 'bullmq';

const added = new WeakMap<Queue, Map<string, number>>();

/** How many ids one queue remembers at most; the oldest go first. */
const CAPACITY = 10_000;

export async function addOnce(
  queue: Queue,
  jobId: string,
  untilMs: number,
  add: () => Promise<unknown>,
): Promise<void> {
  let ids = added.get(queue);
  if (!ids) {
    ids = new Map();
    added.set(queue, ids);
  }
  if (ids.has(jobId)) return;
  await add();
  ids.set(jobId, untilMs);
  if (ids.size > CAPACITY) {
    const now = Date.now();
    for (const [id, until] of ids) if (until < now || ids.size > CAPACITY) ids.delete(id);
  }
}
