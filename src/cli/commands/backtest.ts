/**
 * `policy-watch backtest [--since DATE] [--claim ID] [--json]`: tries the claims in the config directory
 * (`--config DIR`: a draft) on the recent items archive and prints, per claim, the timeline the draft would
 * have drawn next to the recorded one, and the items it gains and loses (backtest/run.ts). Read-only.
 * `--json`: one line per claim, `{claim, title, recorded, draft, same, gains, loses}`.
 */

import type { Runtime } from '../../app/open.js';
import type { ClaimBacktest } from '../../backtest/compare.js';
import { type BacktestOptions, runBacktest } from '../../backtest/run.js';
import type { ChangeView, EvidenceView } from '../../views/views.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';
import { minuteCell } from '../time-cell.js';

export interface BacktestCommandOptions extends BacktestOptions {
  json: boolean;
}

const changeLine = (change: ChangeView | undefined) =>
  change ? `${minuteCell(change.at)}  ${change.from} → ${change.to} (${change.trigger})` : '';
const itemLine = (item: EvidenceView) =>
  `    ${minuteCell(item.published ?? item.firstSeenAt)}  ${item.direction.padEnd(9)} ${item.source}: ${item.title}`;

function printClaim(report: ClaimBacktest, io: CliIo): void {
  io.out(`${report.claim} — ${report.title}: ${report.same ? 'the same timeline' : 'a different timeline'}`);
  const rows = Math.max(report.recorded.length, report.draft.length);
  const width = Math.max(8, ...report.recorded.map((change) => changeLine(change).length));
  io.out(`  ${'recorded'.padEnd(width)}   draft`);
  for (let i = 0; i < rows; i++) {
    io.out(`  ${changeLine(report.recorded[i]).padEnd(width)}   ${changeLine(report.draft[i])}`);
  }
  if (rows === 0) io.out('  (no changes on either side)');
  io.out(`  gains ${report.gains.length} item(s)${report.gains.length > 0 ? ':' : ''}`);
  for (const item of report.gains) io.out(itemLine(item));
  io.out(`  loses ${report.loses.length} item(s)${report.loses.length > 0 ? ':' : ''}`);
  for (const item of report.loses) io.out(itemLine(item));
}

export async function backtestCommand(
  runtime: Runtime,
  options: BacktestCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  if (options.claimId && !runtime.config.claims.some((claim) => claim.id === options.claimId)) {
    const known = runtime.config.claims.map((claim) => claim.id).join(', ');
    io.err(`policy-watch: the draft has no claim "${options.claimId}" (it has: ${known})`);
    return EXIT.usage;
  }
  const report = await runBacktest(runtime, options);
  if (options.json) {
    for (const claim of report.claims) io.out(JSON.stringify(claim));
    return EXIT.ok;
  }
  if (report.polls === 0) {
    io.out(
      'the recent items archive is empty: a running daemon fills it as it polls (archive_days in feeds.yaml)',
    );
    return EXIT.ok;
  }
  const from = minuteCell(new Date(options.sinceMs ?? report.fromMs ?? 0).toISOString());
  io.out(
    `${report.items} archived item(s) from ${report.polls} poll(s) since ${from} UTC, matched with ${runtime.config.dir}`,
  );
  for (const claim of report.claims) {
    io.out('');
    printClaim(claim, io);
  }
  return EXIT.ok;
}
