/**
 * `policy-watch evidence CLAIM [--json]`: the claim's evidence, newest first (by evidence time, as the
 * ledger orders it), with the terms that hit as the explanation, and the short ref `dismiss` accepts. A
 * dismissed item stays listed, marked; `--json` carries who dismissed it, when and why.
 */

import type { Runtime } from '../../app/open.js';
import type { ClaimConfig } from '../../config/claims-schema.js';
import { readEvidenceViews } from '../../views/read.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';
import { formatTable } from '../table.js';
import { dayCell } from '../time-cell.js';

export interface EvidenceCommandOptions {
  json: boolean;
}

export async function evidenceCommand(
  runtime: Runtime,
  claim: ClaimConfig,
  options: EvidenceCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const records = await readEvidenceViews(runtime, claim.id);
  if (options.json) {
    for (const record of records) io.out(JSON.stringify(record));
    return EXIT.ok;
  }
  if (records.length === 0) {
    io.out(`${claim.id}: no evidence yet`);
    return EXIT.ok;
  }
  const table = formatTable(records, [
    { header: 'REF', value: (record) => record.ref },
    { header: 'PUBLISHED', value: (record) => dayCell(record.published ?? record.firstSeenAt) },
    {
      header: 'DIRECTION',
      value: (record) => (record.dismissed ? `${record.direction} (dismissed)` : record.direction),
    },
    { header: 'SOURCE', value: (record) => record.source, maxWidth: 24 },
    { header: 'TITLE', value: (record) => record.title, maxWidth: 70 },
    { header: 'TERMS', value: (record) => record.terms.join(', '), maxWidth: 50, keep: 'end' },
  ]);
  for (const row of table) io.out(row);
  return EXIT.ok;
}
