/**
 * Receiver isolation benchmark (`npm run bench:receivers`): a healthy receiver's delivery latency alone,
 * then with a hung receiver beside it (it accepts each connection and never answers), in the same run, on a
 * real Redis (REDIS_URL) under a fresh prefix per scenario, with the production delivery processor and
 * workers in this process. Each scenario enqueues EVENTS `feed.failing` events at RATE per second to every
 * subscribed webhook (enqueueAlert); latency runs from an event's enqueueing to its arrival at the healthy
 * receiver, which answers 200 at once after verifying the signature.
 *
 *   alone         the healthy webhook only;
 *   beside hung   a second webhook on a hung receiver (production timeout_ms 10 s, retries and concurrency);
 *   shared queue  the design before: both webhooks' jobs on ONE queue with 8 workers (emulated with the same
 *                 processor), for comparison; it gives up waiting after SHARED_WAIT_MS.
 *
 * Target: the healthy receiver's p99 beside the hung one within 2× of its p99 alone.
 */
import { randomBytes } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { pipelineProcessors } from '../../src/app/processors.js';
import { alertBackoff } from '../../src/delivery/backoff.js';
import { enqueueAlert } from '../../src/delivery/dispatch.js';
import { createLogger } from '../../src/log.js';
import { JOB_NAMES, jobIds } from '../../src/queue/names.js';
import { createWorkers } from '../../src/queue/workers.js';
import { describeRedis } from '../../src/redis/connection.js';
import { newWebhookSecret, startWebhookReceiver } from '../../src/replay/receiver.js';
import { openReplay } from '../support/news-replay-run.js';
import { type Subscription, secretEnvName, webhooksYaml } from '../support/webhooks-yaml.js';
import { cleanupsOnExit } from './cleanups.js';
import { fmt, machineInfo, verdict } from './measure.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 300);
const RATE_PER_S = Number(process.env.BENCH_RATE ?? 30);
const SHARED_WAIT_MS = 30_000;
/** What the old shared `alerts` queue ran at once per process. */
const SHARED_CONCURRENCY = 8;
const PRODUCTION_RETRY = { attempts: 8, base_delay_ms: 30_000, max_delay_ms: 1_800_000 };

type Scenario = 'alone' | 'beside hung' | 'shared queue';

interface Figures {
  scenario: Scenario;
  /** Sorted; an event still undelivered when the scenario gave up counts as Infinity. */
  latenciesMs: number[];
  delivered: number;
  hungRequests: number;
}

const cleanups = cleanupsOnExit();

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const ms = (value: number) =>
  Number.isFinite(value) ? `${fmt(value, 0)} ms` : `> ${fmt(SHARED_WAIT_MS, 0)} ms`;

async function runScenario(scenario: Scenario): Promise<Figures> {
  const secretEnv = secretEnvName('bench-receivers');
  const secret = newWebhookSecret();
  process.env[secretEnv] = secret;
  const healthy = await startWebhookReceiver({ secret });
  const hung = await startWebhookReceiver({ secret });
  await hung.setMode('hang');
  const events = ['feed.failing'];
  const production = { secretEnv, events, timeoutMs: 10_000, retry: PRODUCTION_RETRY };
  const subscriptions: Subscription[] = [{ id: 'healthy', url: healthy.url, ...production }];
  if (scenario !== 'alone') subscriptions.push({ id: 'hung', url: hung.url, ...production });
  const logger = createLogger({ level: 'silent' });
  const replay = await openReplay('bench-receivers', {}, { webhooks: webhooksYaml(subscriptions), logger });
  const { runtime } = replay;
  const backoffStrategy = alertBackoff(() => runtime.config.webhooks);
  const { alerts } = pipelineProcessors(runtime);
  const connection = runtime.bullConnection;
  const shared =
    scenario === 'shared queue'
      ? new Queue('bench-shared-alerts', { connection, prefix: runtime.keys.bullPrefix })
      : undefined;
  const workers = shared
    ? [
        new Worker(shared.name, alerts, {
          connection,
          prefix: runtime.keys.bullPrefix,
          concurrency: SHARED_CONCURRENCY,
          settings: { backoffStrategy },
        }),
      ]
    : createWorkers(
        connection,
        runtime.keys,
        { alerts },
        {
          backoffStrategy,
          webhooks: runtime.config.webhooks,
          legacy: false,
        },
      ).workers;

  // Also on Ctrl-C (cleanups.ts): no keys, servers or workers left behind.
  let tornDown: Promise<void> | undefined;
  const teardown = () => {
    tornDown ??= (async () => {
      await Promise.all(workers.map((worker) => worker.close(true)));
      await shared?.close();
      await hung.close();
      await healthy.close();
      await replay.close();
      delete process.env[secretEnv];
    })();
    return tornDown;
  };
  cleanups.push({ name: `scenario ${scenario}`, run: teardown });

  const sentAt = new Map<string, number>();
  const started = Date.now();
  try {
    for (let i = 0; i < EVENTS; i++) {
      const event = {
        id: `bench:${randomBytes(4).toString('hex')}:${i}`,
        type: 'feed.failing' as const,
        timestamp: new Date().toISOString(),
        data: { webhook: 'bench', message: `event ${i}` },
      };
      sentAt.set(event.id, Date.now());
      if (shared) {
        await shared.addBulk(
          runtime.config.webhooks.map((webhook) => ({
            name: JOB_NAMES.deliverAlert,
            data: { webhookId: webhook.id, event },
            opts: {
              jobId: jobIds.alert(webhook.id, event.id),
              attempts: webhook.retry.attempts,
              backoff: { type: 'webhook' },
            },
          })),
        );
      } else {
        await enqueueAlert(runtime, event);
      }
      const next = started + ((i + 1) * 1000) / RATE_PER_S;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
    }
    const wait = shared ? SHARED_WAIT_MS : 120_000;
    await healthy
      .waitFor(() => healthy.requests.length >= EVENTS, wait, 'every event')
      .catch(() => {
        if (!shared)
          throw new Error(`${scenario}: the healthy receiver got ${healthy.requests.length} of ${EVENTS}`);
      });
    const arrived = new Map(healthy.requests.map((request) => [request.webhookId ?? '', request.at]));
    const latenciesMs = [...sentAt].map(([id, at]) => (arrived.get(id) ?? Number.POSITIVE_INFINITY) - at);
    return {
      scenario,
      latenciesMs: latenciesMs.sort((a, b) => a - b),
      delivered: arrived.size,
      hungRequests: hung.requests.length,
    };
  } finally {
    await teardown();
  }
}

function line(f: Figures): string {
  const l = f.latenciesMs;
  const hung = f.scenario === 'alone' ? '' : ` · hung receiver: ${f.hungRequests} requests, none answered`;
  return (
    `  ${f.scenario.padEnd(13)} p50 ${ms(percentile(l, 50))} · p99 ${ms(percentile(l, 99))} · ` +
    `max ${ms(l.at(-1) ?? Number.NaN)} · ${f.delivered} of ${l.length} delivered${hung}`
  );
}

async function main(): Promise<void> {
  console.log(`policy-watch receiver isolation benchmark — ${machineInfo()}`);
  console.log(
    `redis: ${describeRedis()} · ${EVENTS} events at ${RATE_PER_S}/s per scenario, healthy receiver's latency ` +
      '(enqueued → arrived)',
  );
  const figures: Figures[] = [];
  for (const scenario of ['alone', 'beside hung', 'shared queue'] as const) {
    figures.push(await runScenario(scenario));
    console.log(line(figures.at(-1) as Figures));
  }
  const [alone, beside] = figures as [Figures, Figures];
  const ratio = (p: number) => percentile(beside.latenciesMs, p) / percentile(alone.latenciesMs, p);
  console.log(
    `  beside hung / alone: p50 ${fmt(ratio(50), 2)}× · p99 ${fmt(ratio(99), 2)}× — target p99 within 2×: ` +
      verdict(ratio(99) <= 2),
  );
}

main()
  .then(() => cleanups.run())
  .catch(async (error: unknown) => {
    console.error(error);
    await cleanups.run();
    process.exitCode = 1;
  });
