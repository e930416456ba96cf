/**
 * `policy-watch dismiss CLAIM EVIDENCE_ID --note TEXT [--json]`: an operator marks a piece of evidence as
 * wrongly matched (operator/dismiss-evidence.ts). Prints what became of the claim; an id the claim does not
 * hold is a usage error (exit 2); dismissing again changes nothing and exits 0.
 */

import type { Runtime } from '../../app/open.js';
import type { ClaimConfig } from '../../config/claims-schema.js';
import { cliOperator, dismissEvidence } from '../../operator/dismiss-evidence.js';
import { changeView } from '../../views/views.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';

export interface DismissCommandOptions {
  evidenceId: string;
  note: string;
  json: boolean;
}

export async function dismissCommand(
  runtime: Runtime,
  claim: ClaimConfig,
  options: DismissCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const { evidenceId } = options;
  const outcome = await dismissEvidence(runtime, claim, evidenceId, options.note, cliOperator());
  if (outcome.kind === 'unknown') {
    io.err(
      `policy-watch: claim ${claim.id} holds no evidence "${evidenceId}" (see: policy-watch evidence ${claim.id})`,
    );
    return EXIT.usage;
  }
  if (outcome.kind === 'unchanged') {
    const { at, by, note } = outcome.dismissed;
    const message = `evidence ${evidenceId} was already dismissed by ${by} at ${at} (${note}); nothing changed`;
    if (options.json) io.err(`policy-watch: ${message}`);
    else io.out(message);
    return EXIT.ok;
  }
  const change = outcome.change ? changeView(outcome.change) : null;
  if (options.json) {
    io.out(JSON.stringify({ claim: claim.id, evidence: evidenceId, status: outcome.status, change }));
  } else if (change) {
    io.out(
      `${claim.id}: ${change.from} → ${change.to} (seq ${change.seq}, operator): evidence ${evidenceId} dismissed`,
    );
  } else {
    io.out(`${claim.id}: evidence ${evidenceId} dismissed; the claim stays ${outcome.status}`);
  }
  return EXIT.ok;
}
