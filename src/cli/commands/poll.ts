/**
 * `policy-watch poll [--feed ID] [--wait] [--json]`: poll now. Without --wait it only enqueues (a running
 * daemon picks the jobs up); with --wait it returns when the polls and their evidence are processed,
 * running the workers itself when no daemon is attached. Exit 1 when a feed failed or a job failed.
 */
import type { PollResult } from '../../../jobs/poll-feed.js';
import type { Runtime } from '../../app/open.js';
import { pollNow } from '../../operator/poll-now.js';
import type { FinishedJob } from '../../operator/wait-for-jobs.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';
import { formatTable } from '../table.js';

export interface PollCommandOptions {
  feedIds: string[];
  wait: boolean;
  json: boolean;
}

function pollLine(feedId: string, jobId: string, finished?: FinishedJob<PollResult>) {
  const result = finished?.result;
  return {
    feedId,
    jobId,
    outcome: finished ? (result?.outcome ?? `job ${finished.state}`) : 'enqueued',
    reason: result?.reason ?? finished?.failedReason ?? null,
    items: result?.items ?? null,
    unseen: result?.unseen ?? null,
    /** Matches among the new items: what the feed gave as evidence, whichever feed recorded a story first. */
    evidence: result?.matches ?? null,
    /** Of those, the stories new to their claim with this poll. */
    recorded: result?.recorded ?? null,
  };
}

export async function pollCommand(
  runtime: Runtime,
  options: PollCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const result = await pollNow(runtime, { feedIds: options.feedIds, wait: options.wait });
  if (!options.wait && (await runtime.queues.poll.getWorkersCount()) === 0) {
    // "enqueued" alone would read as done: say that nothing will run them yet.
    io.err(
      `policy-watch: no daemon is running against this Redis and prefix (${runtime.keys.prefix}): ` +
        'the polls wait in the queue until one starts; poll --wait runs them now',
    );
  }
  const lines = options.feedIds.map((feedId, index) =>
    pollLine(feedId, result.pollJobIds[index] ?? '', result.polls?.[index]),
  );
  if (options.json) {
    for (const line of lines) io.out(JSON.stringify(line));
  } else {
    const table = formatTable(lines, [
      { header: 'FEED', value: (line) => line.feedId },
      {
        header: 'OUTCOME',
        value: (line) => (line.reason ? `${line.outcome} (${line.reason})` : line.outcome),
      },
      { header: 'ITEMS', value: (line) => String(line.items ?? '-') },
      { header: 'NEW', value: (line) => String(line.unseen ?? '-') },
      { header: 'EVIDENCE', value: (line) => String(line.evidence ?? '-') },
    ]);
    for (const row of table) io.out(row);
    if (result.derivations) {
      const changes = result.derivations.filter((job) => job.result?.change).length;
      io.out(`${result.derivations.length} claim(s) derived, ${changes} status change(s)`);
    }
  }
  const failedJobs = [...(result.polls ?? []), ...(result.derivations ?? [])].some(
    (job) => job.state !== 'completed',
  );
  const failedFeeds = lines.some((line) => line.outcome === 'failed');
  return failedJobs || failedFeeds ? EXIT.inputFailed : EXIT.ok;
}
