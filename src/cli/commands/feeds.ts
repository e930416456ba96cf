/**
 * `policy-watch feeds [--json]`: every configured feed's health record, in config order. A feed never
 * polled shows no outcome and zero failures. URLs are printed without their query string.
 */
import type { Runtime } from '../../app/open.js';
import { readFeedViews } from '../../views/read.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';
import { formatTable } from '../table.js';
import { minuteCell } from '../time-cell.js';

export interface FeedsCommandOptions {
  json: boolean;
}

export async function feedsCommand(
  runtime: Runtime,
  options: FeedsCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const views = await readFeedViews(runtime);
  if (options.json) {
    for (const view of views) io.out(JSON.stringify(view));
    return EXIT.ok;
  }
  const table = formatTable(views, [
    { header: 'FEED', value: (view) => view.id },
    { header: 'OUTCOME', value: (view) => view.lastOutcome ?? 'never polled' },
    { header: 'FAILURES', value: (view) => String(view.consecutiveFailures) },
    { header: 'LAST SUCCESS', value: (view) => minuteCell(view.lastSuccessAt) },
    { header: 'NEXT POLL', value: (view) => (view.nextPollAt ? minuteCell(view.nextPollAt) : 'on schedule') },
    {
      header: 'LAST ERROR',
      value: ({ lastError }) => (lastError ? `${lastError.code}: ${lastError.message}` : '-'),
      maxWidth: 70,
    },
  ]);
  for (const row of table) io.out(row);
  return EXIT.ok;
}
