/**
 * The read-only JSON API. Every answer maps through runtime/views.ts, the functions behind the CLI's
 * `--json`, so `GET /api/claims` is the array of the lines `policy-watch claims --json` prints, and so on.
 * An id not in the config is a 404, whatever Redis holds under it.
 */
import type { ClaimConfig } from '../config/claims-schema.js';
import type { PipelineDeps } from '../runtime/deps.js';
import { readClaimViews, readFeedViews } from '../runtime/read-views.js';
import { changeView, claimView, evidenceView } from '../runtime/views.js';
import { jsonReply, notFound, type Reply } from './reply.js';

export type ApiDeps = Pick<PipelineDeps, 'config' | 'ledger' | 'redis' | 'keys'>;

function withClaim(
  deps: ApiDeps,
  id: string | undefined,
  read: (claim: ClaimConfig) => Promise<unknown>,
): Promise<Reply> | Reply {
  const claim = deps.config.claims.find((candidate) => candidate.id === id);
  if (!claim) return notFound(`no claim with this id; GET /api/claims lists them`);
  return read(claim).then((value) => jsonReply(200, value));
}

export async function listClaims(deps: ApiDeps): Promise<Reply> {
  return jsonReply(200, await readClaimViews(deps));
}

export function getClaim(deps: ApiDeps, id: string | undefined): Promise<Reply> | Reply {
  return withClaim(deps, id, async (claim) => {
    const [state, history] = await Promise.all([
      deps.ledger.getState(claim.id),
      deps.ledger.getHistory(claim.id),
    ]);
    return claimView(claim, state, history.at(-1));
  });
}

export function getHistory(deps: ApiDeps, id: string | undefined): Promise<Reply> | Reply {
  return withClaim(deps, id, async (claim) => (await deps.ledger.getHistory(claim.id)).map(changeView));
}

export function getEvidence(deps: ApiDeps, id: string | undefined): Promise<Reply> | Reply {
  return withClaim(deps, id, async (claim) => (await deps.ledger.getEvidence(claim.id)).map(evidenceView));
}

export async function listFeeds(deps: ApiDeps): Promise<Reply> {
  return jsonReply(200, await readFeedViews(deps));
}
