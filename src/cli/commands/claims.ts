/**
 * `policy-watch claims [--json]`: every configured claim's current status, in config order, with the tally
 * of its last derivation and its last change. A claim never written reads as `open` with nulls.
 */
import type { ChangeRecord } from '../../claims/index.js';
import type { Runtime } from '../../runtime/open.js';
import { type ClaimView, claimView } from '../../runtime/views.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';
import { formatTable } from '../table.js';
import { dayCell } from '../time-cell.js';

export interface ClaimsCommandOptions {
  json: boolean;
}

/** The views `claims` prints; the HTTP API's GET /api/claims returns the same list. */
export async function readClaimViews(runtime: Runtime): Promise<ClaimView[]> {
  const claims = runtime.config.claims;
  const states = await runtime.ledger.listStates(claims.map((claim) => claim.id));
  // The ledger has no "last change" read; histories are short (one record per status change).
  const histories = await Promise.all(claims.map((claim) => runtime.ledger.getHistory(claim.id)));
  return claims.flatMap((claim, index) => {
    const state = states[index];
    const lastChange: ChangeRecord | undefined = histories[index]?.at(-1);
    return state ? [claimView(claim, state, lastChange)] : [];
  });
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
