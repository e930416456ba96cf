/**
 * Webhook POST benchmark (`npm run bench:post`): prints figures, asserts nothing. The CPU this process
 * spends per POST of one signed evidence event — through postEvent (src/alerts/deliver.ts over post.ts:
 * node:http with a keep-alive agent) and through fetch() with the same URL, headers and body, as
 * postEvent did before — to a receiver in a child process (its CPU is not counted), 4 requests in flight,
 * in turns, the median of ROUNDS rounds each.
 *
 * Why it matters: a daemon delivering a burst of evidence alerts is CPU-bound (docs/benchmarks.md,
 * `npm run bench`); what one POST costs is paid once per event per webhook.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { eventBody, postEvent, requestHeaders } from '../../src/alerts/deliver.js';
import type { AlertEvent, EvidenceAddedData } from '../../src/alerts/types.js';
import { webhookSchema, withSecret } from '../../src/config/webhooks-schema.js';
import { newWebhookSecret } from '../../src/replay/receiver.js';
import { fmt, machineInfo, median } from './measure.js';

const POSTS = 3_000;
const IN_FLIGHT = 4;
const ROUNDS = 5;

const RECEIVER = `
const http = require('node:http');
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => res.writeHead(204).end()); });
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

const child = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
// Also when the script fails: the receiver would otherwise outlive it.
process.on('exit', () => child.kill());
const [firstLine] = (await once(child.stdout, 'data')) as [Buffer];
const url = `http://127.0.0.1:${firstLine.toString().trim()}/hooks/policy-watch`;

const webhook = withSecret(
  webhookSchema.parse({ id: 'bench', url, events: ['claim.evidence_added'], secret_env: 'PW_BENCH_SECRET' }),
  newWebhookSecret(),
);
const event: AlertEvent<EvidenceAddedData> = {
  id: 'rare-earths:bench-story',
  type: 'claim.evidence_added',
  timestamp: '2025-06-12T08:00:00.000Z',
  data: {
    claim: {
      id: 'rare-earths',
      title: 'Rare earth exports to the US resume',
      question: 'Does the call restart the flow of rare earth elements and magnets from China to the US?',
    },
    evidence: {
      id: 'rare-earths:bench-story',
      title: 'China approves more rare earth export licences for US carmakers',
      link: 'https://news.example/rare-earths/approvals',
      source: 'Example Wire',
      published: '2025-06-12T07:40:00.000Z',
      direction: 'progress',
      terms: ['rare earth*', 'china', 'licen?e* ↑ approve → progress'],
    },
  },
};

async function viaPostEvent(): Promise<void> {
  const attempt = await postEvent(webhook, event);
  if (attempt.outcome !== 'delivered') throw new Error(`postEvent: ${attempt.outcome}`);
}

async function viaFetch(): Promise<void> {
  const body = eventBody(event, webhook.format);
  const headers = requestHeaders(webhook, event, body, new Date());
  const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual' });
  await response.arrayBuffer();
  if (response.status !== 204) throw new Error(`fetch: HTTP ${response.status}`);
}

/** CPU milliseconds of this process per POST over one round of POSTS. */
async function cpuPerPost(post: () => Promise<void>): Promise<number> {
  const started = process.cpuUsage();
  let sent = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (sent++ < POSTS) await post();
    }),
  );
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000 / POSTS;
}

console.log(`policy-watch webhook POST benchmark — ${machineInfo()}`);
const runs = { postEvent: [] as number[], fetch: [] as number[] };
for (let round = 0; round < ROUNDS + 1; round++) {
  // The first round warms both up and is not counted; the order alternates, as in timeInterleaved.
  const order = round % 2 === 0 ? (['postEvent', 'fetch'] as const) : (['fetch', 'postEvent'] as const);
  for (const label of order) {
    const ms = await cpuPerPost(label === 'postEvent' ? viaPostEvent : viaFetch);
    if (round > 0) runs[label].push(ms);
  }
}
const ours = median(runs.postEvent);
const theirs = median(runs.fetch);
console.log(
  `${fmt(POSTS, 0)} POSTs a round, ${IN_FLIGHT} in flight, median of ${ROUNDS} rounds (CPU of this process):`,
);
console.log(`  postEvent (node:http, keep-alive): ${fmt(ours, 3)} ms per POST`);
console.log(
  `  fetch(), same request:             ${fmt(theirs, 3)} ms per POST  (${fmt(theirs / ours, 1)}× postEvent)`,
);
child.kill();
