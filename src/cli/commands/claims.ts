/**
 * `policy-watch claims [--json]`: every configured claim's current status, in config order, with the tally
 * of its last derivation and its last change. A claim never written reads as `open` with nulls.
 */
import type { Runtime } from '../../app/open.js';
import { readClaimViews } from '../../views/read.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';
import { formatTable } from '../table.js';
import { dayCell } from '../time-cell.js';

export interface ClaimsCommandOptions {
  json: boolean;
}

export async function claimsCommand(
  runtime: Runtime,
  options: ClaimsCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const views = await readClaimViews(runtime);
  if (options.json) {
    for (const view of views) io.out(JSON.stringify(view));
    return EXIT.ok;
  }
  const table = formatTable(views, [
    { header: 'CLAIM', value: (view) => view.id },
    { header: 'STATUS', value: (view) => view.status },
    { header: 'P', value: (view) => String(view.tally?.progress ?? '-') },
    { header: 'S', value: (view) => String(view.tally?.setback ?? '-') },
    { header: 'SOURCES', value: (view) => String(view.tally?.sources ?? '-') },
    {
      header: 'LAST CHANGE',
      value: ({ lastChange }) =>
        lastChange ? `${dayCell(lastChange.at)} ${lastChange.from}→${lastChange.to}` : '-',
    },
    { header: 'TITLE', value: (view) => view.title, maxWidth: 70 },
  ]);
  for (const row of table) io.out(row);
  return EXIT.ok;
}
