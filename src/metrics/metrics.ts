/**
 * The daemon's Prometheus metrics, on a Registry of its own: never prom-client's global one, so two
 * runtimes in one process (tests, the demo) neither share counts nor clash on names.
 *
 * Two kinds:
 * - counters and the fetch-duration histogram, bumped by the jobs through the typed methods below;
 * - gauges read from Redis at scrape time (queue depths, dead letters, failing feeds). They answer once a
 *   `ScrapeSource` is attached with `observe()`, which the HTTP server does, together with prom-client's
 *   default process metrics (so a CLI command that opens a runtime starts no event-loop monitor).
 * A scrape-time read that fails (Redis away) does not fail the scrape: the queue gauge has no samples and
 * the two single-value gauges read NaN, never a reassuring 0.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ClaimStatus } from '../claims/index.js';
import type { FetchOutcome } from '../feeds/index.js';
import type { Direction } from '../match/types.js';

export type PollMetricOutcome = FetchOutcome['kind'] | 'skipped';
export type DeliveryMetricOutcome = 'delivered' | 'retrying' | 'dead_lettered';

/** The BullMQ job states the queue-depth gauge reports. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** What the scrape-time gauges read; each call may reject (Redis down), which empties that gauge only. */
export interface ScrapeSource {
  /** By queue name: the pipeline's (QueueName) and each configured webhook's `deliver-alert-<id>`. */
  queueDepths(): Promise<Record<string, Record<QueueState, number>>>;
  /** Failed alert delivery jobs still kept, over every webhook's queue: the dead letters `dlq list` shows. */
  deadLetters(): Promise<number>;
  /** Feeds with at least `failing_after` consecutive failures. */
  feedsFailing(): Promise<number>;
}

/** Every metric name, for docs/operations.md and the tests. */
export const METRIC_NAMES = {
  polls: 'policy_watch_polls_total',
  fetchDuration: 'policy_watch_fetch_duration_seconds',
  itemsParsed: 'policy_watch_items_parsed_total',
  matches: 'policy_watch_matches_total',
  statusChanges: 'policy_watch_status_changes_total',
  deliveries: 'policy_watch_deliveries_total',
  deadLetters: 'policy_watch_dead_letters',
  queueJobs: 'policy_watch_queue_jobs',
  feedsFailing: 'policy_watch_feeds_failing',
} as const;

// Feed fetches run from tens of milliseconds (a 304 nearby) to the 30 s default timeout.
const FETCH_BUCKETS_S = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class Metrics {
  readonly registry = new Registry();
  private source: ScrapeSource | undefined;
  private readonly polls: Counter<'outcome'>;
  private readonly fetchDuration: Histogram<'outcome'>;
  private readonly items: Counter;
  private readonly matches: Counter<'claim' | 'direction'>;
  private readonly changes: Counter<'claim' | 'to'>;
  private readonly deliveries: Counter<'outcome'>;

  constructor() {
    const registers = [this.registry];
    this.polls = new Counter({
      name: METRIC_NAMES.polls,
      help: 'Feed polls by outcome (fetched, not-modified, failed, skipped).',
      labelNames: ['outcome'],
      registers,
    });
    this.fetchDuration = new Histogram({
      name: METRIC_NAMES.fetchDuration,
      help: 'Duration of feed fetches (conditional GET, redirects and body included), by outcome.',
      labelNames: ['outcome'],
      buckets: FETCH_BUCKETS_S,
      registers,
    });
    this.items = new Counter({
      name: METRIC_NAMES.itemsParsed,
      help: 'Items parsed from fetched feed bodies.',
      registers,
    });
    this.matches = new Counter({
      name: METRIC_NAMES.matches,
      help: 'New items that matched a claim, by claim and direction.',
      labelNames: ['claim', 'direction'],
      registers,
    });
    this.changes = new Counter({
      name: METRIC_NAMES.statusChanges,
      help: 'Claim status changes recorded by this process, by claim and new status.',
      labelNames: ['claim', 'to'],
      registers,
    });
    this.deliveries = new Counter({
      name: METRIC_NAMES.deliveries,
      help: 'Webhook delivery attempts by outcome (delivered, retrying, dead_lettered).',
      labelNames: ['outcome'],
      registers,
    });
    this.scrapeGauges(registers);
  }

  pollFinished(outcome: PollMetricOutcome, durationMs?: number): void {
    this.polls.inc({ outcome });
    if (durationMs !== undefined) this.fetchDuration.observe({ outcome }, durationMs / 1_000);
  }

  itemsParsed(count: number): void {
    if (count > 0) this.items.inc(count);
  }

  matched(claim: string, direction: Direction): void {
    this.matches.inc({ claim, direction });
  }

  statusChanged(claim: string, to: ClaimStatus): void {
    this.changes.inc({ claim, to });
  }

  delivery(outcome: DeliveryMetricOutcome): void {
    this.deliveries.inc({ outcome });
  }

  /** Attaches the scrape-time reads and, the first time, prom-client's process metrics. */
  observe(source: ScrapeSource): void {
    if (!this.source) collectDefaultMetrics({ register: this.registry });
    this.source = source;
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private scrapeGauges(registers: Registry[]): void {
    const read = async <T>(gauge: { reset(): void }, get: (source: ScrapeSource) => Promise<T>) => {
      gauge.reset();
      if (!this.source) return undefined;
      try {
        return await get(this.source);
      } catch {
        return undefined;
      }
    };
    const deadLetters: Gauge = new Gauge({
      name: METRIC_NAMES.deadLetters,
      help: 'Alert deliveries that failed for good and are kept for `dlq list` / `dlq retry`.',
      registers,
      collect: async () => {
        deadLetters.set((await read(deadLetters, (source) => source.deadLetters())) ?? Number.NaN);
      },
    });
    const queueJobs: Gauge<'queue' | 'state'> = new Gauge({
      name: METRIC_NAMES.queueJobs,
      help: 'Jobs per BullMQ queue and state (waiting, active, delayed, failed).',
      labelNames: ['queue', 'state'],
      registers,
      collect: async () => {
        const depths = await read(queueJobs, (source) => source.queueDepths());
        for (const [queue, counts] of Object.entries(depths ?? {})) {
          for (const state of QUEUE_STATES) queueJobs.set({ queue, state }, counts[state]);
        }
      },
    });
    const feedsFailing: Gauge = new Gauge({
      name: METRIC_NAMES.feedsFailing,
      help: 'Feeds whose consecutive failures reached failing_after (webhooks.yaml).',
      registers,
      collect: async () => {
        feedsFailing.set((await read(feedsFailing, (source) => source.feedsFailing())) ?? Number.NaN);
      },
    });
  }
}
