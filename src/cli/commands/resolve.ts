/**
 * `policy-watch resolve CLAIM --status S --note TEXT [--json]`: an operator sets a claim's status
 * (operator/resolve-claim.ts). Asking for the status the claim already has writes nothing and exits 0.
 */

import type { Runtime } from '../../app/open.js';
import { CLAIM_STATUSES, type ClaimStatus, isClaimStatus } from '../../claims/index.js';
import type { ClaimConfig } from '../../config/claims-schema.js';
import { resolveClaim } from '../../operator/resolve-claim.js';
import { changeView } from '../../views/views.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';

export interface ResolveCommandOptions {
  status: ClaimStatus;
  note: string;
  json: boolean;
}

/** The operator's status and note, checked before anything else; a string is the usage error line. */
export function parseResolveInput(
  status: string,
  note: string,
): { status: ClaimStatus; note: string } | string {
  if (!isClaimStatus(status)) {
    return `policy-watch: "${status}" is not a status; valid statuses: ${CLAIM_STATUSES.join(', ')}`;
  }
  if (note.trim() === '')
    return 'policy-watch: --note must say why the status changes (it is kept in the history)';
  return { status, note };
}

export async function resolveCommand(
  runtime: Runtime,
  claim: ClaimConfig,
  options: ResolveCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const outcome = await resolveClaim(runtime, claim, options.status, options.note);
  if (outcome.kind === 'unchanged') {
    // Nothing was written; JSON mode keeps stdout for change records only.
    if (options.json) io.err(`policy-watch: ${outcome.message}; nothing changed`);
    else io.out(`${outcome.message}; nothing changed`);
    return EXIT.ok;
  }
  const change = changeView(outcome.change);
  if (options.json) io.out(JSON.stringify(change));
  else io.out(`${change.claim}: ${change.from} → ${change.to} (seq ${change.seq}, operator): ${change.note}`);
  return EXIT.ok;
}
