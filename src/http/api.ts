/**
 * The read-only JSON API. Every answer maps through views/views.ts, the functions behind the CLI's
 * `--json`, so an item of `GET /api/claims` is a line `policy-watch claims --json` prints, and so on. Lists
 * take `?status=`, `?since=`, `?limit=` and answer `{items, next}` (list-query.ts). An id not in the config
 * is a 404, whatever Redis holds under it.
 */

import type { PipelineDeps } from '../app/deps.js';
import { CLAIM_STATUSES } from '../claims/index.js';
import type { ClaimConfig } from '../config/claims-schema.js';
import {
  readClaimView,
  readClaimViews,
  readEvidenceViews,
  readFeedViews,
  readHistoryViews,
} from '../views/read.js';
import type { ChangeView, ClaimView, EvidenceView, FeedView } from '../views/views.js';
import { type ListSpec, pageOf, parseListQuery } from './list-query.js';
import { errorReply, jsonReply, notFound, type Reply } from './reply.js';

export type ApiDeps = Pick<PipelineDeps, 'config' | 'ledger' | 'redis' | 'keys'>;

/** Where a list was asked for: its path (for `next`) and query. */
export interface ListRequest {
  path: string;
  query: URLSearchParams;
}

const CLAIMS: ListSpec<ClaimView> = {
  status: { values: CLAIM_STATUSES, of: (claim) => claim.status },
  since: (claim) => claim.updatedAt,
};
const HISTORY: ListSpec<ChangeView> = {
  status: { values: CLAIM_STATUSES, of: (change) => change.to },
  since: (change) => change.at,
};
const EVIDENCE: ListSpec<EvidenceView> = {
  status: { values: ['counting', 'dismissed'], of: (item) => (item.dismissed ? 'dismissed' : 'counting') },
  since: (item) => item.firstSeenAt,
};
const FEEDS: ListSpec<FeedView> = {
  status: { values: ['fetched', 'not-modified', 'failed', 'deferred'], of: (feed) => feed.lastOutcome },
  since: (feed) => feed.lastPollAt,
};

async function listReply<T>(
  request: ListRequest,
  spec: ListSpec<T>,
  read: () => Promise<T[]>,
): Promise<Reply> {
  const query = parseListQuery(request.query, spec);
  if (typeof query === 'string') return errorReply('BAD_REQUEST', query);
  return jsonReply(200, pageOf(await read(), spec, query, request.path, request.query));
}

function withClaim(
  deps: ApiDeps,
  id: string | undefined,
  read: (claim: ClaimConfig) => Promise<Reply>,
): Promise<Reply> | Reply {
  const claim = deps.config.claims.find((candidate) => candidate.id === id);
  if (!claim) return notFound(`no claim with this id; GET /api/claims lists them`);
  return read(claim);
}

export function listClaims(deps: ApiDeps, request: ListRequest): Promise<Reply> {
  return listReply(request, CLAIMS, () => readClaimViews(deps));
}

export function getClaim(deps: ApiDeps, id: string | undefined): Promise<Reply> | Reply {
  return withClaim(deps, id, async (claim) => jsonReply(200, await readClaimView(deps, claim)));
}

export function getHistory(
  deps: ApiDeps,
  id: string | undefined,
  request: ListRequest,
): Promise<Reply> | Reply {
  return withClaim(deps, id, (claim) => listReply(request, HISTORY, () => readHistoryViews(deps, claim.id)));
}

export function getEvidence(
  deps: ApiDeps,
  id: string | undefined,
  request: ListRequest,
): Promise<Reply> | Reply {
  return withClaim(deps, id, (claim) =>
    listReply(request, EVIDENCE, () => readEvidenceViews(deps, claim.id)),
  );
}

export function listFeeds(deps: ApiDeps, request: ListRequest): Promise<Reply> {
  return listReply(request, FEEDS, () => readFeedViews(deps));
}
