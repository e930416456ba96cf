/**
 * `policy-watch chart CLAIM [--out FILE]`: the claim's timeline chart as a standalone SVG, for reports and
 * tickets — the chart the status page shows (views/chart-input.ts, chart/), drawn from the history and
 * evidence that `history` and `evidence` print, as of now. Written to FILE, or to standard output when
 * there is no `--out` or it is `-`; a file that cannot be written is one line and exit 1.
 */
import { writeFileSync } from 'node:fs';
import type { Runtime } from '../../app/open.js';
import { renderChart } from '../../chart/index.js';
import type { ClaimConfig } from '../../config/claims-schema.js';
import { toPolicyWatchError } from '../../errors.js';
import { chartInputOf } from '../../views/chart-input.js';
import { readClaimDetail } from '../../views/read.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';

export interface ChartCommandOptions {
  /** The SVG file to write; undefined or '-' for standard output. */
  out?: string | undefined;
}

export async function chartCommand(
  runtime: Runtime,
  claim: ClaimConfig,
  options: ChartCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const detail = await readClaimDetail(runtime, claim);
  const now = runtime.clock.now();
  const svg = renderChart(chartInputOf(claim, detail, now), { standalone: true });
  if (options.out === undefined || options.out === '-') {
    io.out(svg);
    return EXIT.ok;
  }
  try {
    writeFileSync(options.out, `${svg}\n`);
  } catch (thrown) {
    io.err(`policy-watch: cannot write ${options.out}: ${toPolicyWatchError(thrown).message}`);
    return EXIT.inputFailed;
  }
  const changes = detail.history.length;
  const items = detail.evidence.length;
  io.out(
    `${options.out}: ${claim.id}, ${changes} status ${changes === 1 ? 'change' : 'changes'}, ${items} evidence ${items === 1 ? 'item' : 'items'}, as of ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  );
  return EXIT.ok;
}
