/**
 * `POST /api/claims/:id/evidence/:eid/dismiss` with `{"note": "why"}`: the analyst's correction over HTTP,
 * the same as `policy-watch dismiss` (operator/dismiss-evidence.ts). Only when PW_HTTP_TOKEN is set — a
 * write must never be open to whoever reaches the port — so without one it is a 403. Answers 200 with
 * `{claim, evidence, status, change}` (change null when the status stayed; `unchanged: true` when it was
 * dismissed before), 404 for an unknown claim or evidence id, 400 for a body without a note.
 */
import type { PipelineDeps } from '../app/deps.js';
import { dismissEvidence } from '../operator/dismiss-evidence.js';
import { changeView } from '../views/views.js';
import { PayloadTooLargeError } from './body.js';
import { errorReply, jsonReply, notFound, type Reply } from './reply.js';

export interface DismissRequest {
  deps: PipelineDeps;
  params: Record<string, string>;
  tokenSet: boolean;
  body(): Promise<string>;
}

async function noteOf(request: DismissRequest): Promise<string | Reply> {
  let text: string;
  try {
    text = await request.body();
  } catch (error) {
    if (error instanceof PayloadTooLargeError) return errorReply('PAYLOAD_TOO_LARGE', error.message);
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return errorReply('BAD_REQUEST', 'the body must be JSON: {"note": "why the evidence is wrong"}');
  }
  const note = (parsed as { note?: unknown } | null)?.note;
  if (typeof note !== 'string' || note.trim() === '') {
    return errorReply('BAD_REQUEST', 'the body needs a non-empty "note": why the evidence is wrong');
  }
  return note;
}

export async function postDismiss(request: DismissRequest): Promise<Reply> {
  if (!request.tokenSet) {
    return errorReply(
      'FORBIDDEN',
      'dismissing over HTTP needs PW_HTTP_TOKEN set on the daemon (or use policy-watch dismiss)',
    );
  }
  const { deps, params } = request;
  const claim = deps.config.claims.find((candidate) => candidate.id === params.id);
  if (!claim) return notFound('no claim with this id; GET /api/claims lists them');
  const note = await noteOf(request);
  if (typeof note !== 'string') return note;
  const evidenceId = params.eid ?? '';
  const outcome = await dismissEvidence(deps, claim, evidenceId, note, 'http');
  if (outcome.kind === 'unknown') {
    return notFound(
      `claim ${claim.id} holds no evidence "${evidenceId}"; GET /api/claims/${claim.id}/evidence lists it`,
    );
  }
  if (outcome.kind === 'unchanged') {
    return jsonReply(200, {
      claim: claim.id,
      evidence: evidenceId,
      unchanged: true,
      dismissed: outcome.dismissed,
    });
  }
  const change = outcome.change ? changeView(outcome.change) : null;
  return jsonReply(200, { claim: claim.id, evidence: evidenceId, status: outcome.status, change });
}
