/**
 * `policy-watch history CLAIM [--json]`: the claim's change records, oldest first. With --json, one change
 * record per line in DESIGN.md's shape: the answer to "why did this flip?".
 */

import type { Runtime } from '../../app/open.js';
import type { ClaimConfig } from '../../config/claims-schema.js';
import { readHistoryViews } from '../../views/read.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';
import { formatTable } from '../table.js';
import { minuteCell } from '../time-cell.js';

export interface HistoryCommandOptions {
  json: boolean;
}

export async function historyCommand(
  runtime: Runtime,
  claim: ClaimConfig,
  options: HistoryCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const changes = await readHistoryViews(runtime, claim.id);
  if (options.json) {
    for (const change of changes) io.out(JSON.stringify(change));
    return EXIT.ok;
  }
  if (changes.length === 0) {
    io.out(`${claim.id}: no status changes yet`);
    return EXIT.ok;
  }
  const table = formatTable(changes, [
    { header: 'SEQ', value: (change) => String(change.seq) },
    { header: 'AT', value: (change) => minuteCell(change.at) },
    { header: 'FROM → TO', value: (change) => `${change.from} → ${change.to}` },
    { header: 'TRIGGER', value: (change) => change.trigger },
    {
      header: 'P/S/SOURCES',
      value: ({ tally }) => `${tally.progress}/${tally.setback}/${tally.sources}`,
    },
    { header: 'NOTE', value: (change) => change.note ?? '-', maxWidth: 80 },
  ]);
  for (const row of table) io.out(row);
  return EXIT.ok;
}
