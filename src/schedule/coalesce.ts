/**
 * Ticks that fire while Redis is away, folded together. BullMQ's connections queue commands while
 * reconnecting, so during an outage every tick's `add` waits — and when Redis came back, all of them went
 * out at once: 8 slots of one feed, 8 polls in 2 s. Here a feed has at most one poll enqueue in flight: a
 * tick that finds one pending is dropped (the pending one polls for the feed, once, when Redis is back),
 * and an enqueue that has not returned after `slowMs` is reported once as `poll.enqueue_failed`.
 */
import { LOG_EVENTS, type Logger } from '../log.js';

export const SLOW_ENQUEUE_MS = 5_000;

export interface Coalescer {
  /** Runs `enqueue` for the feed unless one is already in flight; true when it ran. */
  run(feedId: string, slot: number, enqueue: () => Promise<void>): Promise<boolean>;
}

export function coalescer(logger: Logger, slowMs = SLOW_ENQUEUE_MS): Coalescer {
  const inFlight = new Set<string>();
  return {
    run: async (feedId, slot, enqueue) => {
      if (inFlight.has(feedId)) return false;
      inFlight.add(feedId);
      const slow = setTimeout(() => {
        logger.error(
          {
            event: LOG_EVENTS.pollEnqueueFailed,
            feedId,
            slot,
            err: {
              code: 'REDIS_UNAVAILABLE',
              message: `Redis has not taken the poll for ${new Date(slot).toISOString()} within ${slowMs} ms`,
            },
          },
          `feed ${feedId}: poll not enqueued yet; later ticks are folded into it until Redis is back`,
        );
      }, slowMs);
      slow.unref();
      try {
        await enqueue();
        return true;
      } finally {
        clearTimeout(slow);
        inFlight.delete(feedId);
      }
    },
  };
}
